package render

import (
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// One navigation model: the site header and the breadcrumbs lead to the
// same pages under the same labels. A folder's section page (its index.md
// intro, query tables and charts, its briefs) is where a brief belongs, so
// the header lists the top-level sections by their titles, and a brief's
// breadcrumbs climb the same sections. Type pages are a second way to
// list briefs, reached from /types/ (in the header as "Types"), from each
// brief's Type and from the home page; their breadcrumbs say so
// (Home › Types › Policies). A site with no folders has no sections: its
// header lists the types instead, and the breadcrumbs of its type pages
// lead there too.

// NavLink is a link of the site header or of the breadcrumbs.
type NavLink struct {
	Title string
	// URL is the site URL of the page it leads to.
	URL string
	// Href is URL as the template writes it: relative to the page, or an
	// in-page link in the single file.
	Href string
	// Current is the aria-current value: "page" for the page itself,
	// "true" for the header item holding it (a brief's section), else "".
	Current string
	// Count is how many briefs are behind the link, in the side
	// navigation; 0 when not shown.
	Count int
}

// Header is the data of the site header (templates/partials/header.html),
// shared by every page and the single file.
type Header struct {
	Title string
	Home  string // href of the home page
	Links []NavLink
	// Search is the search page's href; Index the search index's ("" in
	// the single file, whose index is inline). Explicit asks search.js to
	// search on Enter only (offline bundles); Single marks the single file.
	Search, Index    string
	Explicit, Single bool
}

// sectionsInNav reports whether the header lists the sections (else the
// types): whether the site has folders.
func sectionsInNav(s *site.Site) bool { return len(s.Root.Children) > 0 }

// siteNav is the header's links, as site URLs, in order: the top-level
// sections (or the types), Timeline, Sources, Tags and Types.
func siteNav(s *site.Site, a *arena) []NavLink {
	n := len(s.Types)
	if sectionsInNav(s) {
		n = len(s.Root.Children)
	}
	links := a.navLinks(n + 4)[:0]
	if sectionsInNav(s) {
		for _, sec := range s.Root.Children {
			links = append(links, NavLink{Title: sec.Title, URL: sec.URL})
		}
	} else {
		for _, t := range s.Types {
			links = append(links, NavLink{Title: humanType(t.Name), URL: t.URL})
		}
	}
	links = append(links, NavLink{Title: "Timeline", URL: site.TimelineURL})
	if len(s.Sources) > 0 {
		links = append(links, NavLink{Title: "Sources", URL: site.SourcesURL})
	}
	if len(s.Tags) > 0 {
		links = append(links, NavLink{Title: "Tags", URL: site.TagsURL})
	}
	if len(s.Types) > 0 && sectionsInNav(s) {
		links = append(links, NavLink{Title: "Types", URL: site.TypesURL})
	}
	return links
}

// Crumbs is the page's breadcrumb trail: the pages above it, from Home,
// then the page itself (Current "page"). The home page and the 404 page
// have none. A page works it out once (the header marks the items the
// trail passes through); its hrefs are valid while the page is rendered.
func (p *Page) Crumbs() []NavLink {
	if !p.crumbsMade {
		p.crumbs, p.crumbsMade = p.makeCrumbs(), true
	}
	return p.crumbs
}

func (p *Page) makeCrumbs() []NavLink {
	var sec *site.Section
	var list *NavLink // the list the page is one of, below its section
	switch p.Kind {
	case "home", "404":
		return nil
	case "brief":
		sec = p.Brief.Section
	case "section":
		sec = p.Section.Parent
	case "type":
		if sectionsInNav(p.Site) {
			list = &NavLink{Title: "Types", URL: site.TypesURL}
		}
	case "tag":
		list = &NavLink{Title: "Tags", URL: site.TagsURL}
	case "timeline":
		if p.URL != site.TimelineURL { // a part of a long timeline
			list = &NavLink{Title: "Timeline", URL: site.TimelineURL}
		}
	}
	depth := 0 // the sections above the page, the root's page (Home) not among them
	for s := sec; s != nil && s.Parent != nil; s = s.Parent {
		depth++
	}
	n := 2 + depth
	if list != nil {
		n++
	}
	trail := p.arena.navLinks(n)
	trail[0] = NavLink{Title: "Home", URL: ""}
	for s, i := sec, depth; s != nil && s.Parent != nil; s, i = s.Parent, i-1 {
		trail[i] = NavLink{Title: s.Title, URL: s.URL}
	}
	if list != nil {
		trail[n-2] = *list
	}
	trail[n-1] = NavLink{Title: p.Title, URL: p.URL, Current: "page"}
	for i := range trail {
		trail[i].Href = p.linkNow(trail[i].URL)
	}
	return trail
}

// Header is the site header of the page, its own header item marked.
func (p *Page) Header() Header {
	links := siteNav(p.Site, p.arena)
	crumbs := p.Crumbs()
	for i := range links {
		l := &links[i]
		l.Href = p.linkNow(l.URL)
		switch {
		case l.URL == p.URL && p.Kind != "404":
			l.Current = "page"
		default:
			// A header item above the page: the breadcrumbs pass through it.
			for _, c := range crumbs {
				if c.URL == l.URL && c.URL != "" {
					l.Current = "true"
				}
			}
		}
	}
	h := Header{Title: p.Site.Root.Title, Home: p.linkNow(""), Links: links, Search: p.linkNow(site.SearchURL), Index: p.linkNow("search-index.js"), Explicit: p.Offline}
	return h
}

// singleHeader is the header of the single file: the same links as
// in-page links.
func singleHeader(s *site.Site) Header {
	links := siteNav(s, nil)
	for i := range links {
		links[i].Href = "#" + pageKey(links[i].URL)
	}
	return Header{Title: s.Root.Title, Home: "#p-home", Links: links, Search: "#p-search", Explicit: true, Single: true}
}
