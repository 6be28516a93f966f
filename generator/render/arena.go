package render

import (
	"html/template"
	"unsafe"

	"github.com/lodestone-ssg/lodestone/generator/site"
)

// arena holds the HTML a page's methods make while one page is rendered:
// its body, its local graph and its side navigation, tens of kilobytes a
// page. html/template copies each into the page as it writes it, so a
// render worker reuses the same bytes for its next page instead of
// allocating them again (at 10,000 briefs, a quarter of what rendering
// allocated). What an arena gives is valid until reset: only until the
// page it was made for is written. Pages rendered outside a worker (the
// preview server, the single file) have no arena.
type arena struct {
	b []byte
	// nav and navPtrs hold the side navigation's nodes (navBriefs).
	nav     []NavNode
	navPtrs []*NavNode
	// links hold the header's and the breadcrumbs' links.
	links  []NavLink
	adding bool // html's add is appending to b
}

// maxArena is the most an arena keeps for the next page.
const maxArena = 1 << 20

// html returns what add appends to the arena, as HTML that shares its
// bytes. Without an arena (a nil *arena) add appends to nil and the HTML
// has bytes of its own.
func (a *arena) html(add func(dst []byte) []byte) template.HTML {
	if a == nil {
		return bytesHTML(add(nil))
	}
	start := len(a.b)
	was := a.adding
	a.adding = true
	// add may outgrow the array: the HTML given before keeps the old one
	// (a string holds its array), the arena goes on in the new one.
	a.b = add(a.b)
	a.adding = was
	return bytesHTML(a.b[start:])
}

// reset makes the arena's bytes free for the next page: nothing given
// before may be used after.
func (a *arena) reset() {
	if cap(a.b) > maxArena {
		a.b = nil
	}
	a.b, a.adding = a.b[:0], false
	clear(a.nav)
	clear(a.navPtrs)
	clear(a.links)
	a.nav, a.navPtrs, a.links = a.nav[:0], a.navPtrs[:0], a.links[:0]
}

// navLinks returns n zero links, from the arena (or new without one).
func (a *arena) navLinks(n int) []NavLink {
	if a == nil {
		return make([]NavLink, n)
	}
	if cap(a.links)-len(a.links) < n {
		a.links = make([]NavLink, 0, max(2*cap(a.links), n, 32))
	}
	k := len(a.links)
	a.links = a.links[:k+n]
	return a.links[k : k+n : k+n]
}

// navNodes returns n zero nodes and n pointers, from the arena (or new
// without one).
func (a *arena) navNodes(n int) ([]*NavNode, []NavNode) {
	if a == nil {
		return make([]*NavNode, n), make([]NavNode, n)
	}
	// A full array is left to what was given from it: a new one takes
	// over, as for b.
	if cap(a.nav)-len(a.nav) < n {
		a.nav = make([]NavNode, 0, max(2*cap(a.nav), n, 64))
	}
	if cap(a.navPtrs)-len(a.navPtrs) < n {
		a.navPtrs = make([]*NavNode, 0, max(2*cap(a.navPtrs), n, 64))
	}
	k, l := len(a.nav), len(a.navPtrs)
	a.nav, a.navPtrs = a.nav[:k+n], a.navPtrs[:l+n]
	return a.navPtrs[l : l+n : l+n], a.nav[k : k+n : k+n]
}

// link is s.Link(from, to) in the arena's bytes, valid until reset like
// the rest: the hrefs of a page's header, breadcrumbs and side navigation,
// fifty a page, are written into it and then dropped. Without an arena
// (or with explicit index.html links) it is s.Link's own string.
func (a *arena) link(s *site.Site, from, to string) string {
	if a == nil || a.adding || s.Options.ExplicitIndex {
		return s.Link(from, to) // a.b is add's while it adds
	}
	start := len(a.b)
	a.b = site.AppendRel(a.b, from, to)
	return string(bytesHTML(a.b[start:]))
}

// bytesHTML is b as HTML without a copy: b must not change while the HTML
// is in use.
func bytesHTML(b []byte) template.HTML {
	if len(b) == 0 {
		return ""
	}
	return template.HTML(unsafe.String(unsafe.SliceData(b), len(b)))
}
