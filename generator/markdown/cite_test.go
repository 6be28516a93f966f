package markdown

import (
	"reflect"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// citations parses src and returns its citations, their offsets made
// relative to the citation's start for comparison.
func citations(t *testing.T, src string) []Cite {
	t.Helper()
	md := New(Options{})
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(NewContext()))
	var out []Cite
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*Citation); ok && entering {
			for i := range c.Items {
				if got := src[c.Items[i].Offset]; got != '@' {
					t.Errorf("item %d of %q: offset %d is %q, not @", i, c.Raw, c.Items[i].Offset, got)
				}
				c.Items[i].Offset = 0
			}
			out = append(out, c.Cite)
		}
		return ast.WalkContinue, nil
	})
	return out
}

func TestCiteParse(t *testing.T) {
	item := func(id string) CiteItem { return CiteItem{ID: id} }
	tests := []struct {
		name, src string
		want      []Cite
	}{
		{"one id", "As [@mcs] says.", []Cite{{Raw: "[@mcs]", Items: []CiteItem{item("mcs")}}}},
		{"locator", "[@mcs, p. 12]", []Cite{{Raw: "[@mcs, p. 12]", Items: []CiteItem{{ID: "mcs", Locator: "p. 12"}}}}},
		{"locator without comma", "[@mcs p. 12]", []Cite{{Raw: "[@mcs p. 12]", Items: []CiteItem{{ID: "mcs", Locator: "p. 12"}}}}},
		{"two with locators", "[@id, pp. 3-5; @b, chap. 2]", []Cite{{Raw: "[@id, pp. 3-5; @b, chap. 2]", Items: []CiteItem{{ID: "id", Locator: "pp. 3-5"}, {ID: "b", Locator: "chap. 2"}}}}},
		{"prefix", "[see @id, p. 4]", []Cite{{Raw: "[see @id, p. 4]", Items: []CiteItem{{ID: "id", Prefix: "see", Locator: "p. 4"}}}}},
		{"suppressed author", "USGS says [-@id]", []Cite{{Raw: "[-@id]", Items: []CiteItem{{ID: "id", SuppressAuthor: true}}}}},
		{"prefix and suppressed author", "[see -@id]", []Cite{{Raw: "[see -@id]", Items: []CiteItem{{ID: "id", Prefix: "see", SuppressAuthor: true}}}}},
		{"ids with punctuation inside", "[@usgs_mcs2026_re; @a-b.c:d/e]", []Cite{{Raw: "[@usgs_mcs2026_re; @a-b.c:d/e]", Items: []CiteItem{item("usgs_mcs2026_re"), item("a-b.c:d/e")}}}},
		{"braced key", "[@{Smith & Co 2020}, p. 1]", []Cite{{Raw: "[@{Smith & Co 2020}, p. 1]", Items: []CiteItem{{ID: "Smith & Co 2020", Locator: "p. 1"}}}}},
		{"narrative", "@usgs reports it.", []Cite{{Narrative: true, Raw: "@usgs", Items: []CiteItem{item("usgs")}}}},
		{"narrative mid-sentence, before a full stop", "As shown by @mcs2026.", []Cite{{Narrative: true, Raw: "@mcs2026", Items: []CiteItem{item("mcs2026")}}}},
		{"narrative before a possessive", "@mcs's table", []Cite{{Narrative: true, Raw: "@mcs", Items: []CiteItem{item("mcs")}}}},
		{"narrative in parentheses and emphasis", "(@a) *@b*", []Cite{{Narrative: true, Raw: "@a", Items: []CiteItem{item("a")}}, {Narrative: true, Raw: "@b", Items: []CiteItem{item("b")}}}},
		{"e-mail address", "Write to ana@example.com or <bo@example.org>.", nil},
		{"e-mail in brackets", "[mail ana@example.com]", nil},
		{"escaped at", `Say \@home.`, nil},
		{"handle in code", "Run `npm i @scope/pkg` and\n\n```\n@decorator\n```", nil},
		{"at followed by no key", "a @ b, @-x, [@]", nil},
		{"a part without an id: @a is narrative", "[@a; b]", []Cite{{Narrative: true, Raw: "@a", Items: []CiteItem{item("a")}}}},
		{"empty part: @a is narrative", "[@a;]", []Cite{{Narrative: true, Raw: "@a", Items: []CiteItem{item("a")}}}},
		{"mention links", "[@ana](https://example.com/ana) [@bo][b]\n\n[b]: https://example.com/bo", nil},
		{"citation inside a link's text is text", "[see @a](https://example.com)", nil},
		{"not across lines", "[@a,\np. 3]", []Cite{{Narrative: true, Raw: "@a", Items: []CiteItem{item("a")}}}},
		{"wikilink and callout untouched", "[[@person]]\n\n> [!note] @x\n", []Cite{{Narrative: true, Raw: "@x", Items: []CiteItem{item("x")}}}},
		{"after a letter", "x@y z@", nil},
		{"nested brackets are not a citation", "[see [1] @a]", []Cite{{Narrative: true, Raw: "@a", Items: []CiteItem{item("a")}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := citations(t, tt.src)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("%q:\n got %+v\nwant %+v", tt.src, got, tt.want)
			}
		})
	}
}

