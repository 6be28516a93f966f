package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// SafeURL reports whether u, an attribute value as the browser reads it
// (entities decoded), is a URL a page may link to: a relative URL (a path,
// a query, a fragment) or an http, https or mailto URL. It is stricter than
// browsers: character references are decoded once more, and every ASCII space
// and control character is removed before the scheme is read, so "jav&#x61;script:",
// "java\tscript:", " javascript:" and "JaVaScRiPt:" are all unsafe, and so is
// anything with a colon before its first '/', '?' or '#' that is not one of
// the three schemes.
func SafeURL(u []byte) bool {
	switch scheme(html.UnescapeString(string(u))) {
	case "", "http", "https", "mailto":
		return true
	}
	return false
}

// scheme is the lower-cased scheme of a URL as a browser reads it, or "" for
// a relative URL.
func scheme(u string) string {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	i := strings.IndexAny(u, ":/?#")
	if i <= 0 || u[i] != ':' {
		return ""
	}
	return strings.ToLower(u[:i])
}

// urlFilter renders Markdown links, images and autolinks
// with safe URLs only, whatever raw_html says: goldmark's own filter
// (html.IsDangerousURL) is off when raw HTML is on, and it does not see
// through spaces or control characters in the scheme. A link or image with an
// unsafe URL keeps its text but gets an empty href or src; an autolink with
// an unsafe URL is written as text.
//
// Links and images are written by goldmark's HTML renderer (configured with
// the same options, which urlFilter receives through SetOption), given a
// copy of the node whose destination is emptied when unsafe. Wikilinks and
// tag links check their own (WikiLinkOpen, TagHTML).
type urlFilter struct {
	base *ghtml.Renderer
}

func newURLFilter() *urlFilter { return &urlFilter{base: ghtml.NewRenderer().(*ghtml.Renderer)} }

// SetOption implements renderer.SetOptioner.
func (f *urlFilter) SetOption(name renderer.OptionName, value any) { f.base.SetOption(name, value) }

// funcs collects the render functions a NodeRenderer registers.
type funcs map[ast.NodeKind]renderer.NodeRendererFunc

func (m funcs) Register(k ast.NodeKind, f renderer.NodeRendererFunc) { m[k] = f }

// RegisterFuncs implements renderer.NodeRenderer.
func (f *urlFilter) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	base := funcs{}
	f.base.RegisterFuncs(base)
	link, image, autoLink := base[ast.KindLink], base[ast.KindImage], base[ast.KindAutoLink]
	reg.Register(ast.KindLink, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.Link)
		if !SafeURL(util.URLEscape(n.Destination, true)) {
			c := *n
			c.Destination = nil
			node = &c
		}
		return link(w, src, node, entering)
	})
	reg.Register(ast.KindImage, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.Image)
		if !SafeURL(util.URLEscape(n.Destination, true)) {
			c := *n
			c.Destination = nil
			node = &c
		}
		return image(w, src, node, entering)
	})
	reg.Register(ast.KindAutoLink, func(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.AutoLink)
		url := util.URLEscape(n.URL(src), false)
		if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
			url = append([]byte("mailto:"), url...)
		}
		if SafeURL(url) {
			return autoLink(w, src, node, entering)
		}
		if entering {
			_, _ = w.Write(util.EscapeHTML(n.Label(src)))
		}
		return ast.WalkContinue, nil
	})
}
