package render

import (
	"io/fs"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/source"
)

// TestPageListInGo: Page.PageList draws a list in Go for the template sets
// whose "pagelist" is the built-in one, and runs the set's own otherwise:
// a theme's partial, or a page template that defines "pagelist" itself.
// The same for Page.EventList and "events".
func TestPageListInGo(t *testing.T) {
	own := `{{define "pagelist"}}<ol>{{range .Pages}}<li>{{.Title}}</li>{{end}}</ol>{{end}}`
	type inGo struct{ list, events bool }
	for _, c := range []struct {
		name string
		own  fstest.MapFS
		want map[string]inGo // by page template
	}{
		{"built-in", nil, map[string]inGo{"list.html": {true, true}, "home.html": {true, true}, "brief.html": {true, true}, "timeline.html": {true, true}}},
		{"a theme's partial", fstest.MapFS{"templates/partials/pagelist.html": {Data: []byte(own)}}, map[string]inGo{"list.html": {}, "home.html": {}, "brief.html": {}, "timeline.html": {}}},
		{"list.html's own", fstest.MapFS{"templates/list.html": {Data: []byte(`{{define "main"}}{{.PageList .Term.Pages}}{{end}}` + own)}},
			map[string]inGo{"list.html": {false, true}, "home.html": {true, true}, "brief.html": {true, true}}},
		{"timeline.html's own events", fstest.MapFS{"templates/timeline.html": {Data: []byte(`{{define "main"}}{{.EventList "Years" .Timeline}}{{end}}{{define "events"}}x{{end}}`)}},
			map[string]inGo{"timeline.html": {true, false}, "list.html": {true, true}}},
	} {
		theme := fs.FS(lodestone.Theme)
		if c.own != nil {
			theme = source.Overlay{Top: c.own, Base: lodestone.Theme}
		}
		r, diags := New(theme, Options{})
		if diags.HasErrors() {
			t.Fatalf("%s: %v", c.name, diags)
		}
		for page, want := range c.want {
			if got := r.goParts[r.pages[page]]; got.list != want.list || got.events != want.events {
				t.Errorf("%s: %s draws in Go its lists %v, its events %v; want %v, %v", c.name, page, got.list, got.events, want.list, want.events)
			}
		}
	}
}
