package markdown

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/lodestone-ssg/lodestone/generator/spool"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
	"golang.org/x/net/html"
)

// A brief's body is parsed and rendered once, at the brief stage, before
// the site stage knows where its links go. What only the site can decide is
// left as a hole in the HTML: the href of a link, whether a wikilink is
// broken, a citation's numbers, a tag's page, where a fact id is defined,
// the table a ```dataview block makes, what an ![[embed]] shows. The brief stage marks the nodes (Holes);
// the renderer writes a placeholder for each; Finish takes the placeholders
// out of the HTML again and records where each hole is (a Doc). Later, Fill
// writes the page's HTML with every hole filled, in one pass and without
// parsing anything.
//
// Each hole is keyed by what it stands for (the index of the link, the
// citation or the block in the brief, as numbered by the walk that marked
// it), so the site stage's results are attached to the node they belong to
// and never matched by position.

// HoleKind tells what a hole stands for.
type HoleKind uint8

const (
	// HoleHref is the value of an href or src attribute: the destination
	// of link Index (of the brief's Links).
	HoleHref HoleKind = iota + 1
	// HoleLinkOpen and HoleLinkClose are the tags around wikilink Index's
	// label: <a …> and </a>, or a span when the link is broken.
	HoleLinkOpen
	HoleLinkClose
	// HoleTag is a whole #tag in the text; Name is the tag.
	HoleTag
	// HoleCite is a whole [@citation], Index of the brief's Citations.
	HoleCite
	// HoleBlock starts build-time block Index (of the brief's Blocks); the
	// block as written follows, up to its end, and stays unless the fill
	// replaces it.
	HoleBlock
	// HoleEmbed starts embed Index (of the brief's Links): the link, or the
	// paragraph it is alone in, follows up to its end.
	HoleEmbed
	// HoleSection is where a top-level heading starts: Index is its level
	// and Name its id. It is filled with nothing; embeds of one section of
	// a note use it (Doc.Section).
	HoleSection
	// HoleBlockRef starts the block marked ^Name (Obsidian's block ids),
	// up to its end. It is filled with nothing; embeds of one block of a
	// note use it (Doc.BlockRef).
	HoleBlockRef
	// HoleFact is a whole fact id in the text; Name is the id.
	HoleFact
	// HoleFigure is a whole figure reference (`= [[China]].reserves_t`),
	// Index of the brief's Figures.
	HoleFigure
	holeEnd // the end of a HoleBlock, HoleEmbed or HoleBlockRef
)

// Hole is one hole of a Doc.
type Hole struct {
	Kind HoleKind
	// Block is set on a HoleEmbed that stands for a whole paragraph;
	// InPara on one with text around it in a paragraph (a note or table
	// shown there must close the paragraph and open it again).
	Block, InPara bool
	Index         int
	Name          string
	off           int32 // in Doc.html
	skip          int32 // for HoleBlock, HoleEmbed and HoleBlockRef: how many holes ahead the end is
}

// Doc is a rendered body with holes (see above). It is never modified once
// made, so one Doc may be filled by several goroutines.
type Doc struct {
	html  []byte
	holes []Hole
	// pooled: html came from spool.Buffer, and goes back once spooled.
	pooled bool
	// store, when set, holds the HTML instead (Spool), n bytes at off,
	// and after it the holes, encoded (appendHoles) in hn bytes.
	store Store
	off   int64
	n, hn int
}

// GobEncode fails: a rendered body is not kept between runs (the live
// preview's cache keeps the Markdown of briefs whose body it has not
// rendered, see brief.Stored). It lets a type that holds a *Doc, nil
// there, be encoded with encoding/gob.
func (d *Doc) GobEncode() ([]byte, error) {
	return nil, errors.New("a rendered body is not encoded")
}

// GobDecode fails: see GobEncode.
func (d *Doc) GobDecode([]byte) error {
	return errors.New("a rendered body is not decoded")
}

// Store keeps bytes out of memory (generator/spool).
type Store interface {
	// Put stores the parts one after the other; off is the first's. The
	// parts are copied: the caller may reuse them once Put returns.
	Put(parts ...[]byte) (off int64, err error)
	ReadAt(p []byte, off int64) (int, error)
}

// Spool moves d's HTML and its holes to s; Fill, Section and BlockRef read
// them back. Spool must be called before d is shared.
//
// With them goes after, in the same Put, without a copy of the three:
// Spool returns where after is.
func (d *Doc) Spool(s Store, after []byte) (int64, error) {
	enc := appendHoles(nil, d.holes)
	off, err := s.Put(d.html, enc, after)
	if err != nil {
		return 0, err
	}
	if d.pooled {
		spool.Release(d.html)
	}
	d.store, d.off, d.n, d.hn, d.html, d.holes, d.pooled = s, off, len(d.html), len(enc), nil, nil, false
	return off + int64(d.n+d.hn), nil
}

