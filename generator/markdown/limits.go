package markdown

import (
	"bytes"
	"slices"
	"sort"
	"strconv"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Limits keep the work of parsing a brief linear in its size, whatever
// the input. goldmark on its own is quadratic on some inputs: every level
// of a nested list or quote rescans the rest of its line, an unclosed
// "](" or "[[" rescans the rest of its line each time it appears, emphasis
// markers that never match are compared with every earlier one. A brief of
// 100 KB made of such constructs took up to 14 s to build, four times as
// long for each doubling. So Lodestone parses within budgets counted in
// units of work, never in seconds, and the result is the same on a fast
// machine and a loaded one:
//
//   - Nesting. Block quotes, list items and footnotes nest at most
//     MaxNesting levels deep (markdown-it's maxNesting is 100 too). A
//     marker that would open level MaxNesting+1 starts a paragraph instead:
//     the rest of its line is shown as text.
//   - Inline work. Each paragraph, heading or table cell may spend
//     workPerByte units per byte of its text (plus blockWorkBase), and a
//     whole document workPerByte per byte (plus docWorkBase). A unit is a
//     byte or node that a parser will look at: the scan of "[[" for its
//     "]]", of "](" for its destination and title, of a "]" back to its
//     "[", the earlier emphasis markers a closing one is compared with, a
//     footnote reference's search among the definitions. Ordinary text
//     spends about one unit per byte. When a budget runs out, every later
//     bracket, backtick and emphasis marker of the paragraph (or of the
//     document) is shown as plain text.
//   - Backticks. A run of backticks that no run of the same length closes
//     is text at once, as the code span parser would find after scanning the
//     whole paragraph; this changes no output, only the time.
//   - Link reference definitions. A paragraph of more than 1,024 lines
//     that starts with one is read in chunks of about 512 lines, each cut
//     before a line that starts with "[": goldmark removes each definition
//     by copying all the lines after it.
//
// Output changes only where a budget was met; each such place is reported
// (see LimitHits). For everything else the tree is the one goldmark makes.
var Limits goldmark.Extender = limitsExt{}

// MaxNesting is the deepest nesting of block quotes, list items and
// footnote definitions parsed as such.
const MaxNesting = 100

const (
	workPerByte   = 64
	blockWorkBase = 64 << 10
	docWorkBase   = 1 << 20
	// refDefChunk is how many lines of a long paragraph of link reference
	// definitions are read at a time.
	refDefChunk = 512
)

// The messages of LimitHits.
const (
	msgNesting = "nesting deeper than 100 levels (block quotes, lists); the rest of the line is shown as text"
	msgWork    = "too much parsing work in this paragraph (brackets, backticks or emphasis markers that do not close); from here on they are shown as plain text"
)

// LimitHit is a place where parsing met a limit. Offset is the byte offset
// in the parsed source of the first such place; More counts the others with
// the same message.
type LimitHit struct {
	Offset int
	Msg    string
	More   int
}

// Message is Msg, with the number of other places if there are any.
func (h LimitHit) Message() string {
	switch h.More {
	case 0:
		return h.Msg
	case 1:
		return h.Msg + " (also in 1 more place)"
	}
	return h.Msg + " (also in " + strconv.Itoa(h.More) + " more places)"
}

const limitsMeta = "lodestone/limits"

// LimitHits returns the places where parsing doc met a limit (see Limits),
// in the order they were met. doc must come from a parser of New.
func LimitHits(doc ast.Node) []LimitHit {
	d, ok := doc.(*ast.Document)
	if !ok {
		return nil
	}
	hits, _ := d.Meta()[limitsMeta].([]LimitHit)
	return hits
}

type limitsExt struct{}

// Extend implements goldmark.Extender.
func (limitsExt) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(depthGuard{para: parser.NewParagraphParser()}, 1)),
		parser.WithInlineParsers(util.Prioritized(workGuard{}, 50)),
		parser.WithParagraphTransformers(util.Prioritized(refDefChunker{}, 99)),
		parser.WithASTTransformers(util.Prioritized(limitsReport{}, 0)),
	)
}

var limitsKey = parser.NewContextKey()

// limits is the state of one parse, kept in its parser.Context.
type limits struct {
	docLeft int // units of inline work left for the document
	hits    []LimitHit

	// The nesting level of the last block asked about.
	levelOf ast.Node
	level   int

	footnotes int // definitions in the document; -1 until counted
	block     inlineBlock
}

