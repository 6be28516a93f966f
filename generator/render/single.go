package render

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"html/template"
	"io/fs"
	"mime"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/htmlurl"
	"github.com/lodestone-ssg/lodestone/generator/preview"
	"github.com/lodestone-ssg/lodestone/generator/search"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// SinglePage is the data of templates/single.html: the whole site as one
// document, each page a section.
type SinglePage struct {
	Site       *site.Site
	Title      string
	CSS        template.CSS
	JS         template.JS // the theme's scripts, classic, inline
	Sections   []Section
	Header     Header
	Provenance string
	Version    string
	// PDF is set when the file is laid out to be printed as a PDF.
	PDF *PDFFront
}

// PDFFront is the front of a PDF: its title page and table of contents.
type PDFFront struct {
	Title, AsOf, Provenance string
	// Contents are the sections printed, in order.
	Contents []Section
}

// notPrinted are the kinds of page a PDF leaves out: forms and
// interactive drawings, and lists that only lead to other pages.
var notPrinted = map[string]bool{"search": true, "graph": true, "all": true, "tags": true, "tag": true, "types": true, "type": true}

// Section is one page of the site inside the single file.
type Section struct {
	ID    string // the page's anchor, e.g. "p-mines--mountain-pass"
	Kind  string
	Title string
	HTML  template.HTML
}

// pageKey is the anchor of a page in the single file. Slugs never contain
// "--" or "_", so "--" can stand for "/" and "__" can join a page's key to
// one of its own ids without two pages or ids ever meeting.
func pageKey(url string) string {
	if url == "" {
		return "p-home"
	}
	return "p-" + strings.ReplaceAll(strings.TrimSuffix(url, "/"), "/", "--")
}

// Single renders the whole plan as one self-contained HTML document: every
// page's content in a section of its own, links between pages turned into
// in-page links, the stylesheet and images inlined as data: URLs. The plan
// must come from a renderer with Options.Offline.
func (p *Plan) Single() ([]byte, diag.List) {
	var diags diag.List
	r := p.r
	if r.single == nil {
		diags.Errorf(diag.Pos{File: "templates/single.html"}, "template: missing")
		return nil, diags
	}
	inBundle := map[string]bool{}
	for _, j := range p.jobs {
		inBundle[j.url()] = true
	}
	var s *site.Site
	var need features // what the pages need beyond the site's own files
	sp := &SinglePage{Version: r.opts.Version, Provenance: r.opts.Provenance}
	for _, j := range p.jobs {
		pg := j.page()
		s = pg.Site
		if r.opts.PDF && notPrinted[pg.Kind] {
			continue
		}
		var buf bytes.Buffer
		if d := r.execute(&buf, j, "content", nil, nil); d != nil {
			diags.Add(*d)
			continue
		}
		need = need.or(featuresOf(buf.Bytes(), need))
		html := p.inline(buf.Bytes(), pg.URL, inBundle, &diags)
		sp.Sections = append(sp.Sections, Section{ID: pageKey(pg.URL), Kind: pg.Kind, Title: pg.Title, HTML: template.HTML(html)})
	}
	if s == nil {
		return nil, diags
	}
	sp.Site, sp.Title = s, s.Root.Title
	if r.opts.PDF {
		sp.PDF = &PDFFront{Title: cmp.Or(r.opts.Title, s.Root.Title), AsOf: r.opts.AsOf, Provenance: r.opts.Provenance, Contents: sp.Sections}
		sp.Title = sp.PDF.Title
	}
	sp.Header = singleHeader(s)
	var css bytes.Buffer
	for _, name := range p.names {
		if src, ok := p.static[name]; ok && path.Ext(name) == ".css" && need.needs(name) {
			b, err := fs.ReadFile(r.theme, src)
			if err != nil {
				diags.Errorf(diag.Pos{File: src}, "%v", err)
				continue
			}
			css.Write(htmlurl.RewriteCSS(b, func(u string) string { return p.dataURL(path.Join(path.Dir(name), u), u) }))
			css.WriteByte('\n')
		}
	}
	// The stylesheet sits in a <style> element: it must not close it.
	sp.CSS = template.CSS(strings.ReplaceAll(css.String(), "</", `<\/`))
	var js strings.Builder
	for _, name := range p.names {
		if src, ok := p.static[name]; ok && path.Ext(name) == ".js" && need.needs(name) {
			b, err := fs.ReadFile(r.theme, src)
			if err != nil {
				diags.Errorf(diag.Pos{File: src}, "%v", err)
				continue
			}
			js.WriteString(inlineScript(string(b)))
			js.WriteString("\n")
		}
	}
	// The search index, inline: a one-file bundle loads nothing else.
	for _, f := range search.BuildFrom(len(p.site.Pages), func(i int) search.Doc { return p.searchDoc(p.site.Pages[i]) }, search.Options{Inline: true}) {
		js.WriteString(inlineScript(string(f.Data)))
	}
	// The link previews, inline and keyed by the pages' anchors.
	for _, f := range preview.Build(p.previewEntries(pageKey), preview.Options{Inline: true}) {
		js.WriteString(inlineScript(string(f.Data)))
	}
	// The link graph too, for the graph page.
	js.WriteString(inlineScript(string(p.graph.Data())))
	sp.JS = template.JS(js.String())
	var out bytes.Buffer
	if err := r.single.ExecuteTemplate(&out, "templates/single.html", sp); err != nil {
		diags.Add(templateError("templates/single.html", err))
		return nil, diags
	}
	return out.Bytes(), diags
}

