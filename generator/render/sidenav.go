package render

import (
	"html/template"
	"strconv"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// The side navigation (templates/partials/sidenav.html): the site's
// sections as a tree, the page's own branch open and its own entry
// marked, then the types. It is a page's way to its neighbours, so it is
// bounded whatever the site's shape: a section lists at most
// sideNavPages briefs (a window around the page's own) and a link to
// the rest, and on a large site only the sections on the page's own path
// are expanded, the others being links.

// sideNavPages caps the briefs listed under one section.
const sideNavPages = 30

// fullTreeBriefs is the size of site whose whole tree is in every page:
// every section can be opened without leaving the page.
const fullTreeBriefs = 200

// SideNav is the data of the side navigation.
type SideNav struct {
	Sections []*NavNode // the top-level sections, then the root's briefs
	More     *NavLink   // the rest of the root's briefs, when capped
	Types    []NavLink

	arena *arena // the page's (see HTML)
}

// NavNode is a section or a brief in the side navigation.
type NavNode struct {
	NavLink
	// Key names a section for js/sidenav.js, which remembers whether the
	// reader opened or closed it: the section's site URL.
	Key   string
	Count int  // the briefs in the section and below it
	Open  bool // a section on the page's own path
	// Folded is a section whose content is listed (in a <details>);
	// a section that isn't is a plain link.
	Folded   bool
	Children []*NavNode // subsections, then briefs
	More     *NavLink   // the rest of the section's briefs, when capped
	Brief    bool
}

// navCounts holds what the side navigation needs of each section,
// worked out once per site: how many briefs it holds with its
// subsections, its own briefs in order, and each brief's place there.
type navCounts struct {
	below  map[*site.Section]int
	briefs map[*site.Section][]*site.Page
	place  map[*site.Page]int
}

func countBriefs(s *site.Site) *navCounts {
	c := &navCounts{below: map[*site.Section]int{}, briefs: map[*site.Section][]*site.Page{}, place: map[*site.Page]int{}}
	var count func(sec *site.Section) int
	count = func(sec *site.Section) int {
		var own []*site.Page
		for _, b := range sec.Pages {
			if b.SectionOf == nil && b.TagOf == nil {
				c.place[b] = len(own)
				own = append(own, b)
			}
		}
		c.briefs[sec] = own
		n := len(own)
		for _, ch := range sec.Children {
			n += count(ch)
		}
		c.below[sec] = n
		return n
	}
	count(s.Root)
	return c
}

// ownSection is the section the page belongs to, for the side
// navigation: a brief's folder, a section page's own section.
func (p *Page) ownSection() *site.Section {
	switch p.Kind {
	case "brief":
		return p.Brief.Section
	case "section":
		return p.Section
	}
	return nil
}

// SideNav is the page's side navigation, or nil for the 404 page and for
// a site with a single page.
func (p *Page) SideNav() *SideNav {
	if p.Kind == "404" || p.counts == nil || p.counts.below[p.Site.Root] == 0 {
		return nil
	}
	own := p.ownSection()
	full := p.counts.below[p.Site.Root] <= fullTreeBriefs
	nav := &SideNav{arena: p.arena}
	top := p.navSections(p.Site.Root.Children, own, full)
	briefs, more := p.navBriefs(p.Site.Root)
	nav.Sections = joinNodes(top, briefs)
	if more != nil { // the root's page is the home page, which lists a few
		more.URL, more.Href = site.AllURL, p.linkNow(site.AllURL)
	}
	nav.More = more
	var ownType string
	switch p.Kind {
	case "brief":
		if t := p.Brief.TypeTerm; t != nil {
			ownType = t.URL
		}
	case "type":
		ownType = p.Term.URL
	}
	nav.Types = p.arena.navLinks(len(p.Site.Types))[:0]
	for _, t := range p.Site.Types {
		l := NavLink{Title: humanType(t.Name), URL: t.URL, Href: p.linkNow(t.URL), Count: len(t.Pages)}
		if t.URL == ownType {
			l.Current = "true"
			if p.Kind == "type" {
				l.Current = "page"
			}
		}
		nav.Types = append(nav.Types, l)
	}
	return nav
}

// onPath reports whether sec holds own, the page's own section, or is it.
func onPath(sec, own *site.Section) bool {
	for ; own != nil; own = own.Parent {
		if own == sec {
			return true
		}
	}
	return false
}

// joinNodes is sections then briefs: briefs itself when there are no
// sections (the arena's slices are full, so appending copies).
func joinNodes(sections, briefs []*NavNode) []*NavNode {
	if len(sections) == 0 {
		return briefs
	}
	return append(sections, briefs...)
}

// navSections makes the nodes of sections, from the arena.
func (p *Page) navSections(secs []*site.Section, own *site.Section, full bool) []*NavNode {
	nodes, all := p.arena.navNodes(len(secs))
	for i, sec := range secs {
		nodes[i] = &all[i]
		p.navSection(nodes[i], sec, own, full)
	}
	return nodes
}

// navSection fills n with section sec.
func (p *Page) navSection(n *NavNode, sec, own *site.Section, full bool) {
	*n = NavNode{NavLink: NavLink{Title: sec.Title, URL: sec.URL, Href: p.linkNow(sec.URL)}, Key: sec.URL, Count: p.counts.below[sec], Open: onPath(sec, own)}
	if p.Kind == "section" && p.Section == sec {
		n.Current = "page"
	}
	if !full && !n.Open {
		return
	}
	n.Folded = true
	subs := p.navSections(sec.Children, own, full)
	briefs, more := p.navBriefs(sec)
	n.Children = joinNodes(subs, briefs)
	n.More = more
}

// navBriefs lists a section's briefs: all of them, or sideNavPages of
// them around the page's own, with a link to the section for the rest.
func (p *Page) navBriefs(sec *site.Section) ([]*NavNode, *NavLink) {
	pages := p.counts.briefs[sec]
	own := -1
	if p.Kind == "brief" && p.Brief.Section == sec {
		if i, ok := p.counts.place[p.Brief]; ok {
			own = i
		}
	}
	var more *NavLink
	if len(pages) > sideNavPages {
		from := 0
		if own >= 0 {
			from = min(max(own-sideNavPages/2, 0), len(pages)-sideNavPages)
		}
		more = &NavLink{Title: sec.Title, URL: sec.URL, Href: p.linkNow(sec.URL), Count: len(pages)}
		pages = pages[from : from+sideNavPages]
	}
	nodes, all := p.arena.navNodes(len(pages)) // reused for the next page
	for i, b := range pages {
		n := &all[i]
		*n = NavNode{NavLink: NavLink{Title: b.Title, URL: b.URL, Href: p.linkNow(b.URL)}, Brief: true}
		if p.Kind == "brief" && b == p.Brief {
			n.Current = "page"
		}
		nodes[i] = n
	}
	return nodes, more
}

// HTML is the side navigation as the built-in theme draws it
// (templates/partials/sidenav.html writes it; a theme that wants other
// markup ranges over Sections and Types instead). It is written here
// rather than by a template because every page has one: in Go it costs a
// tenth as much.
func (n *SideNav) HTML() template.HTML {
	return n.arena.html(n.append)
}

// append appends HTML to dst.
func (n *SideNav) append(dst []byte) []byte {
	w := &navWriter{b: dst}
	w.s(`<nav class="sidenav" aria-labelledby="sidenav-h"><h2 class="sidenav-h" id="sidenav-h">Browse</h2><ul class="nav-tree">`)
	for _, s := range n.Sections {
		s.write(w)
	}
	if n.More != nil {
		w.s(`<li class="more"><a href="`, markdown.Href(n.More.Href), `">All `)
		w.n(n.More.Count)
		w.s(` →</a></li>`)
	}
	w.s(`</ul>`)
	if len(n.Types) > 0 {
		w.s(`<h2 class="sidenav-h">Types</h2><ul class="nav-types">`)
		for _, t := range n.Types {
			w.s(`<li>`)
			w.link(t, t.Count)
			w.s(`</li>`)
		}
		w.s(`</ul>`)
	}
	w.s(`</nav>`)
	return w.b
}

// navWriter appends the side navigation's HTML to b.
type navWriter struct{ b []byte }

// s appends strings as they are.
func (w *navWriter) s(parts ...string) {
	for _, p := range parts {
		w.b = append(w.b, p...)
	}
}

// esc appends text, escaped.
func (w *navWriter) esc(text string) { w.b = append(w.b, template.HTMLEscapeString(text)...) }

// n appends a number.
func (w *navWriter) n(i int) { w.b = strconv.AppendInt(w.b, int64(i), 10) }

// link appends a link, its aria-current and, when count > 0, a count of
// briefs.
func (w *navWriter) link(l NavLink, count int) {
	w.s(`<a href="`, markdown.Href(l.Href), `"`)
	if l.Current != "" {
		w.s(` aria-current="`, l.Current, `"`)
	}
	w.s(`>`)
	w.esc(l.Title)
	if count > 0 {
		w.s(` <span class="count">`)
		w.n(count)
		w.s(`<span class="vh"> briefs</span></span>`)
	}
	w.s(`</a>`)
}

func (n *NavNode) write(w *navWriter) {
	switch {
	case n.Brief:
		w.s(`<li>`)
		w.link(n.NavLink, 0)
		w.s(`</li>`)
	case n.Folded:
		w.s(`<li><details data-key="`)
		w.esc(n.Key)
		w.s(`"`)
		if n.Open {
			w.s(` open data-path="1"`)
		}
		w.s(`><summary>`)
		w.esc(n.Title)
		w.s(` <span class="count">`)
		w.n(n.Count)
		w.s(`<span class="vh"> briefs</span></span></summary><ul><li class="overview">`)
		w.link(NavLink{Title: "Overview", Href: n.Href, Current: n.Current}, 0)
		w.s(`</li>`)
		for _, c := range n.Children {
			c.write(w)
		}
		if n.More != nil {
			w.s(`<li class="more"><a href="`, markdown.Href(n.More.Href), `">All `)
			w.n(n.More.Count)
			w.s(` in `)
			w.esc(n.More.Title)
			w.s(` →</a></li>`)
		}
		w.s(`</ul></details></li>`)
	default:
		w.s(`<li>`)
		w.link(n.NavLink, n.Count)
		w.s(`</li>`)
	}
}