// Spooled reports whether d's HTML is in a Store.
func (d *Doc) Spooled() bool { return d.store != nil }

// parts returns d's HTML and holes, from its store if it has one (read
// into buf when it is large enough, else into new memory).
func (d *Doc) parts(buf []byte) (html []byte, holes []Hole, err error) {
	if d.store == nil {
		return d.html, d.holes, nil
	}
	buf, err = readAt(buf, d.store, d.off, d.n+d.hn)
	if err != nil {
		return nil, nil, err
	}
	holes, err = readHoles(buf[d.n:])
	return buf[:d.n], holes, err
}

// appendHoles appends holes to b, encoded for a Store: per hole its kind,
// its flags, Index, the length of Name and Name, off and skip (varints).
// A spooled Doc keeps none of them in memory: they are a tenth of what a
// brief keeps, and full of the pointers the collector must follow.
func appendHoles(b []byte, holes []Hole) []byte {
	b = binary.AppendUvarint(b, uint64(len(holes)))
	for _, h := range holes {
		var flags byte
		if h.Block {
			flags |= 1
		}
		if h.InPara {
			flags |= 2
		}
		b = append(b, byte(h.Kind), flags)
		b = binary.AppendVarint(b, int64(h.Index))
		b = binary.AppendUvarint(b, uint64(len(h.Name)))
		b = append(b, h.Name...)
		b = binary.AppendUvarint(b, uint64(h.off))
		b = binary.AppendUvarint(b, uint64(h.skip))
	}
	return b
}

// errHoles says a store gave back holes that appendHoles did not write.
var errHoles = errors.New("spooled holes are damaged")

// readHoles decodes what appendHoles wrote.
func readHoles(b []byte) ([]Hole, error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return nil, errHoles
	}
	b = b[k:]
	if n == 0 {
		return nil, nil
	}
	holes := make([]Hole, n)
	for i := range holes {
		h := &holes[i]
		if len(b) < 2 {
			return nil, errHoles
		}
		h.Kind, h.Block, h.InPara = HoleKind(b[0]), b[1]&1 != 0, b[1]&2 != 0
		b = b[2:]
		index, k := binary.Varint(b)
		if k <= 0 {
			return nil, errHoles
		}
		b = b[k:]
		nameLen, k := binary.Uvarint(b)
		if k <= 0 || nameLen > uint64(len(b)-k) {
			return nil, errHoles
		}
		b = b[k:]
		if nameLen > 0 {
			h.Name = string(b[:nameLen])
		}
		b = b[nameLen:]
		off, k := binary.Uvarint(b)
		if k <= 0 || off > math.MaxInt32 {
			return nil, errHoles
		}
		b = b[k:]
		skip, k := binary.Uvarint(b)
		if k <= 0 || skip > math.MaxInt32 {
			return nil, errHoles
		}
		b = b[k:]
		h.Index, h.off, h.skip = int(index), int32(off), int32(skip)
	}
	return holes, nil
}

// ReadBack returns the n bytes put in s at off.
func ReadBack(s Store, off int64, n int) ([]byte, error) { return readAt(nil, s, off, n) }

// ReadBackString returns the n bytes put in s at off as a string.
func ReadBackString(s Store, off int64, n int) (string, error) {
	p := scratch.Get().(*[]byte)
	defer scratch.Put(p)
	b, err := readAt(*p, s, off, n)
	if err != nil {
		return "", err
	}
	if cap(b) <= maxScratch {
		*p = b[:0]
	}
	return string(b), nil
}

// readAt reads the n bytes put in s at off into buf when it is large
// enough, else into new memory.
func readAt(buf []byte, s Store, off int64, n int) ([]byte, error) {
	if cap(buf) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if _, err := s.ReadAt(buf, off); err != nil {
		return nil, err
	}
	return buf, nil
}

// scratch holds HTML read back from a store while Fill copies it out.
var scratch = sync.Pool{New: func() any { return new([]byte) }}

// maxScratch is the largest scratch buffer kept for the next Fill.
const maxScratch = 1 << 20

// Filler returns what fills hole h. For HoleBlock and HoleEmbed, ok false
// keeps what was written (the code block, the link); for other holes the
// string is written as it is (for HoleHref, it must be escaped for an
// attribute value).
type Filler func(h Hole) (s string, ok bool)

