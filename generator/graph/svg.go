package graph

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/numfmt"
)

func esc(s string) string { return html.EscapeString(s) }

// num writes a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// shapes are the marks of node types, by the type's place in Graph.Types
// (modulo their number), centred on the node: a circle, a square, a
// diamond, a triangle and a hexagon. Colours (classes g0…g5, set by the
// stylesheet for light and dark) cycle separately, so 30 types look apart.
const nShapes, nColours = 5, 6

// mark draws the mark of a node of type index t (-1: untyped, a ring) at p.
func mark(b *strings.Builder, t int, p point, class string) {
	x, y := p.x, p.y
	if t < 0 {
		fmt.Fprintf(b, `<circle class="g-none%s" cx="%s" cy="%s" r="4.5"/>`, class, num(x), num(y))
		return
	}
	cls := fmt.Sprintf("g%d%s", t%nColours, class)
	switch t % nShapes {
	case 0:
		fmt.Fprintf(b, `<circle class="%s" cx="%s" cy="%s" r="5.5"/>`, cls, num(x), num(y))
	case 1:
		fmt.Fprintf(b, `<path class="%s" d="M%s %sh9.6v9.6h-9.6z"/>`, cls, num(x-4.8), num(y-4.8))
	case 2:
		fmt.Fprintf(b, `<path class="%s" d="M%s %sl6.4 6.4-6.4 6.4-6.4-6.4z"/>`, cls, num(x), num(y-6.4))
	case 3:
		fmt.Fprintf(b, `<path class="%s" d="M%s %sl6.2 10.4h-12.4z"/>`, cls, num(x), num(y-6.6))
	default:
		fmt.Fprintf(b, `<path class="%s" d="M%s %sl5.2 3v6l-5.2 3-5.2-3v-6z"/>`, cls, num(x), num(y-6))
	}
}

// Figure is the local graph as HTML: a figure with the two drawings, a
// caption and a legend. link turns a site URL into a link from the page;
// graphPage is the link to the site's graph page ("" for none); id is
// unique on the page and prefixes the SVG's ids.
func (l *Local) Figure(id string, link func(url string) string, graphPage string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="graph graph-local" id="%s">`, id)
	for _, d := range []drawing{wide, narrow} {
		l.svg(&b, id, d, link)
	}
	b.WriteString(`<figcaption>`)
	b.WriteString(esc(l.caption()))
	if graphPage != "" {
		fmt.Fprintf(&b, ` <a href="%s">The whole site’s graph</a>.`, esc(graphPage))
	}
	b.WriteString(`</figcaption>`)
	l.legend(&b)
	b.WriteString(`</figure>`)
	return b.String()
}

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
	cls := "e-link"
	switch {
	case e.Kind == Relation:
		cls = "e-rel"
	case e.To == 0:
		cls = "e-back"
	}
	if e.From == 0 || e.To == 0 {
		cls += " c"
	}
	return cls
}

func (l *Local) svg(b *strings.Builder, id string, d drawing, link func(string) string) {
	g := l.g
	lay := l.place(d)
	sid := id + "-" + d.id
	fmt.Fprintf(b, `<svg class="%s" viewBox="0 0 %s %s" font-size="%s" role="group" aria-labelledby="%s-t %s-d">`,
		d.class, num(d.width), num(lay.height), num(d.fontSize), sid, sid)
	fmt.Fprintf(b, `<title id="%s-t">Connections of %s</title><desc id="%s-d">%s</desc>`, sid, esc(g.Nodes[l.Nodes[0].Node].Title), sid, esc(l.desc()))
	// Lines first, under the nodes and labels.
	b.WriteString(`<g class="edges" aria-hidden="true">`)
	for _, ln := range l.lines() {
		path, end, dir := lay.path(l, ln.from, ln.to)
		fmt.Fprintf(b, `<g class="%s">`, ln.class)
		if ln.title != "" {
			fmt.Fprintf(b, `<title>%s</title>`, esc(ln.title))
		}
		fmt.Fprintf(b, `<path d="%s"/>`, path)
		arrow(b, end, dir, ln.to != 0)
		if ln.both {
			_, end, dir := lay.path(l, ln.to, ln.from)
			arrow(b, end, dir, ln.from != 0)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</g>`)
	// The nodes, left side first, as links with their labels.
	for i, n := range l.Nodes {
		p := lay.nodes[i]
		node := g.Nodes[n.Node]
		if i == 0 {
			bx := p.box
			fmt.Fprintf(b, `<g class="centre"><rect x="%s" y="%s" width="%s" height="%s" rx="6"/>`, num(bx[0]), num(bx[1]), num(bx[2]), num(bx[3]))
			text(b, p, d)
			b.WriteString(`</g>`)
			continue
		}
		// The link's name is its text as shown (the caption, the whole
		// title); its title (a tooltip, and its description) adds the type.
		label := node.Title
		if n.Label != "" {
			if n.Side == Right {
				label = n.Label + " " + label
			} else {
				label += " " + n.Label
			}
		}
		tip := node.Title
		if node.Type != "" {
			tip += " (" + node.Type + ")"
		}
		fmt.Fprintf(b, `<a href="%s" aria-label="%s"><title>%s</title>`, esc(link(node.URL)), esc(label), esc(tip))
		mark(b, g.typeIndex(node.Type), p.dot, "")
		text(b, p, d)
		b.WriteString(`</a>`)
	}
	b.WriteString(`</svg>`)
}

