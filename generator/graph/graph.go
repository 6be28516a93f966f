// Package graph is a site's link graph as readers see it, drawn at build
// time so that it reads without JavaScript, offline and in print.
//
// A Graph has a Node per brief and an Edge per linking pair: a Link (the
// brief's text links to the other) or a Relation (a typed link field,
// "operator: MP Materials", whose label "operated by" names it). FromSite
// makes one from a *site.Site.
//
// Every brief page shows its local graph (Graph.Local): the briefs within
// two links, at most a few dozen, the nearest and most connected first,
// laid out deterministically (Layout) and drawn as static SVG (Local.SVG):
// the brief in the middle, the briefs that link to it on the left, those it
// links to on the right, each side's briefs two links away below them.
// The same brief always gives the same bytes, so golden files hold.
//
// The site's graph page groups the briefs (by type, else by folder, else by
// tag) and draws the groups and the links between them as an arc diagram
// (Overview); Data writes the whole graph as a classic script, from which
// the page's script draws the briefs of a type or tag.
package graph

import (
	"cmp"
	"slices"
	"strings"
)

// Kind is what makes an edge.
type Kind uint8

const (
	// Link is a link in a brief's text.
	Link Kind = iota
	// Relation is a typed link field (see site.FieldDecl).
	Relation
)

// Node is a brief.
type Node struct {
	Title string
	URL   string // its site URL, "mines/mountain-pass/"
	Type  string // "" for none
	Tags  []string
}

// Edge says that From links to To (node indices).
type Edge struct {
	From, To int
	Kind     Kind
	// Label names a Relation as read from To: "operated by". Several
	// fields linking the same pair give their labels joined by ", ".
	Label string
}

// Graph is the link graph of a site. It is read-only once made.
type Graph struct {
	Nodes []Node
	// Edges holds one edge per linking pair (From, To), sorted by From,
	// then To.
	Edges []Edge
	adj   [][]half // per node, the edges that touch it (either end)
	byURL map[string]int
	rank  []int32 // each node's place in title order, for byTitle
	// width is each node's title's width in ems (textWidth) if wrapping
	// it takes it as it is (squeezed), else -1: a title is on the local
	// graphs of all its neighbours, most often on one line.
	width []float64
	// Types lists the node types, sorted; a node's shape and colour follow
	// its type's place here.
	Types []string
}

// byFromTo returns the edges from one of n nodes sorted by From, then To,
// those of one pair in their order in edges: a counting sort by From (a
// site's edges come nearly in that order, a few per node), then each
// node's sorted by To.
func byFromTo(edges []Edge, n int) []Edge {
	next := make([]int, n+1) // the place of each node's next edge
	for _, e := range edges {
		if e.From >= 0 && e.From < n {
			next[e.From+1]++
		}
	}
	for i := 1; i <= n; i++ {
		next[i] += next[i-1]
	}
	es := make([]Edge, next[n])
	for _, e := range edges {
		if e.From >= 0 && e.From < n {
			es[next[e.From]] = e
			next[e.From]++
		}
	}
	// next[i] is now where node i's edges end.
	start := 0
	for _, end := range next[:n] {
		if end-start > 1 {
			slices.SortStableFunc(es[start:end], func(a, b Edge) int { return cmp.Compare(a.To, b.To) })
		}
		start = end
	}
	return es
}

// New makes a graph of nodes and edges. Edges between the same two nodes in
// the same direction become one (a Relation if any is, with the labels of
// all); edges from a node to itself or to a node that is not there are
// dropped.
func New(nodes []Node, edges []Edge) *Graph {
	g := &Graph{Nodes: nodes, adj: make([][]half, len(nodes)), byURL: make(map[string]int, len(nodes))}
	keys := make([]string, len(nodes))
	order := make([]int, len(nodes))
	g.width = make([]float64, len(nodes))
	for i, n := range nodes {
		g.width[i] = -1
		if squeezed(n.Title) {
			g.width[i] = textWidth(n.Title)
		}
		if _, ok := g.byURL[n.URL]; !ok {
			g.byURL[n.URL] = i
		}
		keys[i] = strings.ToLower(n.Title)
		order[i] = i
	}
	// Ties in a local graph's order go by title (case-insensitively),
	// then URL: ranked once here, compared as numbers there.
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(strings.Compare(keys[a], keys[b]), strings.Compare(nodes[a].URL, nodes[b].URL), cmp.Compare(a, b))
	})
	g.rank = make([]int32, len(nodes))
	for r, i := range order {
		g.rank[i] = int32(r)
	}
	es := byFromTo(edges, len(nodes))
	g.Edges = make([]Edge, 0, len(es))
	for _, e := range es {
		if e.From == e.To || e.To < 0 || e.To >= len(nodes) {
			continue
		}
		if n := len(g.Edges); n > 0 && g.Edges[n-1].From == e.From && g.Edges[n-1].To == e.To {
			last := &g.Edges[n-1]
			if e.Kind == Relation {
				last.Kind = Relation
				last.Label = joinLabels(last.Label, e.Label)
			}
			continue
		}
		if e.Kind != Relation {
			e.Label = ""
		}
		g.Edges = append(g.Edges, e)
	}
	// Each node's half-edges in one shared array, cut by degree.
	degree := make([]int, len(nodes))
	for _, e := range g.Edges {
		degree[e.From]++
		degree[e.To]++
	}
	halves := make([]half, 0, 2*len(g.Edges))
	for i, d := range degree {
		g.adj[i] = halves[len(halves) : len(halves) : len(halves)+d]
		halves = halves[:len(halves)+d]
	}
	for i, e := range g.Edges {
		rel := e.Kind == Relation
		g.adj[e.From] = append(g.adj[e.From], half{int32(e.To), int32(i), true, rel})
		g.adj[e.To] = append(g.adj[e.To], half{int32(e.From), int32(i), false, rel})
	}
	types := map[string]bool{}
	for _, n := range nodes {
		if n.Type != "" && !types[n.Type] {
			types[n.Type] = true
			g.Types = append(g.Types, n.Type)
		}
	}
	slices.Sort(g.Types)
	return g
}

// half is an edge as seen from one of its ends: the other end, the edge's
// index in Graph.Edges, whether it goes out from this end, and whether it
// is a Relation. The last two are what a local graph asks of most edges it
// meets: kept here, they cost no look-up in Edges (at 10,000 briefs a
// cache miss each).
type half struct {
	other, edge int32
	out, rel    bool
}

// joinLabels adds label b to the labels a, sorted, each once.
func joinLabels(a, b string) string {
	var ls []string
	if a != "" {
		ls = strings.Split(a, ", ")
	}
	if b != "" && !slices.Contains(ls, b) {
		ls = append(ls, b)
	}
	slices.Sort(ls)
	return strings.Join(ls, ", ")
}

// Degree is the number of nodes n links to or is linked from.
func (g *Graph) Degree(n int) int { return len(g.adj[n]) }

// Find returns the index of the node at the site URL url, or -1.
func (g *Graph) Find(url string) int {
	if i, ok := g.byURL[url]; ok {
		return i
	}
	return -1
}

// typeIndex is the place of type t in g.Types, or -1 for none.
func (g *Graph) typeIndex(t string) int {
	if t == "" {
		return -1
	}
	i, ok := slices.BinarySearch(g.Types, t)
	if !ok {
		return -1
	}
	return i
}
