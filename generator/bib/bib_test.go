package bib

import (
	"reflect"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

const zoteroBib = `% Exported from Zotero; cite with [@key, p. 12], write to me@example.org
@string{usgs = "U.S. Geological Survey"}

@techreport{usgs_mcs2026_re,
  title = {Mineral Commodity Summaries 2026 -- {Rare} Earths},
  author = {{U.S. Geological Survey}},
  shortauthor = {USGS},
  institution = usgs,
  year = 2026,
  month = feb,
  pages = {152--153},
  url = {https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-rare-earths.pdf},
}

@article{Muller2020,
  author = "M{\"u}ller, J{\"o}rg and van der Berg, Anna and Fran\c{c}ois Pr\'{e}vost and others",
  title = "Magnets in {\emph{Wind}} Turbines",
  journaltitle = {Journal of {Rare} Earths},
  date = {2020-03-05},
  doi = {https://doi.org/10.1016/j.jre.2020.01.001},
  note = {\url{x}, 5\% of \$ \& \_ {\ss} \o{} \'\i}
}

@comment{ nothing @here }
@online(noauthor, title={Quoted "inside" braces}, url = {https://example.com/a\_b})
`

func TestParseBibTeX(t *testing.T) {
	got, diags := ParseBibTeX("data/refs.bib", []byte(zoteroBib))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := []brief.Source{
		{ID: "usgs_mcs2026_re", Title: "Mineral Commodity Summaries 2026 – Rare Earths", Authors: []brief.Name{{Family: "U.S. Geological Survey"}},
			ShortAuthor: "USGS", Publisher: "U.S. Geological Survey", Date: "2026-02", Pages: "152–153",
			URL: "https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-rare-earths.pdf", Pos: diag.Pos{File: "data/refs.bib", Line: 4, Col: 1}},
		{ID: "Muller2020", Title: "Magnets in Wind Turbines", Container: "Journal of Rare Earths", Date: "2020-03-05", DOI: "10.1016/j.jre.2020.01.001",
			Authors: []brief.Name{{Family: "Müller", Given: "Jörg"}, {Family: "van der Berg", Given: "Anna"}, {Family: "Prévost", Given: "François"}},
			Note:    "x, 5% of $ & _ ß ø í", Pos: diag.Pos{File: "data/refs.bib", Line: 15, Col: 1}},
		{ID: "noauthor", Title: `Quoted "inside" braces`, URL: "https://example.com/a_b", Pos: diag.Pos{File: "data/refs.bib", Line: 25, Col: 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestLatexText(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{\'E}cole`, "École"},
		{`\"{o}\^{a}\~n\=a\.z\u{g}\v{s}\H{o}\c{c}\k{a}\r{a}`, "öâñāżğšőçąå"},
		{`\'{\i} \` + "`" + `\j`, "í j̀"},
		{"a -- b --- c ``q''", "a – b — c “q”"},
		{`\textit{Italic}   and \textbf{bold}~text`, "Italic and bold text"},
		{`{\AE}sop \OE{} \aa\ss`, "Æsop Œ åß"},
		{`\'{}x \'`, "x"},
		{`$\alpha$`, "alpha"},
	}
	for _, tt := range tests {
		if got := latexText(tt.in); got != tt.want {
			t.Errorf("latexText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBibNames(t *testing.T) {
	tests := []struct {
		in   string
		want []brief.Name
	}{
		{"Cordier, Daniel J.", []brief.Name{{Family: "Cordier", Given: "Daniel J."}}},
		{"Daniel J. Cordier and Shelby N. Johnston", []brief.Name{{Family: "Cordier", Given: "Daniel J."}, {Family: "Johnston", Given: "Shelby N."}}},
		{"{Barnes and Noble} AND Ludwig van Beethoven", []brief.Name{{Family: "Barnes and Noble"}, {Family: "van Beethoven", Given: "Ludwig"}}},
		{"King, Jr, Martin Luther", []brief.Name{{Family: "King", Given: "Martin Luther"}}},
		{"Plato and others", []brief.Name{{Family: "Plato"}}},
		{"Andrand", []brief.Name{{Family: "Andrand"}}},
	}
	for _, tt := range tests {
		if got := bibNames(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("bibNames(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// TestBibTeXErrors: each bad entry is a diagnostic at its file:line:col,
// confined to the entry; the entries after it are read.
func TestBibTeXErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // diagnostics
		ids       []string // what is read all the same
	}{
		{"missing =", "@book{a, title {T}}\n@book{b, title={B}}\n", []string{`refs.bib:1:16: warning: bibliography: expected = after the field name "title" in entry "a"; the entry is left out`}, []string{"b"}},
		{"unclosed brace", "@book{a, title={T}\n\n@book{b, title={B\n}\n@book{c, title={C}}", []string{`refs.bib:1:6: warning: bibliography: entry "a" is not closed: no "}" before the next entry, at line 3; the entry is left out`, `refs.bib:3:6: warning: bibliography: entry "b" is not closed: no "}" before the next entry, at line 5`}, []string{"c"}},
		{"unclosed value at the end", "@book{a, title={B}}\n@book{b, title={T", []string{`refs.bib:2:16: warning: bibliography: unclosed "{": no matching "}" before the end of the file; the entry is left out`}, []string{"a"}},
		{"no key", "@book{, title={T}}\n", []string{`refs.bib:1:7: warning: bibliography: expected a citation key after @book{; the entry is left out`}, nil},
		{"an @ in a comment is text", "Mail me@x.org @ home\n@misc{a, title={A}}\n", nil, []string{"a"}},
		{"no type", "@ {a}\n@misc{b, title=B}\n", []string{`refs.bib:1:3: warning: bibliography: expected an entry type after @`, `refs.bib:2:16: warning: bibliography: unknown @string name "b"`}, nil},
		{"unknown @string", "@misc{a,\n  title = usgs # {x}}\n", []string{`refs.bib:2:11: warning: bibliography: unknown @string name "usgs"; put the value in braces, {usgs}; the entry is left out`}, nil},
		{"garbage after a value", "@misc{a, title={T} x}\n", []string{`refs.bib:1:20: warning: bibliography: expected , or "}" after the value of "title" in entry "a", found "x"`}, nil},
		{"duplicate key", "@misc{a, title={T}}\n@misc{a, title={U}}\n", []string{`refs.bib:2:7: warning: bibliography: key "a" is defined twice (first at line 1); this entry is left out`}, []string{"a"}},
		{"no title", "@misc{a, url={https://x.org}}\n", []string{`refs.bib:1:7: warning: bibliography: entry "a" has no title; add title = {…}`}, []string{"a"}},
		{"columns count characters", "@misc{é,\n  títle {x}}\n", []string{`refs.bib:2:9: warning: bibliography: expected = after the field name`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := ParseBibTeX("refs.bib", []byte(tt.src))
			if len(diags) != len(tt.want) {
				t.Errorf("got %d diagnostics, want %d: %v", len(diags), len(tt.want), diags)
			}
			for i, w := range tt.want {
				if i < len(diags) && !strings.HasPrefix(diags[i].Error(), w) {
					t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, diags[i].Error(), w)
				}
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("read %v, want %v", ids, tt.ids)
			}
		})
	}
}

func TestParseCSLJSON(t *testing.T) {
	src := `[
  {"id": "usgs_mcs2025_re", "type": "report", "title": "Mineral Commodity Summaries 2025 - Rare Earths",
   "author": [{"literal": "U.S. Geological Survey"}], "publisher": "U.S. Geological Survey",
   "page": "144-145", "issued": {"date-parts": [[2025, 1]]}, "URL": "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf"},
  {"id": 42, "title": "Numbered", "author": [{"family": "Berg", "given": "Anna", "non-dropping-particle": "van der"}],
   "container-title": "J. Magn.", "DOI": "10.1/x", "issued": {"date-parts": [["2019"]]}},
  {"id": "raw", "title": "Raw date", "issued": {"raw": "spring 2018"}}
]`
	got, diags := ParseCSLJSON("refs.json", []byte(src))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	want := []brief.Source{
		{ID: "usgs_mcs2025_re", Title: "Mineral Commodity Summaries 2025 - Rare Earths", Authors: []brief.Name{{Family: "U.S. Geological Survey"}},
			Publisher: "U.S. Geological Survey", Pages: "144–145", Date: "2025-01", URL: "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf",
			Pos: diag.Pos{File: "refs.json", Line: 2, Col: 3}},
		{ID: "42", Title: "Numbered", Authors: []brief.Name{{Family: "van der Berg", Given: "Anna"}}, Container: "J. Magn.", DOI: "10.1/x", Date: "2019",
			Pos: diag.Pos{File: "refs.json", Line: 5, Col: 3}},
		{ID: "raw", Title: "Raw date", Date: "spring 2018", Pos: diag.Pos{File: "refs.json", Line: 7, Col: 3}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestCSLJSONErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		ids       []string
	}{
		{"not an array", `{"id": "a"}`, []string{`refs.json:1:1: bibliography: a CSL-JSON file is an array of items`}, nil},
		{"syntax error", "[\n  {\"id\": \"a\", \"title\": \"A\"},\n  {\"id\": \"b\" \"title\": 1}\n]", []string{`refs.json:3:14: bibliography: invalid character '"' after object key:value pair`}, []string{"a"}},
		{"wrong type", "[\n  {\"id\": \"a\", \"title\": 5},\n  {\"id\": \"b\", \"title\": \"B\"}\n]", []string{`refs.json:2:24: warning: bibliography: item: title: expected string, not a number; the item is left out`}, []string{"b"}},
		{"no id", "[{\"title\": \"A\"}]", []string{`refs.json:1:2: warning: bibliography: item has no "id"`}, nil},
		{"duplicate id", "[{\"id\": \"a\", \"title\": \"A\"},\n {\"id\": \"a\", \"title\": \"B\"}]", []string{`refs.json:2:2: warning: bibliography: id "a" is defined twice (first at line 1)`}, []string{"a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diags := ParseCSLJSON("refs.json", []byte(tt.src))
			if len(diags) != len(tt.want) {
				t.Errorf("got %d diagnostics, want %d: %v", len(diags), len(tt.want), diags)
			}
			for i, w := range tt.want {
				if i < len(diags) && !strings.HasPrefix(diags[i].Error(), w) {
					t.Errorf("diagnostic %d:\n got %s\nwant %s…", i, diags[i].Error(), w)
				}
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			if !reflect.DeepEqual(ids, tt.ids) {
				t.Errorf("read %v, want %v", ids, tt.ids)
			}
		})
	}
}

func TestParseByExtension(t *testing.T) {
	if _, d := Parse("refs.ris", nil); len(d) != 1 || !strings.Contains(d[0].Error(), "refs.ris: bibliography: cannot read .ris files") {
		t.Errorf("got %v", d)
	}
	if s, d := Parse("a/refs.JSON", []byte(`[{"id":"x","title":"X"}]`)); len(d) != 0 || len(s) != 1 {
		t.Errorf("got %v %v", s, d)
	}
}
