package graph

import (
	"math"
	"slices"
)

// A local graph is drawn twice, like a chart (see generator/chart): for
// wide screens and print, with the brief in the middle, and for phones,
// with the brief on top. Text is fontSize user units, so it reads at the
// drawing's width; the stylesheet shows one drawing. Both put the briefs
// that link to the centre on the left and those it links to on the right,
// each label beside its node: a neighbour's node on the side of the
// centre, with its label outwards; a node two links away at the outer
// edge, with its label inwards. Lines between a neighbour and a node two
// links away run through the outer margin, so no line crosses a label.
type drawing struct {
	id       string // after the figure's id, for the SVG's ids
	class    string
	width    float64
	fontSize float64
	line     float64 // line height
	top      bool    // the centre on top (phones), else in the middle
	lines    int     // the most lines of a label
}

var (
	wide   = drawing{id: "w", class: "graph-wide", width: 720, fontSize: 12, line: 15, lines: 2}
	narrow = drawing{id: "n", class: "graph-narrow", width: 360, fontSize: 12, line: 15, top: true, lines: 3}
)

const (
	margin    = 20 // the outer margin, where lines to nodes two links away run
	dotInset  = 6  // from a column's edge to its nodes' centres
	labelGap  = 9  // from a node's centre to its label
	rowPad    = 7  // between rows
	centrePad = 8  // inside the centre's box
)

type point struct{ x, y float64 }

// placed is a node as drawn.
type placed struct {
	dot    point // the node (for the centre, its box's centre)
	lines  []string
	cap    int    // the index of the line that names the relation, or -1
	cut    bool   // the lines leave out some of the title (or relation)
	anchor string // text-anchor
	tx, ty float64
	// inner and outer are where lines join the node: inner on the
	// centre's side, outer on the far side of its label.
	inner, outer point
	box          [4]float64 // the centre's box: x, y, width, height
}

// layout is a local graph placed in one drawing.
type layout struct {
	d      drawing
	height float64
	nodes  []placed
	// text holds the nodes' lines (each node's a part of it).
	text []string
	// centreLeft and centreRight are where lines join the centre from
	// each side (the same point, under its box, on phones).
	centreLeft, centreRight point
}

func (d drawing) em(ems float64) float64 { return ems * d.fontSize }