// inline rewrites one page's content for the single file: its ids get the
// page's key, links to pages of the bundle become in-page links, images
// become data: URLs.
func (p *Plan) inline(html []byte, pageURL string, inBundle map[string]bool, diags *diag.List) []byte {
	key := pageKey(pageURL)
	html = htmlurl.RewriteIDs(html, func(id string) string { return key + "__" + id })
	return htmlurl.Rewrite(html, func(tag, attr, ref string) string {
		u, err := url.Parse(ref)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "/") {
			return ref // external, or not ours
		}
		if u.Path == "" { // same page
			if u.Fragment == "" || u.Fragment == "main" { // the page's top (back to top)
				return "#" + key
			}
			return "#" + key + "__" + u.Fragment
		}
		target := path.Join(pageURL, u.Path) // pageURL is a folder
		if t, ok := strings.CutSuffix(target, "index.html"); ok && (t == "" || strings.HasSuffix(t, "/")) {
			if inBundle[t] {
				if u.Fragment != "" {
					return "#" + pageKey(t) + "__" + u.Fragment
				}
				return "#" + pageKey(t)
			}
		}
		if tag == "img" || attr == "style" || attr == "url" {
			return p.dataURL(target, ref)
		}
		diags.Warnf(diag.Pos{File: pageURL + "index.html"}, "single file: %q points outside the bundle", ref)
		return ref
	})
}

// dataURL inlines the output file name as a data: URL, or returns ref
// unchanged if the bundle has no such file.
func (p *Plan) dataURL(name, ref string) string {
	data, ok, d := p.File(name)
	if !ok || d != nil {
		return ref
	}
	mt := fontTypes[path.Ext(name)] // not in Go's own table: the system's may lack them
	if mt == "" {
		mt = mime.TypeByExtension(path.Ext(name))
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	return "data:" + mt + ";base64," + base64.StdEncoding.EncodeToString(data)
}

// fontTypes are the media types of web fonts (KaTeX's, in the single file).
var fontTypes = map[string]string{".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf"}

// scriptBreakers are what ends a <script> element, or starts an escaped
// part of it where its end is looked for differently: "</script" and
// "<!--", in any case.
var scriptBreakers = regexp.MustCompile(`(?i)</script|<!--`)

// inlineScript makes a script safe to put in a <script> element: the "<"
// of each scriptBreakers becomes \x3C, which means "<" in a JavaScript
// string, template or regular expression (where minified libraries have
// them: /<!--/, "</script>"), and a script has them nowhere else. (Writing
// "<\/" for every "</" would break regular expressions: /</g.)
func inlineScript(js string) string {
	return scriptBreakers.ReplaceAllStringFunc(js, func(m string) string { return `\x3C` + m[1:] })
}