// buffer is a writer that Fill writes to directly: a bytes.Buffer or a
// strings.Builder (no write can fail half-way).
type buffer interface {
	io.Writer
	io.StringWriter
	Grow(n int)
}

// Fill writes d to w with every hole filled by fill.
func (d *Doc) Fill(w io.Writer, fill Filler) error {
	if d == nil {
		return nil
	}
	p := scratch.Get().(*[]byte)
	defer scratch.Put(p)
	html, holes, err := d.parts(*p)
	if err != nil {
		return err
	}
	if d.store != nil && cap(html) <= maxScratch {
		*p = html[:0]
	}
	buf, direct := w.(buffer)
	if !direct {
		buf = new(bytes.Buffer)
	}
	buf.Grow(len(html) + 64*len(holes))
	at := 0
	for i := 0; i < len(holes); i++ {
		h := holes[i]
		buf.Write(html[at:h.off])
		at = int(h.off)
		if h.Kind == holeEnd {
			continue
		}
		s, ok := fill(h)
		buf.WriteString(s)
		if ok && (h.Kind == HoleBlock || h.Kind == HoleEmbed) {
			i += int(h.skip)
			at = int(holes[i].off)
		}
	}
	buf.Write(html[at:])
	if !direct {
		_, err := w.Write(buf.(*bytes.Buffer).Bytes())
		return err
	}
	return nil
}

// Section returns the part of d that a top-level heading starts, up to the
// next heading of the same or a higher level, or nil if match accepts no
// heading. match is given each heading's level and id, in order.
func (d *Doc) Section(match func(level int, id string) bool) (*Doc, error) {
	if d == nil {
		return nil, nil
	}
	html, holes, err := d.parts(nil)
	if err != nil {
		return nil, err
	}
	for i, h := range holes {
		if h.Kind != HoleSection || !match(h.Index, h.Name) {
			continue
		}
		end, endOff := len(holes), len(html)
		for j := i + 1; j < len(holes); j++ {
			if n := holes[j]; n.Kind == HoleSection && n.Index <= h.Index {
				end, endOff = j, int(n.off)
				break
			}
		}
		sub := &Doc{html: html[h.off:endOff], holes: make([]Hole, end-i)}
		for k := range sub.holes {
			sub.holes[k] = holes[i+k]
			sub.holes[k].off -= h.off
		}
		return sub, nil
	}
	return nil, nil
}

// BlockRef returns the block of d marked ^id, or nil if there is none.
func (d *Doc) BlockRef(id string) (*Doc, error) {
	if d == nil {
		return nil, nil
	}
	html, holes, err := d.parts(nil)
	if err != nil {
		return nil, err
	}
	for i, h := range holes {
		if h.Kind != HoleBlockRef || h.Name != id {
			continue
		}
		end := i + int(h.skip)
		sub := &Doc{html: html[h.off:holes[end].off], holes: slices.Clone(holes[i+1 : end])}
		for k := range sub.holes {
			sub.holes[k].off -= h.off
		}
		return sub, nil
	}
	return nil, nil
}

// Holes marks the nodes of one parsed tree as holes, before it is rendered
// with Render. Each Holes has its own random nonce, so text in a brief
// cannot forge a placeholder.
type Holes struct {
	mark  string // the placeholder prefix: prefix, nonce, '-'
	holes []Hole
}

const holePrefix = "lodestone-hole-"

// NewHoles returns an empty set of holes.
func NewHoles() *Holes { return &Holes{mark: holePrefix + rand.Text() + "-"} }

// Grow makes room for n more holes.
func (hs *Holes) Grow(n int) { hs.holes = slices.Grow(hs.holes, n) }

func (hs *Holes) add(h Hole) string {
	hs.holes = append(hs.holes, h)
	return hs.mark + strconv.Itoa(len(hs.holes)-1) + "."
}

// Href makes the destination of a Markdown link or image link Index's hole.
func (hs *Holes) Href(n ast.Node, index int) {
	m := []byte(hs.add(Hole{Kind: HoleHref, Index: index}))
	switch n := n.(type) {
	case *ast.Link:
		n.Destination = m
	case *ast.Image:
		n.Destination = m
	}
}

// WikiLink makes the tags of wikilink Index holes; its label stays.
func (hs *Holes) WikiLink(n *WikiLink, index int) {
	open := hs.add(Hole{Kind: HoleLinkOpen, Index: index})
	cls := hs.add(Hole{Kind: HoleLinkClose, Index: index})
	n.holed = true
	wrap(n, open, cls)
}

// Tag makes a #tag a hole.
func (hs *Holes) Tag(n *TagLink) { replace(n, hs.add(Hole{Kind: HoleTag, Name: n.Name})) }

