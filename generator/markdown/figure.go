package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// A figure reference quotes a typed front-matter field in the text, in
// Obsidian Dataview's inline-query syntax: `= this.reserves_t` (the brief's
// own field) or `= [[China]].reserves_t` (another brief's, named as a
// [[link]] names it). The site stage looks the field up and the page shows
// its value with its unit, as-of date and source, linked to the brief it
// comes from; `…reserves_t.value` (which Dataview needs for a figure with
// an as-of date) is read the same. Any other code span, including other
// Dataview expressions (`= this.file.name`), stays code.

// KindFigureRef is the node kind of FigureRef.
var KindFigureRef = ast.NewNodeKind("FigureRef")

// FigureRef is a code span that quotes a typed field. Its child is the
// code span, which it renders alone (outside a site: as written).
type FigureRef struct {
	ast.BaseInline
	// Brief names the brief as a [[link]] does; "" for the brief itself
	// (this).
	Brief string
	Field string
	// Raw is the code span's text as written.
	Raw string
}

// Kind implements ast.Node.
func (n *FigureRef) Kind() ast.NodeKind { return KindFigureRef }

// Dump implements ast.Node.
func (n *FigureRef) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Brief": n.Brief, "Field": n.Field}, nil)
}

var figureRef = regexp.MustCompile(`^=\s*(?:this|\[\[([^\[\]|#^]+)\]\])\.([\p{L}_][\p{L}\p{N}_-]*)(?:\.value)?\s*$`)

// ParseFigureRef reads the text of a code span as a figure reference:
// the brief ("" for this) and the field; ok false if it is none.
func ParseFigureRef(code string) (brief, field string, ok bool) {
	m := figureRef.FindStringSubmatch(code)
	if m == nil {
		return "", "", false
	}
	return strings.TrimSpace(m[1]), m[2], true
}

type figureTransformer struct{}

// Transform makes every code span that quotes a field a FigureRef.
func (figureTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	if bytes.IndexByte(src, '`') < 0 {
		return // no code span: most notes
	}
	var spans []*ast.CodeSpan
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if c, ok := n.(*ast.CodeSpan); ok && entering {
			spans = append(spans, c)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, c := range spans {
		var b strings.Builder
		start := -1
		for t := c.FirstChild(); t != nil; t = t.NextSibling() {
			if tx, ok := t.(*ast.Text); ok {
				if start < 0 {
					start = tx.Segment.Start
				}
				b.Write(tx.Segment.Value(src))
			}
		}
		raw := b.String()
		if !strings.HasPrefix(strings.TrimSpace(raw), "=") {
			continue
		}
		brief, field, ok := ParseFigureRef(strings.TrimSpace(raw))
		if !ok {
			continue
		}
		f := &FigureRef{Brief: brief, Field: field, Raw: raw}
		if start >= 0 {
			// At the opening backtick.
			for start > 0 && src[start-1] == ' ' {
				start--
			}
			for start > 0 && src[start-1] == '`' {
				start--
			}
			f.SetPos(start)
		}
		parent := c.Parent()
		parent.ReplaceChild(parent, c, f)
		f.AppendChild(f, c)
	}
}

type figureRenderer struct{}

func (figureRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	// Alone, a figure reference is its code span (the child).
	reg.Register(KindFigureRef, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}

// FigureCode is a figure reference as written: a code span, for one
// whose brief or field the site does not have.
func FigureCode(raw string) string {
	return `<code>` + string(util.EscapeHTML([]byte(raw))) + `</code>`
}
