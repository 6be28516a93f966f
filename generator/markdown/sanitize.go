package markdown

import (
	"bytes"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

// Raw HTML from briefs (with raw_html: true) is sanitised with bluemonday,
// once per rendered tree, never piece by piece.
//
// goldmark hands raw HTML to the renderer in fragments: an inline RawHTML
// node is a single tag such as "<textarea>", and what follows it (text, a
// link, another tag) is a sibling node. A fragment sanitised on its own
// cannot know that it opens an element whose content the browser reads as
// text ("<textarea>", "<title>", "<xmp>"), or as foreign content ("<svg>"),
// which is how "<textarea><img onerror=…></textarea>" ran before. So with
// raw HTML on, Renderer returns a renderer that lets goldmark write the whole
// tree (raw HTML as written) into a buffer and runs the complete HTML through
// one bluemonday policy: the sanitiser tokenises exactly the document the
// browser will parse.
//
// The policy allows the elements and attributes that Lodestone's own
// renderers emit (heading ids, footnotes, task-list checkboxes, callouts,
// table alignment, wikilink and tag classes) and the safe subset writers may
// use; no element that switches the browser's tokeniser into another state
// (script, style, textarea, title, xmp, noscript, svg, math…) survives, so
// every piece of text in the output is parsed as text, in any context the
// page puts it.
//
// HTML that Lodestone makes itself (query tables, charts, embeds) may use
// markup the policy forbids (inline SVG). It never goes through the
// sanitiser: a brief's body is sanitised with holes where that HTML goes,
// and the holes are filled afterwards, only where markup may start (see
// holes.go).

// allowedElements are the elements that reach pages: the safe subset of
// HTML writers may use, plus aside and input, which Lodestone's callouts and
// task lists emit (input only as a checkbox).
var allowedElements = strings.Fields(`a abbr aside b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl dt em
	figcaption figure h1 h2 h3 h4 h5 h6 hr i img input ins kbd li mark ol p pre q rp rt ruby s samp small span strong sub summary sup
	table tbody td tfoot th thead time tr u ul var wbr`)

// droppedWithContent are elements that go with their content (code, or
// another document); other disallowed elements lose their tags only.
var droppedWithContent = strings.Fields(`applet embed frame frameset iframe noembed noframes noscript nostyle object script style template title`)

// urlAttrs are the attributes whose removal is reported by URL scheme.
var urlAttrs = map[string]bool{"href": true, "src": true, "cite": true}

// policy is the sanitiser with no embed hosts, built once; a bluemonday
// Policy is safe for concurrent use once built.
var policy = newPolicy(nil)

// sanitizer is a policy and the elements it keeps.
type sanitizer struct {
	policy      *bluemonday.Policy
	allowed     map[string]bool
	withContent map[string]bool
}

var defaultSanitizer = &sanitizer{policy, setOf(allowedElements), setOf(droppedWithContent)}

// newSanitizer returns the sanitiser for a site whose writers may embed
// <iframe>s from embedHosts (e.g. www.youtube-nocookie.com), over https.
func newSanitizer(embedHosts []string) *sanitizer {
	if len(embedHosts) == 0 {
		return defaultSanitizer
	}
	allowed := setOf(append(slices.Clone(allowedElements), "iframe"))
	withContent := setOf(slices.DeleteFunc(slices.Clone(droppedWithContent), func(e string) bool { return e == "iframe" }))
	return &sanitizer{newPolicy(embedHosts), allowed, withContent}
}

func newPolicy(embedHosts []string) *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(allowedElements...)
	skip := droppedWithContent
	if len(embedHosts) > 0 {
		// <iframe src="https://host/…"> from the hosts the site allows
		// only: their pages run in their own origin, not the site's.
		var hosts []string
		for _, h := range embedHosts {
			hosts = append(hosts, regexp.QuoteMeta(strings.ToLower(strings.TrimSpace(h))))
		}
		// (No AllowElements: an iframe whose src is not allowed goes.)
		p.AllowAttrs("src").Matching(regexp.MustCompile(`^https://(` + strings.Join(hosts, "|") + `)(/|$)`)).OnElements("iframe")
		p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("iframe")
		p.AllowAttrs("allowfullscreen", "loading", "referrerpolicy", "allow").OnElements("iframe")
		skip = slices.DeleteFunc(slices.Clone(droppedWithContent), func(e string) bool { return e == "iframe" })
	}
	p.SkipElementsContent(skip...)
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AllowURLSchemes("http", "https", "mailto")

	p.AllowAttrs("class", "id", "title", "lang").Globally()
	p.AllowAttrs("dir").Matching(bluemonday.Direction).Globally()
	p.AllowAttrs("role").Matching(regexp.MustCompile(`^(note|doc-[a-z]+)$`)).Globally()
	p.AllowAttrs("href", "name").OnElements("a")
	p.AllowNoAttrs().OnElements("a") // a link whose URL was removed keeps its text in <a>
	p.AllowAttrs("src", "alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("img", "col", "colgroup")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").OnElements("del", "ins", "time")
	p.AllowAttrs("open").OnElements("details")
	p.AllowAttrs("aria-hidden").Matching(regexp.MustCompile(`^true$`)).OnElements("span") // callout icons
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("reversed").OnElements("ol")
	p.AllowAttrs("span").Matching(bluemonday.Integer).OnElements("col", "colgroup")
	p.AllowAttrs("colspan", "rowspan").Matching(bluemonday.Integer).OnElements("td", "th")
	p.AllowAttrs("headers", "abbr").OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("td", "th")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|right|center|justify)$`)).OnElements("td", "th")
	p.AllowStyles("text-align").MatchingEnum("left", "right", "center").OnElements("td", "th")
	// Task lists: a disabled checkbox, nothing else.
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	p.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$|^checked$|^disabled$`)).OnElements("input")
	return p
}

