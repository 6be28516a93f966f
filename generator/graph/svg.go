package graph

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/lodestone-ssg/lodestone/generator/numfmt"
)

func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// writer appends markup to a byte slice, without fmt: a local graph is
// drawn for every brief, twice, so its cost counts in a build of
// thousands.
type writer struct{ b []byte }

func (w *writer) s(parts ...string) {
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
}

// c writes one byte: a path's letters and the spaces between numbers,
// without s's copy of a string.
func (w *writer) c(b byte) { w.b = append(w.b, b) }

// n writes a coordinate with at most one decimal, as num does (and
// faster than strconv's shortest form).
func (w *writer) n(v float64) {
	t := int64(math.Round(v * 10))
	if t < 0 {
		w.b = append(w.b, '-')
		t = -t
	}
	// Most coordinates have up to four digits: written a digit count at
	// a time, each append a single one, without strconv's calls.
	switch q := int(t / 10); {
	case q < 10:
		w.b = append(w.b, byte('0'+q))
	case q < 100:
		w.b = append(w.b, byte('0'+q/10), byte('0'+q%10))
	case q < 1000:
		w.b = append(w.b, byte('0'+q/100), byte('0'+q/10%10), byte('0'+q%10))
	case q < 10000:
		w.b = append(w.b, byte('0'+q/1000), byte('0'+q/100%10), byte('0'+q/10%10), byte('0'+q%10))
	default:
		w.b = strconv.AppendInt(w.b, t/10, 10)
	}
	if d := t % 10; d != 0 {
		w.b = append(w.b, '.', byte('0'+d))
	}
}

func (w *writer) i(v int) { w.b = strconv.AppendInt(w.b, int64(v), 10) }

// esc writes s escaped for HTML text and quoted attributes: the runs
// between the bytes it replaces are copied whole.
func (w *writer) esc(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var repl string
		switch s[i] {
		case '&':
			repl = "&amp;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		case '"':
			repl = "&#34;"
		case '\'':
			repl = "&#39;"
		default:
			continue
		}
		w.b = append(w.b, s[last:i]...)
		w.b = append(w.b, repl...)
		last = i + 1
	}
	w.b = append(w.b, s[last:]...)
}

// shapes are the marks of node types, by the type's place in Graph.Types
// (modulo their number), centred on the node: a circle, a square, a
// diamond, a triangle and a hexagon. Colours (classes g0…g5, set by the
// stylesheet for light and dark) cycle separately, so 30 types look apart.
const nShapes, nColours = 5, 6

// mark draws the mark of a node of type index t (-1: untyped, a ring) at p.
func mark(w *writer, t int, p point) {
	x, y := p.x, p.y
	if t < 0 {
		w.s(`<circle class="g-none" cx="`)
		w.n(x)
		w.s(`" cy="`)
		w.n(y)
		w.s(`" r="4.5"/>`)
		return
	}
	cls := "g" + strconv.Itoa(t%nColours)
	if t%nShapes == 0 {
		w.s(`<circle class="`, cls, `" cx="`)
		w.n(x)
		w.s(`" cy="`)
		w.n(y)
		w.s(`" r="5.5"/>`)
		return
	}
	var dx, dy float64
	var rest string
	switch t % nShapes {
	case 1:
		dx, dy, rest = -4.8, -4.8, "h9.6v9.6h-9.6z"
	case 2:
		dy, rest = -6.4, "l6.4 6.4-6.4 6.4-6.4-6.4z"
	case 3:
		dy, rest = -6.6, "l6.2 10.4h-12.4z"
	default:
		dy, rest = -6, "l5.2 3v6l-5.2 3-5.2-3v-6z"
	}
	w.s(`<path class="`, cls, `" d="M`)
	w.n(x + dx)
	w.c(' ')
	w.n(y + dy)
	w.s(rest, `"/>`)
}

// Figure is the local graph as HTML: a figure with the two drawings, a
// caption and a legend. link turns a site URL into a link from the page;
// graphPage is the link to the site's graph page ("" for none); id is
// unique on the page and prefixes the SVG's ids.
func (l *Local) Figure(id string, link func(url string) string, graphPage string) string {
	appendLink := func(dst []byte, url string) []byte { return append(dst, link(url)...) }
	return string(l.AppendFigure(make([]byte, 0, 16<<10), id, appendLink, graphPage))
}

