package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Obsidian's block ids: a block marked ^id can be linked to
// ([[note#^id]]) and embedded (![[note#^id]]). The marker is taken out of
// the text and the block gets the HTML id BlockAnchor(id). Where Obsidian
// allows one:
//   - at the end of a paragraph or a list item, after a space: "Text ^id";
//   - on the paragraph's (or item's) last line alone: "Text\n^id";
//   - on a line of its own after a blank line, for the block before it (a
//     list, a quote or callout, a table, displayed math, code): "\n^id".

// BlockRefID returns the block id that n was marked with, if any.
func BlockRefID(n ast.Node) (string, bool) {
	if n.Kind() == ast.KindHeading {
		return "", false // a heading's id is its own
	}
	v, ok := n.AttributeString("id")
	if !ok {
		return "", false
	}
	b, _ := v.([]byte)
	return strings.CutPrefix(string(b), blockAnchorPrefix)
}

// BlockRefBox is a block whose renderer writes no attributes (a callout,
// math, code), boxed in a <div> that carries its id.
type BlockRefBox struct{ ast.BaseBlock }

// KindBlockRefBox is the kind of BlockRefBox.
var KindBlockRefBox = ast.NewNodeKind("BlockRefBox")

// Kind implements ast.Node.
func (n *BlockRefBox) Kind() ast.NodeKind { return KindBlockRefBox }

// Dump implements ast.Node.
func (n *BlockRefBox) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type blockRefTransformer struct{}

func (blockRefTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !mayMarkBlock(src) {
		return // no block id: most notes
	}
	type mark struct {
		n    ast.Node // the block the id is for
		id   string
		drop ast.Node // a paragraph that held only the marker
	}
	var marks []mark
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
		default:
			return ast.WalkContinue, nil
		}
		t, ok := n.LastChild().(*ast.Text)
		if !ok {
			return ast.WalkSkipChildren, nil
		}
		v := t.Segment.Value(src)
		// "^id" alone: a paragraph of its own marks the block before it.
		if id, ok := blockID(v); ok && t == n.FirstChild() && n.Kind() == ast.KindParagraph {
			if prev := n.PreviousSibling(); prev != nil && prev.Type() == ast.TypeBlock {
				marks = append(marks, mark{n: prev, id: id, drop: n})
			}
			return ast.WalkSkipChildren, nil
		}
		id, found := "", false
		if i := bytes.LastIndex(v, []byte(" ^")); i >= 0 {
			if id, found = blockID(v[i+1:]); found {
				t.Segment = t.Segment.WithStop(t.Segment.Start + i)
			}
		} else if prev, isText := t.PreviousSibling().(*ast.Text); isText && prev.SoftLineBreak() {
			if id, found = blockID(v); found { // "Text\n^id"
				prev.SetSoftLineBreak(false)
				n.RemoveChild(n, t)
			}
		}
		if !found {
			return ast.WalkSkipChildren, nil
		}
		target := n
		if li, isItem := n.Parent().(*ast.ListItem); isItem && li.FirstChild() == n {
			target = li // "- item ^id" marks the item
		}
		marks = append(marks, mark{n: target, id: id})
		return ast.WalkSkipChildren, nil
	})
	for _, m := range marks {
		if m.drop != nil {
			m.drop.Parent().RemoveChild(m.drop.Parent(), m.drop)
		}
		n := m.n
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock, ast.KindListItem, ast.KindList, ast.KindBlockquote, extast.KindTable:
			if n.Kind() == ast.KindTextBlock {
				n = n.Parent() // a tight list's item
			}
			n.SetAttributeString("id", []byte(BlockAnchor(m.id)))
		default:
			box := &BlockRefBox{}
			box.SetAttributeString("id", []byte(BlockAnchor(m.id)))
			n.Parent().ReplaceChild(n.Parent(), n, box)
			box.AppendChild(box, n)
		}
	}
}

// mayMarkBlock reports whether src has a '^' where a block id can start:
// at the start of a line (after a quote's '>' or indentation) or after a
// space. A footnote's "[^1]", in most notes that have a '^' at all, is
// not one, and the note's tree is not walked for it.
func mayMarkBlock(src []byte) bool {
	for i := 0; ; i++ {
		j := bytes.IndexByte(src[i:], '^')
		if j < 0 {
			return false
		}
		i += j
		if i == 0 {
			return true
		}
		switch src[i-1] {
		case ' ', '\t', '\n', '\r', '>':
			return true
		}
	}
}

// blockID reads "^id" (letters, digits and hyphens, as Obsidian makes
// them), with space around it.
func blockID(b []byte) (string, bool) {
	b = bytes.TrimSpace(b)
	if len(b) < 2 || b[0] != '^' {
		return "", false
	}
	for _, c := range b[1:] {
		if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "", false
		}
	}
	return string(b[1:]), true
}

type blockRefRenderer struct{}

func (blockRefRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBlockRefBox, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			id, _ := n.AttributeString("id")
			b, _ := id.([]byte)
			_, _ = w.WriteString(`<div class="block-ref" id="` + string(util.EscapeHTML(b)) + "\">\n")
		} else {
			_, _ = w.WriteString("</div>\n")
		}
		return ast.WalkContinue, nil
	})
}
