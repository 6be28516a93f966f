package markdown

import (
	"bytes"
	"math"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Math is TeX in a brief, read as Obsidian and Pandoc read it:
//
//   - $…$ is inline math. A $ followed by a space does not open, a $
//     preceded by a space does not close, and a closing $ followed by a
//     digit is not one, so "$5 and $6" stays text. As in TeX, a formula
//     holds no other $: when the next $ cannot close, the first is a
//     dollar sign ("$5 and $6 and $x$" has one formula). \$ is a dollar
//     sign.
//   - $$…$$ is displayed math: alone on its lines (a block, over as many
//     lines as it takes, until a line that ends with $$), or inside a
//     paragraph.
//   - \(…\) is inline math and \[…\] displayed math. As "\[" is also how
//     Markdown writes a literal bracket (\[1\], \[edit\]), \[…\] inside a
//     paragraph is math only when it holds something only TeX would write
//     (a backslash, ^, _, braces, an operator); on lines of its own it
//     always is.
//   - A ```math fenced block is displayed math too (GitHub's way).
//
// Nothing between the delimiters is Markdown: backslashes, underscores and
// asterisks reach the page exactly as written, HTML-escaped, in
// <span class="math math-inline"> (or math-display) and
// <div class="math math-display">. In code spans and code blocks math stays
// code. The page typesets them with KaTeX (static/js/math.js; see
// render.Page.Math): no Go library typesets TeX well enough at build time
// without running a JavaScript engine, and the vendored KaTeX works the
// same from a server, from file:// and inside the single-file bundle.
//
// Parsing math stays linear: a search for a closing delimiter that finds
// none is remembered for the rest of the paragraph (mathMemo), so a
// paragraph of unclosed delimiters is read once; a search from a $ ends
// at the next $.

// KindMath is the node kind of Math.
var KindMath = ast.NewNodeKind("Math")

// Math is TeX inside a paragraph: $…$ and \(…\), or, with Display,
// $$…$$ and \[…\]. Its child, an ast.String of the TeX, is its plain text
// (a summary, the search index); the renderer writes only TeX.
type Math struct {
	ast.BaseInline
	Display bool
	// TeX is the source between the delimiters, as written.
	TeX []byte
}

// Kind implements ast.Node.
func (n *Math) Kind() ast.NodeKind { return KindMath }

// Dump implements ast.Node.
func (n *Math) Dump(src []byte, level int) {
	d := "false"
	if n.Display {
		d = "true"
	}
	ast.DumpHelper(n, src, level, map[string]string{"TeX": string(n.TeX), "Display": d}, nil)
}

// KindMathBlock is the node kind of MathBlock.
var KindMathBlock = ast.NewNodeKind("MathBlock")

// MathBlock is displayed math on lines of its own, between $$ and $$ or
// \[ and \]. Its lines are the TeX, without the delimiters.
type MathBlock struct {
	ast.BaseBlock
	close  []byte // the closing delimiter
	closed bool
}

// Kind implements ast.Node.
func (n *MathBlock) Kind() ast.NodeKind { return KindMathBlock }

// IsRaw implements ast.Node: the lines are TeX, not Markdown.
func (n *MathBlock) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *MathBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// The kinds of delimiter, for mathMemo.
const (
	mathDollar = iota
	mathDouble
	mathParen
	mathBracket
	mathKinds
)

var mathMemoKey = parser.NewContextKey()

// mathMemo remembers, for the paragraph being parsed, from where on a
// search for each kind of closing delimiter finds none: a later search
// would read the same bytes to the same end. (A \[ whose \] was found
// but holds no TeX needs no memo: another \[ before that \] would be
// TeX.)
type mathMemo struct {
	node   ast.Node
	failed [mathKinds]int
}

func mathMemoOf(pc parser.Context, n ast.Node) *mathMemo {
	m, _ := pc.Get(mathMemoKey).(*mathMemo)
	if m == nil {
		m = &mathMemo{}
		pc.Set(mathMemoKey, m)
	}
	if m.node != n {
		*m = mathMemo{node: n}
		for k := range m.failed {
			m.failed[k] = math.MaxInt
		}
	}
	return m
}

type mathParser struct{}

func (mathParser) Trigger() []byte { return []byte{'$', '\\'} }

func (mathParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 {
		return nil
	}
	kind := -1
	switch {
	case line[0] == '\\' && line[1] == '(':
		kind = mathParen
	case line[0] == '\\' && line[1] == '[':
		kind = mathBracket
	case line[0] != '$' || block.PrecendingCharacter() == '$':
		// A run of dollars is read from its first one.
	case line[1] != '$':
		if !util.IsSpace(line[1]) {
			kind = mathDollar
		}
	case len(line) < 3 || line[2] != '$': // $$ but not $$$
		kind = mathDouble
	}
	if kind < 0 {
		return nil
	}
	open := 2
	if kind == mathDollar {
		open = 1
	}
	start := seg.Start + open
	memo := mathMemoOf(pc, parent)
	if start >= memo.failed[kind] {
		return nil
	}
	l, pos := block.Position()
	block.Advance(open)
	var tex []byte
	for {
		line, _ := block.PeekLine()
		if line == nil {
			block.SetPosition(l, pos)
			memo.failed[kind] = start
			return nil
		}
		if i, n := mathCloser(line, kind); n == 0 && i >= 0 {
			block.SetPosition(l, pos) // a $ that cannot close: not math
			return nil
		} else if i >= 0 {
			tex = append(tex, line[:i]...)
			if kind == mathBracket && !texLike(tex) {
				block.SetPosition(l, pos)
				return nil
			}
			block.Advance(i + n)
			m := &Math{Display: kind == mathDouble || kind == mathBracket, TeX: tex}
			m.AppendChild(m, ast.NewString(tex)) // for the plain text (summaries, search)
			return m
		}
		tex = append(tex, line...)
		block.AdvanceLine()
	}
}

// mathCloser returns where in line the first closing delimiter of kind
// is, and its length, or -1. A backslash escapes the byte after it. For
// $, the first $ closes or, if it cannot (after a space, before a digit),
// ends the search: its length is then 0. As in TeX, a formula holds no $,
// so "$5 and $6 and $x$" has one formula, x.
func mathCloser(line []byte, kind int) (int, int) {
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\':
			if i+1 < len(line) && (kind == mathParen && line[i+1] == ')' || kind == mathBracket && line[i+1] == ']') {
				return i, 2
			}
			i++
		case c != '$':
		case kind == mathDouble:
			if i+1 < len(line) && line[i+1] == '$' {
				return i, 2
			}
		case kind == mathDollar:
			// Not after a space (a line's start follows a line break),
			// not before a digit.
			if i > 0 && !util.IsSpace(line[i-1]) && (i+1 == len(line) || !isDigit(line[i+1])) {
				return i, 1
			}
			return i, 0
		}
	}
	return -1, 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// texLike reports whether tex has something that only TeX would write:
