package graph

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/numfmt"
)

// Group is a set of nodes the site's graph page shows as one: the briefs
// of a type, a folder or a tag. A node may be in several groups (tags).
type Group struct {
	Name  string
	URL   string // the group's page, "" for none
	Nodes []int
}

// Overview is the site's graph at the scale of groups: how many briefs
// each holds and how many links join each two of them.
type Overview struct {
	// By says what the groups are: "type", "folder" or "tag".
	By     string
	Groups []GroupStats
	// Left counts the groups not shown (the smallest, past MaxGroups).
	Left int
	// Links are the links between two groups shown, the most first.
	Links []GroupLink
	// Briefs and Edges count the site's nodes and edges.
	Briefs, Edges int
}

// GroupStats is a group with its counts.
type GroupStats struct {
	Group
	// Within counts the links between two briefs of the group.
	Within int
}

// GroupLink counts the links between two groups (indices into
// Overview.Groups, A < B), either way.
type GroupLink struct {
	A, B, N int
}

// MaxGroups is the most groups an overview shows: the largest.
const MaxGroups = 24

// Overview counts the links within and between groups. Groups are shown
// largest first (then by name); empty ones are dropped, and past
// MaxGroups the smallest are only counted.
func (g *Graph) Overview(by string, groups []Group) *Overview {
	o := &Overview{By: by, Briefs: len(g.Nodes), Edges: len(g.Edges)}
	var gs []GroupStats
	for _, gr := range groups {
		if len(gr.Nodes) > 0 {
			gs = append(gs, GroupStats{Group: gr})
		}
	}
	slices.SortStableFunc(gs, func(a, b GroupStats) int {
		return cmp.Or(-cmp.Compare(len(a.Nodes), len(b.Nodes)), strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)))
	})
	if len(gs) > MaxGroups {
		o.Left = len(gs) - MaxGroups
		gs = gs[:MaxGroups]
	}
	member := make([][]int, len(g.Nodes)) // node -> groups shown
	for i, gr := range gs {
		for _, n := range gr.Nodes {
			if !slices.Contains(member[n], i) {
				member[n] = append(member[n], i)
			}
		}
	}
	between := map[[2]int]int{}
	for _, e := range g.Edges {
		for _, a := range member[e.From] {
			for _, b := range member[e.To] {
				switch {
				case a == b:
					gs[a].Within++
				case a < b:
					between[[2]int{a, b}]++
				default:
					between[[2]int{b, a}]++
				}
			}
		}
	}
	o.Groups = gs
	for k, n := range between {
		o.Links = append(o.Links, GroupLink{A: k[0], B: k[1], N: n})
	}
	slices.SortFunc(o.Links, func(x, y GroupLink) int {
		return cmp.Or(-cmp.Compare(x.N, y.N), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
	})
	return o
}

// Top lists the groups linked most with group i, the most first, at most
// n.
func (o *Overview) Top(i, n int) []GroupLink {
	var out []GroupLink
	for _, l := range o.Links {
		if len(out) == n {
			break
		}
		if l.A == i || l.B == i {
			out = append(out, l)
		}
	}
	return out
}

// Other is the group at the other end of l from group i.
func (o *Overview) Other(l GroupLink, i int) GroupStats {
	if l.A == i {
		return o.Groups[l.B]
	}
	return o.Groups[l.A]
}

// arcsShown is the most arcs an arc diagram draws: the heaviest.
const arcsShown = 60

// SVG draws the overview as an arc diagram: a row per group (its name, a
// link to its page, and a bar as long as its count of briefs), and an arc
// between two groups as thick as the links between them. It is drawn
// once, at a phone's width; the stylesheet keeps it from growing past
// where its text stays readable. link turns a site URL into a link from
// the page.
func (o *Overview) SVG(id string, link func(string) string) string {
	const (
		W, font, rowH, top = 360.0, 12.0, 24.0, 8.0
		labelW             = 114.0
		countX             = 150.0
		barX, barW         = 156.0, 70.0
		dotX               = 234.0
		arcRoom            = W - dotX - 4
	)
	H := top*2 + rowH*float64(len(o.Groups))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="graph-arcs" viewBox="0 0 %s %s" font-size="%s" role="group" aria-labelledby="%s-t %s-d">`, num(W), num(H), num(font), id, id)
	fmt.Fprintf(&b, `<title id="%s-t">Briefs by %s, and the links between them</title><desc id="%s-d">%s</desc>`, id, o.By, id, esc(o.desc()))
	rowY := func(i int) float64 { return top + rowH*float64(i) + rowH/2 }
	most := 0
	for _, gr := range o.Groups {
		most = max(most, len(gr.Nodes))
	}
	maxN := 1
	if len(o.Links) > 0 {
		maxN = o.Links[0].N
	}
	b.WriteString(`<g class="arcs" aria-hidden="true">`)
	links := o.Links[:min(len(o.Links), arcsShown)]
	// Thin arcs first, so that the heavy ones stand on top.
	for k := len(links) - 1; k >= 0; k-- {
		l := links[k]
		y1, y2 := rowY(l.A), rowY(l.B)
		r := (y2 - y1) / 2
		rx := math.Min(r, arcRoom)
		w := 0.8 + 5*math.Sqrt(float64(l.N)/float64(maxN))
		fmt.Fprintf(&b, `<path d="M%s %sA%s %s 0 0 1 %s %s" stroke-width="%s"><title>%s – %s: %s</title></path>`,
			num(dotX), num(y1), num(rx), num(r), num(dotX), num(y2), num(w),
			esc(o.Groups[l.A].Name), esc(o.Groups[l.B].Name), plural(l.N, "link"))
	}
	b.WriteString(`</g>`)
	for i, gr := range o.Groups {
		y := rowY(i)
		name := wrap(gr.Name, labelW/font, 1)[0]
		bw := math.Max(1, barW*float64(len(gr.Nodes))/float64(most))
		// The name starts with the text shown: the group's name, then
		// its count (after a no-break space, so that they read apart).
		label := fmt.Sprintf("%s %s, %s within", gr.Name, plural(len(gr.Nodes), "brief"), plural(gr.Within, "link"))
		if gr.URL != "" {
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s">`, esc(link(gr.URL)), esc(label))
		} else {
			fmt.Fprintf(&b, `<g role="img" aria-label="%s">`, esc(label))
		}
		fmt.Fprintf(&b, `<text x="4" y="%s">%s</text>`, num(y+font*0.35), esc(name))
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="8"/>`, num(barX), num(y-4), num(bw))
		fmt.Fprintf(&b, `<text class="count" x="%s" y="%s" text-anchor="end">%s</text>`, num(countX), num(y+font*0.35), "\u00a0"+numfmt.Format(float64(len(gr.Nodes))))
		fmt.Fprintf(&b, `<circle cx="%s" cy="%s" r="3.5"/>`, num(dotX), num(y))
		if gr.URL != "" {
			b.WriteString(`</a>`)
		} else {
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func (o *Overview) desc() string {
	s := fmt.Sprintf("%s and %s, in %s by %s.", plural(o.Briefs, "brief"), plural(o.Edges, "link"), plural(len(o.Groups), "group"), o.By)
	if len(o.Links) > 0 {
		l := o.Links[0]
		s += fmt.Sprintf(" The most links join %s and %s (%d).", o.Groups[l.A].Name, o.Groups[l.B].Name, l.N)
	}
	return s
}
