package graph

import "github.com/lodestone-ssg/lodestone/generator/site"

// FromSite makes the graph of a site: a node per published brief (a tag's
// note in content/tags/ is its tag's page, not a brief, and is left out),
// a Link per brief linked from another's text, a Relation per link field.
func FromSite(s *site.Site) *Graph {
	index := make(map[*site.Page]int, len(s.Pages))
	nodes := make([]Node, 0, len(s.Pages))
	for _, p := range s.Pages {
		if p.TagOf != nil {
			continue
		}
		index[p] = len(nodes)
		n := Node{Title: p.Title, URL: p.URL, Type: p.Type}
		for _, t := range p.TagTerms {
			n.Tags = append(n.Tags, t.Name)
		}
		nodes = append(nodes, n)
	}
	n := 0
	for _, p := range s.Pages {
		n += len(p.Outlinks)
		for _, r := range p.Relations {
			n += len(r.Pages)
		}
	}
	edges := make([]Edge, 0, n)
	for _, p := range s.Pages {
		from, ok := index[p]
		if !ok {
			continue
		}
		for _, t := range p.Outlinks {
			if to, ok := index[t]; ok {
				edges = append(edges, Edge{From: from, To: to, Kind: Link})
			}
		}
		for _, r := range p.Relations {
			for _, q := range r.Pages {
				if src, ok := index[q]; ok {
					edges = append(edges, Edge{From: src, To: from, Kind: Relation, Label: r.Label})
				}
			}
		}
	}
	return New(nodes, edges)
}
