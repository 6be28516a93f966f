package graph

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Data is the whole graph as a classic script for the graph page's
// script (static/js/graph.js), which draws the briefs of a type or tag:
// it sets window.LodestoneGraph to
//
//	{types: [name…], tags: [name…],
//	 nodes: [[title, url, type index or -1, [tag index…]]…],
//	 links: [[target…]…]          (per node, the nodes it links to)
//	 rels: [[from, to, label]…]}  (the links that are typed relations)
//
// No fetch and no module: it loads from file:// and sits inline in the
// single-file bundle. JSON escapes <, > and &, so the text may stand in a
// <script> element.
func (g *Graph) Data() []byte {
	type out struct {
		Types []string `json:"types"`
		Tags  []string `json:"tags"`
		Nodes [][]any  `json:"nodes"`
		Links [][]int  `json:"links"`
		Rels  [][]any  `json:"rels"`
	}
	o := out{Types: g.Types, Tags: []string{}, Nodes: make([][]any, len(g.Nodes)), Links: make([][]int, len(g.Nodes)), Rels: [][]any{}}
	if o.Types == nil {
		o.Types = []string{}
	}
	tagIndex := map[string]int{}
	for _, n := range g.Nodes {
		for _, t := range n.Tags {
			if _, ok := tagIndex[t]; !ok {
				tagIndex[t] = 0
				o.Tags = append(o.Tags, t)
			}
		}
	}
	slices.Sort(o.Tags)
	for i, t := range o.Tags {
		tagIndex[t] = i
	}
	for i, n := range g.Nodes {
		tags := []int{}
		for _, t := range n.Tags {
			tags = append(tags, tagIndex[t])
		}
		o.Nodes[i] = []any{n.Title, n.URL, g.typeIndex(n.Type), tags}
		o.Links[i] = []int{}
	}
	for _, e := range g.Edges {
		o.Links[e.From] = append(o.Links[e.From], e.To)
		if e.Kind == Relation {
			o.Rels = append(o.Rels, []any{e.From, e.To, e.Label})
		}
	}
	var b bytes.Buffer
	b.WriteString("window.LodestoneGraph=")
	if err := json.NewEncoder(&b).Encode(o); err != nil {
		panic(err) // strings and numbers only: cannot fail
	}
	b.Truncate(b.Len() - 1) // the encoder's newline
	b.WriteString(";\n")
	return b.Bytes()
}