func limitsOf(pc parser.Context, src []byte) *limits {
	return pc.ComputeIfAbsent(limitsKey, func() any {
		return &limits{docLeft: workPerByte*len(src) + docWorkBase, footnotes: -1}
	}).(*limits)
}

func (l *limits) hit(off int, msg string) {
	for i := range l.hits {
		if l.hits[i].Msg == msg {
			l.hits[i].More++
			return
		}
	}
	l.hits = append(l.hits, LimitHit{Offset: off, Msg: msg})
}

// limitsReport puts the hits of the parse into the document's metadata.
type limitsReport struct{}

func (limitsReport) Transform(doc *ast.Document, _ text.Reader, pc parser.Context) {
	if l, ok := pc.Get(limitsKey).(*limits); ok && len(l.hits) > 0 {
		doc.AddMeta(limitsMeta, slices.Clone(l.hits))
	}
}

// depthGuard runs before every other block parser. Below MaxNesting it
// does nothing; deeper, a line that would open a quote, list item or
// footnote becomes a paragraph.
type depthGuard struct{ para parser.BlockParser }

func (depthGuard) Trigger() []byte { return []byte(">-+*0123456789[") }

func (g depthGuard) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	// Every ancestor of parent is open, so this is a cheap lower bound.
	if len(pc.OpenedBlocks()) < MaxNesting {
		return nil, parser.NoChildren
	}
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) || !opensContainer(line[pos:]) {
		return nil, parser.NoChildren
	}
	l := limitsOf(pc, reader.Source())
	if l.nesting(parent) < MaxNesting {
		return nil, parser.NoChildren
	}
	l.hit(seg.Start+pos-seg.Padding, msgNesting)
	return g.para.Open(parent, reader, pc)
}

func (g depthGuard) Continue(n ast.Node, reader text.Reader, pc parser.Context) parser.State {
	return g.para.Continue(n, reader, pc)
}

func (g depthGuard) Close(n ast.Node, reader text.Reader, pc parser.Context) {
	g.para.Close(n, reader, pc)
}

func (depthGuard) CanInterruptParagraph() bool { return true }
func (depthGuard) CanAcceptIndentedLine() bool { return false }

// nesting returns how many quotes, list items and footnotes enclose the
// content of n (n included). goldmark asks about each new block's child
// right after it, so the answer is usually one step from the last one.
func (l *limits) nesting(n ast.Node) int {
	if n == l.levelOf {
		return l.level
	}
	level := 0
	if l.levelOf != nil && n.Parent() == l.levelOf {
		level = l.level + counts(n)
	} else {
		for m := n; m != nil; m = m.Parent() {
			level += counts(m)
		}
	}
	l.levelOf, l.level = n, level
	return level
}

func counts(n ast.Node) int {
	switch n.Kind() {
	case ast.KindDocument, ast.KindList:
		return 0
	}
	return 1
}

// opensContainer reports whether b starts with a block quote, list item or
// footnote definition marker.
func opensContainer(b []byte) bool {
	blankAt := func(i int) bool {
		return i >= len(b) || b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'
	}
	switch c := b[0]; {
	case c == '>':
		return true
	case c == '-' || c == '+' || c == '*':
		return blankAt(1)
	case c >= '0' && c <= '9':
		i := 1
		for i < len(b) && i < 10 && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		return i < len(b) && (b[i] == '.' || b[i] == ')') && blankAt(i+1)
	case c == '[':
		return len(b) > 2 && b[1] == '^' && bytes.Contains(b, []byte("]:"))
	}
	return false
}

// workGuard runs before every other inline parser on the characters whose
// parsers may scan far ahead or back. It charges the work they are about
// to do to the budgets; once a budget is spent it turns them into text.
type workGuard struct{}

func (workGuard) Trigger() []byte { return []byte{'[', ']', '!', '`', '*', '_', '~', '='} }

