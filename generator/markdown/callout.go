package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCallout is the node kind of Callout.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a block quote that starts with [!type]: a note, a warning,
// a tip… Fold is "+" (foldable, open), "-" (foldable, closed) or "".
type Callout struct {
	ast.BaseBlock
	Variant string // note, warning, tip…
	Title   string
	Fold    string
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.Variant, "Title": n.Title, "Fold": n.Fold}, nil)
}

type calloutTransformer struct{}

// Transform turns block quotes whose first line is [!type] Title into
// Callouts.
func (calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if q, ok := n.(*ast.Blockquote); ok && entering {
			quotes = append(quotes, q)
		}
		return ast.WalkContinue, nil
	})
	for _, q := range quotes {
		p, ok := q.FirstChild().(*ast.Paragraph)
		if !ok || p.Lines().Len() == 0 {
			continue
		}
		first := p.Lines().At(0)
		line := bytes.TrimSpace(first.Value(src))
		if !bytes.HasPrefix(line, []byte("[!")) {
			continue
		}
		end := bytes.IndexByte(line, ']')
		if end < 3 {
			continue
		}
		c := &Callout{Variant: strings.ToLower(string(line[2:end]))}
		rest := line[end+1:]
		if len(rest) > 0 && (rest[0] == '+' || rest[0] == '-') {
			c.Fold, rest = string(rest[0]), rest[1:]
		}
		c.Title = strings.TrimSpace(string(rest))
		if c.Title == "" {
			c.Title = strings.ToUpper(c.Variant[:1]) + c.Variant[1:]
		}
		// Drop the first line's inline nodes (up to the first line break).
		lineEnd := first.Stop
		for n := p.FirstChild(); n != nil; {
			next := n.NextSibling()
			t, isText := n.(*ast.Text)
			if isText && t.Segment.Start >= lineEnd {
				break
			}
			if !isText {
				if n.Pos() >= 0 && n.Pos() >= lineEnd {
					break
				}
			}
			p.RemoveChild(p, n)
			if isText && (t.SoftLineBreak() || t.HardLineBreak()) {
				break
			}
			n = next
		}
		if p.ChildCount() == 0 {
			q.RemoveChild(q, p)
		}
		for n := q.FirstChild(); n != nil; {
			next := n.NextSibling()
			c.AppendChild(c, n)
			n = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, c)
	}
}

func renderCallout(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	typ := string(util.EscapeHTML([]byte(n.Variant)))
	title := string(util.EscapeHTML([]byte(n.Title)))
	switch {
	case entering && n.Fold != "":
		open := ""
		if n.Fold == "+" {
			open = " open"
		}
		_, _ = w.WriteString(`<details class="callout callout-` + typ + `"` + open + `><summary class="callout-title">` + title + "</summary>\n")
	case entering:
		_, _ = w.WriteString(`<aside class="callout callout-` + typ + `" role="note"><p class="callout-title">` + title + "</p>\n")
	case n.Fold != "":
		_, _ = w.WriteString("</details>\n")
	default:
		_, _ = w.WriteString("</aside>\n")
	}
	return ast.WalkContinue, nil
}