// \[1\] and \[citation needed\] are escaped brackets, \[x^2\] is math.
func texLike(tex []byte) bool { return bytes.ContainsAny(tex, `\^_{}=+<>|&`) }

type mathBlockParser struct{}

func (mathBlockParser) Trigger() []byte { return []byte{'$', '\\'} }

func (mathBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos+2 > len(line) {
		return nil, parser.NoChildren
	}
	rest := line[pos:]
	kind := -1
	switch {
	case bytes.HasPrefix(rest, []byte("$$")) && !bytes.HasPrefix(rest, []byte("$$$")):
		kind = mathDouble
	case bytes.HasPrefix(rest, []byte(`\[`)):
		kind = mathBracket
	default:
		return nil, parser.NoChildren
	}
	node := &MathBlock{close: []byte("$$")}
	if kind == mathBracket {
		node.close = []byte(`\]`)
	}
	body := rest[2:]
	start := seg.Start - seg.Padding + pos + 2
	if i, n := mathCloser(body, kind); i >= 0 {
		// All on one line: $$ x $$, and nothing after it.
		if !util.IsBlank(body[i+n:]) || kind == mathBracket && !texLike(body[:i]) {
			return nil, parser.NoChildren
		}
		node.Lines().Append(text.NewSegment(start, start+i))
		node.closed = true
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}
	if !mathBlockCloses(reader.Source(), seg.Stop, kind, pc) {
		return nil, parser.NoChildren
	}
	if !util.IsBlank(body) {
		node.Lines().Append(text.NewSegment(start, seg.Stop))
	}
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

var mathBlockMemoKey = parser.NewContextKey()

// mathBlockCloses reports whether the lines of src from offset from have
// a line that closes a math block of kind (a closing delimiter with
// nothing after it) before a blank line or the end. A failed search is
// remembered for the document: one that starts later but before where
// it failed would fail there too.
func mathBlockCloses(src []byte, from, kind int, pc parser.Context) bool {
	memo, _ := pc.Get(mathBlockMemoKey).(*[mathKinds][2]int)
	if memo == nil {
		memo = &[mathKinds][2]int{}
		for k := range memo {
			memo[k] = [2]int{-1, -1}
		}
		pc.Set(mathBlockMemoKey, memo)
	}
	if from >= memo[kind][0] && from < memo[kind][1] {
		return false
	}
	for at := from; at < len(src); {
		end := bytes.IndexByte(src[at:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += at + 1
		}
		line := src[at:end]
		if util.IsBlank(line) {
			memo[kind] = [2]int{from, end}
			return false
		}
		if i, n := mathCloser(line, kind); i >= 0 {
			if util.IsBlank(line[i+n:]) {
				return true
			}
			memo[kind] = [2]int{from, end}
			return false
		}
		at = end
	}
	memo[kind] = [2]int{from, len(src) + 1}
	return false
}

func (mathBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*MathBlock)
	if n.closed {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if line == nil || util.IsBlank(line) {
		return parser.Close
	}
	kind := mathDouble
	if n.close[0] == '\\' {
		kind = mathBracket
	}
	if i, _ := mathCloser(line, kind); i >= 0 {
		if !util.IsBlank(line[:i]) {
			n.Lines().Append(text.NewSegment(seg.Start, max(seg.Start, seg.Start+i-seg.Padding)))
		}
		n.closed = true
		reader.AdvanceToEOL()
		return parser.Close
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(ast.Node, text.Reader, parser.Context) {}
func (mathBlockParser) CanInterruptParagraph() bool                 { return true }
func (mathBlockParser) CanAcceptIndentedLine() bool                 { return false }

type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindMath, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			n := node.(*Math)
			writeMath(w, n.TeX, n.Display, false)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(KindMathBlock, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			writeMath(w, linesOf(node, src), true, true)
		}
		return ast.WalkSkipChildren, nil
	})
}

// linesOf returns the text of a block's lines.
func linesOf(n ast.Node, src []byte) []byte {
	var b []byte
	lines := n.Lines()
	for i := range lines.Len() {
		s := lines.At(i)
		b = append(b, s.Value(src)...)
	}
	return b
}

// writeMath writes TeX for the page to typeset (static/js/math.js), as a
// block (a div) or in a paragraph (a span).
func writeMath(w util.BufWriter, tex []byte, display, block bool) {
	cls := "math math-inline"
	if display {
		cls = "math math-display"
	}
	tag := "span"
	if block {
		tag = "div"
	}
	_, _ = w.WriteString("<" + tag + ` class="` + cls + `">`)
	_, _ = w.Write(util.EscapeHTML(tex))
	_, _ = w.WriteString("</" + tag + ">")
	if block {
		_ = w.WriteByte('\n')
	}
}

type mathExt struct{}

// MathTeX adds $…$, $$…$$, \(…\) and \[…\] math (see above).
var MathTeX goldmark.Extender = mathExt{}

func (mathExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(mathBlockParser{}, 600)),
		parser.WithInlineParsers(util.Prioritized(mathParser{}, 150)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 500)))
}