// AppendFigure appends Figure to dst (a figure is about 15 KB), with
// appendLink appending the link to a site URL.
func (l *Local) AppendFigure(dst []byte, id string, appendLink func(dst []byte, url string) []byte, graphPage string) []byte {
	w := &writer{b: dst}
	w.s(`<figure class="graph graph-local" id="`)
	w.esc(id)
	w.s(`">`)
	fs := figureScratches.Get().(*figureScratch)
	defer func() {
		clear(fs.lines)
		clear(fs.hrefs)
		figureScratches.Put(fs)
	}()
	fs.lines = l.lines(fs.lines[:0])
	lines := fs.lines
	fs.hrefs = l.hrefs(fs, appendLink)
	desc := l.desc() // the same in both drawings
	for _, d := range []drawing{wide, narrow} {
		l.svg(w, id, d, lines, fs.hrefs, desc)
	}
	w.s(`<figcaption>`)
	w.esc(l.caption())
	if graphPage != "" {
		w.s(` <a href="`)
		w.esc(graphPage)
		w.s(`">The whole site’s graph</a>.`)
	}
	w.s(`</figcaption>`)
	l.legend(w, lines)
	w.s(`</figure>`)
	return w.b
}

// hrefs are the links to l's nodes (the centre's ""), escaped for an
// attribute, written once for both drawings into fs.href, one array
// without a string each.
func (l *Local) hrefs(fs *figureScratch, appendLink func(dst []byte, url string) []byte) [][]byte {
	buf, ends := fs.href[:0], fs.ends[:0]
	for _, n := range l.Nodes {
		start := len(buf)
		if len(ends) > 0 { // not the centre
			buf = appendLink(buf, l.g.Nodes[n.Node].URL)
			if bytes.ContainsAny(buf[start:], `&<>"'`) {
				raw := string(buf[start:])
				w := writer{b: buf[:start]}
				w.esc(raw)
				buf = w.b
			}
		}
		ends = append(ends, len(buf))
	}
	fs.href, fs.ends = buf, ends
	hrefs := slices.Grow(fs.hrefs[:0], len(ends))
	start := 0
	for _, end := range ends {
		hrefs = append(hrefs, buf[start:end:end])
		start = end
	}
	return hrefs
}

// figureScratch holds what AppendFigure works with, for the next figure.
type figureScratch struct {
	lines []line
	hrefs [][]byte // parts of href
	href  []byte
	ends  []int
}

var figureScratches = sync.Pool{New: func() any { return new(figureScratch) }}

// layouts holds layouts for svg to place drawings in.
var layouts = sync.Pool{New: func() any { return new(layout) }}

// counts are the neighbours on each side and the nodes two links away.
func (l *Local) counts() (left, right, far int) {
	for _, n := range l.Nodes {
		switch {
		case n.Depth == 2:
			far++
		case n.Side == Left:
			left++
		case n.Side == Right:
			right++
		}
	}
	return
}

func (l *Local) caption() string {
	left, right, _ := l.counts()
	var s string
	switch {
	case left > 0 && right > 0:
		s = "Left, the briefs that link here; right, the briefs this one links to; below each, the briefs two links away."
	case left > 0:
		s = "The briefs that link here, and below them the briefs two links away."
	default:
		s = "The briefs this one links to, and below them the briefs two links away."
	}
	var more []string
	if l.MoreNear > 0 {
		more = append(more, fmt.Sprintf("%d more linked directly", l.MoreNear))
	}
	if l.MoreFar > 0 {
		more = append(more, fmt.Sprintf("%d more two links away", l.MoreFar))
	}
	if len(more) > 0 {
		s += " Not shown: " + strings.Join(more, " and ") + "."
	}
	return s
}

// desc says in words what the drawing shows.
func (l *Local) desc() string {
	g := l.g
	left, right, far := l.counts()
	c := g.Nodes[l.Nodes[0].Node].Title
	parts := []string{}
	if right > 0 {
		parts = append(parts, fmt.Sprintf("%s links to %s", c, plural(right, "brief")))
	}
	if left > 0 {
		verb := "link"
		if left == 1 {
			verb = "links"
		}
		parts = append(parts, fmt.Sprintf("%s %s to %s", plural(left, "brief"), verb, c))
	}
	if far > 0 {
		verb := "are"
		if far == 1 {
			verb = "is"
		}
		parts = append(parts, fmt.Sprintf("%s %s two links away", plural(far, "brief"), verb))
	}
	return strings.Join(parts, "; ") + "."
}

func plural(n int, one string) string {
	if n == 1 {
		return "1 " + one
	}
	return numfmt.Format(float64(n)) + " " + one + "s"
}

// edgeClass is how an edge looks: a typed relation, a link to the centre
// (a backlink), or another link; "c" marks those touching the centre.
func (l *Local) edgeClass(e Edge) string {
	c := e.From == 0 || e.To == 0
	switch {
	case e.Kind == Relation && c:
		return "e-rel c"
	case e.Kind == Relation:
		return "e-rel"
	case e.To == 0:
		return "e-back c"
	case c:
		return "e-link c"
	}
	return "e-link"
}

