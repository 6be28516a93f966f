// Package htmlurl finds and rewrites the URLs in HTML pages and CSS: href
// and src attributes, url() in <style> elements, style attributes and
// stylesheets. It works on the token streams of tdewolff/parse's HTML and CSS
// lexers, never on the text with regular expressions, and leaves every byte
// it does not rewrite as it was.
//
// The offline bundle uses it to point links at index.html files and to
// inline assets; tests use it to crawl built sites.
package htmlurl

import (
	"bytes"
	"html"
	"strings"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/css"
	phtml "github.com/tdewolff/parse/v2/html"
	"github.com/tdewolff/parse/v2/xml"
)

// Func receives a URL as written (entities decoded) with the element and
// attribute it stands in ("style" and "url" for CSS) and returns its
// replacement; returning url unchanged keeps the original bytes.
type Func func(tag, attr, url string) string

// urlAttrs are the attributes that hold one URL.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true, "action": true, "data": true}

// Rewrite returns page with every URL replaced by f's answer.
func Rewrite(page []byte, f Func) []byte {
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/8)
	l := phtml.NewLexer(parse.NewInputBytes(page))
	tag := ""
	for {
		tt, data := l.Next()
		switch tt {
		case phtml.ErrorToken:
			return out.Bytes()
		case phtml.StartTagToken:
			tag = strings.ToLower(string(l.Text()))
		case phtml.EndTagToken:
			tag = ""
		case phtml.AttributeToken:
			key := strings.ToLower(string(l.AttrKey()))
			raw := l.AttrVal()
			if len(raw) == 0 || (!urlAttrs[key] && key != "style") {
				break
			}
			val := html.UnescapeString(unquote(raw))
			var repl string
			if key == "style" {
				repl = string(RewriteCSS([]byte(val), func(u string) string { return f(tag, "style", u) }))
			} else {
				repl = f(tag, key, val)
			}
			if repl != val {
				out.WriteByte(' ')
				out.Write(l.AttrKey())
				out.WriteString(`="`)
				out.WriteString(html.EscapeString(repl))
				out.WriteByte('"')
				continue
			}
		case phtml.TextToken:
			if tag == "style" {
				out.Write(RewriteCSS(data, func(u string) string { return f("style", "url", u) }))
				continue
			}
		case phtml.SVGToken, phtml.MathToken:
			// Inline SVG (a graph's links) comes whole: its own lexer.
			out.Write(rewriteXML(data, func(tag, key, val string) string {
				switch {
				case key == "style":
					return string(RewriteCSS([]byte(val), func(u string) string { return f(tag, "style", u) }))
				case urlAttrs[key] || key == "xlink:href":
					return f(tag, key, val)
				}
				return val
			}))
			continue
		}
		out.Write(data)
	}
}

// rewriteXML returns an inline SVG or MathML element (which the HTML lexer
// gives as one token) with each attribute's value replaced by f's answer;
// returning the value unchanged keeps the original bytes.
func rewriteXML(data []byte, f func(tag, key, val string) string) []byte {
	var out bytes.Buffer
	out.Grow(len(data) + len(data)/8)
	l := xml.NewLexer(parse.NewInputBytes(data))
	tag := ""
	for {
		tt, tok := l.Next()
		switch tt {
		case xml.ErrorToken:
			return out.Bytes()
		case xml.StartTagToken:
			tag = strings.ToLower(string(l.Text()))
		case xml.AttributeToken:
			raw := l.AttrVal()
			if len(raw) == 0 {
				break
			}
			key := strings.ToLower(string(l.Text()))
			val := html.UnescapeString(unquote(raw))
			if repl := f(tag, key, val); repl != val {
				out.WriteByte(' ')
				out.Write(l.Text())
				out.WriteString(`="`)
				out.WriteString(html.EscapeString(repl))
				out.WriteByte('"')
				continue
			}
		}
		out.Write(tok)
	}
}

// Ref is a URL found in a page.
type Ref struct {
	Tag, Attr, URL string
}

// Refs lists the URLs of a page in document order.
func Refs(page []byte) []Ref {
	var refs []Ref
	Rewrite(page, func(tag, attr, u string) string {
		refs = append(refs, Ref{Tag: tag, Attr: attr, URL: u})
		return u
	})
	return refs
}

// RewriteCSS returns a stylesheet with every url() replaced by f's answer.
func RewriteCSS(sheet []byte, f func(url string) string) []byte {
	var out bytes.Buffer
	l := css.NewLexer(parse.NewInputBytes(sheet))
	for {
		tt, data := l.Next()
		if tt == css.ErrorToken {
			return out.Bytes()
		}
		if tt == css.URLToken {
			inner := strings.TrimSpace(string(data[len("url(") : len(data)-1]))
			u := unquote([]byte(inner))
			if repl := f(u); repl != u {
				out.WriteString(`url("`)
				out.WriteString(strings.NewReplacer(`"`, `%22`, "\n", "").Replace(repl))
				out.WriteString(`")`)
				continue
			}
		}
		out.Write(data)
	}
}

// CSSRefs lists the url() references of a stylesheet.
func CSSRefs(sheet []byte) []string {
	var urls []string
	RewriteCSS(sheet, func(u string) string {
		urls = append(urls, u)
		return u
	})
	return urls
}

func unquote(b []byte) string {
	if n := len(b); n >= 2 && (b[0] == '"' || b[0] == '\'') && b[n-1] == b[0] {
		return string(b[1 : n-1])
	}
	return string(b)
}

// idAttrs hold an id, or a space-separated list of ids, of the same page.
var idAttrs = map[string]bool{"id": true, "for": true, "headers": true, "aria-labelledby": true, "aria-describedby": true, "aria-controls": true}

// RewriteIDs returns page with every element id, and every attribute that
// refers to ids (for, headers, aria-labelledby, …), passed through f. The
// single-file bundle uses it to keep the ids of many pages apart.
func RewriteIDs(page []byte, f func(id string) string) []byte {
	var out bytes.Buffer
	out.Grow(len(page) + len(page)/8)
	l := phtml.NewLexer(parse.NewInputBytes(page))
	for {
		tt, data := l.Next()
		if tt == phtml.ErrorToken {
			return out.Bytes()
		}
		if tt == phtml.SVGToken || tt == phtml.MathToken {
			out.Write(rewriteXML(data, func(_, key, val string) string {
				if !idAttrs[key] {
					return val
				}
				ids := strings.Fields(val)
				for i, id := range ids {
					ids[i] = f(id)
				}
				return strings.Join(ids, " ")
			}))
			continue
		}
		if tt == phtml.AttributeToken {
			key := strings.ToLower(string(l.AttrKey()))
			if raw := l.AttrVal(); idAttrs[key] && len(raw) > 0 {
				ids := strings.Fields(html.UnescapeString(unquote(raw)))
				for i, id := range ids {
					ids[i] = f(id)
				}
				out.WriteByte(' ')
				out.Write(l.AttrKey())
				out.WriteString(`="`)
				out.WriteString(html.EscapeString(strings.Join(ids, " ")))
				out.WriteByte('"')
				continue
			}
		}
		out.Write(data)
	}
}
