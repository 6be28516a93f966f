package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"strconv"
	"strings"
	"sync"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// A brief's page is drawn in Go when the site's templates for it are the
// built-in ones: templates/base.html, templates/brief.html and
// templates/partials/, each byte for byte as Lodestone embeds them (the
// common case: a site without a theme of its own). The templates stay what
// a brief's page is; this file writes exactly what they write, for a
// fifth of the time: html/template spends about a microsecond on each of
// the two hundred actions of a brief's page, and most pages of a site are
// briefs' pages. A site that changes any of those files, or adds a
// partial, has its briefs' pages drawn by its templates.
// TestBriefPageAsTemplates builds sites both ways and compares every file;
// FuzzEscapers checks the escaping against html/template's.

// briefTemplates are the template files a brief's page is made from.
func briefTemplates(fsys fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	partials, err := fs.Glob(fsys, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range append([]string{"templates/base.html", "templates/brief.html"}, partials...) {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	return files, nil
}

// builtinBriefTemplates reports whether theme's templates for a brief's
// page are the built-in ones.
func builtinBriefTemplates(theme fs.FS) bool {
	own, err := briefTemplates(theme)
	if err != nil {
		return false
	}
	builtin, err := briefTemplates(lodestone.Theme)
	if err != nil || len(own) != len(builtin) {
		return false
	}
	for name, b := range builtin {
		if !bytes.Equal(own[name], b) {
			return false
		}
	}
	return true
}

// builtinPart reports whether the template name of set is the built-in
// one of templates/partials/ (as parsed, before html/template has escaped
// it: set must not have been executed yet).
func builtinPart(set *template.Template, name string) bool {
	own := set.Lookup(name)
	if own == nil || own.Tree == nil {
		return false
	}
	want, err := builtinParts()
	return err == nil && want[name] != "" && own.Tree.Root.String() == want[name]
}

// builtinParts are the templates of the built-in partials, each as its
// parse tree prints.
var builtinParts = sync.OnceValues(func() (map[string]string, error) {
	t := template.New("").Funcs(funcs)
	partials, err := fs.Glob(lodestone.Theme, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range partials {
		if err := parseFile(t, lodestone.Theme, f); err != nil {
			return nil, err
		}
	}
	parts := map[string]string{}
	for _, d := range t.Templates() {
		if d.Tree != nil {
			parts[d.Name()] = d.Tree.Root.String()
		}
	}
	return parts, nil
})

// PageList is a list of pages as the "pagelist" template writes it:
// {{.PageList .Pages}} writes what {{template "pagelist" list "Page" .
// "Pages" .Pages}} does. When the page's "pagelist" is the built-in one it
// is drawn in Go (a tag's page lists hundreds of briefs, at six template
// actions each); else the template is run.
func (p *Page) PageList(pages []*site.Page) (template.HTML, error) {
	if p.set == nil {
		return "", errors.New("PageList: the page is not being rendered")
	}
	if p.goParts.list {
		return p.arena.html(func(dst []byte) []byte {
			w := pageWriter{b: dst, p: p}
			w.pageList(pages)
			return w.b
		}), nil
	}
	var buf bytes.Buffer
	if err := p.set.ExecuteTemplate(&buf, "pagelist", map[string]any{"Page": p, "Pages": pages}); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// appendBriefPage appends the page of a brief as templates/base.html with
// templates/brief.html writes it. p.set is the page's template set, for
// the parts Memo renders.
func appendBriefPage(dst []byte, p *Page) ([]byte, error) {
	b := p.Brief
	frame := p.Frame()
	w := pageWriter{b: dst, p: p}
	w.s("<!DOCTYPE html>\n<html lang=\"")
	if lang := p.Site.Config.Language; lang != "" {
		w.text(lang)
	} else {
		w.s("en")
	}
	w.s("\">\n<head>\n<meta charset=\"utf-8\">\n<script>try{var t=localStorage.getItem(\"lodestone-theme\");if(t==\"light\"||t==\"dark\")document.documentElement.setAttribute(\"data-theme\",t)}catch(e){}document.documentElement.className+=\" js\"</script>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	w.text(p.Title)
	w.s(" · ")
	w.text(p.Site.Root.Title)
	w.s("</title>")
	if b.Summary != "" {
		w.s("\n<meta name=\"description\" content=\"")
		w.text(b.Summary)
		w.s("\">")
	}
	w.s("\n<meta name=\"generator\" content=\"Lodestone ")
	w.text(p.Version)
	w.s("\">")
	if c := p.Canonical(); c != "" {
		w.s("\n<link rel=\"canonical\" href=\"")
		w.url(c)
		w.s("\">\n<meta property=\"og:url\" content=\"")
		w.text(c)
		w.s("\">\n<meta property=\"og:title\" content=\"")
		w.text(p.Title)
		w.s("\">\n<meta property=\"og:site_name\" content=\"")
		w.text(p.Site.Root.Title)
		w.s("\">\n<meta property=\"og:type\" content=\"article\">")
		if b.Summary != "" {
			w.s("\n<meta property=\"og:description\" content=\"")
			w.text(b.Summary)
			w.s("\">")
		}
	}
	w.s("\n")
	if err := w.memo("frame-head", frame); err != nil {
		return nil, err
	}
	w.s("\n</head>\n<body class=\"kind-brief\">\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n")
	if err := w.memo("header", p.Header()); err != nil {
		return nil, err
	}
	nav := p.SideNav()
	w.s("\n<div class=\"page")
	if nav != nil {
		w.s(" with-nav")
	}
	w.s("\">\n<main id=\"main\">")
	w.crumbs()
	w.brief()
	w.s("\n</main>")
	if nav != nil {
		w.b = nav.append(w.b)
	}
	w.s("\n</div>\n")
	if err := w.memo("frame-footer", frame); err != nil {
		return nil, err
	}
	w.s("\n</body>\n</html>\n")
	return w.b, nil
}

// pageWriter appends a page's HTML to b.
type pageWriter struct {
	b []byte
	p *Page
}

// s appends markup as it is.
func (w *pageWriter) s(markup string) { w.b = append(w.b, markup...) }

// text appends text, escaped.
func (w *pageWriter) text(s string) { w.b = appendText(w.b, s) }

// url appends a URL attribute's value.
func (w *pageWriter) url(s string) { w.b = appendURL(w.b, s) }

// n appends a number.
func (w *pageWriter) n(i int) { w.b = strconv.AppendInt(w.b, int64(i), 10) }

// link appends <a href="(the link to site URL u)">text</a>.
func (w *pageWriter) link(u, text string) {
	w.s(`<a href="`)
	w.url(w.p.Link(u))
	w.s(`">`)
	w.text(text)
	w.s(`</a>`)
}

// memo appends a part through Page.Memo.
func (w *pageWriter) memo(name string, dot memoable) error {
	html, err := w.p.Memo(name, dot)
	w.b = append(w.b, html...)
	return err
}

// crumbs is the "crumbs" template of templates/base.html.
func (w *pageWriter) crumbs() {
	crumbs := w.p.Crumbs()
	if len(crumbs) == 0 {
		return
	}
	w.s("\n<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><ol>")
	for _, c := range crumbs {
		w.s("<li>")
		if c.Current != "" {
			w.s(`<span aria-current="page">`)
			w.text(c.Title)
			w.s("</span>")
		} else {
			w.s(`<a href="`)
			w.url(c.Href)
			w.s(`">`)
			w.text(c.Title)
			w.s("</a>")
		}
		w.s("</li>")
	}
	w.s("</ol></nav>\n")
}

// brief is the "main" template of templates/brief.html.
func (w *pageWriter) brief() {
	p := w.p
	b := p.Brief
	toc := b.TOC()
	graph := p.LocalGraph()
	plain := b.PlainBacklinks()
	linkedFrom := "Linked from"
	if len(b.Relations) > 0 {
		linkedFrom = "Also linked from"
	}
	w.s("\n\n<div class=\"brief-layout")
	if len(toc) > 0 {
		w.s(" with-toc")
	}
	w.s("\">")
	if len(toc) > 0 {
		w.s("\n<details class=\"toc\" open>\n<summary id=\"toc-h\">On this page</summary>\n<nav aria-labelledby=\"toc-h\">\n<ol>")
		for _, h := range toc {
			w.s("\n<li class=\"toc-")
			w.n(h.Level)
			w.s(`"><a href="#`)
			w.b = appendFragment(w.b, h.ID)
			w.s(`">`)
			w.text(h.Text)
			w.s("</a></li>")
		}
		if len(p.Timeline) > 0 {
			w.s(`<li class="toc-2"><a href="#events-h">Timeline</a></li>`)
		}
		if len(b.References) > 0 {
			w.s(`<li class="toc-2"><a href="#sources-h">Sources</a></li>`)
		}
		if len(plain) > 0 {
			w.s(`<li class="toc-2"><a href="#backlinks-h">` + linkedFrom + `</a></li>`)
		}
		if graph != "" {
			w.s(`<li class="toc-2"><a href="#graph-h">Connections</a></li>`)
		}
		w.s("\n</ol>\n<p class=\"to-top\"><a href=\"#main\">Back to top</a></p>\n</nav>\n</details>")
	}
	w.s("\n<article class=\"brief\">\n<h1>")
	w.text(p.Title)
	w.s("</h1>\n")
	if !b.SummaryFromBody && b.Summary != "" {
		w.s(`<p class="lead">`)
		w.text(b.Summary)
		w.s("</p>")
	}
	w.s("\n<dl class=\"meta\">")
	w.meta()
	w.s("\n</dl>\n<div class=\"prose\">")
	w.s(string(p.Body))
	w.s("</div>\n")
	if len(p.Timeline) > 0 {
		w.s("\n<section class=\"timeline own\" aria-labelledby=\"events-h\">\n<h2 id=\"events-h\">Timeline</h2>\n")
		w.events(eventOptions{years: p.Timeline, prefix: "own-"})
		w.s("\n</section>\n")
	}
	w.s("\n")
	w.references()
	w.s("\n")
	for i, r := range b.Relations {
		w.s("\n<section class=\"relations\" aria-labelledby=\"relation-h")
		w.n(i)
		w.s("\">\n<h2 id=\"relation-h")
		w.n(i)
		w.s("\">")
		w.text(r.Title)
		w.s("</h2>\n")
		w.pageList(r.Pages)
		w.s("\n</section>\n")
	}
	w.s("\n")
	if len(plain) > 0 {
		w.s("\n<section class=\"backlinks\" aria-labelledby=\"backlinks-h\">\n<h2 id=\"backlinks-h\">" + linkedFrom + "</h2>\n")
		w.pageList(plain)
		w.s("\n</section>\n")
	}
	w.s("\n")
	if graph != "" {
		w.s("\n<section class=\"connections\" aria-labelledby=\"graph-h\">\n<h2 id=\"graph-h\">Connections</h2>\n")
		w.s(string(graph))
		w.s("\n</section>\n")
	}
	if len(toc) > 0 {
		w.s("\n<p class=\"to-top\"><a href=\"#main\">Back to top</a></p>")
	}
	w.s("\n</article>\n</div>\n")
}

// meta is the brief's <dl class="meta">: its type, dates, tags, facts and
// aliases.
func (w *pageWriter) meta() {
	p := w.p
	b := p.Brief
	if t := b.TypeTerm; t != nil {
		w.s("<dt>Type</dt><dd>")
		w.link(t.URL, t.Name)
		w.s("</dd>")
	}
	if !b.Date.IsZero() {
		w.s(`<dt>Date</dt><dd><time datetime="`)
		w.text(b.Date.Machine())
		w.s(`">`)
		w.text(b.Date.Human())
		w.s("</time></dd>")
	}
	if !b.Updated.IsZero() {
		w.s(`<dt>Updated</dt><dd><time datetime="`)
		w.text(b.Updated.Machine())
		w.s(`">`)
		w.text(b.Updated.Human())
		w.s("</time>")
		if b.UpdatedByCommit {
			w.s(` <span class="as-of">(last commit)</span>`)
		}
		w.s("</dd>")
	}
	if len(b.TagTerms) > 0 {
		w.s(`<dt>Tags</dt><dd><ul class="tags">`)
		for _, t := range b.TagTerms {
			w.s("<li>")
			w.link(t.URL, "#"+t.Name)
			w.s("</li>")
		}
		w.s("</ul></dd>")
	}
	for _, f := range b.Facts(p.Site) {
		w.s("<dt>")
		w.text(f.Label)
		w.s("</dt><dd>")
		if f.URL != "" {
			w.link(f.URL, f.Text)
		} else {
			w.text(f.Text)
		}
		if f.AsOf != "" {
			w.s(` <span class="as-of">(as of `)
			w.text(f.AsOf)
			w.s(")</span>")
		}
		if f.Stale {
			w.s(` <a class="stale-badge" href="`)
			w.url(p.Link("stale/"))
			w.s(`">stale<span class="vh"> (`)
			w.text(f.Age)
			w.s(" old; older than ")
			w.text(p.Site.Config.StaleAfter.String())
			w.s(")</span></a>")
		}
		w.s("</dd>")
	}
	if len(b.Aliases) > 0 {
		w.s("<dt>Also known as</dt><dd>")
		w.text(strings.Join(b.Aliases, ", "))
		w.s("</dd>")
	}
}

// pageList is the "pagelist" template of templates/partials/pagelist.html.
func (w *pageWriter) pageList(pages []*site.Page) {
	w.s("\n<ul class=\"page-list\">")
	for _, pg := range pages {
		w.s("\n<li>")
		w.link(pg.URL, pg.Title)
		if t := pg.TypeTerm; t != nil {
			w.s(` <span class="type">`)
			w.text(t.Name)
			w.s("</span>")
		}
		if pg.Summary != "" {
			w.s("<p>")
			w.text(pg.Summary)
			w.s("</p>")
		}
		w.s("</li>")
	}
	w.s("\n</ul>\n")
}

// goParts tells which partials of a template set are the built-in ones,
// drawn in Go.
type goParts struct{ list, events bool }

// EventList is a list of events by year as the "events" template writes
// it: {{.EventList "Years" .Timeline "Links" true}} writes what
// {{template "events" list "Page" . "Years" .Timeline "Links" true}}
// does, with the same keys (see the template). When the page's "events"
// is the built-in one and the values have the types it expects, it is
// drawn in Go (the site's timeline has a row for every event of the
// site); else the template is run.
func (p *Page) EventList(kv ...any) (template.HTML, error) {
	if p.set == nil {
		return "", errors.New("EventList: the page is not being rendered")
	}
	m, err := listOf(kv...)
	if err != nil {
		return "", fmt.Errorf("EventList: %w", err)
	}
	m["Page"] = p
	if p.goParts.events {
		if o, ok := eventOptionsOf(m); ok {
			return p.arena.html(func(dst []byte) []byte {
				w := pageWriter{b: dst, p: p}
				w.events(o)
				return w.b
			}), nil
		}
	}
	var buf bytes.Buffer
	if err := p.set.ExecuteTemplate(&buf, "events", m); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// eventOptions are the arguments of the "events" template.
type eventOptions struct {
	years                  []*site.Year
	prefix                 string
	links, compact, filter bool
}

// eventOptionsOf reads the arguments of the "events" template, if each is
// of the type the built-in template expects (or missing).
func eventOptionsOf(m map[string]any) (eventOptions, bool) {
	var o eventOptions
	for k, v := range m {
		ok := true
		switch k {
		case "Page":
		case "Years":
			o.years, ok = v.([]*site.Year)
		case "Prefix":
			o.prefix, ok = v.(string)
		case "Links":
			o.links, ok = v.(bool)
		case "Compact":
			o.compact, ok = v.(bool)
		case "Filter":
			o.filter, ok = v.(bool)
		default:
			ok = false
		}
		if !ok {
			return o, false
		}
	}
	return o, true
}

// events is the "events" template of templates/partials/pagelist.html.
func (w *pageWriter) events(o eventOptions) {
	for _, y := range o.years {
		w.s("\n<section class=\"year\" aria-labelledby=\"")
		w.text(o.prefix)
		w.s("y")
		w.n(y.Year)
		w.s("\" data-year=\"")
		w.n(y.Year)
		w.s("\">\n<h3 id=\"")
		w.text(o.prefix)
		w.s("y")
		w.n(y.Year)
		w.s("\">")
		w.n(y.Year)
		w.s("</h3>\n<ol class=\"events")
		if o.compact {
			w.s(" compact")
		}
		w.s("\">")
		for _, e := range y.Events {
			merged := len(e.Also) > 0
			w.s("\n<li")
			if o.filter {
				w.s(string(eventFilters(e)))
			}
			if merged {
				w.s(` class="merged"`)
			}
			w.s(`><time datetime="`)
			w.text(e.Date.Machine())
			w.s(`" title="`)
			w.text(e.Date.Human())
			w.s(`">`)
			if in := e.Date.InYear(); in != "" {
				w.text(in)
			} else {
				w.s(`<span class="vh">`)
				w.n(y.Year)
				w.s("</span>")
			}
			w.s("</time>")
			if o.compact {
				w.s("\n<div class=\"ev-what\">")
				if e.Noted() {
					w.s("<details><summary>")
					w.text(e.Title)
					w.s("</summary>")
					for _, x := range e.All() {
						if x.Note == "" {
							continue
						}
						w.s("<p>")
						w.text(x.Note)
						if merged {
							w.s(` <span class="ev-from">(`)
							w.text(x.Page.Title)
							w.s(")</span>")
						}
						w.s("</p>")
					}
					w.s("</details>")
				} else {
					w.s(`<span class="ev-title">`)
					w.text(e.Title)
					w.s("</span>")
				}
				w.s("</div>")
				if o.links {
					w.s("\n<span class=\"ev-briefs\">")
					for i, pg := range e.Pages() {
						if i > 0 {
							w.s(`<span aria-hidden="true"> · </span>`)
						}
						w.link(pg.URL, pg.Title)
					}
					w.s("</span>")
				}
			} else {
				w.s("\n<div><strong>")
				w.text(e.Title)
				w.s("</strong>")
				if o.links {
					w.s(" — ")
					for i, pg := range e.Pages() {
						if i > 0 {
							w.s(" · ")
						}
						w.link(pg.URL, pg.Title)
					}
				}
				for _, x := range e.All() {
					if x.Note != "" {
						w.s("<p>")
						w.text(x.Note)
						w.s("</p>")
					}
				}
				w.s("</div>")
			}
			w.s("</li>")
		}
		w.s("\n</ol>\n</section>")
	}
	w.s("\n")
}

// references is the "references" template of
// templates/partials/pagelist.html.
func (w *pageWriter) references() {
	p := w.p
	refs := p.Brief.References
	if len(refs) == 0 {
		return
	}
	ad := p.Site.Config.AuthorDate()
	w.s("\n<section class=\"sources")
	if ad {
		w.s(" author-date")
	}
	w.s("\" aria-labelledby=\"sources-h\">\n<h2 id=\"sources-h\">Sources</h2>\n<ol>")
	for _, r := range refs {
		w.s("\n<li id=\"ref-")
		w.n(r.Num)
		w.s("\"><span class=\"ref-text\">")
		if ad {
			w.sourceAuthorDate(r)
		} else {
			w.source(r.Source)
		}
		w.s("</span>")
		if len(r.Backlinks) > 0 {
			w.s(` <span class="ref-back">`)
			if len(r.Backlinks) == 1 {
				w.s(`<a href="#`)
				w.b = appendFragment(w.b, r.Backlinks[0].ID)
				w.s(`" aria-label="Back to the citation">↩</a>`)
			} else {
				w.s(`<span aria-hidden="true">↩</span>`)
				for _, bl := range r.Backlinks {
					w.s(` <a href="#`)
					w.b = appendFragment(w.b, bl.ID)
					w.s(`" aria-label="Back to citation `)
					w.n(bl.N)
					w.s(`">`)
					w.text(bl.Mark)
					w.s("</a>")
				}
			}
			w.s("</span>")
		}
		w.s("</li>")
	}
	w.s("\n</ol>\n<p class=\"all-sources\"><a href=\"")
	w.url(p.Link("sources/"))
	w.s("\">All sources of this site</a></p>\n</section>\n")
}

// source is the "source" template: a work as the numbered style lists it.
func (w *pageWriter) source(s brief.Source) {
	authors := s.AuthorList()
	if authors != "" {
		w.text(authors)
		w.s(", ")
	}
	if s.Publisher != "" && s.Publisher != authors {
		w.text(s.Publisher)
		w.s(", ")
	}
	w.sourceTitle(s)
	if s.Container != "" {
		w.s(", <i>")
		w.text(s.Container)
		w.s("</i>")
	}
	if s.Pages != "" {
		w.s(", pp. ")
		w.text(s.Pages)
	}
	if s.Date != "" {
		w.s(" (")
		w.text(s.Date)
		w.s(")")
	}
	if s.DOI != "" {
		w.s(", ")
		w.doi(s.DOI)
	}
	w.sourceTail(s)
}

// sourceTail is the end both styles share: the work's fact id and note.
func (w *pageWriter) sourceTail(s brief.Source) {
	if s.ID != "" {
		w.s(` <span class="fact-id">`)
		w.text(s.ID)
		w.s("</span>")
	}
	if s.Note != "" {
		w.s(" — ")
		w.text(s.Note)
	}
}

// doi is the link of the "source-doi" template, after its ", ".
func (w *pageWriter) doi(doi string) {
	w.s(`<a href="https://doi.org/`)
	w.b = appendURLPath(w.b, doi)
	w.s(`" rel="external">doi:`)
	w.text(doi)
	w.s("</a>")
}

// sourceTitle is the "source-title" template.
func (w *pageWriter) sourceTitle(s brief.Source) {
	if l := s.Link(); l != "" {
		w.s(`<a href="`)
		w.url(l)
		w.s(`" rel="external">`)
		if s.Title != "" {
			w.text(s.Title)
		} else {
			w.text(l)
		}
		w.s("</a>")
		return
	}
	w.s("<cite>")
	w.text(s.Title)
	w.s("</cite>")
}

// sourceAuthorDate is the "source-author-date" template: Authors (Year).
// Title. Container, pp. Pages. Publisher. DOI.
func (w *pageWriter) sourceAuthorDate(r site.Reference) {
	s := r.Source
	authors := s.AuthorList()
	switch {
	case len(s.Authors) > 0:
		w.text(authors)
	case s.Publisher != "":
		w.text(s.Publisher)
	default:
		w.text(r.Author)
	}
	w.s(" (")
	w.text(r.Year)
	w.s("). ")
	w.sourceTitle(s)
	w.s(".")
	if s.Container != "" {
		w.s(" <i>")
		w.text(s.Container)
		w.s("</i>")
		if s.Pages != "" {
			w.s(", pp. ")
			w.text(s.Pages)
		}
		w.s(".")
	}
	if len(s.Authors) > 0 && s.Publisher != "" && s.Publisher != authors {
		w.s(" ")
		w.text(s.Publisher)
		w.s(".")
	}
	if s.DOI != "" {
		w.s(" ")
		w.doi(s.DOI)
		w.s(".")
	}
	w.sourceTail(s)
}
