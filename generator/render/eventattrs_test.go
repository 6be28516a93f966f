package render

import (
	"bytes"
	"html/template"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// tricky are values with every character html/template escapes in an
// attribute, and some it does not.
var tricky = []string{"", "plain", `a"b`, "a'b", "a&b", "a+b", "<i>x</i>", "nul\x00here", "稀土 ü", "a|b", "\uFFFD\uFDD0", "bad \xff byte", "&amp;"}

// TestEventFilters: the attributes "filters" writes are the ones the
// template wrote before (an event's types, tags, places and dates as
// data- attributes, each escaped by html/template), for values with every
// character html/template escapes.
func TestEventFilters(t *testing.T) {
	old := template.Must(template.New("li").Funcs(template.FuncMap{"join": strings.Join}).Parse(
		`<li data-type="{{.Types}}" data-tags="{{.Tags}}" data-place="{{join .Jurisdictions "|"}}" data-from="{{.From}}" data-to="{{.To}}">`))
	now := template.Must(template.New("li").Funcs(funcs).Parse(`<li{{filters .}}>`))
	for _, d := range []string{"2024", "2024-03-05", "2023-Q2", "~1965", "2012..2015"} {
		date, err := brief.ParseDate(d)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range tricky {
			w := tricky[(i+3)%len(tricky)]
			page := func(typ string, tags ...string) *site.Page {
				p := &site.Page{Brief: &brief.Brief{Type: typ}}
				for _, tag := range tags {
					p.TagTerms = append(p.TagTerms, &site.Term{Name: tag})
				}
				return p
			}
			e := site.Event{Event: &brief.Event{Date: date, Title: v}, Page: page(v, w, v)}
			e.Also = []site.Event{{Event: &brief.Event{Date: date}, Page: page(w, "other")}}
			var a, b bytes.Buffer
			if err := old.Execute(&a, e); err != nil {
				t.Fatal(err)
			}
			if err := now.Execute(&b, e); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() {
				t.Errorf("type %q, tags %q:\n got %s\nwant %s", v, w, b.String(), a.String())
			}
		}
	}
}

// FuzzAttrValues: appendText escapes any text as html/template does in a
// quoted attribute.
func FuzzAttrValues(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	tmpl := template.Must(template.New("a").Parse(`<a title="{{.}}">`))
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := tmpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if got := `<a title="` + string(appendText(nil, s)) + `">`; got != want.String() {
			t.Errorf("%q: got %s, want %s", s, got, want.String())
		}
	})
}
