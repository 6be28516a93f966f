package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Fact ids are keys such as MP-011 or RES-054 that a brief's prose cites
// ("(Molycorp site, MP-011)") and a data file defines. An AST transformer
// finds them in the text of a parsed body and makes each a FactRef; the
// brief stage makes every FactRef a hole that the site stage fills with a
// link to the id's definition, or with the id as plain text when the site
// defines no such id. Ids are looked for in text only: never in code,
// links, URLs, image descriptions, math, headings or raw HTML.

// DefaultFactIDs is the pattern of fact ids unless the site's
// configuration gives another: an upper-case letter, more upper-case
// letters or digits, a hyphen and digits (MP-011, PRODC-8, X2-10).
const DefaultFactIDs = `[A-Z][A-Z0-9]*-[0-9]+`

// FactIDs finds the fact ids of one pattern in text.
type FactIDs struct {
	re, whole *regexp.Regexp
	fast      bool // the default pattern, matched without the regexp
}

// NewFactIDs compiles a pattern of fact ids (Go regexp syntax). An id is
// found only as a word of its own: not inside a longer word (the id's
// neighbours in the text are not letters, digits or _ of a script that
// puts spaces between words; Chinese, Japanese and Korean characters may
// touch it),
// not after a hyphen or @, and not followed by a hyphen or full stop and
// more of a word (MP-011-b, RES-1.5).
func NewFactIDs(pattern string) (*FactIDs, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("fact id pattern %q: %w", pattern, err)
	}
	if re.MatchString("") {
		return nil, fmt.Errorf("fact id pattern %q matches empty text", pattern)
	}
	whole := regexp.MustCompile(`^(?:` + pattern + `)$`)
	return &FactIDs{re: re, whole: whole, fast: pattern == DefaultFactIDs}, nil
}

// Is reports whether id, as a whole, has the pattern's shape.
func (f *FactIDs) Is(id string) bool { return f != nil && f.whole.MatchString(id) }

// String returns the pattern.
func (f *FactIDs) String() string { return f.re.String() }

// mayHold reports whether src may hold a fact id: false when it holds
// no hyphen before a digit, which every id of the usual form has.
func (f *FactIDs) mayHold(src []byte) bool {
	if !f.fast {
		return true
	}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '-')
		if j < 0 {
			return false
		}
		i += j + 1
		if i < len(src) && isDigit(src[i]) {
			return true
		}
	}
}

// Find returns the start and end of every fact id in src[start:end], as
// offsets in src. The bytes of src[lo:hi] around the range are the text
// that the ids must stand apart from; outside them (markup, another
// node) nothing is.
func (f *FactIDs) Find(src []byte, start, end, lo, hi int) [][2]int {
	var out [][2]int
	add := func(i, j int) {
		if wordBefore(src[lo:i]) || wordAfter(src[j:hi]) {
			return
		}
		out = append(out, [2]int{i, j})
	}
	if !f.fast {
		for _, m := range f.re.FindAllIndex(src[start:end], -1) {
			add(start+m[0], start+m[1])
		}
		return out
	}
	// [A-Z][A-Z0-9]*-[0-9]+, found from its hyphens: the regexp reads
	// ordinary prose at a tenth of the speed.
	at := start
	for i := start; i < end; i++ {
		if src[i] != '-' || i+1 >= end || !isDigit(src[i+1]) {
			continue
		}
		j := i + 1
		for j < end && isDigit(src[j]) {
			j++
		}
		s := i
		for s > at && (isUpper(src[s-1]) || isDigit(src[s-1])) {
			s--
		}
		for s < i && !isUpper(src[s]) {
			s++ // the id starts with its first letter
		}
		if s < i {
			add(s, j)
		}
		at, i = j, j-1
	}
	return out
}

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

