package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"sync"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// The partials every kind of page calls with long lists, drawn in Go when
// a page's template set has the built-in one: Page.PageList ("pagelist")
// and Page.EventList ("events"). A theme that defines either, in a partial
// or in a page's own template, has its own run instead.

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
	return p.part("PageList", "pagelist", map[string]any{"Page": p, "Pages": pages}, p.goParts.list, func(w *pageWriter) { w.pageList(pages) })
}

// part is method's partial name with dot: drawn by draw when inGo, else by
// the page's template.
func (p *Page) part(method, name string, dot any, inGo bool, draw func(*pageWriter)) (template.HTML, error) {
	if p.set == nil {
		return "", fmt.Errorf("%s: the page is not being rendered", method)
	}
	if inGo {
		return p.arena.html(func(dst []byte) []byte {
			w := pageWriter{b: dst, p: p}
			draw(&w)
			return w.b
		}), nil
	}
	var buf bytes.Buffer
	if err := p.set.ExecuteTemplate(&buf, name, dot); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// pageList is the "pagelist" template of templates/partials/pagelist.html.
func (w *pageWriter) pageList(pages []*site.Page) {
	w.s("\n<ul class=\"page-list\">")
	for _, pg := range pages {
		w.s("\n<li>")
		w.link(pg.URL, pg.Title)
		if t := pg.TypeTerm; t != nil {
			w.textIn(` <span class="type">`, t.Name, "</span>")
		}
		if pg.Summary != "" {
			w.textIn("<p>", pg.Summary, "</p>")
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
	m, err := listOf(kv...)
	if err != nil {
		return "", fmt.Errorf("EventList: %w", err)
	}
	m["Page"] = p
	o, ok := eventOptionsOf(m)
	return p.part("EventList", "events", m, p.goParts.events && ok, func(w *pageWriter) { w.events(o) })
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
		w.textIn("\n<section class=\"year\" aria-labelledby=\"", o.prefix, "y")
		w.n(y.Year)
		w.s("\" data-year=\"")
		w.n(y.Year)
		w.textIn("\">\n<h3 id=\"", o.prefix, "y")
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
				w.b = appendFilters(w.b, e)
			}
			if merged {
				w.s(` class="merged"`)
			}
			w.textIn(`><time datetime="`, e.Date.Machine(), `" title="`)
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
					w.textIn("<details><summary>", e.Title, "</summary>")
					for _, x := range e.All() {
						if x.Note == "" {
							continue
						}
						w.s("<p>")
						w.text(x.Note)
						if merged {
							w.textIn(` <span class="ev-from">(`, x.Page.Title, ")</span>")
						}
						w.s("</p>")
					}
					w.s("</details>")
				} else {
					w.textIn(`<span class="ev-title">`, e.Title, "</span>")
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
				w.textIn("\n<div><strong>", e.Title, "</strong>")
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
						w.textIn("<p>", x.Note, "</p>")
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
