package render

import (
	"io/fs"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/source"
)

// TestBuiltinBriefTemplates: brief pages are drawn in Go exactly when the
// templates they are made of are the built-in ones: a site's copy of one,
// byte for byte, keeps it; a change to one, or a partial added, turns it
// off.
func TestBuiltinBriefTemplates(t *testing.T) {
	brief, err := fs.ReadFile(lodestone.Theme, "templates/brief.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		own  fstest.MapFS
		want bool
	}{
		{"built-in", nil, true},
		{"a copy of brief.html", fstest.MapFS{"templates/brief.html": {Data: brief}}, true},
		{"other templates", fstest.MapFS{"templates/list.html": {Data: []byte(`{{define "main"}}x{{end}}`)}}, true},
		{"brief.html changed", fstest.MapFS{"templates/brief.html": {Data: append(brief, ' ')}}, false},
		{"a partial added", fstest.MapFS{"templates/partials/mine.html": {Data: nil}}, false},
		{"a partial changed", fstest.MapFS{"templates/partials/pagelist.html": {Data: []byte(`{{define "pagelist"}}{{end}}`)}}, false},
	} {
		theme := fs.FS(lodestone.Theme)
		if c.own != nil {
			theme = source.Overlay{Top: c.own, Base: lodestone.Theme}
		}
		if got := builtinBriefTemplates(theme); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
		r, diags := New(theme, Options{})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.name, diags)
		}
		if r.goBriefs != c.want {
			t.Errorf("%s: the renderer draws brief pages in Go: %v, want %v", c.name, r.goBriefs, c.want)
		}
	}
}
