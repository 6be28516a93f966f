package graph

import (
	"cmp"
	"slices"
	"strings"
	"sync"
)

// Limits bound a local graph, so that it reads on a phone and stays small
// however linked a brief is.
type Limits struct {
	// Near is the most direct neighbours shown.
	Near int
	// Total is the most nodes shown, the brief's own included.
	Total int
}

// DefaultLimits are the limits of the local graph on brief pages.
var DefaultLimits = Limits{Near: 16, Total: 25}

// Side is where a neighbour stands in a local graph.
type Side uint8

const (
	// Centre is the brief itself.
	Centre Side = iota
	// Left holds the briefs that link to it (and no link back, or a
	// typed relation to it), and the briefs two links away through them.
	Left
	// Right holds the briefs it links to (unless only a typed relation
	// of theirs links them), and those two links away through them.
	Right
)

// LocalNode is a node of a local graph.
type LocalNode struct {
	Node  int // its index in the graph
	Depth int // 0 for the centre, 1 for a neighbour, 2 for one two links away
	Side  Side
	// Label names the typed relations between a neighbour and the centre,
	// as read in the drawing (left to right): "operated by".
	Label string
}

// Local is the neighbourhood of a brief: the nodes shown (the brief first,
// then by side, depth and order in the drawing) and the edges between
// them.
type Local struct {
	g     *Graph
	Nodes []LocalNode
	// Edges are the graph's edges between nodes shown, with From and To
	// as indices into Nodes.
	Edges []Edge
	// MoreNear and MoreFar count the neighbours, and the nodes two links
	// away, that are not shown.
	MoreNear, MoreFar int
}

// near is what a neighbour of the centre is to it.
type near struct {
	node         int
	out, in, rel bool
	// inLab and outLab are the labels of its relations to the centre and
	// of the centre's to it.
	inLab, outLab string
}

