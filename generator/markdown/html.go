package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// KindHTML is the node kind of HTML.
var KindHTML = ast.NewNodeKind("LodestoneHTML")

// HTML is a block of HTML that Lodestone made itself (a query table, a
// chart) and put in place of a fenced code block. It is written as is, also
// when raw HTML from writers is off: it never comes from a writer.
type HTML struct {
	ast.BaseBlock
	Content string
}

// NewHTML returns an HTML block.
func NewHTML(content string) *HTML { return &HTML{Content: content} }

// Kind implements ast.Node.
func (n *HTML) Kind() ast.NodeKind { return KindHTML }

// Dump implements ast.Node.
func (n *HTML) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type htmlRenderer struct{}

func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindHTML, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(n.(*HTML).Content)
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}