// wordRune reports whether r belongs to a word of a script that puts
// spaces between words: letters and digits but those of Chinese, Japanese
// and Korean, and _.
func wordRune(r rune) bool {
	if r == '_' {
		return true
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return false
	}
	return !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// wordBefore reports whether an id after the text before continues it.
func wordBefore(before []byte) bool {
	r, _ := utf8.DecodeLastRune(before)
	return r != utf8.RuneError && (wordRune(r) || r == '-' || r == '@')
}

// wordAfter reports whether an id before the text after goes on in it.
func wordAfter(after []byte) bool {
	r, n := utf8.DecodeRune(after)
	if r == '-' || r == '.' {
		r, _ = utf8.DecodeRune(after[n:])
	}
	return r != utf8.RuneError && wordRune(r)
}

// KindFactRef is the node kind of FactRef.
var KindFactRef = ast.NewNodeKind("FactRef")

// FactRef is a fact id in the text. Its child is the id's text. Rendered
// on its own it is that text; in a brief it is a hole (Holes.Fact).
type FactRef struct {
	ast.BaseInline
	ID string
}

// Kind implements ast.Node.
func (n *FactRef) Kind() ast.NodeKind { return KindFactRef }

// Dump implements ast.Node.
func (n *FactRef) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"ID": n.ID}, nil)
}

// factIDTransformer splits the text nodes of a document at the fact ids
// they hold.
type factIDTransformer struct{ ids *FactIDs }

// Transform implements parser.ASTTransformer.
func (x factIDTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	if !x.ids.mayHold(src) {
		return
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindCodeSpan, ast.KindLink, ast.KindAutoLink, ast.KindImage, ast.KindRawHTML, ast.KindHeading,
			ast.KindCodeBlock, ast.KindFencedCodeBlock, ast.KindHTMLBlock,
			KindWikiLink, KindCitation, KindTagLink, KindMath, KindMathBlock, KindFactRef:
			return ast.WalkSkipChildren, nil
		case ast.KindText:
			// What split adds goes before n: the walk goes on after it.
			if t := n.(*ast.Text); !t.IsRaw() && t.Segment.Padding == 0 {
				x.split(t, src)
			}
		}
		return ast.WalkContinue, nil
	})
}

// split puts a FactRef for each fact id in t before t, with the text
// between them; t keeps the text after the last (and its line break).
// The text of t's neighbours counts when they are text that t continues
// (a_MP-011, split where an emphasis could have started); markup does
// not (_MP-011_, **MP-011**).
func (x factIDTransformer) split(t *ast.Text, src []byte) {
	seg := t.Segment
	lo, hi := seg.Start, seg.Stop
	if prev, ok := t.PreviousSibling().(*ast.Text); ok && prev.Segment.Stop == seg.Start && !prev.SoftLineBreak() && !prev.HardLineBreak() {
		lo = prev.Segment.Start
	}
	if next, ok := t.NextSibling().(*ast.Text); ok && next.Segment.Start == seg.Stop && !t.SoftLineBreak() && !t.HardLineBreak() {
		hi = next.Segment.Stop
	}
	found := x.ids.Find(src, seg.Start, seg.Stop, lo, hi)
	if len(found) == 0 {
		return
	}
	parent := t.Parent()
	at := seg.Start
	for _, m := range found {
		if m[0] > at {
			parent.InsertBefore(parent, t, ast.NewTextSegment(text.NewSegment(at, m[0])))
		}
		ref := &FactRef{ID: string(src[m[0]:m[1]])}
		ref.SetPos(m[0])
		ref.AppendChild(ref, ast.NewTextSegment(text.NewSegment(m[0], m[1])))
		parent.InsertBefore(parent, t, ref)
		at = m[1]
	}
	t.Segment = text.NewSegment(at, seg.Stop)
}

type factRefRenderer struct{}

func (factRefRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	// Alone, a fact id is its text (the child).
	reg.Register(KindFactRef, func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkContinue, nil
	})
}

// FactHTML is fact id id in the text, linked to dest (its definition,
// relative to this page) unless dest is "" or unsafe: then the id as text.
func FactHTML(id, dest string) string {
	text := string(util.EscapeHTML([]byte(id)))
	if dest == "" || !SafeURL(util.URLEscape([]byte(dest), true)) {
		return text
	}
	return `<a class="fact-ref" href="` + Href(dest) + `">` + text + `</a>`
}