// Local returns the neighbourhood of node c within two links, at most
// lim.Near direct neighbours and lim.Total nodes in all. Neighbours come
// first, typed relations before links both ways before links one way,
// then the most linked; the places left go to the nodes two links away that
// link with the most neighbours shown. Ties go by title, so the same graph
// always gives the same neighbourhood.
func (g *Graph) Local(c int, lim Limits) *Local {
	l := locals.Get().(*Local)
	*l = Local{g: g, Nodes: l.Nodes[:0], Edges: l.Edges[:0]}
	sc := scratches.Get().(*scratch)
	defer scratches.Put(sc)
	sc.reset(len(g.Nodes))
	nb := &sc.a // neighbour -> its index in nbs
	nbs := sc.nbs[:0]
	defer func() { clear(nbs); sc.nbs = nbs[:0] }() // its array, for the next brief
	for _, h := range g.adj[c] {
		o := int(h.other)
		k, ok := nb.get(o)
		if !ok {
			k = int32(len(nbs))
			nb.set(o, k)
			nbs = append(nbs, near{node: o})
		}
		n := &nbs[k]
		if h.out {
			n.out = true
		} else {
			n.in = true
		}
		if h.rel {
			n.rel = true
			label := g.Edges[h.edge].Label
			if h.out {
				n.outLab = joinLabels(n.outLab, label)
			} else {
				n.inLab = joinLabels(n.inLab, label)
			}
		}
	}
	score := func(n *near) int {
		s := 1
		if n.rel {
			s += 4
		}
		if n.in && n.out {
			s += 2
		}
		return s
	}
	slices.SortFunc(nbs, func(a, b near) int {
		// Each key only on a tie (cmp.Or would work out all three).
		if c := cmp.Compare(score(&b), score(&a)); c != 0 {
			return c
		}
		if c := cmp.Compare(g.Degree(b.node), g.Degree(a.node)); c != 0 {
			return c
		}
		return g.byTitle(a.node, b.node)
	})
	keep := min(len(nbs), lim.Near, max(lim.Total-1, 0))
	l.MoreNear = len(nbs) - keep
	l.Nodes = slices.Grow(l.Nodes, min(max(lim.Total, 1), len(g.Nodes)))
	l.Nodes = append(l.Nodes, LocalNode{Node: c, Side: Centre})
	for _, n := range nbs[:keep] {
		// A neighbour stands on the side where its typed relation reads
		// left to right: "centre — operated by → neighbour" on the right,
		// "neighbour — operated by → centre" on the left. Otherwise a
		// neighbour the centre links to stands on the right, one that
		// only links to the centre on the left.
		ln := LocalNode{Node: n.node, Depth: 1, Side: Left}
		switch {
		case n.outLab != "":
			ln.Side, ln.Label = Right, n.outLab
		case n.inLab != "":
			ln.Label = n.inLab
		case n.out:
			ln.Side = Right
		}
		l.Nodes = append(l.Nodes, ln)
	}

	// Two links away: every node linked with a neighbour, shown or not
	// (for the count); candidates are those linked with a neighbour shown.
	// Each node found once, with what links it (sc.b: node -> its index in
	// reached): no map for what may be thousands of nodes.
	reached := sc.reached[:0]
	at := &sc.b
	for k, n := range nbs {
		isShown := k < keep
		for _, h := range g.adj[n.node] {
			o := int(h.other)
			if _, isNear := nb.get(o); o == c || isNear {
				continue
			}
			i, ok := at.get(o)
			if !ok {
				i = int32(len(reached))
				at.set(o, i)
				reached = append(reached, reach{node: h.other})
			}
			if isShown {
				r := &reached[i]
				r.links++
				r.rel = r.rel || h.rel
			}
		}
	}
	all := len(reached)
	// The candidates shown are the first few in order: they are kept in
	// order as they are found, the rest never sorted.
	keepFar := max(lim.Total-1-keep, 0)
	farOrder := func(a, b far) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.degree, a.degree); c != 0 {
			return c
		}
		return g.byTitle(a.node, b.node)
	}
	cands := sc.cands[:0]
	for _, r := range reached {
		if r.links == 0 || keepFar == 0 {
			continue
		}
		f := far{node: int(r.node), score: 2 * int(r.links), degree: g.Degree(int(r.node))}
		if r.rel {
			f.score++
		}
		if len(cands) == keepFar && farOrder(f, cands[keepFar-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(cands, f, farOrder)
		if len(cands) == keepFar {
			cands = cands[:keepFar-1]
		}
		cands = slices.Insert(cands, i, f)
	}
	sc.reached, sc.cands = reached, cands // their arrays, for the next brief
	l.MoreFar = all - len(cands)
	for _, f := range cands {
		l.Nodes = append(l.Nodes, LocalNode{Node: f.node, Depth: 2})
	}
	l.order(sc)
	pos := &sc.a // node -> its index in l.Nodes (nb is done with)
	sc.reset(len(g.Nodes))
	for i, n := range l.Nodes {
		pos.set(n.Node, int32(i))
	}
	for from, n := range l.Nodes {
		first := len(l.Edges)
		for _, h := range g.adj[n.Node] {
			if !h.out { // each edge once, from its source
				continue
			}
			if to, ok := pos.get(int(h.other)); ok {
				e := Edge{From: from, To: int(to)}
				if h.rel { // else a Link, without a label (see New)
					e.Kind, e.Label = Relation, g.Edges[h.edge].Label
				}
				l.Edges = append(l.Edges, e)
			}
		}
		// Sorted by From, then To: From is this node's, To sorted here.
		slices.SortFunc(l.Edges[first:], func(a, b Edge) int { return cmp.Compare(a.To, b.To) })
	}
	return l
}

// byTitle orders nodes by title, case-insensitively, then by URL.
func (g *Graph) byTitle(a, b int) int { return cmp.Compare(g.rank[a], g.rank[b]) }

// order puts each node two links away on a side where it has a
// neighbour, the shorter if it has neighbours on both, then sorts the nodes into the order they are drawn in:
// by side (left, right), depth, then, among neighbours, typed relations
// first (grouped by label), then by title; among nodes two links away, by
// the mean place of their neighbours (so that fewer lines cross), then by
// title.
func (l *Local) order(sc *scratch) {
	g := l.g
	sc.reset(len(g.Nodes))
	side := &sc.a // the centre and its neighbours -> their Side
	for _, n := range l.Nodes {
		if n.Depth <= 1 {
			side.set(n.Node, int32(n.Side))
		}
	}
	var count [Right + 1]int
	for _, n := range l.Nodes {
		if n.Depth == 1 {
			count[n.Side]++
		}
	}
	sideOf := func(node int) Side {
		s, _ := side.get(node)
		return Side(s) // Centre (0) if not set
	}
	nearOf := func(f int) (left, right int) {
		for _, h := range g.adj[f] {
			switch sideOf(int(h.other)) {
			case Left:
				left++
			case Right:
				right++
			}
		}
		return left, right
	}
	for i := range l.Nodes {
		n := &l.Nodes[i]
		if n.Depth != 2 {
			continue
		}
		// The side with fewer nodes, among those with a neighbour of it,
		// so that the two columns stand about as tall; else the side of
		// most of its neighbours.
		left, right := nearOf(n.Node)
		switch {
		case left > 0 && right > 0 && count[Left] != count[Right]:
			n.Side = Left
			if count[Right] < count[Left] {
				n.Side = Right
			}
		case left > right:
			n.Side = Left
		default:
			n.Side = Right
		}
		count[n.Side]++
	}
	// The nodes are sorted through keys that hold what the order asks of
	// each, so that no comparison looks anything up in the graph.
	rest := l.Nodes[1:]
	keys := sc.keys[:0]
	for i, n := range rest {
		keys = append(keys, orderKey{i: int32(i), side: n.Side, depth: int8(n.Depth), label: n.Label, rank: g.rank[n.Node]})
	}
	slices.SortFunc(keys, func(a, b orderKey) int {
		if c := cmp.Compare(a.side, b.side); c != 0 {
			return c
		}
		if c := cmp.Compare(a.depth, b.depth); c != 0 {
			return c
		}
		if a.depth == 1 {
			// Typed relations first, grouped by label.
			if c := boolFirst(a.label != "", b.label != ""); c != 0 {
				return c
			}
			if c := strings.Compare(a.label, b.label); c != 0 {
				return c
			}
		}
		return cmp.Compare(a.rank, b.rank)
	})
	// Nodes two links away by the mean place of their neighbours on their
	// side (all neighbours shown, if none is on it).
	place := &sc.b // a neighbour -> its place on its side
	for s, i := Left, int32(0); s <= Right; s++ {
		for _, k := range keys {
			if k.side == s && k.depth == 1 {
				place.set(rest[k.i].Node, i)
				i++
			}
		}
		i = 0
	}
	for j := range keys {
		k := &keys[j]
		if k.depth != 2 {
			continue
		}
		var sum, n, sumAll, nAll float64
		for _, h := range g.adj[rest[k.i].Node] {
			o := int(h.other)
			pi, ok := place.get(o)
			if !ok {
				continue
			}
			p := float64(pi)
			sumAll, nAll = sumAll+p, nAll+1
			if sideOf(o) == k.side {
				sum, n = sum+p, n+1
			}
		}
		switch {
		case n > 0:
			k.bary = sum / n
		case nAll > 0:
			k.bary = sumAll / nAll
		}
	}
	// The nodes two links away of each side, a run of keys by now.
	for from := 0; from < len(keys); {
		to := from + 1
		for to < len(keys) && keys[to].side == keys[from].side && keys[to].depth == keys[from].depth {
			to++
		}
		if keys[from].depth == 2 {
			slices.SortFunc(keys[from:to], func(a, b orderKey) int {
				if c := cmp.Compare(a.bary, b.bary); c != 0 {
					return c
				}
				return cmp.Compare(a.rank, b.rank)
			})
		}
		from = to
	}
	sorted := append(sc.sorted[:0], rest...)
	for j, k := range keys {
		rest[j] = sorted[k.i]
	}
	clear(sorted) // their labels
	clear(keys)
	sc.keys, sc.sorted = keys[:0], sorted[:0]
}

// orderKey is what Local.order sorts a node by, and its index.
type orderKey struct {
	i     int32 // in Local.Nodes[1:]
	side  Side
	depth int8
	rank  int32 // in title order
	label string
	bary  float64 // for a node two links away, the mean place of its neighbours
}

// scratch is what one Local call looks nodes up in: arrays as long as the
// graph, stamped per use instead of cleared. Seven maps per call cost a
// flat build of 10,000 briefs (a local graph on every page) 0.77 s of CPU
// in Local; with these, 0.63 s.
type scratch struct {
	a, b    marks
	keys    []orderKey
	sorted  []LocalNode
	reached []reach
	cands   []far
	nbs     []near
}

// reach is a node two links away from the centre, found through one or
// more of its neighbours.
type reach struct {
	node  int32
	links int32 // neighbours shown that it links with
	rel   bool  // a typed relation among those links
}

// far is a node two links away that may be shown.
type far struct {
	node, score, degree int
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// locals holds the neighbourhoods Free gave back, for Local to reuse.
var locals = sync.Pool{New: func() any { return new(Local) }}

// Free gives l's arrays back for another Local to reuse: l must not be
// used after.
func (l *Local) Free() {
	if cap(l.Nodes) > maxFreed || cap(l.Edges) > maxFreed {
		return
	}
	clear(l.Nodes) // their labels
	clear(l.Edges)
	*l = Local{Nodes: l.Nodes[:0], Edges: l.Edges[:0]}
	locals.Put(l)
}

// maxFreed is the longest array of nodes or edges Free keeps.
const maxFreed = 1 << 12

// reset forgets every node set in a and b, for a graph of n nodes.
func (s *scratch) reset(n int) {
	s.a.reset(n)
	s.b.reset(n)
}

// marks maps node indices to int32 values: a value is set if its stamp is
// the current one.
type marks struct {
	stamp []uint32
	val   []int32
	now   uint32
}

func (m *marks) reset(n int) {
	if len(m.stamp) < n {
		m.stamp, m.val, m.now = make([]uint32, n), make([]int32, n), 0
	}
	m.now++
	if m.now == 0 { // wrapped: every old stamp could match again
		clear(m.stamp)
		m.now = 1
	}
}

func (m *marks) get(i int) (int32, bool) {
	if m.stamp[i] == m.now {
		return m.val[i], true
	}
	return 0, false
}

func (m *marks) set(i int, v int32) { m.stamp[i], m.val[i] = m.now, v }

// boolFirst orders true before false.
func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
