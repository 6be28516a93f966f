package markdown

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Callouts are Obsidian's typed block quotes:
//
//	> [!tip]- A *custom* title with a [[link]]
//	> The body: any Markdown, other callouts too.
//
// The first line of the quote names the type, optionally followed by "-"
// (foldable, closed) or "+" (foldable, open) and a title. Types are
// case-insensitive; Obsidian's aliases map to thirteen families (see
// CalloutFamily), each with its own colour and icon in the theme. A type
// outside them is shown in the note family's style, with its own name as
// its class and default title. Text after a "|" in the type is Obsidian's
// metadata, for themes; it is ignored.
//
// The title is Markdown like any other line: emphasis, code, links and
// wikilinks in it work (a wikilink in a title is a hole like any other, see
// holes.go). Without a title the type is the title, capitalised as Obsidian
// shows it ("[!faq]" → "Faq").
//
// The work is split in two. A paragraph transformer, which runs before the
// paragraph's inline content is parsed, takes the marker line off the first
// paragraph of every block quote and makes it a CalloutTitle block of its
// own: so the title is parsed on its own (nothing in it can run into the
// body), and the rest of the paragraph is read as if the marker line were
// not there (a table right after the title is a table). An AST transformer
// then turns each block quote that starts with a CalloutTitle into a
// Callout.

// KindCallout is the node kind of Callout.
var KindCallout = ast.NewNodeKind("Callout")

// Callout is a block quote that starts with [!type]. Its first child is
// its CalloutTitle; the body follows.
type Callout struct {
	ast.BaseBlock
	// Variant is the type as written, lower-cased, without metadata:
	// note, warn, faq, my-type…
	Variant string
	// Fold is "+" (foldable, open), "-" (foldable, closed) or "" (not
	// foldable).
	Fold string
}

// Kind implements ast.Node.
func (n *Callout) Kind() ast.NodeKind { return KindCallout }

// Dump implements ast.Node.
func (n *Callout) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Variant": n.Variant, "Fold": n.Fold}, nil)
}

// Family is the family of n's Variant (see CalloutFamily), "" for a type
// outside them.
func (n *Callout) Family() string { return CalloutFamily(n.Variant) }

// KindCalloutTitle is the node kind of CalloutTitle.
var KindCalloutTitle = ast.NewNodeKind("CalloutTitle")

// CalloutTitle is the title line of a Callout: its children are the
// title's inline nodes, or the default title when the line has none.
type CalloutTitle struct {
	ast.BaseBlock
	typ, fold string
}

// Kind implements ast.Node.
func (n *CalloutTitle) Kind() ast.NodeKind { return KindCalloutTitle }

// Dump implements ast.Node.
func (n *CalloutTitle) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// CalloutFamily returns the family of Obsidian's callout type typ (in any
// case): one of note, abstract, info, todo, tip, success, question,
// warning, failure, danger, bug, example and quote, or "" for a type that
// is none of them or their aliases. Besides Obsidian's own aliases, "warn"
// is a warning, as writers who type it mean.
func CalloutFamily(typ string) string {
	switch t := strings.ToLower(typ); t {
	case "note", "info", "todo", "bug", "example":
		return t
	case "abstract", "summary", "tldr":
		return "abstract"
	case "tip", "hint", "important":
		return "tip"
	case "success", "check", "done":
		return "success"
	case "question", "help", "faq":
		return "question"
	case "warning", "caution", "attention", "warn":
		return "warning"
	case "failure", "fail", "missing":
		return "failure"
	case "danger", "error":
		return "danger"
	case "quote", "cite":
		return "quote"
	}
	return ""
}

// parseCalloutMarker reads "[!type]±" at the start of line: the type
// (lower-cased, without |metadata), the fold marker and the length of the
// marker. ok is false if line does not start with one.
func parseCalloutMarker(line []byte) (typ, fold string, n int, ok bool) {
	if !bytes.HasPrefix(line, []byte("[!")) {
		return "", "", 0, false
	}
	end := bytes.IndexByte(line, ']')
	if end < 0 {
		return "", "", 0, false
	}
	name, _, _ := bytes.Cut(line[2:end], []byte("|"))
	name = bytes.TrimSpace(name)
	if len(name) == 0 || bytes.ContainsAny(name, "[\n") {
		return "", "", 0, false
	}
	n = end + 1
	if n < len(line) && (line[n] == '+' || line[n] == '-') {
		fold = string(line[n])
		n++
	}
	return strings.ToLower(string(name)), fold, n, true
}

// calloutTitles is the paragraph transformer: it makes the marker line of
// a block quote's first paragraph a CalloutTitle (see above).
type calloutTitles struct{}