// place lays out l in drawing d, in lay (its nodes' array reused: a
// brief's page places its graph twice, a site's build once per brief).
func (l *Local) place(lay *layout, d drawing) *layout {
	nodes := slices.Grow(lay.nodes[:0], len(l.Nodes))[:len(l.Nodes)]
	clear(nodes)
	text := lay.text[:0]
	clear(text[:cap(text)])
	*lay = layout{d: d, nodes: nodes, text: text}
	g := l.g
	W := d.width
	// The centre's box.
	var cw, ch float64
	var title []string
	if d.top {
		title = wrap(g.Nodes[l.Nodes[0].Node].Title, (W-2*margin-2*centrePad)/d.fontSize/1.08, 2)
	} else {
		title = wrap(g.Nodes[l.Nodes[0].Node].Title, 10, 3)
	}
	cw = d.em(widest(title)*1.08) + 2*centrePad
	ch = float64(len(title))*d.line + 2*centrePad - (d.line - d.fontSize)
	// Each side's columns: [outer, inner] x.
	var left, right [2]float64
	if d.top {
		gutter := 28.0
		left = [2]float64{0, W/2 - gutter/2}
		right = [2]float64{W, W/2 + gutter/2}
	} else {
		gutter := 44.0
		left = [2]float64{0, W/2 - cw/2 - gutter}
		right = [2]float64{W, W/2 + cw/2 + gutter}
	}
	// Rows of each side, top to bottom.
	rows := func(side Side, col [2]float64) float64 {
		outer, inner := col[0], col[1]
		dir := 1.0 // from the inner edge towards the outer one
		if outer < inner {
			dir = -1
		}
		room := math.Abs(inner-outer) - margin - dotInset - labelGap - 4
		y := 0.0
		lastDepth := 0
		for i, n := range l.Nodes {
			if n.Side != side {
				continue
			}
			if lastDepth == 1 && n.Depth == 2 {
				y += d.line // a gap between the neighbours and those beyond
			}
			lastDepth = n.Depth
			p := placed{cap: -1}
			// The lines go to lay.text, one array for the drawing's nodes.
			// A relation's label reads in the drawing's direction:
			// "centre operated by neighbour" on the right, "neighbour
			// operated by centre" on the left.
			start := len(lay.text)
			var cut, capCut bool
			width := -1.0 // the lines' width, when known already
			if n.Label != "" && side == Right {
				lay.text, capCut = appendWrap(lay.text, n.Label, room/d.fontSize, 1)
				p.cap = 0
			}
			if title, w := g.Nodes[n.Node].Title, g.width[n.Node]; title != "" && w >= 0 && w <= room/d.fontSize {
				lay.text = append(lay.text, title) // as appendWrap would, without measuring it again
				if n.Label == "" {
					width = w // the title is the only line
				}
			} else {
				lay.text, cut = appendWrap(lay.text, title, room/d.fontSize, d.lines)
			}
			if n.Label != "" && side != Right {
				lay.text, capCut = appendWrap(lay.text, n.Label, room/d.fontSize, 1)
				p.cap = len(lay.text) - start - 1
			}
			p.cut = cut || capCut
			lines := lay.text[start:len(lay.text):len(lay.text)]
			p.lines = lines
			h := float64(len(lines)) * d.line
			cy := y + h/2
			if width < 0 {
				width = widest(lines)
			}
			w := d.em(width)
			if n.Depth == 1 {
				p.dot = point{inner + dir*dotInset, cy}
				p.tx = p.dot.x + dir*labelGap
				p.outer = point{p.tx + dir*(w+3), cy}
			} else {
				p.dot = point{outer - dir*margin, cy}
				p.tx = p.dot.x - dir*labelGap
				p.outer = p.dot
			}
			p.inner = p.dot
			if (dir > 0) == (n.Depth == 1) {
				p.anchor = "start"
			} else {
				p.anchor = "end"
			}
			// The first baseline: the lines centred on the node.
			p.ty = cy - h/2 + d.line/2 + d.fontSize*0.35
			lay.nodes[i] = p
			y += h + rowPad
		}
		return max(y-rowPad, 0)
	}
	lh := rows(Left, left)
	rh := rows(Right, right)
	shift := func(side Side, dy float64) {
		for i, n := range l.Nodes {
			if n.Side == side {
				p := &lay.nodes[i]
				p.dot.y += dy
				p.inner.y += dy
				p.outer.y += dy
				p.ty += dy
			}
		}
	}
	const pad = 6
	c := &lay.nodes[0]
	c.lines, c.cap, c.anchor = title, -1, "middle"
	if d.top {
		c.box = [4]float64{W/2 - cw/2, pad, cw, ch}
		top := pad + ch + 22
		shift(Left, top)
		shift(Right, top)
		lay.height = top + max(lh, rh) + pad
		lay.centreLeft = point{W / 2, pad + ch}
		lay.centreRight = lay.centreLeft
	} else {
		lay.height = max(lh, rh, ch) + 2*pad
		shift(Left, pad+(lay.height-2*pad-lh)/2)
		shift(Right, pad+(lay.height-2*pad-rh)/2)
		c.box = [4]float64{W/2 - cw/2, lay.height/2 - ch/2, cw, ch}
		lay.centreLeft = point{W/2 - cw/2, lay.height / 2}
		lay.centreRight = point{W/2 + cw/2, lay.height / 2}
	}
	c.dot = point{W / 2, c.box[1] + ch/2}
	c.tx = W / 2
	c.ty = c.box[1] + centrePad + d.fontSize*0.85
	return lay
}