// Fact makes a fact id a hole.
func (hs *Holes) Fact(n *FactRef) { replace(n, hs.add(Hole{Kind: HoleFact, Name: n.ID})) }

// Figure makes figure reference Index a hole.
func (hs *Holes) Figure(n *FigureRef, index int) {
	replace(n, hs.add(Hole{Kind: HoleFigure, Index: index}))
}

// Cite makes citation Index a hole.
func (hs *Holes) Cite(n *Citation, index int) { replace(n, hs.add(Hole{Kind: HoleCite, Index: index})) }

// Block makes fenced block Index a hole whose default is the block as written.
func (hs *Holes) Block(n ast.Node, index int) { hs.around(n, Hole{Kind: HoleBlock, Index: index}) }

// Embed makes embed Index (of Links) a hole. An embed alone in its
// paragraph stands for the paragraph: a block is not valid in a paragraph.
func (hs *Holes) Embed(n *WikiLink, index int) {
	var target ast.Node = n
	p, inPara := n.Parent().(*ast.Paragraph)
	if inPara && p.ChildCount() == 1 && p.Parent() != nil {
		target = p
	}
	block := target != ast.Node(n)
	hs.around(target, Hole{Kind: HoleEmbed, Index: index, Block: block, InPara: inPara && !block})
}

// BlockRef marks block n, given the id ^id by its writer; index numbers
// the block ids of the tree.
func (hs *Holes) BlockRef(n ast.Node, index int, id string) {
	hs.around(n, Hole{Kind: HoleBlockRef, Index: index, Name: id})
}

// Section marks a top-level heading.
func (hs *Holes) Section(n *ast.Heading, id string) {
	m := hs.add(Hole{Kind: HoleSection, Index: n.Level, Name: id})
	n.Parent().InsertBefore(n.Parent(), n, &holeBlock{start: m})
}

func (hs *Holes) around(n ast.Node, h Hole) {
	start := hs.add(h)
	end := hs.add(Hole{Kind: holeEnd, Index: h.Index})
	wrap(n, start, end)
}

// RenderDoc renders doc, marked by hs, as a Doc: sanitised as a whole
// when raw HTML is on (see sanitize.go), holes taken out (Finish).
func (m *Markdown) RenderDoc(source []byte, doc ast.Node, hs *Holes) (*Doc, error) {
	buf := rendered.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxScratch {
			buf.Reset()
			rendered.Put(buf)
		}
	}()
	bw := bufWriters.Get().(*bufio.Writer)
	bw.Reset(buf)
	err := m.Markdown.Renderer().Render(bw, source, doc) // flushes bw
	bw.Reset(nil)
	bufWriters.Put(bw)
	if err != nil {
		return nil, err
	}
	out := buf.Bytes()
	// Only raw HTML needs the sanitiser: everything else was written by
	// Lodestone's renderers, which escape what they are given.
	raw := m.opts.RawHTML && bytes.IndexByte(source, '<') >= 0 && hasRawHTML(doc)
	if raw {
		out = m.sanitizer.policy.SanitizeBytes(out)
	}
	d := hs.Finish(out, raw)
	if len(d.html) > 0 && buf.Len() > 0 && &d.html[0] == &buf.Bytes()[0] {
		d.html = bytes.Clone(d.html) // no holes: Finish kept the buffer
	}
	return d, nil
}

// bufWriters hold what goldmark's renderer writes on its way to the
// buffer: given a writer that is not a bufio.Writer, it makes one per
// render.
var bufWriters = sync.Pool{New: func() any { return bufio.NewWriter(nil) }}