func (workGuard) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	l := limitsOf(pc, block.Source())
	b := l.enter(parent, block.Source())
	line, seg := block.PeekLine()
	run := 1
	for run < len(line) && line[run] == line[0] {
		run++
	}
	if b.exhausted {
		return literal(block, seg, run)
	}
	limit := min(b.left, l.docLeft) + 1 // scans stop here
	cost := 0
	switch line[0] {
	case '`':
		if b.closed(seg.Start+run, run) {
			return nil
		}
		return literal(block, seg, run) // what the code span parser returns
	case '*', '_', '~', '=':
		before := block.PrecendingCharacter()
		switch line[0] {
		case '~': // strikethrough takes ~ and ~~
			if run > 2 || before == '~' {
				return nil
			}
		case '=': // highlight takes ==
			if run != 2 || before == '=' {
				return nil
			}
		}
		if d := parser.ScanDelimiter(line, before, 1, delimiterChar(line[0])); d != nil {
			cost = b.delims.push(d)
		}
	case '!':
		if len(line) < 2 || line[1] != '[' {
			return nil
		}
		cost = 1 + l.openCost(parent, line[1:], limit)
		b.openers++
	case '[':
		cost = l.openCost(parent, line, limit)
		b.openers++
	case ']':
		cost = b.closeCost(parent, line, seg, limit)
		b.delims.barrier() // a link takes the delimiters of its text
	}
	if cost < limit {
		b.left -= cost
		l.docLeft -= cost
		return nil
	}
	b.exhausted = true
	l.hit(seg.Start, msgWork)
	return literal(block, seg, run)
}

// literal consumes the next n bytes as text.
func literal(block text.Reader, seg text.Segment, n int) ast.Node {
	t := ast.NewTextSegment(text.NewSegment(seg.Start, seg.Start+n))
	block.Advance(n)
	return t
}

// delimiterChar lets parser.ScanDelimiter tell whether a run may close.
type delimiterChar byte

func (d delimiterChar) IsDelimiter(b byte) bool                 { return b == byte(d) }
func (delimiterChar) CanOpenCloser(_, _ *parser.Delimiter) bool { return false }
func (delimiterChar) OnMatch(int) ast.Node                      { return nil }

// enter returns the state of the inline parse of block n, new if the
// last call was for another block.
func (l *limits) enter(n ast.Node, src []byte) *inlineBlock {
	b := &l.block
	if b.node == n {
		return b
	}
	lines := n.Lines()
	size := 0
	for i := range lines.Len() {
		s := lines.At(i)
		size += s.Stop - s.Start
	}
	*b = inlineBlock{node: n, src: src, lines: lines, left: workPerByte*size + blockWorkBase}
	return b
}

// inlineBlock is the state of the inline parse of one block.
type inlineBlock struct {
	node      ast.Node
	src       []byte
	lines     *text.Segments
	left      int // units of work left
	exhausted bool
	delims    delimiters
	openers   int // at least the number of pending "[" and "![" (see closeCost)

	ticks   map[int][]int // starts of the runs of backticks, by length
	tickRun map[int]int   // index in ticks of the next run that may close
}

// delimiters models goldmark's list of emphasis, strikethrough and
// highlight delimiters, to tell what resolving them will cost: each
// delimiter that may close is compared with the earlier ones, back to one
// that matches.
type delimiters struct {
	// live is at least the number of delimiters in goldmark's list.
	live int
	// known holds the delimiters since the last barrier that are certainly
	// in goldmark's list, in order, when the delimiter at hand is processed.
	known []*parser.Delimiter
}

// push adds d and returns the cost of processing it. A closer right after
// an opener of the same character and length matches it at once (the rule
// of 3 never applies to equal lengths) and both go, as in well-formed
// emphasis, however deeply nested. Any other closer may be compared with
// all the live delimiters, and leaves the model unsure of what is left
// before it: a barrier.
func (m *delimiters) push(d *parser.Delimiter) int {
	if !d.CanClose {
		m.known = append(m.known, d)
		m.live++
		return 0
	}
	if n := len(m.known); n > 0 {
		if o := m.known[n-1]; o.CanOpen && o.Char == d.Char && o.Length == d.Length {
			m.known = m.known[:n-1]
			m.live--
			return 1 + d.Length
		}
	}
	cost := m.live
	m.barrier()
	m.live++
	return cost
}

// barrier forgets the order of the delimiters so far.
func (m *delimiters) barrier() { m.known = m.known[:0] }

// openCost is the work of the parsers of "[" at line: the wikilink parser
// looks for "]]" on the line, the citation parser for "[" or "]", the footnote
// parser for "]" (at most 1,000 bytes on) and then among the definitions.
func (l *limits) openCost(parent ast.Node, line []byte, limit int) int {
	cost := 1
	if len(line) < 3 {
		return cost
	}
	switch line[1] {
	case '[':
		cost += scanTo(line[2:], []byte("]]"), limit)
	case '^':
		cost += min(scanTo(line, []byte("]"), limit), 1000) + l.footnoteCount(parent)
	default:
		// The citation parser reads to the next [ or ].
		b := line[1:min(len(line), limit+1)]
		if i := bytes.IndexAny(b, "[]"); i >= 0 {
			b = b[:i+1]
		}
		cost += len(b)
	}
	return cost
}

