package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

func render(t *testing.T, src string, resolve func(*WikiLink)) string {
	t.Helper()
	md := New(Options{})
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(NewContext()))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if wl, ok := n.(*WikiLink); ok && entering && resolve != nil {
			resolve(wl)
		}
		return ast.WalkContinue, nil
	})
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, []byte(src), doc); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestWikiLinks(t *testing.T) {
	dest := func(wl *WikiLink) { wl.Destination = "../" + wl.Target + "/" }
	tests := []struct {
		name, src string
		resolve   func(*WikiLink)
		want      []string
		not       []string
	}{
		{"plain", "See [[mines]].", dest, []string{`<a class="wikilink" href="../mines/">mines</a>`}, nil},
		{"label", "See [[mines|the mine]].", dest, []string{`href="../mines/">the mine</a>`}, nil},
		{"fragment", "See [[mines#History]].", dest, []string{`>mines › History</a>`}, nil},
		{"same page heading", "See [[#History]].", func(wl *WikiLink) { wl.Destination = "#history" }, []string{`href="#history">History</a>`}, nil},
		{"unresolved", "See [[Nowhere]].", nil, []string{`<span class="wikilink broken" title="No brief named Nowhere">Nowhere</span>`}, []string{"<a"}},
		{"not in code span", "`[[mines]]`", dest, []string{"<code>[[mines]]</code>"}, []string{"wikilink"}},
		{"not in code block", "```\n[[mines]]\n```", dest, []string{"[[mines]]"}, []string{"wikilink"}},
		{"ordinary link still works", "[a](b.md)", dest, []string{`<a href="b.md">a</a>`}, nil},
		{"unicode target escaped", "[[稀土]]", dest, []string{`href="../%E7%A8%80%E5%9C%9F/">稀土</a>`}, nil},
		{"label is escaped", "[[a|<b>]]", dest, []string{`>&lt;b&gt;</a>`}, nil},
		{"empty is text", "[[ ]]", dest, []string{"[[ ]]"}, []string{"wikilink"}},
		{"a citation", "As [@usgs-2025] says.", nil, []string{`<span class="cite-missing" title="No source has this id">[@usgs-2025]</span>`}, nil},
		{"a mention link is a link, not a citation", "Thanks [@ana](https://example.com/ana) and [@bo][b].\n\n[b]: https://example.com/bo", nil,
			[]string{`<a href="https://example.com/ana">@ana</a>`, `<a href="https://example.com/bo">@bo</a>`}, []string{"cite"}},
		{"escaped pipe in a table", "| a |\n|---|\n| [[mines\\|the mine]] |\n", dest, []string{`<td><a class="wikilink" href="../mines/">the mine</a></td>`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.src, tt.resolve)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestHeadingIDs(t *testing.T) {
	got := render(t, "# Reserves\n\n## Reserves\n\n## 稀土 产业链\n\n## Why the figures changed?\n", nil)
	for _, w := range []string{`id="reserves"`, `id="reserves-1"`, `id="稀土-产业链"`, `id="why-the-figures-changed"`} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %s:\n%s", w, got)
		}
	}
}

func TestGFMAndRawHTML(t *testing.T) {
	got := render(t, "| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~old~~ https://example.org\n\n- [x] done\n\n<script>x</script>\n\nNote[^1].\n\n[^1]: USGS.\n", nil)
	for _, w := range []string{"<table>", "<del>old</del>", `<a href="https://example.org">`, `type="checkbox"`, "<!-- raw HTML omitted -->", `class="footnotes"`} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %s:\n%s", w, got)
		}
	}
	if strings.Contains(got, "<script>") {
		t.Error("raw HTML passed through with RawHTML off")
	}
}

// TestRepeatedHeadingIDs: repeats get -1, -2, … skipping ids already
// taken (ids.next makes n repeats cost n tries, not n²).
func TestRepeatedHeadingIDs(t *testing.T) {
	got := render(t, "# a\n# a-1\n# a\n# a\n", nil)
	for _, w := range []string{`<h1 id="a">a</h1>`, `<h1 id="a-1">a-1</h1>`, `<h1 id="a-2">a</h1>`, `<h1 id="a-3">a</h1>`} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
	s := newIDs()
	for range 5000 {
		s.Generate([]byte("a"), 0)
	}
	if len(s.used) != 5000 {
		t.Errorf("%d ids for 5,000 headings", len(s.used))
	}
	if _, ok := s.used["a-4999"]; !ok {
		t.Error("no a-4999")
	}
}