// path writes to w (unless nil) the line from node from to node to of l
// (indices into l.Nodes) in the layout, as SVG path data, and returns the
// point and direction of its end (for the arrowhead).
func (lay *layout) path(w *writer, l *Local, from, to int) (end point, dir point) {
	a, b := &l.Nodes[from], &l.Nodes[to]
	pa, pb := &lay.nodes[from], &lay.nodes[to] // not copied: a placed node is 150 bytes
	var p0, p1, p2, p3 point
	W := lay.d.width
	switch {
	case a.Depth == 0 || b.Depth == 0:
		// The centre and a neighbour.
		n, pn := b, pb
		if b.Depth == 0 {
			n, pn = a, pa
		}
		q := lay.centreRight
		if n.Side == Left {
			q = lay.centreLeft
		}
		if lay.d.top {
			// Down the trunk under the centre, then out to the node.
			p0, p1, p2, p3 = q, point{q.x, pn.dot.y}, point{q.x, pn.dot.y}, pn.inner
		} else {
			mid := (q.x + pn.inner.x) / 2
			p0, p1, p2, p3 = q, point{mid, q.y}, point{mid, pn.dot.y}, pn.inner
		}
		if b.Depth != 0 {
			break
		}
		p0, p1, p2, p3 = p3, p2, p1, p0
	case a.Side == b.Side && a.Depth != b.Depth:
		// A neighbour and a node two links away: out to the margin, along
		// it, and in to the node, with rounded corners.
		n, f := pa, pb
		if a.Depth == 2 {
			n, f = pb, pa
		}
		dx := 4 + 8*math.Min(1, math.Abs(f.dot.y-n.dot.y)/240)
		mx, sx := dx, -1.0 // the margin's line, and the way to it
		if a.Side == Right {
			mx, sx = W-dx, 1
		}
		sy := 1.0
		if f.dot.y < n.outer.y {
			sy = -1
		}
		r := math.Min(4, math.Abs(f.dot.y-n.outer.y)/2)
		pts := [8]point{n.outer, {mx - sx*r, n.outer.y}, {mx, n.outer.y}, {mx, n.outer.y + sy*r}, {mx, f.dot.y - sy*r}, {mx, f.dot.y}, {mx - sx*r, f.dot.y}, f.dot}
		if a.Depth == 2 {
			slices.Reverse(pts[:])
		}
		if w != nil {
			// M start H corner q turn V corner q turn H end, the turns
			// relative.
			w.c('M')
			w.n(pts[0].x)
			w.c(' ')
			w.n(pts[0].y)
			w.c('H')
			w.n(pts[1].x)
			w.c('q')
			w.n(pts[2].x - pts[1].x)
			w.s(" 0 ")
			w.n(pts[3].x - pts[1].x)
			w.c(' ')
			w.n(pts[3].y - pts[1].y)
			w.c('V')
			w.n(pts[4].y)
			w.s("q0 ")
			w.n(pts[5].y - pts[4].y)
			w.c(' ')
			w.n(pts[6].x - pts[4].x)
			w.c(' ')
			w.n(pts[6].y - pts[4].y)
			w.c('H')
			w.n(pts[7].x)
		}
		return pts[7], point{pts[7].x - pts[6].x, pts[7].y - pts[6].y}
	case a.Side == b.Side:
		// Two nodes of one column: a bow beside it, on the centre's side
		// for neighbours, in the margin for nodes two links away.
		bow := 18 + 10*math.Min(1, math.Abs(pb.dot.y-pa.dot.y)/200)
		if (a.Side == Left) == (a.Depth == 2) {
			bow = -bow
		}
		if a.Depth == 2 {
			bow = bow * 0.5
		}
		p0, p1, p2, p3 = pa.dot, point{pa.dot.x - bow, pa.dot.y}, point{pb.dot.x - bow, pb.dot.y}, pb.dot
	default:
		// Across the centre.
		mid := (pa.dot.x + pb.dot.x) / 2
		p0, p1, p2, p3 = pa.dot, point{mid, pa.dot.y}, point{mid, pb.dot.y}, pb.dot
	}
	dir = point{p3.x - p2.x, p3.y - p2.y}
	if dir.x == 0 && dir.y == 0 {
		dir = point{p3.x - p0.x, p3.y - p0.y}
	}
	if w != nil {
		for i, p := range [...]point{p0, p1, p2, p3} {
			w.c("MC  "[i])
			w.n(p.x)
			w.c(' ')
			w.n(p.y)
		}
	}
	return p3, dir
}