// scanTo returns how many bytes of b a search for sep reads, looking at no
// more than limit bytes.
func scanTo(b, sep []byte, limit int) int {
	b = b[:min(len(b), limit)]
	if i := bytes.Index(b, sep); i >= 0 {
		return i + len(sep)
	}
	return len(b)
}

// footnoteCount returns the number of footnote definitions of the
// document that holds n, counting them the first time.
func (l *limits) footnoteCount(n ast.Node) int {
	if l.footnotes >= 0 {
		return l.footnotes
	}
	root := n
	for root.Parent() != nil {
		root = root.Parent()
	}
	l.footnotes = 0
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil
		}
		if n.Kind() == extast.KindFootnoteList {
			l.footnotes += n.ChildCount()
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return l.footnotes
}

// closeCost is the work of goldmark's link parser at "]": it takes the
// last pending "[", walks the nodes after it looking for a link, copies
// the label, and reads the destination and title after "](" or the label
// after "][".
func (b *inlineBlock) closeCost(parent ast.Node, line []byte, seg text.Segment, limit int) int {
	// Every "[" that reaches goldmark and is not taken by another parser
	// is pending until a "]" reaches it, so b.openers is never less than
	// the number of pending ones: at 0 there is nothing to look for.
	if b.openers == 0 {
		return 1
	}
	b.openers--
	cost := 1
	var opener ast.Node
	for n := parent.LastChild(); n != nil && cost < limit; n = n.PreviousSibling() {
		cost++
		if n.Kind().String() == "LinkLabelState" { // goldmark's pending "["
			opener = n
			break
		}
	}
	if opener == nil {
		return cost
	}
	cost += nodesUntilLink(opener.NextSibling(), limit-cost)
	// The label is copied, after a search for its first line that starts
	// from the block's last line.
	if p := opener.Pos(); p >= 0 && p < seg.Start {
		cost += seg.Start - p + b.lines.Len() - b.lineOf(p)
	}
	if cost < limit && len(line) > 1 {
		switch line[1] {
		case '(':
			cost += b.linkTailCost(seg.Start+2, limit-cost)
		case '[':
			c := b.cursor(seg.Start+2, limit-cost)
			c.closure('[', ']')
			cost += c.n
		}
	}
	return cost
}

// nodesUntilLink counts n, its siblings after it and their descendants,
// as goldmark does when it checks that a link text holds no link.
func nodesUntilLink(n ast.Node, limit int) int {
	cost := 0
	for ; n != nil && cost < limit; n = n.NextSibling() {
		cost++
		if _, ok := n.(*ast.Link); ok {
			return cost
		}
		cost += nodesUntilLink(n.FirstChild(), limit-cost)
	}
	return cost
}

// linkTailCost is how far goldmark reads after "](" at q: spaces, the
// destination, spaces, and a title up to its closing quote or parenthesis.
func (b *inlineBlock) linkTailCost(q, limit int) int {
	c := b.cursor(q, limit)
	c.skipSpaces()
	ch, ok := c.peek()
	if !ok || ch == ')' {
		return c.n
	}
	stop := c.lineStop()
	if ch == '<' {
		c.next()
		for c.pos < stop && !c.full() {
			ch := c.src[c.pos]
			if c.escape(stop) {
				continue
			}
			c.next()
			if ch == '>' {
				break
			}
		}
	} else {
		start, opened := c.pos, 0
		for c.pos < stop && !c.full() {
			ch := c.src[c.pos]
			if c.escape(stop) {
				continue
			}
			if ch == '(' {
				opened++
			} else if ch == ')' {
				if opened--; opened < 0 {
					break
				}
			} else if util.IsSpace(ch) {
				break
			}
			c.next()
		}
		if c.pos == start {
			return c.n
		}
	}
	c.skipSpaces()
	switch ch, _ := c.peek(); ch {
	case '"', '\'':
		c.next()
		c.closure(ch, ch)
	case '(':
		c.next()
		c.closure('(', ')')
	}
	return c.n
}