// rendered holds the output of goldmark's renderer until Finish copies
// it out without its placeholders.
var rendered = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// hasRawHTML reports whether the tree holds raw HTML.
func hasRawHTML(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if k := n.Kind(); entering && (k == ast.KindRawHTML || k == ast.KindHTMLBlock) {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// Finish takes the placeholders out of out, the HTML rendered from the
// marked tree, and returns it as a Doc. With raw HTML (sanitised), a
// placeholder counts only where the renderer put it: in text for markup, in
// a tag for an href; anywhere else (inside an attribute a writer's HTML left
// open) it is dropped, and with it any block or embed it starts or ends.
func (hs *Holes) Finish(out []byte, rawHTML bool) *Doc {
	d := &Doc{}
	if len(hs.holes) == 0 {
		d.html = out
		return d
	}
	clean := spool.Buffer(len(out))
	d.pooled = true
	// Room for every hole: most are found, and those left out cost less
	// than growing a list that the built site keeps.
	d.holes = make([]Hole, 0, len(hs.holes))
	// take copies seg without its placeholders; inTag says it is a tag
	// (with raw HTML), nil that it is all Lodestone's output.
	mark := []byte(hs.mark) // once: 42 bytes, a conversion in the loop is an allocation
	take := func(seg []byte, inTag *bool) {
		for {
			i := bytes.Index(seg, mark)
			if i < 0 {
				break
			}
			clean = append(clean, seg[:i]...)
			seg = seg[i+len(mark):]
			dot := bytes.IndexByte(seg, '.')
			if dot < 0 {
				break
			}
			k, err := strconv.Atoi(string(seg[:dot]))
			seg = seg[dot+1:]
			if err != nil || k < 0 || k >= len(hs.holes) {
				continue
			}
			h := hs.holes[k]
			if inTag == nil || (h.Kind == HoleHref) == *inTag {
				h.off = int32(len(clean))
				d.holes = append(d.holes, h)
			}
		}
		clean = append(clean, seg...)
	}
	if !rawHTML {
		// Only Lodestone's renderers write markup: every placeholder is
		// where they put it.
		take(out, nil)
	} else {
		z := html.NewTokenizer(bytes.NewReader(out))
		for {
			tt := z.Next()
			inTag := tt == html.StartTagToken || tt == html.SelfClosingTagToken
			take(z.Raw(), &inTag)
			if tt == html.ErrorToken {
				break
			}
		}
	}
	d.html = clean
	if d.holes = pairUp(d.holes); cap(d.holes)-len(d.holes) > len(d.holes)/4 {
		d.holes = slices.Clone(d.holes) // without much room left over
	}
	return d
}

// pairUp links every HoleBlock, HoleEmbed and HoleBlockRef to its end, and drops those
// that lost one of the two.
func pairUp(holes []Hole) []Hole {
	var stack []int
	drop := make([]bool, len(holes))
	for i, h := range holes {
		switch h.Kind {
		case HoleBlock, HoleEmbed, HoleBlockRef:
			stack = append(stack, i)
		case holeEnd:
			if n := len(stack); n > 0 && holes[stack[n-1]].Index == h.Index {
				holes[stack[n-1]].skip = int32(i - stack[n-1])
				stack = stack[:n-1]
			} else {
				drop[i] = true
			}
		}
	}
	for _, i := range stack {
		drop[i] = true
	}
	out := holes[:0]
	for i, h := range holes {
		if !drop[i] {
			out = append(out, h)
		}
	}
	// Dropping shifted the holes: count the skips again.
	stack = stack[:0]
	for i, h := range out {
		switch h.Kind {
		case HoleBlock, HoleEmbed, HoleBlockRef:
			stack = append(stack, i)
		case holeEnd:
			n := len(stack)
			out[stack[n-1]].skip = int32(i - stack[n-1])
			stack = stack[:n-1]
		}
	}
	return out
}

// wrap puts n inside a node that writes start before it and end after it.
func wrap(n ast.Node, start, end string) {
	parent := n.Parent()
	var w ast.Node
	if n.Type() == ast.TypeBlock {
		w = &holeBlock{start: start, end: end}
	} else {
		w = &holeInline{start: start, end: end}
	}
	parent.ReplaceChild(parent, n, w)
	w.AppendChild(w, n)
}

// replace puts a node that writes m in n's place.
func replace(n ast.Node, m string) {
	n.Parent().ReplaceChild(n.Parent(), n, &holeInline{start: m})
}

var (
	kindHoleInline = ast.NewNodeKind("LodestoneHoleInline")
	kindHoleBlock  = ast.NewNodeKind("LodestoneHoleBlock")
)

type holeInline struct {
	ast.BaseInline
	start, end string
}

type holeBlock struct {
	ast.BaseBlock
	start, end string
}

func (n *holeInline) Kind() ast.NodeKind            { return kindHoleInline }
func (n *holeInline) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }
func (n *holeInline) marks() (string, string)       { return n.start, n.end }
func (n *holeBlock) Kind() ast.NodeKind             { return kindHoleBlock }
func (n *holeBlock) Dump(source []byte, level int)  { ast.DumpHelper(n, source, level, nil, nil) }
func (n *holeBlock) marks() (string, string)        { return n.start, n.end }

type holeRenderer struct{}

func (holeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindHoleInline, renderHole)
	reg.Register(kindHoleBlock, renderHole)
}

func renderHole(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	start, end := n.(interface{ marks() (string, string) }).marks()
	if entering {
		_, _ = w.WriteString(start)
	} else {
		_, _ = w.WriteString(end)
	}
	return ast.WalkContinue, nil
}
