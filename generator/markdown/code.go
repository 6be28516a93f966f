package markdown

import (
	"bytes"
	"io"
	"slices"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Fenced code blocks are written by language:
//
//   - ```mermaid: <pre class="mermaid"> with the diagram's text escaped,
//     drawn in the page by the vendored mermaid (static/js/diagrams.js).
//   - ```math: displayed math, as $$…$$ (math.go).
//   - A language chroma knows: highlighted at build time, as
//     <pre class="chroma"><code class="language-go"> and a span with a
//     class for each token (chroma's short names: k, nf, s…). The colours
//     are in static/css/code.css, generated from chroma's styles
//     (CodeCSS in code_test.go, which writes it with -update), a light
//     one and a dark one.
//   - No language, a language chroma does not know, a build-time block's
//     language (dataview, table, chart, timeline: when its block fails,
//     its source is shown as written) and blocks over maxHighlight bytes:
//     plain escaped code, as goldmark writes it.

// maxHighlight is the size of the largest code block highlighted: chroma's
// lexers are regular expressions, and a brief's size is not bounded.
const maxHighlight = 64 << 10

type codeRenderer struct {
	blocks []string // the build-time blocks' languages
	plain  renderer.NodeRendererFunc
}

func newCodeRenderer(blocks []string) *codeRenderer {
	base := funcs{}
	ghtml.NewRenderer().RegisterFuncs(base)
	return &codeRenderer{blocks: blocks, plain: base[ast.KindFencedCodeBlock]}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.FencedCodeBlock)
	lang := string(n.Language(src))
	switch {
	case lang == "mermaid":
		if entering {
			_, _ = w.WriteString(`<pre class="mermaid">`)
			_, _ = w.Write(util.EscapeHTML(linesOf(n, src)))
			_, _ = w.WriteString("</pre>\n")
		}
		return ast.WalkSkipChildren, nil
	case lang == "math":
		if entering {
			writeMath(w, linesOf(n, src), true, true)
		}
		return ast.WalkSkipChildren, nil
	case lang != "" && !slices.Contains(r.blocks, lang):
		code := linesOf(n, src)
		if lexer := lexers.Get(lang); lexer != nil && len(code) <= maxHighlight {
			if entering {
				highlight(w, lexer, lang, code)
			}
			return ast.WalkSkipChildren, nil
		}
	}
	return r.plain(w, src, node, entering)
}

// highlight writes code in language lang with a span for each token.
func highlight(w io.Writer, lexer chroma.Lexer, lang string, code []byte) {
	var b bytes.Buffer
	b.WriteString(`<pre class="chroma"><code class="language-`)
	b.Write(util.EscapeHTML([]byte(lang)))
	b.WriteString(`">`)
	if it, err := chroma.Coalesce(lexer).Tokenise(nil, string(code)); err != nil {
		b.Write(util.EscapeHTML(code))
	} else {
		for t := it(); t != chroma.EOF; t = it() {
			cls := chroma.StandardTypes[t.Type]
			if t.Type == chroma.Whitespace {
				cls = ""
			}
			if cls != "" {
				b.WriteString(`<span class="` + cls + `">`)
			}
			b.Write(util.EscapeHTML([]byte(t.Value)))
			if cls != "" {
				b.WriteString("</span>")
			}
		}
	}
	b.WriteString("</code></pre>\n")
	_, _ = w.Write(b.Bytes())
}
