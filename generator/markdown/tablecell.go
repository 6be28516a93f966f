package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// tableCellRenderer writes a table cell as goldmark's table renderer does
// (HTML5: the alignment as a style attribute), without setting that
// attribute on the node first: goldmark makes it with fmt, per aligned
// cell, and numberColumns aligns every column of figures. In a flat
// vault of 10,000 notes with a table each, that was a twentieth of all
// the build allocated. A cell with attributes of its own goes to
// goldmark's renderer.
type tableCellRenderer struct {
	goldmark renderer.NodeRendererFunc
}

func newTableCellRenderer() tableCellRenderer {
	f := funcs{}
	extension.NewTableHTMLRenderer().RegisterFuncs(f)
	return tableCellRenderer{goldmark: f[extast.KindTableCell]}
}

func (r tableCellRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindTableCell, r.render)
}

func (r tableCellRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*extast.TableCell)
	if n.Attributes() != nil {
		return r.goldmark(w, source, node, entering)
	}
	tag := "td"
	if n.Parent().Kind() == extast.KindTableHeader {
		tag = "th"
	}
	if !entering {
		_, _ = w.WriteString("</")
		_, _ = w.WriteString(tag)
		_, _ = w.WriteString(">\n")
		return ast.WalkContinue, nil
	}
	_ = w.WriteByte('<')
	_, _ = w.WriteString(tag)
	if n.Alignment != extast.AlignNone {
		_, _ = w.WriteString(` style="text-align:`)
		_, _ = w.WriteString(n.Alignment.String())
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}
