package render

import (
	"html/template"

	"github.com/lodestone-ssg/lodestone/generator/graph"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// LocalGraph is the brief's local graph (see generator/graph): the briefs
// within two links, drawn as static SVG with a caption and a legend; ""
// when the brief links with no other.
func (p *Page) LocalGraph() template.HTML {
	if p.graph == nil || p.Brief == nil {
		return ""
	}
	c := p.graph.Find(p.Brief.URL)
	if c < 0 || p.graph.Degree(c) == 0 {
		return ""
	}
	l := p.graph.Local(c, graph.DefaultLimits)
	defer l.Free()
	graphPage := p.linkNow(site.GraphURL)
	appendLink := func(dst []byte, u string) []byte { return p.Site.AppendLink(dst, p.URL, u) }
	return p.arena.html(func(dst []byte) []byte { return l.AppendFigure(dst, "graph-local", appendLink, graphPage) })
}

// GraphView is the data of the site's graph page (templates/graph.html).
type GraphView struct {
	*graph.Overview
	// SVG is the overview drawn as an arc diagram.
	SVG template.HTML
	// Types and Tags are what the page's script filters by.
	Types, Tags []Facet
}

// Facet is a type or tag to filter by, with its count of briefs.
type Facet struct {
	Name, Title string
	Count       int
}

// SiteGraph is the graph page's data: the briefs grouped by type (if the
// site has two types or more), else by top-level folder (if two or more),
// else by tag.
func (p *Page) SiteGraph() *GraphView {
	s, g := p.Site, p.graph
	if g == nil {
		return nil
	}
	nodes := func(ps []*site.Page) []int {
		var out []int
		for _, pg := range ps {
			if i := g.Find(pg.URL); i >= 0 && pg.TagOf == nil {
				out = append(out, i)
			}
		}
		return out
	}
	var groups []graph.Group
	by := "type"
	switch {
	case len(s.Types) >= 2:
		for _, t := range s.Types {
			groups = append(groups, graph.Group{Name: humanType(t.Name), URL: t.URL, Nodes: nodes(t.Pages)})
		}
		var untyped []*site.Page
		for _, pg := range s.Pages {
			if pg.TypeTerm == nil {
				untyped = append(untyped, pg)
			}
		}
		groups = append(groups, graph.Group{Name: "No type", Nodes: nodes(untyped)})
	case len(s.Root.Children) >= 2:
		by = "folder"
		top := map[*site.Section]int{}
		for i, sec := range s.Root.Children {
			top[sec] = i
			groups = append(groups, graph.Group{Name: sec.Title, URL: sec.URL})
		}
		rest := graph.Group{Name: "Top level", URL: ""}
		for _, pg := range s.Pages {
			sec := pg.Section
			if pg.SectionOf != nil {
				sec = pg.SectionOf
			}
			for sec != nil && sec.Parent != nil && sec.Parent != s.Root {
				sec = sec.Parent
			}
			i := g.Find(pg.URL)
			if i < 0 || pg.TagOf != nil {
				continue
			}
			if k, ok := top[sec]; ok {
				groups[k].Nodes = append(groups[k].Nodes, i)
			} else {
				rest.Nodes = append(rest.Nodes, i)
			}
		}
		groups = append(groups, rest)
	default:
		by = "tag"
		for _, t := range s.Tags {
			groups = append(groups, graph.Group{Name: "#" + t.Name, URL: t.URL, Nodes: nodes(t.Pages)})
		}
	}
	o := g.Overview(by, groups)
	v := &GraphView{Overview: o, SVG: template.HTML(o.SVG("arcs", p.Link))}
	for _, t := range s.Types {
		v.Types = append(v.Types, Facet{Name: t.Name, Title: humanType(t.Name), Count: len(nodes(t.Pages))})
	}
	for _, t := range s.Tags {
		v.Tags = append(v.Tags, Facet{Name: t.Name, Title: "#" + t.Name, Count: len(nodes(t.Pages))})
	}
	return v
}
