package markdown

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
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
//     (CodeCSS), a light one and a dark one.
//   - No language, a language chroma does not know, a build-time block's
//     language (dataview, table, chart, timeline: when its block fails,
//     its source is shown as written) and blocks over maxHighlight bytes:
//     plain escaped code, as goldmark writes it.

// maxHighlight is the size of the largest code block highlighted: chroma's
// lexers are regular expressions, and a brief's size is not bounded.
const maxHighlight = 64 << 10

// The chroma styles of static/css/code.css.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

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

// CodeCSS is static/css/code.css: the colours of highlighted code, from
// chroma's lightStyle, and from darkStyle when the reader's system is
// dark (but never in print). TestCodeCSS checks the file is up to date;
// go test ./generator/markdown -run TestCodeCSS -update writes it.
func CodeCSS() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("/* Highlighted code (generator/markdown/code.go), generated from chroma's\n   \"" + lightStyle + "\" and \"" + darkStyle + "\" styles: do not edit. The background is the\n   site's (--code-bg). */\n")
	light, err := tokenCSS(lightStyle)
	if err != nil {
		return nil, err
	}
	b.Write(light)
	dark, err := tokenCSS(darkStyle)
	if err != nil {
		return nil, err
	}
	// The dark style applies when the system is dark and the reader did
	// not choose light, or when the reader chose dark (<html
	// data-theme>, set by js/header.js).
	for _, when := range []struct{ media, root string }{
		{"screen and (prefers-color-scheme: dark)", `:root:not([data-theme="light"])`},
		{"screen", `:root[data-theme="dark"]`},
	} {
		b.WriteString("@media " + when.media + " {\n")
		// Undo the light rules first: the dark style leaves some tokens in
		// the text's colour, which the light style gives a dark one.
		b.WriteString("  " + when.root + " .chroma [class] { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; text-decoration: inherit }\n")
		for line := range bytes.Lines(dark) {
			fmt.Fprintf(&b, "  %s %s", when.root, line)
		}
		b.WriteString("}\n")
	}
	return b.Bytes(), nil
}

// tokenCSS is the rules of a chroma style for token classes (".chroma
// .k"), without those for the wrapper and line numbers.
func tokenCSS(style string) ([]byte, error) {
	var css, b bytes.Buffer
	if err := chtml.New(chtml.WithClasses(true), chtml.WithCSSComments(false)).WriteCSS(&css, styles.Get(style)); err != nil {
		return nil, err
	}
	for line := range bytes.Lines(css.Bytes()) {
		sel, _, _ := bytes.Cut(line, []byte(" {"))
		cls, ok := bytes.CutPrefix(sel, []byte(".chroma ."))
		if ok && isTokenClass(string(cls)) {
			b.Write(line)
		}
	}
	return b.Bytes(), nil
}

// isTokenClass reports whether cls is the class of a kind of token.
func isTokenClass(cls string) bool {
	for t, c := range chroma.StandardTypes {
		if c == cls && (t > 0 || t == chroma.Error) {
			return true
		}
	}
	return false
}
