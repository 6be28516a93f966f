package markdown

import (
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestParseFigureRef: Dataview's inline query of a field of this brief or
// of a linked one is a figure reference; any other expression is not.
func TestParseFigureRef(t *testing.T) {
	for _, c := range []struct {
		name, code   string
		brief, field string
		ok           bool
	}{
		{"this", "= this.reserves_t", "", "reserves_t", true},
		{"another brief", "= [[China]].reserves_t", "China", "reserves_t", true},
		{"no space, .value", "=[[MP Materials]].capacity_t.value", "MP Materials", "capacity_t", true},
		{"a path and Unicode", "= [[countries/中国]].储量", "countries/中国", "储量", true},
		{"trailing space", "= this.region ", "", "region", true},
		{"file metadata", "= this.file.name", "", "", false},
		{"a function", "= date(today)", "", "", false},
		{"a label", "= [[China|PRC]].reserves_t", "", "", false},
		{"a heading", "= [[China#Reserves]].reserves_t", "", "", false},
		{"no equals sign", "this.reserves_t", "", "", false},
		{"arithmetic", "= this.a + this.b", "", "", false},
	} {
		brief, field, ok := ParseFigureRef(c.code)
		if ok != c.ok || brief != c.brief || field != c.field {
			t.Errorf("%s: ParseFigureRef(%q) = %q, %q, %v; want %q, %q, %v", c.name, c.code, brief, field, ok, c.brief, c.field, c.ok)
		}
	}
}

// TestFigureRefNodes: the parse makes a code span that quotes a field a
// FigureRef, in any block, and leaves other code spans alone.
func TestFigureRefNodes(t *testing.T) {
	for _, c := range []struct {
		src  string
		want []string // the fields of the figure references, in order
	}{
		{"Reserves: `= this.reserves_t`.", []string{"reserves_t"}},
		{"- item `= [[China]].reserves_t`\n\n> quoted `= this.capacity_t` and `code`\n", []string{"reserves_t", "capacity_t"}},
		{"| a | b |\n|---|---|\n| `= this.share` | 1 |\n", []string{"share"}},
		{"Just `code` and `= this.file.name`.", nil},
		{"No code at all.", nil},
	} {
		md := New(Options{})
		doc := md.Parser().Parse(text.NewReader([]byte(c.src)), parser.WithContext(NewContext()))
		var got []string
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if f, ok := n.(*FigureRef); ok && entering {
				got = append(got, f.Field)
			}
			return ast.WalkContinue, nil
		})
		if len(got) != len(c.want) {
			t.Errorf("%q: figure references %q, want %q", c.src, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: figure references %q, want %q", c.src, got, c.want)
			}
		}
	}
}
