package render

import (
	"slices"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/site"
)

func TestHumanType(t *testing.T) {
	tests := map[string]string{
		"mine": "Mines", "policy": "Policies", "company": "Companies", "country": "Countries",
		"survey": "Surveys", "process": "Processes", "tax": "Taxes", "稀土": "稀土", "Data": "Data", "": "",
		"trade body": "Trade bodies", "analysis": "Analyses",
	}
	for in, want := range tests {
		if got := humanType(in); got != want {
			t.Errorf("humanType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTemplateError(t *testing.T) {
	for _, tc := range []struct{ file, err, want string }{
		{"templates/brief.html",
			`template: templates/brief.html:12:5: executing "templates/brief.html" at <.Nope>: can't evaluate field Nope`,
			`templates/brief.html:12:5: template: executing "templates/brief.html" at <.Nope>: can't evaluate field Nope`},
		// Inside a part rendered through Memo: the inner template's place.
		{"templates/brief.html",
			`template: templates/base.html:25:2: executing "templates/base.html" at <.Memo>: error calling Memo: template: templates/partials/frame.html:42:59: executing "frame-head" at <.Nope>: can't evaluate field Nope in type render.Frame`,
			`templates/partials/frame.html:42:59: template: executing "frame-head" at <.Nope>: can't evaluate field Nope in type render.Frame`},
		{"templates/brief.html", `no such template`, `templates/brief.html: template: no such template`},
	} {
		if got := templateError(tc.file, errorString(tc.err)).Error(); got != tc.want {
			t.Errorf("templateError(%q)\n got %s\nwant %s", tc.err, got, tc.want)
		}
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// TestLongestFirst: the timeline renders first, then the other pages that
// list briefs, then the briefs, each group in its given order.
func TestLongestFirst(t *testing.T) {
	b := &site.Page{}
	brief := &Page{Kind: "brief"} // a brief's page: the shared part, and the brief
	p := &Plan{pages: map[string]job{
		"a/index.html":        {pg: brief, brief: b},
		"index.html":          {pg: &Page{Kind: "home", Brief: b}},
		"b/index.html":        {pg: brief, brief: b},
		"tags/x/index.html":   {pg: &Page{Kind: "tag"}},
		"timeline/index.html": {pg: &Page{Kind: "timeline"}},
		"all/index.html":      {pg: &Page{Kind: "all"}},
	}}
	names := []string{"a/index.html", "index.html", "b/index.html", "tags/x/index.html", "timeline/index.html", "all/index.html"}
	p.longestFirst(names)
	want := []string{"timeline/index.html", "index.html", "tags/x/index.html", "all/index.html", "a/index.html", "b/index.html"}
	if !slices.Equal(names, want) {
		t.Errorf("order %v, want %v", names, want)
	}
}