func (l *Local) svg(w *writer, id string, d drawing, lines []line, hrefs [][]byte, desc string) {
	g := l.g
	lay := layouts.Get().(*layout)
	defer layouts.Put(lay)
	l.place(lay, d)
	sid := id + "-" + d.id
	w.s(`<svg class="`, d.class, `" viewBox="0 0 `)
	w.n(d.width)
	w.c(' ')
	w.n(lay.height)
	w.s(`" font-size="`)
	w.n(d.fontSize)
	w.s(`" role="group" aria-labelledby="`, sid, `-t `, sid, `-d">`)
	w.s(`<title id="`, sid, `-t">Connections of `)
	w.esc(g.Nodes[l.Nodes[0].Node].Title)
	w.s(`</title><desc id="`, sid, `-d">`)
	w.esc(desc)
	w.s(`</desc>`)
	// Lines first, under the nodes and labels.
	w.s(`<g class="edges" aria-hidden="true">`)
	for _, ln := range lines {
		centre := ln.from == 0 || ln.to == 0
		// A line alone is a path; with a title or arrowheads, a group.
		group := ln.title != "" || centre
		if group {
			w.s(`<g class="`, ln.class, `">`)
			if ln.title != "" {
				w.s(`<title>`)
				w.esc(ln.title)
				w.s(`</title>`)
			}
			w.s(`<path d="`)
		} else {
			w.s(`<path class="`, ln.class, `" d="`)
		}
		end, dir := lay.path(w, l, ln.from, ln.to)
		w.s(`"/>`)
		// Arrowheads on the centre's lines only; the others say that two
		// briefs are linked, which is what the second ring is about.
		if centre {
			arrow(w, end, dir, ln.to != 0)
			if ln.both {
				end, dir := lay.path(nil, l, ln.to, ln.from)
				arrow(w, end, dir, ln.from != 0)
			}
		}
		if group {
			w.s(`</g>`)
		}
	}
	w.s(`</g>`)
	// The nodes, left side first, as links with their labels.
	for i, n := range l.Nodes {
		p := &lay.nodes[i]
		node := g.Nodes[n.Node]
		if i == 0 {
			w.s(`<g class="centre"><rect x="`)
			w.n(p.box[0])
			w.s(`" y="`)
			w.n(p.box[1])
			w.s(`" width="`)
			w.n(p.box[2])
			w.s(`" height="`)
			w.n(p.box[3])
			w.s(`" rx="6"/>`)
			text(w, p, d)
			w.s(`</g>`)
			continue
		}
		// The link's name is its text as shown, the relation and the
		// title (its lines run together through no-break spaces), or the
		// whole of them where the lines leave some out.
		w.s(`<a href="`)
		w.b = append(w.b, hrefs[i]...) // escaped
		if p.cut {
			w.s(`" aria-label="`)
			switch {
			case n.Label == "":
				w.esc(node.Title)
			case n.Side == Right:
				w.esc(n.Label)
				w.c(' ')
				w.esc(node.Title)
			default:
				w.esc(node.Title)
				w.c(' ')
				w.esc(n.Label)
			}
		}
		w.s(`">`)
		mark(w, g.typeIndex(node.Type), p.dot)
		text(w, p, d)
		w.s(`</a>`)
	}
	w.s(`</svg>`)
}

// text writes a node's label.
func text(w *writer, p *placed, d drawing) {
	w.s(`<text x="`)
	w.n(p.tx)
	w.s(`" y="`)
	w.n(p.ty)
	w.c('"')
	if p.anchor != "start" {
		w.s(` text-anchor="`, p.anchor, `"`)
	}
	w.c('>')
	if len(p.lines) == 1 && p.cap < 0 {
		w.esc(p.lines[0])
		w.s(`</text>`)
		return
	}
	for i, line := range p.lines {
		w.s(`<tspan`)
		if i > 0 {
			w.s(` x="`)
			w.n(p.tx)
			w.s(`" dy="`)
			w.n(d.line)
			w.c('"')
		}
		if i == p.cap {
			w.s(` class="cap"`)
		}
		w.c('>')
		// Lines read as words ("for rare", not "forrare") through a
		// no-break space, which minifiers keep: at the end of a line
		// before another, or at the start of a right-aligned line after
		// another, where it does not move the text.
		if p.anchor == "end" && i > 0 {
			w.s("\u00a0")
		}
		w.esc(line)
		if p.anchor != "end" && i < len(p.lines)-1 {
			w.s("\u00a0")
		}
		w.s(`</tspan>`)
	}
	w.s(`</text>`)
}

