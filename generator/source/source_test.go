package source

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWalkSkipsHidden(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md":             {},
		"content/B.MD":             {},
		"content/img/pit.png":      {},
		"content/.obsidian/x.md":   {},
		"content/.#a.md":           {},
		"content/a.md~":            {},
		"content/a.md.swp":         {},
		"content/x___jb_tmp___":    {},
		"content/sub/.hidden/y.md": {},
		"content/sub/z.md":         {},
		"templates/base.html":      {},
	}
	f, err := Walk(fsys, false)
	if err != nil {
		t.Fatal(err)
	}
	var briefs []string
	for _, b := range f.Briefs {
		briefs = append(briefs, b.Rel)
	}
	if got := strings.Join(briefs, " "); got != "B.MD a.md sub/z.md" {
		t.Errorf("briefs = %s", got)
	}
	if got := strings.Join(f.Other, " "); got != "img/pit.png" {
		t.Errorf("other = %s", got)
	}
	if _, err := Walk(fstest.MapFS{"x.md": {}}, false); err == nil || !strings.Contains(err.Error(), "no content/ folder") {
		t.Errorf("missing content/: %v", err)
	}
}

func TestOverlay(t *testing.T) {
	site := fstest.MapFS{
		"templates/brief.html": {Data: []byte("site brief")},
		"static/own.css":       {Data: []byte("own")},
	}
	theme := fstest.MapFS{
		"templates/brief.html": {Data: []byte("theme brief")},
		"templates/base.html":  {Data: []byte("theme base")},
		"static/site.css":      {Data: []byte("theme css")},
	}
	o := Overlay{Top: site, Base: theme}
	for name, want := range map[string]string{
		"templates/brief.html": "site brief",
		"templates/base.html":  "theme base",
		"static/own.css":       "own",
		"static/site.css":      "theme css",
	} {
		b, err := fs.ReadFile(o, name)
		if err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
	var files []string
	_ = fs.WalkDir(o, "static", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if got := strings.Join(files, " "); got != "static/own.css static/site.css" {
		t.Errorf("merged listing = %s", got)
	}
}