// Removal is something Sanitize took out, at byte offset Off of its input.
type Removal struct {
	Off  int
	What string
}

// Sanitize returns src with only allowed elements and attributes: no
// <script>, <style>, <iframe> (with their content), no on* handlers, no
// URLs other than relative ones and http, https and mailto. It also lists
// what it removed, by position in src, for warnings. Pages do not use
// Sanitize's output piece by piece: with raw HTML on, Markdown.Renderer
// sanitises each rendered tree as a whole (see above). The removals are
// computed per tag, so for a fragment they describe what the tag loses
// wherever it lands.
func Sanitize(src []byte) ([]byte, []Removal) {
	return defaultSanitizer.sanitize(src)
}

// Sanitize is the package's Sanitize with m's policy (its embed hosts).
func (m *Markdown) Sanitize(src []byte) ([]byte, []Removal) {
	return m.sanitizer.sanitize(src)
}

func (z *sanitizer) sanitize(src []byte) ([]byte, []Removal) {
	return z.policy.SanitizeBytes(src), z.removals(src)
}

// removals tokenises src as the sanitiser does and reports each start tag
// the policy drops and each attribute it strips from a tag it keeps.
// Comments, doctypes and end tags are dropped silently.
func (s *sanitizer) removals(src []byte) []Removal {
	var out []Removal
	z := html.NewTokenizer(bytes.NewReader(src))
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		raw := bytes.Clone(z.Raw()) // TagName and TagAttr overwrite the buffer
		start := off
		off += len(raw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		el := string(name)
		switch {
		case s.withContent[el]:
			out = append(out, Removal{start, "<" + el + "> element"})
			continue
		case !s.allowed[el]:
			out = append(out, Removal{start, "<" + el + "> tag"})
			continue
		}
		clean := s.policy.SanitizeBytes(raw)
		kept := keptAttrs(clean)
		lower := bytes.ToLower(raw)
		from := 1 + len(el) // where to look for the next attribute's name
		var attrs []Removal
		urls := false
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			pos := start + from
			if i := bytes.Index(lower[from:], key); i >= 0 {
				pos, from = start+from+i, from+i+len(key)
			}
			k := string(key)
			if kept[k] {
				continue
			}
			what := k + "= attribute"
			if s := scheme(string(val)); urlAttrs[k] && s != "" {
				what, urls = k+"="+s+": URL", true
				if el == "iframe" && (s == "https" || s == "http") {
					what = "<iframe> from " + iframeHost(string(val)) + " (only https from the hosts embed_hosts: lists)"
				}
			}
			attrs = append(attrs, Removal{pos, what})
		}
		if len(bytes.TrimSpace(clean)) == 0 && !urls {
			// The element needs attributes (<input>, <a>) and kept none.
			attrs = []Removal{{start, "<" + el + "> tag"}}
		}
		out = append(out, attrs...)
	}
}

// iframeHost is the scheme and host of an iframe's src, for a warning.
func iframeHost(src string) string {
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || u.Host == "" {
		return "elsewhere"
	}
	return u.Scheme + "://" + u.Host
}

// keptAttrs returns the attribute names of the first tag of a sanitised tag.
func keptAttrs(tag []byte) map[string]bool {
	kept := map[string]bool{}
	z := html.NewTokenizer(bytes.NewReader(tag))
	if tt := z.Next(); tt != html.StartTagToken && tt != html.SelfClosingTagToken {
		return kept
	}
	_, more := z.TagName()
	for more {
		var key []byte
		key, _, more = z.TagAttr()
		kept[string(key)] = true
	}
	return kept
}

// Renderer returns the renderer of m. With raw HTML on, it sanitises the
// whole output of each Render call (see above).
func (m *Markdown) Renderer() renderer.Renderer {
	if !m.opts.RawHTML {
		return m.Markdown.Renderer()
	}
	return sanitizingRenderer{m.Markdown.Renderer(), m.sanitizer.policy}
}

// Convert parses source and writes it as HTML to w, through Renderer.
func (m *Markdown) Convert(source []byte, w io.Writer, opts ...parser.ParseOption) error {
	doc := m.Parser().Parse(text.NewReader(source), opts...)
	return m.Renderer().Render(w, source, doc)
}

// sanitizingRenderer is goldmark's renderer followed by the sanitiser.
type sanitizingRenderer struct {
	renderer.Renderer
	policy *bluemonday.Policy
}

// Render writes n as HTML, sanitised.
func (r sanitizingRenderer) Render(w io.Writer, source []byte, n ast.Node) error {
	var buf bytes.Buffer
	if err := r.Renderer.Render(&buf, source, n); err != nil {
		return err
	}
	_, err := w.Write(r.policy.SanitizeBytes(buf.Bytes()))
	return err
}

func setOf(names []string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}