// arrow draws an arrowhead ending at end, pointing along dir, short of a
// node's mark when toNode.
func arrow(w *writer, end, dir point, toNode bool) {
	n := math.Hypot(dir.x, dir.y)
	if n == 0 {
		return
	}
	ux, uy := dir.x/n, dir.y/n
	tip := end
	if toNode {
		tip = point{end.x - ux*8, end.y - uy*8}
	}
	const length, half = 6.5, 3.5
	bx, by := tip.x-ux*length, tip.y-uy*length
	w.s(`<path class="ah" d="M`)
	w.n(tip.x)
	w.c(' ')
	w.n(tip.y)
	w.c('L')
	w.n(bx - uy*half)
	w.c(' ')
	w.n(by + ux*half)
	w.c('L')
	w.n(bx + uy*half)
	w.c(' ')
	w.n(by - ux*half)
	w.s(`z"/>`)
}

// line is a line drawn between two nodes (indices into Local.Nodes).
type line struct {
	from, to int
	class    string
	both     bool   // links both ways: an arrowhead at each end
	title    string // a typed relation in words
}

// lines are the lines of l's drawings: one per edge, or per pair of nodes
// that link both ways (a typed relation's look, if either is one). Only
// the links that make the drawing's story are drawn: those of the centre,
// and those of each node two links away with the neighbours on its side.
// (Lines between neighbours, or across the centre, would make a tangle of
// what reads as a list.)
func (l *Local) lines(out []line) []line {
	g := l.g
	// l.Edges are sorted by From, then To.
	at := func(from, to int) (Edge, bool) {
		i, ok := slices.BinarySearchFunc(l.Edges, Edge{From: from, To: to}, func(a, b Edge) int {
			return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To))
		})
		if !ok {
			return Edge{}, false
		}
		return l.Edges[i], true
	}
	for _, e := range l.Edges {
		a, b := l.Nodes[e.From], l.Nodes[e.To]
		if a.Depth+b.Depth != 1 && (a.Depth+b.Depth != 3 || a.Side != b.Side) {
			continue
		}
		r, back := at(e.To, e.From)
		if back && e.From > e.To {
			continue
		}
		ln := line{from: e.From, to: e.To, class: l.edgeClass(e), both: back}
		if back {
			switch {
			case e.Kind == Relation:
			case r.Kind == Relation:
				ln.class = l.edgeClass(r)
			case ln.class == "e-back c":
				ln.class = "e-link c"
			}
		}
		title := func(e Edge) string {
			return g.Nodes[l.Nodes[e.From].Node].Title + " " + e.Label + " " + g.Nodes[l.Nodes[e.To].Node].Title
		}
		var ts []string
		if e.Kind == Relation {
			ts = append(ts, title(e))
		}
		if back && r.Kind == Relation {
			ts = append(ts, title(r))
		}
		ln.title = strings.Join(ts, "; ")
		out = append(out, ln)
	}
	return out
}

// legend writes what the marks and lines mean: the types shown and the
// kinds of line drawn.
func (l *Local) legend(w *writer, lines []line) {
	g := l.g
	seen := map[string]bool{}
	var types []string
	for _, n := range l.Nodes[1:] {
		t := g.Nodes[n.Node].Type
		if !seen[t] {
			seen[t] = true
			types = append(types, t)
		}
	}
	kinds := map[string]bool{}
	for _, ln := range lines {
		class, _, _ := strings.Cut(ln.class, " ")
		kinds[class] = true
	}
	w.s(`<ul class="graph-legend">`)
	for _, t := range g.Types {
		if !seen[t] {
			continue
		}
		w.s(`<li><svg viewBox="-8 -8 16 16" width="14" height="14" aria-hidden="true">`)
		mark(w, g.typeIndex(t), point{0, 0})
		w.s(`</svg>`)
		w.esc(t)
		w.s(`</li>`)
	}
	if seen[""] {
		w.s(`<li><svg viewBox="-8 -8 16 16" width="14" height="14" aria-hidden="true">`)
		mark(w, -1, point{0, 0})
		w.s(`</svg>no type</li>`)
	}
	for _, k := range []struct{ class, text string }{
		{"e-rel", "typed relation, named by its label"},
		{"e-link", "links to"},
		{"e-back", "links here"},
	} {
		if kinds[k.class] {
			w.s(`<li><svg viewBox="0 0 28 10" width="28" height="10" aria-hidden="true"><g class="`, k.class, ` c"><path d="M1 5H21"/><path class="ah" d="M27 5L20.5 8.5V1.5z"/></g></svg>`, k.text, `</li>`)
		}
	}
	w.s(`</ul>`)
}