func (calloutTitles) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	q, ok := p.Parent().(*ast.Blockquote)
	if !ok || q.FirstChild() != p || p.Lines().Len() == 0 {
		return
	}
	src := reader.Source()
	lines := p.Lines()
	first := lines.At(0)
	first = first.TrimLeftSpace(src)
	typ, fold, n, ok := parseCalloutMarker(first.Value(src))
	if !ok {
		return
	}
	t := &CalloutTitle{typ: typ, fold: fold}
	t.SetPos(first.Start)
	title := first.WithStart(first.Start + n)
	title = title.TrimLeftSpace(src)
	if title = title.TrimRightSpace(src); title.Len() > 0 {
		t.Lines().Append(title)
	}
	q.InsertBefore(q, p, t)
	lines.SetSliced(1, lines.Len())
	if lines.Len() == 0 {
		q.RemoveChild(q, p)
	}
}

// calloutTransformer turns block quotes that start with a CalloutTitle
// into Callouts.
type calloutTransformer struct{}

func (calloutTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if !bytes.Contains(reader.Source(), []byte("[!")) {
		return // no callout marker: most notes
	}
	var quotes []*ast.Blockquote
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if q, ok := n.(*ast.Blockquote); ok {
			if _, ok := q.FirstChild().(*CalloutTitle); ok {
				quotes = append(quotes, q)
			}
		}
		return blocksOnly(n), nil
	})
	for _, q := range quotes {
		t := q.FirstChild().(*CalloutTitle)
		c := &Callout{Variant: t.typ, Fold: t.fold}
		c.SetPos(t.Pos())
		if !t.HasChildren() {
			t.AppendChild(t, ast.NewString([]byte(defaultCalloutTitle(t.typ))))
		}
		for n := q.FirstChild(); n != nil; {
			next := n.NextSibling()
			c.AppendChild(c, n)
			n = next
		}
		q.Parent().ReplaceChild(q.Parent(), q, c)
	}
}

// defaultCalloutTitle is typ as Obsidian shows it when the callout has no
// title: in title case ("faq" → "Faq").
func defaultCalloutTitle(typ string) string {
	r, size := utf8.DecodeRuneInString(typ)
	return string(unicode.ToTitle(r)) + typ[size:]
}

// calloutClass is the class that carries the style of a callout of type
// typ: its family's, or for another type the type itself, as a class name
// (letters, digits, - and _; anything else becomes -).
func calloutClass(typ string) string {
	if f := CalloutFamily(typ); f != "" {
		return "callout-" + f
	}
	return "callout-" + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, typ)
}

// calloutIcon is the family's icon: an empty element the stylesheet draws
// (a mask over the title's colour), hidden from screen readers.
const calloutIcon = `<span class="callout-icon" aria-hidden="true"></span>`

// renderCallout writes a Callout as an <aside role="note">, or as a
// <details> when it folds (open for "+"), with its title first.
func renderCallout(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Callout)
	class := string(util.EscapeHTML([]byte(calloutClass(n.Variant))))
	switch {
	case entering && n.Fold != "":
		open := ""
		if n.Fold == "+" {
			open = " open"
		}
		_, _ = w.WriteString(`<details class="callout ` + class + `"` + open + ">\n")
	case entering:
		_, _ = w.WriteString(`<aside class="callout ` + class + `" role="note">` + "\n")
	case n.Fold != "":
		_, _ = w.WriteString("</details>\n")
	default:
		_, _ = w.WriteString("</aside>\n")
	}
	return ast.WalkContinue, nil
}

// renderCalloutTitle writes the title: a <summary> in a foldable callout,
// else a <p>, the icon first.
func renderCalloutTitle(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	tag := "p"
	if c, ok := node.Parent().(*Callout); ok && c.Fold != "" {
		tag = "summary"
	}
	if entering {
		_, _ = w.WriteString("<" + tag + ` class="callout-title">` + calloutIcon)
	} else {
		_, _ = w.WriteString("</" + tag + ">\n")
	}
	return ast.WalkContinue, nil
}

// callouts registers the callout parser steps and renderers; Obsidian
// extends goldmark with it. The AST transformer runs before the block
// references' (priority 101), which may find ids inside callouts.
type callouts struct{}

func (callouts) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(calloutTitles{}, 90)),
		parser.WithASTTransformers(util.Prioritized(calloutTransformer{}, 100)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(calloutRenderer{}, 500)))
}

type calloutRenderer struct{}

func (calloutRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCallout, renderCallout)
	reg.Register(KindCalloutTitle, renderCalloutTitle)
}
