package blocks

import (
	"fmt"
	"html"
	"slices"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// fakePage renders templates as their name and data, so that a test sees
// what a result hands the theme.
type fakePage struct{}

func (fakePage) Data() any { return "PAGE" }
func (fakePage) Execute(name string, data any) (string, error) {
	switch d := data.(type) {
	case *QueryTable:
		return fmt.Sprintf("%s:%s:%v:%v", name, d.Source, d.Headers, d.Rows), nil
	case map[string]any:
		var years []int
		for _, y := range d["Years"].([]*site.Year) {
			years = append(years, y.Year)
		}
		return fmt.Sprintf("%s:%v:%v", name, years, d["Prefix"]), nil
	}
	return name, nil
}

// load parses briefs (name → text) into a site with one data file.
func load(t *testing.T, files map[string]string) *site.Site {
	t.Helper()
	md := markdown.New(markdown.Options{Blocks: Langs()})
	var briefs []*brief.Brief
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	})
	for _, n := range names {
		b, d := brief.Parse("content/"+n, n, []byte(files[n]), md)
		if d.HasErrors() {
			t.Fatal(d)
		}
		briefs = append(briefs, b)
	}
	tbl, d := data.Parse("data/prices.csv", []byte("year,price\n2023,60\n2024,55\n"))
	if d != nil {
		t.Fatal(d)
	}
	s, diags := site.New(site.Config{Title: "T"}, briefs, nil, map[string]*data.Table{"data/prices.csv": tbl}, site.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return s
}

func page(s *site.Site, rel string) *site.Page {
	for _, p := range s.Pages {
		if p.Rel == rel {
			return p
		}
	}
	return nil
}

// TestEval evaluates one block of each kind, and a code block that is not
// one, and renders the results.
func TestEval(t *testing.T) {
	s := load(t, map[string]string{
		"a.md": "---\ntype: mine\nevents:\n  - {date: 2020-01-02, title: Opened}\n---\n" +
			"```go\nx := 1\n```\n\n" +
			"```dataview\nTABLE type FROM \"\"\n```\n\n" +
			"```table\nfile: data/prices.csv\nsort: price\n```\n\n" +
			"```chart\nfile: data/prices.csv\nx: year\ny: price\n```\n\n" +
			"```timeline\nWHERE type = \"mine\"\n```\n",
		"b.md": "---\ntype: mine\n---\nB.\n",
	})
	res, diags := Eval(s)
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	a := page(s, "a.md")
	got := res[a]
	if len(got) != 4 || len(a.Blocks) != 4 {
		t.Fatalf("%d results for %d blocks (the go block is not one): %v", len(got), len(a.Blocks), a.Blocks)
	}
	want := []string{
		"query:query:[Mine Type]:[[{a a/ } {mine  }] [{b b/ } {mine  }]]",
		"query:data:[year price]:[[{2024  2024} {55  55}] [{2023  2023} {60  60}]]", // years not as 2,024
		`<figure class="chart chart-bar"`,
		"events:[2020]:tl4-", // ids prefixed by the block's place on the page
	}
	for i, w := range want {
		html, err := got[i].HTML(fakePage{})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(html, w) && !strings.Contains(html, w) {
			t.Errorf("block %d (%s): got %.120s, want %s", i, a.Blocks[i].Lang, html, w)
		}
	}
	if _, ok := res[page(s, "b.md")]; ok {
		t.Error("a page without blocks has results")
	}
}

// TestEvalErrors checks that a broken block is reported where the mistake
// is, as a warning confined to its note (diag.Note), and that the page shows
// the block as written with the reason.
func TestEvalErrors(t *testing.T) {
	tests := []struct {
		name, block string
		want        string // position and message
	}{
		{"query syntax", "```dataview\nTABLE FROM WHERE\n```", "content/a.md:2:"},
		{"table: unknown setting", "```table\nfile: data/prices.csv\ncolour: red\n```", "content/a.md:3:1: table: unknown setting \"colour\""},
		{"table: no such file", "```table\nfile: data/none.csv\n```", "content/a.md:2:7: table: no data file data/none.csv"},
		{"table: no such column", "```table\nfile: data/prices.csv\ncolumns: [cost]\n```", "content/a.md:3:10: table: data/prices.csv has no column \"cost\""},
		{"chart: bad type", "```chart\ntype: pie\nfile: data/prices.csv\ny: price\n```", "content/a.md:2:7: chart: type \"pie\""},
		{"timeline: sorted", "```timeline\nSORT date\n```", "content/a.md:2:1: timeline: takes FROM and WHERE only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := load(t, map[string]string{"a.md": tt.block + "\n"})
			res, diags := Eval(s)
			if len(diags) != 1 || diags[0].Severity != diag.Warning || diags[0].Kind != diag.Note ||
				!strings.HasPrefix(diags[0].Error(), strings.Replace(tt.want, ": ", ": warning: ", 1)) {
				t.Fatalf("got %v, want %s…", diags, tt.want)
			}
			r := res[page(s, "a.md")]
			if len(r) != 1 || r[0] == nil {
				t.Fatalf("results %v, want one", r)
			}
			got, err := r[0].HTML(fakePage{})
			if err != nil {
				t.Fatal(err)
			}
			text := strings.TrimSuffix(tt.block[strings.Index(tt.block, "\n")+1:], "```")
			for _, w := range []string{`class="block-failed"`, "could not be shown: " + html.EscapeString(diags[0].Msg), html.EscapeString(text)} {
				if !strings.Contains(got, w) {
					t.Errorf("block shown as %s\nwant %s", got, w)
				}
			}
		})
	}
}