// text writes a node's label.
func text(b *strings.Builder, p placed, d drawing) {
	fmt.Fprintf(b, `<text x="%s" y="%s"`, num(p.tx), num(p.ty))
	if p.anchor != "start" {
		fmt.Fprintf(b, ` text-anchor="%s"`, p.anchor)
	}
	b.WriteString(`>`)
	if len(p.lines) == 1 && p.cap < 0 {
		b.WriteString(esc(p.lines[0]))
		b.WriteString(`</text>`)
		return
	}
	for i, line := range p.lines {
		b.WriteString(`<tspan`)
		if i > 0 {
			fmt.Fprintf(b, ` x="%s" dy="%s"`, num(p.tx), num(d.line))
		}
		if i == p.cap {
			b.WriteString(` class="cap"`)
		}
		// Lines read as words ("for rare", not "forrare") through a
		// no-break space, which minifiers keep: at the end of a line
		// before another, or at the start of a right-aligned line after
		// another, where it does not move the text.
		switch {
		case p.anchor == "end" && i > 0:
			line = "\u00a0" + line
		case p.anchor != "end" && i < len(p.lines)-1:
			line += "\u00a0"
		}
		fmt.Fprintf(b, `>%s</tspan>`, esc(line))
	}
	b.WriteString(`</text>`)
}

// arrow draws an arrowhead ending at end, pointing along dir, short of a
// node's mark when toNode.
func arrow(b *strings.Builder, end, dir point, toNode bool) {
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
	fmt.Fprintf(b, `<path class="ah" d="M%s %sL%s %sL%s %sz"/>`, num(tip.x), num(tip.y), num(bx-uy*half), num(by+ux*half), num(bx+uy*half), num(by-ux*half))
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
func (l *Local) lines() []line {
	g := l.g
	at := map[[2]int]Edge{}
	for _, e := range l.Edges {
		at[[2]int{e.From, e.To}] = e
	}
	var out []line
	for _, e := range l.Edges {
		a, b := l.Nodes[e.From], l.Nodes[e.To]
		if a.Depth+b.Depth != 1 && (a.Depth+b.Depth != 3 || a.Side != b.Side) {
			continue
		}
		r, back := at[[2]int{e.To, e.From}]
		if back && e.From > e.To {
			continue
		}
		ln := line{from: e.From, to: e.To, class: l.edgeClass(e), both: back}
		if back {
			switch {
			case e.Kind == Relation:
			case r.Kind == Relation:
				ln.class = l.edgeClass(r)
			default:
				ln.class = strings.Replace(ln.class, "e-back", "e-link", 1)
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
func (l *Local) legend(b *strings.Builder) {
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
	for _, ln := range l.lines() {
		kinds[strings.Fields(ln.class)[0]] = true
	}
	b.WriteString(`<ul class="graph-legend">`)
	for _, t := range g.Types {
		if !seen[t] {
			continue
		}
		b.WriteString(`<li><svg viewBox="-8 -8 16 16" width="14" height="14" aria-hidden="true">`)
		mark(b, g.typeIndex(t), point{0, 0}, "")
		fmt.Fprintf(b, `</svg>%s</li>`, esc(t))
	}
	if seen[""] {
		b.WriteString(`<li><svg viewBox="-8 -8 16 16" width="14" height="14" aria-hidden="true">`)
		mark(b, -1, point{0, 0}, "")
		b.WriteString(`</svg>no type</li>`)
	}
	for _, k := range []struct{ class, text string }{
		{"e-rel", "typed relation, named by its label"},
		{"e-link", "links to"},
		{"e-back", "links here"},
	} {
		if kinds[k.class] {
			fmt.Fprintf(b, `<li><svg viewBox="0 0 28 10" width="28" height="10" aria-hidden="true"><g class="%s c"><path d="M1 5H21"/><path class="ah" d="M27 5L20.5 8.5V1.5z"/></g></svg>%s</li>`, k.class, k.text)
		}
	}
	b.WriteString(`</ul>`)
}
