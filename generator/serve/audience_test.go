package serve

import (
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/build"
)

// TestAudience: the preview of a site for the public (serve --audience
// public) serves nothing of an internal brief, not even the problems in
// it (only the terminal names them); a brief made internal while served
// disappears, and a published link to it is an error on the page with
// its place; made public again, it is back.
func TestAudience(t *testing.T) {
	secret := "---\ntitle: Zqxsecret\naudience: internal\ntags: [shared, zqxtag]\nevents:\n  - {date: 2020, title: Zqxsecret event}\n---\nZqxsecret body links to [[Alpha]].\n"
	s := start(t, map[string]string{
		"content/a.md":      "---\ntitle: Alpha\ntags: [shared]\nevents:\n  - {date: 2020, title: Alpha event}\n---\nAlpha links to [[Beta]].\n",
		"content/b.md":      "---\ntitle: Beta\nevents:\n  - {date: 2021, title: Beta event}\n---\nBeta body.\n",
		"content/secret.md": secret,
	}, Options{Build: build.Options{Audience: "public"}})
	if code, _ := s.get("secret/"); code != 404 {
		t.Errorf("secret/: %d, want 404", code)
	}
	for _, p := range []string{"", "a/", "b/", "timeline/", "tags/", "tags/shared/", "all/", "search-index.js", "preview-index.js", "graph-data.js", "404.html"} {
		code, page := s.get(p)
		if code != 200 {
			t.Errorf("%s: %d", p, code)
		}
		if strings.Contains(strings.ToLower(page), "zqx") {
			t.Errorf("%s shows the internal brief", p)
		}
	}

	// A problem in the internal brief: the page says there is one, not
	// where or what.
	s.write("content/secret.md", strings.Replace(secret, "tags: [shared, zqxtag]", "date: 2025-13-01", 1))
	ev := s.next()
	if !ev.OK || len(ev.Warnings) != 1 {
		t.Fatalf("a problem in the internal brief: %+v", ev)
	}
	if w := ev.Warnings[0]; w.Where != "a withheld brief" || len(w.Excerpt) != 0 || strings.Contains(w.Msg, "2025-13-01") || strings.Contains(w.Msg, "secret") {
		t.Errorf("the page shows the internal brief's problem: %+v", w)
	}

	// Beta made internal: Alpha's link to it fails the build, at its place.
	if _, page := s.get("timeline/"); !strings.Contains(page, "Beta event") {
		t.Errorf("timeline/ lacks Beta's event")
	}
	s.write("content/b.md", "---\ntitle: Beta\naudience: internal\nevents:\n  - {date: 2021, title: Beta event}\n---\nBeta body.\n")
	ev = s.next()
	if ev.OK || len(ev.Errors) != 1 {
		t.Fatalf("a published link to an internal brief: %+v", ev)
	}
	if e := ev.Errors[0]; e.Where != "content/a.md:7:16" || !strings.Contains(e.Msg, `link: "Beta" is content/b.md, whose audience is internal`) || len(e.Excerpt) == 0 {
		t.Errorf("error = %+v", e)
	}
	// Without the link, Beta is gone.
	s.write("content/a.md", "---\ntitle: Alpha\ntags: [shared]\nevents:\n  - {date: 2020, title: Alpha event}\n---\nAlpha.\n")
	if ev = s.next(); !ev.OK {
		t.Fatalf("without the link: %+v", ev)
	}
	if code, _ := s.get("b/"); code != 404 {
		t.Errorf("b/ made internal: %d, want 404", code)
	}
	if _, page := s.get("timeline/"); strings.Contains(page, "Beta event") {
		t.Errorf("timeline/ shows the event of Beta, made internal")
	}
	// Public again, and linked: back.
	s.write("content/b.md", "---\ntitle: Beta\n---\nBeta body.\n")
	if ev = s.next(); !ev.OK {
		t.Fatalf("Beta public again: %+v", ev)
	}
	s.write("content/a.md", "---\ntitle: Alpha\n---\nAlpha links to [[Beta]].\n")
	if ev = s.next(); !ev.OK {
		t.Fatalf("linked again: %+v", ev)
	}
	if _, page := s.get("a/"); !strings.Contains(page, `href="../b/">Beta</a>`) {
		t.Errorf("a/ does not link to Beta again")
	}
}