// closed reports whether a run of k backticks starts at or after off in
// the block: the code span parser looks for one to close a run of k.
func (b *inlineBlock) closed(off, k int) bool {
	if b.ticks == nil {
		b.ticks, b.tickRun = map[int][]int{}, map[int]int{}
		for i := range b.lines.Len() {
			s := b.lines.At(i)
			for p := s.Start; p < s.Stop; {
				j := bytes.IndexByte(b.src[p:s.Stop], '`')
				if j < 0 {
					break
				}
				p += j
				q := p
				for q < s.Stop && b.src[q] == '`' {
					q++
				}
				b.ticks[q-p] = append(b.ticks[q-p], p)
				p = q
			}
		}
	}
	starts := b.ticks[k]
	j := b.tickRun[k]
	for j < len(starts) && starts[j] < off {
		j++
	}
	b.tickRun[k] = j
	return j < len(starts)
}

// lineOf returns the index of the block's line that holds source offset q.
func (b *inlineBlock) lineOf(q int) int {
	return sort.Search(b.lines.Len(), func(i int) bool { return b.lines.At(i).Stop > q })
}

// cursor reads the block from source offset q, across its lines, counting
// the bytes it passes and stopping after limit of them.
func (b *inlineBlock) cursor(q, limit int) *cursor {
	return &cursor{src: b.src, lines: b.lines, line: b.lineOf(q), pos: q, limit: limit}
}

type cursor struct {
	src   []byte
	lines *text.Segments
	line  int
	pos   int
	n     int
	limit int
}

// peek returns the byte at the cursor; ok is false at the end of the block.
func (c *cursor) peek() (byte, bool) {
	for c.line < c.lines.Len() {
		s := c.lines.At(c.line)
		if c.pos < s.Start {
			c.pos = s.Start
		}
		if c.pos < s.Stop {
			return c.src[c.pos], true
		}
		c.line++
	}
	return 0, false
}

func (c *cursor) next() { c.pos++; c.n++ }

func (c *cursor) full() bool { return c.n >= c.limit }

// lineStop is the end of the cursor's line.
func (c *cursor) lineStop() int {
	if c.line < c.lines.Len() {
		return c.lines.At(c.line).Stop
	}
	return c.pos
}

// escape passes a backslash and the punctuation it escapes, if that is
// what is at the cursor.
func (c *cursor) escape(stop int) bool {
	if c.src[c.pos] == '\\' && c.pos+1 < stop && util.IsPunct(c.src[c.pos+1]) {
		c.next()
		c.next()
		return true
	}
	return false
}

func (c *cursor) skipSpaces() {
	for !c.full() {
		if ch, ok := c.peek(); !ok || !util.IsSpace(ch) {
			return
		}
		c.next()
	}
}

// closure passes everything up to the first unescaped opener or closer,
// as goldmark's FindClosure without nesting does.
func (c *cursor) closure(opener, closer byte) {
	for !c.full() {
		ch, ok := c.peek()
		if !ok {
			return
		}
		if c.escape(c.lineStop()) {
			continue
		}
		c.next()
		if ch == opener || ch == closer {
			return
		}
	}
}

// refDefChunker hands a long paragraph that starts with link reference
// definitions to goldmark's transformer a chunk of lines at a time:
// goldmark removes each definition by copying the lines after it.
type refDefChunker struct{}

func (refDefChunker) Transform(p *ast.Paragraph, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	isDef := func(s text.Segment) bool {
		v := bytes.TrimLeft(s.Value(src), " ")
		return len(v) > 0 && v[0] == '['
	}
	if p.Lines().Len() <= 2*refDefChunk || !isDef(p.Lines().At(0)) {
		return
	}
	parent := p.Parent()
	for p.Lines().Len() > 2*refDefChunk {
		lines := p.Lines()
		// End the chunk before a line that starts a definition.
		n := refDefChunk
		for n < 2*refDefChunk && !isDef(lines.At(n)) {
			n++
		}
		chunk := ast.NewParagraph()
		segs := text.NewSegments()
		segs.AppendAll(lines.Sliced(0, n))
		chunk.SetLines(segs)
		chunk.SetBlankPreviousLines(p.HasBlankPreviousLines())
		parent.InsertBefore(parent, p, chunk)
		lines.SetSliced(n, lines.Len())
		parser.LinkReferenceParagraphTransformer.Transform(chunk, reader, pc)
		if chunk.Parent() != nil {
			// The definitions ended inside the chunk: what is left of it
			// and the rest of p are the paragraph.
			rest := chunk.Lines()
			rest.AppendAll(lines.Sliced(0, lines.Len()))
			p.SetLines(rest)
			parent.RemoveChild(parent, chunk)
			return
		}
	}
}
