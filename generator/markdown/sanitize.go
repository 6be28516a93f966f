package markdown

import (
	"bytes"
	"html"
	"strings"

	"github.com/tdewolff/parse/v2"
	phtml "github.com/tdewolff/parse/v2/html"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// allowedTags are the elements raw HTML may use when the site enables it.
var allowedTags = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em
		figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby s samp small span strong sub summary sup
		table tbody td tfoot th thead time tr u ul var wbr`) {
		allowedTags[t] = true
	}
}

// droppedWithContent are elements whose content goes too (it is code, or
// another document).
var droppedWithContent = map[string]bool{"script": true, "style": true, "iframe": true, "object": true, "embed": true, "noscript": true, "template": true, "frameset": true, "frame": true, "applet": true}

var allowedAttrs = map[string]bool{
	"href": true, "src": true, "alt": true, "title": true, "class": true, "id": true, "colspan": true, "rowspan": true,
	"width": true, "height": true, "datetime": true, "open": true, "lang": true, "dir": true, "cite": true, "start": true,
	"reversed": true, "scope": true, "abbr": true, "headers": true, "align": true, "name": true,
}

var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true}

// Removal is something Sanitize took out, at byte offset Off of its input.
type Removal struct {
	Off  int
	What string
}

// safeURL accepts relative URLs, fragments and http(s)/mailto URLs.
func safeURL(u string) bool {
	u = strings.TrimSpace(strings.ToLower(u))
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' {
		return true // no scheme
	}
	switch u[:i] {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// Sanitize keeps only allowlisted elements and attributes of a piece of raw
// HTML: no <script>, <style>, <iframe> (with their content), no on*
// handlers, no javascript:, vbscript: or data: URLs. Text and allowed markup
// pass unchanged. It reports each removal.
func Sanitize(src []byte) ([]byte, []Removal) {
	var out bytes.Buffer
	var removed []Removal
	l := phtml.NewLexer(parse.NewInputBytes(src))
	off := 0
	skipUntil := "" // inside a dropped element: its name
	dropTag := false
	for {
		tt, data := l.Next()
		start := off
		off += len(data)
		switch tt {
		case phtml.ErrorToken:
			return out.Bytes(), removed
		case phtml.StartTagToken:
			name := strings.ToLower(string(l.Text()))
			dropTag = false
			if skipUntil != "" {
				dropTag = true
				continue
			}
			if droppedWithContent[name] {
				skipUntil = name
				dropTag = true
				removed = append(removed, Removal{start, "<" + name + "> element"})
				continue
			}
			if !allowedTags[name] {
				dropTag = true
				removed = append(removed, Removal{start, "<" + name + "> tag"})
				continue
			}
		case phtml.AttributeToken:
			if dropTag {
				continue
			}
			start += len(data) - len(bytes.TrimLeft(data, " \t\r\n\f")) // point at the name
			key := strings.ToLower(string(l.AttrKey()))
			val := html.UnescapeString(strings.Trim(string(l.AttrVal()), `"'`))
			if !allowedAttrs[key] {
				removed = append(removed, Removal{start, key + "= attribute"})
				continue
			}
			if urlAttrs[key] && !safeURL(val) {
				removed = append(removed, Removal{start, key + "=" + strings.ToLower(strings.TrimSpace(strings.SplitN(val, ":", 2)[0])) + ": URL"})
				continue
			}
		case phtml.StartTagCloseToken, phtml.StartTagVoidToken:
			if dropTag {
				continue
			}
		case phtml.EndTagToken:
			name := strings.ToLower(string(l.Text()))
			if skipUntil != "" {
				if name == skipUntil {
					skipUntil = ""
				}
				continue
			}
			if !allowedTags[name] {
				continue
			}
		case phtml.TextToken:
			if skipUntil != "" {
				continue
			}
		case phtml.CommentToken, phtml.DoctypeToken, phtml.XMLToken, phtml.TemplateToken:
			continue // comments can hide conditional markup
		case phtml.SVGToken, phtml.MathToken:
			if skipUntil == "" {
				what := "<svg> element"
				if tt == phtml.MathToken {
					what = "<math> element"
				}
				removed = append(removed, Removal{start, what})
			}
			continue
		}
		out.Write(data)
	}
}

// sanitizingRenderer writes raw HTML (inline and blocks) through Sanitize.
type sanitizingRenderer struct{}

func (sanitizingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			segs := n.(*ast.RawHTML).Segments
			var raw bytes.Buffer
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				raw.Write(seg.Value(src))
			}
			clean, _ := Sanitize(raw.Bytes())
			_, _ = w.Write(clean)
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(ast.KindHTMLBlock, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			clean, _ := Sanitize(rawBlock(n.(*ast.HTMLBlock), src))
			_, _ = w.Write(clean)
		}
		return ast.WalkSkipChildren, nil
	})
}

// rawBlock is the source of an HTML block, closing line included.
func rawBlock(n *ast.HTMLBlock, src []byte) []byte {
	var raw bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		raw.Write(seg.Value(src))
	}
	if n.HasClosure() {
		raw.Write(n.ClosureLine.Value(src))
	}
	return raw.Bytes()
}
