package source

import (
	"io/fs"
	"path"
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

// FuzzStarSuffix: for a pattern "*" and plain text, Ignored's shortcut
// matches exactly where path.Match does.
func FuzzStarSuffix(f *testing.F) {
	for _, c := range [][2]string{
		{".excalidraw.md", "Drawing 1.excalidraw.md"},
		{".excalidraw.md", "a/Drawing.excalidraw.md"},
		{".excalidraw.md", ".excalidraw.md"},
		{".md", "notes/x.md"},
		{"", "anything"},
		{"", "a/b"},
		{"x", "é/x"},
		{".excalidraw.md", "note.md"},
	} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, suffix, name string) {
		if _, ok := starSuffix("*" + suffix); !ok {
			return
		}
		want, err := path.Match("*"+suffix, name)
		if err != nil {
			return
		}
		if got := matchStarSuffix(suffix, name); got != want {
			t.Fatalf("matchStarSuffix(%q, %q) = %v, path.Match says %v", suffix, name, got, want)
		}
	})
}

// TestIgnored: patterns match the path or the name, "folder/**" what is
// below a folder; "*" and plain text the same as any other pattern.
func TestIgnored(t *testing.T) {
	patterns := []string{"*.excalidraw.md", "templates/**", "drafts/*.md", "Untitled*"}
	for _, tc := range []struct {
		rel  string
		want bool
	}{
		{"Drawing.excalidraw.md", true},
		{"maps/Drawing.excalidraw.md", true},
		{"excalidraw.md", false},
		{"note.md", false},
		{"templates/daily.md", true},
		{"templates", true},
		{"templatesx/a.md", false},
		{"drafts/a.md", true},
		{"drafts/sub/a.md", false},
		{"x/Untitled 3.md", true},
	} {
		if got := Ignored(tc.rel, patterns); got != tc.want {
			t.Errorf("Ignored(%q) = %v, want %v", tc.rel, got, tc.want)
		}
	}
	for _, p := range []string{"*", "*.md", "*a*", `*\*`, "*[ab]", "*/x", "x*"} {
		_, ok := starSuffix(p)
		if want := p == "*" || p == "*.md"; ok != want {
			t.Errorf("starSuffix(%q) = %v, want %v", p, ok, want)
		}
	}
}
