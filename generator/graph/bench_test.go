package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// vault is a graph shaped like benchrun's flat corpus: n notes titled
// "Note 00000" onward, each linking to five others at random.
func vault(n int) *Graph {
	r := rand.New(rand.NewPCG(1, 2))
	nodes := make([]Node, n)
	var edges []Edge
	for i := range nodes {
		nodes[i] = Node{Title: fmt.Sprintf("Note %05d", i), URL: fmt.Sprintf("note-%05d/", i)}
		for range 5 {
			edges = append(edges, Edge{From: i, To: r.IntN(n)})
		}
	}
	return New(nodes, edges)
}

// BenchmarkLocalFigure is a brief page's local graph in a flat vault of
// 10,000 notes: the neighbourhood found, then drawn (both drawings), for
// each note in turn.
func BenchmarkLocalFigure(b *testing.B) {
	g := vault(10000)
	appendLink := func(dst []byte, u string) []byte { return append(append(dst, "../"...), u...) }
	var buf []byte
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l := g.Local(i%len(g.Nodes), DefaultLimits)
		buf = l.AppendFigure(buf[:0], "graph-local", appendLink, "../graph/")
		l.Free()
	}
	b.SetBytes(int64(len(buf)))
}

// BenchmarkLocal is the neighbourhood alone.
func BenchmarkLocal(b *testing.B) {
	g := vault(10000)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		g.Local(i%len(g.Nodes), DefaultLimits).Free()
	}
}