func TestCiteHTML(t *testing.T) {
	one := Cite{Raw: "[@a, p. 12]", Items: []CiteItem{{ID: "a", Locator: "p. 12"}}}
	two := Cite{Raw: "[see @a, p. 4; @b, pp. 3-5, 7--9]", Items: []CiteItem{{ID: "a", Prefix: "see", Locator: "p. 4"}, {ID: "b", Locator: "pp. 3-5, 7--9"}}}
	usgs := CiteRef{Num: 1, Anchor: "cite-1-1", Author: "USGS", Year: "2026"}
	smith := CiteRef{Num: 2, Anchor: "cite-2-1", Author: "Smith & Lee", Year: "2020a"}
	tests := []struct {
		name, style string
		c           Cite
		refs        []CiteRef
		want        string
	}{
		{"numeric, as before", "", Cite{Raw: "[@a]", Items: []CiteItem{{ID: "a"}}}, []CiteRef{{Num: 1}},
			`<sup class="cite"><a href="#ref-1" role="doc-biblioref">[1]</a></sup>`},
		{"numeric locator", Numeric, one, []CiteRef{usgs},
			`<sup class="cite"><a id="cite-1-1" href="#ref-1" role="doc-biblioref">[1, p. 12]</a></sup>`},
		{"numeric prefix, two works", Numeric, two, []CiteRef{usgs, smith},
			`<sup class="cite"><a id="cite-1-1" href="#ref-1" role="doc-biblioref">[see 1, p. 4]</a>,<a id="cite-2-1" href="#ref-2" role="doc-biblioref">[2, pp. 3–5, 7–9]</a></sup>`},
		{"numeric narrative", Numeric, Cite{Narrative: true, Raw: "@a", Items: []CiteItem{{ID: "a"}}}, []CiteRef{usgs},
			`<span class="cite-author">USGS</span>` + "\u00a0" + `<sup class="cite"><a id="cite-1-1" href="#ref-1" role="doc-biblioref">[1]</a></sup>`},
		{"author-date locator", AuthorDate, one, []CiteRef{usgs},
			`<span class="cite cite-ad">(<a id="cite-1-1" href="#ref-1" role="doc-biblioref">USGS 2026, p. 12</a>)</span>`},
		{"author-date prefix, two works, escaped", AuthorDate, two, []CiteRef{usgs, smith},
			`<span class="cite cite-ad">(see <a id="cite-1-1" href="#ref-1" role="doc-biblioref">USGS 2026, p. 4</a>; <a id="cite-2-1" href="#ref-2" role="doc-biblioref">Smith &amp; Lee 2020a, pp. 3–5, 7–9</a>)</span>`},
		{"author-date suppressed author", AuthorDate, Cite{Raw: "[-@a]", Items: []CiteItem{{ID: "a", SuppressAuthor: true}}}, []CiteRef{usgs},
			`<span class="cite cite-ad">(<a id="cite-1-1" href="#ref-1" role="doc-biblioref">2026</a>)</span>`},
		{"author-date narrative", AuthorDate, Cite{Narrative: true, Raw: "@a", Items: []CiteItem{{ID: "a"}}}, []CiteRef{usgs},
			`<span class="cite cite-ad"><a id="cite-1-1" href="#ref-1" role="doc-biblioref">USGS (2026)</a></span>`},
		{"one unknown among known", AuthorDate, two, []CiteRef{usgs, {}},
			`<span class="cite cite-ad">(see <a id="cite-1-1" href="#ref-1" role="doc-biblioref">USGS 2026, p. 4</a>; <span class="cite-missing" title="No source has this id">@b</span>)</span>`},
		{"all unknown: as written", AuthorDate, Cite{Raw: "[see @<x>, p. 1]", Items: []CiteItem{{ID: "<x>"}}}, nil,
			`<span class="cite-missing" title="No source has this id">[see @&lt;x&gt;, p. 1]</span>`},
		{"in running text, unknown: text (a handle)", Numeric, Cite{Narrative: true, Raw: "@<al>", Items: []CiteItem{{ID: "<al>"}}}, nil,
			`@&lt;al&gt;`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CiteHTML(tt.style, tt.c, tt.refs); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestCiteDoesNotBreakAutolinks(t *testing.T) {
	got := render(t, "Mail ana@example.com, <bo@example.org> or see @usgs.", nil)
	for _, w := range []string{`<a href="mailto:ana@example.com">ana@example.com</a>`, `<a href="mailto:bo@example.org">bo@example.org</a>`, `or see @usgs.</p>`} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}
