package render

import (
	"bytes"
	"errors"
	"html/template"
	"strconv"
	"sync"
)

// A page's <head> links, its site header and its footer are the same on
// thousands of pages, and html/template spends about a microsecond on each
// action (three on a link in an attribute): a tenth of a brief page's
// rendering. Page.Memo renders such a part once for every dot that renders
// alike and reuses the markup.

// memoable is a dot Page.Memo accepts.
type memoable interface {
	// appendMemoKey appends every field the template may read, but the
	// links.
	appendMemoKey(dst []byte) []byte
	// recording returns the dot recording the links it makes (see Frame), or
	// the dot itself if it makes none.
	recording(*[]madeLink) memoable
	// link makes the link to u, as the dot's Link does.
	link(u string) string
}

// madeLink is a link a memoized part made: the site URL asked for and the
// href it became.
type madeLink struct{ url, href string }

// memo holds the parts rendered by Page.Memo in one plan, and in the
// plans WithBriefs makes from it, which share its pages: a body edit may
// change a page's features, which are in the key.
type memo struct {
	mu sync.Mutex
	// parts are by template and key: looked up with a key in a reused
	// buffer, no string a page.
	parts map[memoID]map[string][]memoPart
}

type memoID struct {
	set  *template.Template
	name string
}

// memoPart is a part's markup and the links it made: a page reuses it if
// its own links to the same URLs are the same (they differ with the depth
// of the page, and for a page in a folder a link goes into).
type memoPart struct {
	links []madeLink
	html  template.HTML
}

func (m *memo) find(id memoID, key []byte, dot memoable) (template.HTML, bool) {
	m.mu.Lock()
	parts := m.parts[id][string(key)]
	m.mu.Unlock()
	for _, part := range parts {
		if part.matches(dot) {
			return part.html, true
		}
	}
	return "", false
}

func (part memoPart) matches(dot memoable) bool {
	for _, l := range part.links {
		if dot.link(l.url) != l.href {
			return false
		}
	}
	return true
}

// maxMemoParts bounds the variants of one part kept: the pages of a site
// at many depths, or a theme whose part reads something that differs on
// every page, render it afresh past that.
const maxMemoParts = 16

func (m *memo) keep(id memoID, key string, part memoPart) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.parts == nil {
		m.parts = map[memoID]map[string][]memoPart{}
	}
	byKey := m.parts[id]
	if byKey == nil {
		byKey = map[string][]memoPart{}
		m.parts[id] = byKey
	}
	if len(byKey[key]) < maxMemoParts {
		byKey[key] = append(byKey[key], part)
	}
}

var memoBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Memo renders the template name of the page's template set with dot (a
// render.Frame or render.Header): once for every dot with the same fields
// and links, on the pages of one build. A theme may call it for its own
// parts with these dots; a part's markup must depend on nothing but its
// dot.
func (p *Page) Memo(name string, dot memoable) (template.HTML, error) {
	if p.set == nil {
		return "", errors.New("Memo: the page is not being rendered")
	}
	id := memoID{set: p.set, name: name}
	buf := memoBuffers.Get().(*bytes.Buffer)
	defer memoBuffers.Put(buf)
	var key string
	if p.memo != nil {
		buf.Reset()
		buf.Grow(1 << 10) // a key stays in the buffer's array
		kb := dot.appendMemoKey(buf.AvailableBuffer())
		if html, ok := p.memo.find(id, kb, dot); ok {
			return html, nil
		}
		key = string(kb)
	}
	var links []madeLink
	buf.Reset()
	if err := p.set.ExecuteTemplate(buf, name, dot.recording(&links)); err != nil {
		return "", err
	}
	html := template.HTML(buf.String())
	if p.memo != nil {
		p.memo.keep(id, key, memoPart{links: links, html: html})
	}
	return html, nil
}

// Frame is what a page's <head> links and its footer show: the same on
// every page of a kind, but for the links (see Memo).
type Frame struct {
	Kind string
	// Code, Math, Diagrams: the page's, see Page.
	Code, Math, Diagrams bool
	// Previews and CitesSources: the page's, see Page.
	Previews, CitesSources bool
	Offline                bool
	// SiteTitle is the site's title; Facts and Stale tell whether the
	// site has the facts and stale figures pages.
	SiteTitle    string
	Facts, Stale bool
	Provenance   string

	page  *Page
	links *[]madeLink
}

// Frame is the page's Frame.
func (p *Page) Frame() Frame {
	return Frame{
		Kind: p.Kind, Code: p.Code, Math: p.Math, Diagrams: p.Diagrams,
		Previews: p.Previews(), CitesSources: p.CitesSources(), Offline: p.Offline,
		SiteTitle: p.Site.Root.Title, Facts: len(p.Site.Facts) > 0, Stale: len(p.Site.Stale) > 0,
		Provenance: p.Provenance, page: p,
	}
}

// Link is the page's Link.
func (f Frame) Link(u string) string {
	href := f.page.Link(u)
	if f.links != nil {
		*f.links = append(*f.links, madeLink{u, href})
	}
	return href
}

// link is only compared with a kept link: the page's arena will do.
func (f Frame) link(u string) string { return f.page.linkNow(u) }

func (f Frame) recording(links *[]madeLink) memoable {
	f.links = links
	return f
}

func (f Frame) appendMemoKey(b []byte) []byte {
	b = append(b, f.Kind...)
	for _, v := range [...]bool{f.Code, f.Math, f.Diagrams, f.Previews, f.CitesSources, f.Offline, f.Facts, f.Stale} {
		b = strconv.AppendBool(b, v)[:len(b)+1]
	}
	b = appendKeyField(b, f.SiteTitle)
	return appendKeyField(b, f.Provenance)
}

// appendKeyField appends s to a memo key, its length first.
func appendKeyField(b []byte, s string) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	return append(b, s...)
}

// The site header's links are made in Go (Page.Header): its fields are all
// its template reads.
func (h Header) appendMemoKey(b []byte) []byte {
	b = appendKeyField(b, h.Title)
	b = appendKeyField(b, h.Home)
	b = appendKeyField(b, h.Search)
	b = appendKeyField(b, h.Index)
	b = strconv.AppendBool(b, h.Explicit)[:len(b)+1]
	b = strconv.AppendBool(b, h.Single)[:len(b)+1]
	for _, l := range h.Links {
		b = appendKeyField(b, l.Title)
		b = appendKeyField(b, l.URL)
		b = appendKeyField(b, l.Href)
		b = appendKeyField(b, l.Current)
		b = strconv.AppendInt(b, int64(l.Count), 10)
		b = append(b, ';')
	}
	return b
}

func (h Header) recording(*[]madeLink) memoable { return h }

func (h Header) link(string) string { return "" }
