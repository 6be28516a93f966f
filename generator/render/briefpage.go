package render

import (
	"bytes"
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

// builtinBriefFiles are the built-in theme's files of a brief's page.
var builtinBriefFiles = sync.OnceValues(func() (map[string][]byte, error) { return briefTemplates(lodestone.Theme) })

// builtinBriefTemplates reports whether theme's templates for a brief's
// page are the built-in ones.
func builtinBriefTemplates(theme fs.FS) bool {
	own, err := briefTemplates(theme)
	if err != nil {
		return false
	}
	builtin, err := builtinBriefFiles()
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
	w.textIn("\">\n<head>\n<meta charset=\"utf-8\">\n<script>try{var t=localStorage.getItem(\"lodestone-theme\");if(t==\"light\"||t==\"dark\")document.documentElement.setAttribute(\"data-theme\",t)}catch(e){}document.documentElement.className+=\" js\"</script>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", p.Title, " · ")
	w.text(p.Site.Root.Title)
	w.s("</title>")
	if b.Summary != "" {
		w.textIn("\n<meta name=\"description\" content=\"", b.Summary, "\">")
	}
	w.textIn("\n<meta name=\"generator\" content=\"Lodestone ", p.Version, "\">")
	if c := p.Canonical(); c != "" {
		w.s("\n<link rel=\"canonical\" href=\"")
		w.url(c)
		w.textIn("\">\n<meta property=\"og:url\" content=\"", c, "\">\n<meta property=\"og:title\" content=\"")
		w.text(p.Title)
		w.textIn("\">\n<meta property=\"og:site_name\" content=\"", p.Site.Root.Title, "\">\n<meta property=\"og:type\" content=\"article\">")
		if b.Summary != "" {
			w.textIn("\n<meta property=\"og:description\" content=\"", b.Summary, "\">")
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

// textIn appends text, escaped, between markup before and after.
func (w *pageWriter) textIn(before, text, after string) {
	w.b = append(w.b, before...)
	w.b = appendText(w.b, text)
	w.b = append(w.b, after...)
}

// url appends a URL attribute's value.
func (w *pageWriter) url(s string) { w.b = appendURL(w.b, s) }

// n appends a number.
func (w *pageWriter) n(i int) { w.b = strconv.AppendInt(w.b, int64(i), 10) }

// link appends <a href="(the link to site URL u)">text</a>.
func (w *pageWriter) link(u, text string) {
	w.s(`<a href="`)
	w.url(w.p.linkNow(u))
	w.textIn(`">`, text, `</a>`)
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
			w.textIn(`<span aria-current="page">`, c.Title, "</span>")
		} else {
			w.s(`<a href="`)
			w.url(c.Href)
			w.textIn(`">`, c.Title, "</a>")
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
			w.textIn(`">`, h.Text, "</a></li>")
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
	w.textIn("\n<article class=\"brief\">\n<h1>", p.Title, "</h1>\n")
	if !b.SummaryFromBody && b.Summary != "" {
		w.textIn(`<p class="lead">`, b.Summary, "</p>")
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
		w.textIn("\">", r.Title, "</h2>\n")
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
		w.textIn(`<dt>Date</dt><dd><time datetime="`, b.Date.Machine(), `">`)
		w.text(b.Date.Human())
		w.s("</time></dd>")
	}
	if !b.Updated.IsZero() {
		w.textIn(`<dt>Updated</dt><dd><time datetime="`, b.Updated.Machine(), `">`)
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
		w.textIn("<dt>", f.Label, "</dt><dd>")
		if f.URL != "" {
			w.link(f.URL, f.Text)
		} else {
			w.text(f.Text)
		}
		if f.AsOf != "" {
			w.textIn(` <span class="as-of">(as of `, f.AsOf, ")</span>")
		}
		if f.Stale {
			w.s(` <a class="stale-badge" href="`)
			w.url(p.linkNow("stale/"))
			w.textIn(`">stale<span class="vh"> (`, f.Age, " old; older than ")
			w.text(p.Site.Config.StaleAfter.String())
			w.s(")</span></a>")
		}
		w.s("</dd>")
	}
	if len(b.Aliases) > 0 {
		w.textIn("<dt>Also known as</dt><dd>", strings.Join(b.Aliases, ", "), "</dd>")
	}
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
					w.textIn(`">`, bl.Mark, "</a>")
				}
			}
			w.s("</span>")
		}
		w.s("</li>")
	}
	w.s("\n</ol>\n<p class=\"all-sources\"><a href=\"")
	w.url(p.linkNow("sources/"))
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
		w.textIn(", <i>", s.Container, "</i>")
	}
	if s.Pages != "" {
		w.s(", pp. ")
		w.text(s.Pages)
	}
	if s.Date != "" {
		w.textIn(" (", s.Date, ")")
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
		w.textIn(` <span class="fact-id">`, s.ID, "</span>")
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
	w.textIn(`" rel="external">doi:`, doi, "</a>")
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
	w.textIn("<cite>", s.Title, "</cite>")
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
	w.textIn(" (", r.Year, "). ")
	w.sourceTitle(s)
	w.s(".")
	if s.Container != "" {
		w.textIn(" <i>", s.Container, "</i>")
		if s.Pages != "" {
			w.s(", pp. ")
			w.text(s.Pages)
		}
		w.s(".")
	}
	if len(s.Authors) > 0 && s.Publisher != "" && s.Publisher != authors {
		w.textIn(" ", s.Publisher, ".")
	}
	if s.DOI != "" {
		w.s(" ")
		w.doi(s.DOI)
		w.s(".")
	}
	w.sourceTail(s)
}
