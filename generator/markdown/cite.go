package markdown

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Citations use Pandoc's syntax:
//
//	[@id]                     one work
//	[@id, p. 12]              with a locator (anything after the id)
//	[@a, pp. 3-5; @b, ch. 2]  several works
//	[see @id, p. 4]           a prefix before the id
//	[-@id]                    the author left out ("(2026)", when the
//	                          sentence names the author already)
//	@id                       in running text: a narrative citation,
//	                          "USGS (2026)"
//	@{odd key}                a key with characters ids do not allow
//
// A bracketed citation must name a work in every part between semicolons
// and stay on one line; [@id](url) and [@id][ref] are links. An @ that
// follows a letter, digit or one of ._-/:@ (an e-mail address, a path) or
// a backslash (\@) starts no citation, nor does one in code.

// KindCitation is the node kind of Citation.
var KindCitation = ast.NewNodeKind("Citation")

// CiteItem is one work named by a citation.
type CiteItem struct {
	ID string
	// Prefix is the text before the id ("see"), Locator the text after
	// it without the comma ("p. 12"); both plain text.
	Prefix, Locator string
	// SuppressAuthor is set by -@id.
	SuppressAuthor bool
	// Offset is the byte offset of the item's @ in the source.
	Offset int
}

// Cite is a citation as written.
type Cite struct {
	Items []CiteItem
	// Narrative is set for @id in running text (no brackets).
	Narrative bool
	// Raw is the citation as written, shown when no id is known.
	Raw string
}

// IDs returns the ids the citation names, in order.
func (c Cite) IDs() []string {
	ids := make([]string, len(c.Items))
	for i, it := range c.Items {
		ids[i] = it.ID
	}
	return ids
}

// Citation is an inline citation of sources by id (see Cite). In a brief
// it is a hole (Holes.Cite) that the render stage fills once the site
// stage has numbered the page's references; rendered on its own it is the
// citation as written, marked as unknown.
type Citation struct {
	ast.BaseInline
	Cite
	// Style and Refs render the citation on its own (see CiteHTML).
	Style string
	Refs  []CiteRef
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"IDs": strings.Join(n.IDs(), ";"), "Raw": n.Raw}, nil)
}

type citationParser struct{}

func (citationParser) Trigger() []byte { return []byte{'['} }

// Parse accepts a bracketed citation on one line (see Cite).
func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	c, end := ParseBracketCite(line)
	if end < 0 {
		return nil
	}
	for i := range c.Items {
		c.Items[i].Offset += seg.Start
	}
	n := &Citation{Cite: c}
	n.SetPos(seg.Start)
	block.Advance(end)
	return n
}

// ParseBracketCite parses the bracketed citation that line starts with,
// returning it and its length, or -1 if line starts with none. It reads
// no further than the first [ or ] after the opening one, so the work of
// all the brackets of a line stays linear.
func ParseBracketCite(line []byte) (Cite, int) {
	if len(line) < 3 || line[0] != '[' {
		return Cite{}, -1
	}
	end := bytes.IndexAny(line[1:], "[]")
	if end < 0 || line[1+end] != ']' {
		return Cite{}, -1
	}
	end++ // the index of ']'
	if end+1 < len(line) && (line[end+1] == '(' || line[end+1] == '[') {
		// [@name](https://…) is a link (a mention, in CommonMark), as is
		// [@name][ref]: the link parser reads it.
		return Cite{}, -1
	}
	inner := line[1:end]
	if bytes.IndexByte(inner, '@') < 0 {
		return Cite{}, -1
	}
	c := Cite{Raw: string(line[:end+1])}
	off := 1
	for _, part := range bytes.Split(inner, []byte{';'}) {
		it, ok := parseCiteItem(part)
		if !ok {
			return Cite{}, -1
		}
		it.Offset += off
		c.Items = append(c.Items, it)
		off += len(part) + 1
	}
	return c, end + 1
}

// parseCiteItem parses "prefix -@id, locator": the first @ at the start of
// part or after a space (or after a - there) starts the id.
func parseCiteItem(part []byte) (CiteItem, bool) {
	for i := 0; i < len(part); i++ {
		if part[i] != '@' {
			continue
		}
		suppress := i > 0 && part[i-1] == '-'
		start := i
		if suppress {
			start--
		}
		if start > 0 && !isSpace(part[start-1]) {
			continue
		}
		id, n := citeKey(part[i+1:])
		if n == 0 {
			return CiteItem{}, false
		}
		rest := strings.TrimSpace(string(part[i+1+n:]))
		rest = strings.TrimSpace(strings.TrimPrefix(rest, ","))
		return CiteItem{
			ID:             id,
			Prefix:         strings.TrimSpace(string(part[:start])),
			Locator:        rest,
			SuppressAuthor: suppress,
			Offset:         i,
		}, true
	}
	return CiteItem{}, false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// citeKey reads the key at the start of b (after the @): {anything but
// braces}, or a letter, digit or _ followed by letters, digits and the
// punctuation -_.:/ that is followed by a letter, digit or _ again (so
// "@usgs." at the end of a sentence is the key "usgs"). It returns the key
// and how many bytes it took, 0 for none.
func citeKey(b []byte) (string, int) {
	if len(b) > 0 && b[0] == '{' {
		end := bytes.IndexAny(b[1:], "{}")
		if end <= 0 || b[1+end] != '}' {
			return "", 0
		}
		key := strings.TrimSpace(string(b[1 : 1+end]))
		if key == "" {
			return "", 0
		}
		return key, end + 2
	}
	n := 0 // bytes of the key so far (ending in a word character)
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			i += size
			n = i
		case n > 0 && (r == '-' || r == '.' || r == ':' || r == '/'):
			i += size
		default:
			return string(b[:n]), n
		}
	}
	return string(b[:n]), n
}

type narrativeParser struct{}

func (narrativeParser) Trigger() []byte { return []byte{'@'} }

// Parse accepts @id in running text: after the start of the text, a
// space or an opening bracket, quote or emphasis mark, never after a
// letter, digit or other punctuation (e-mail addresses, paths, \@).
func (narrativeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if prev := block.PrecendingCharacter(); !narrativeAfter(prev) {
		return nil
	}
	line, seg := block.PeekLine()
	id, n := citeKey(line[1:])
	if n == 0 {
		return nil
	}
	c := &Citation{Cite: Cite{Narrative: true, Raw: string(line[:1+n]), Items: []CiteItem{{ID: id, Offset: seg.Start}}}}
	c.SetPos(seg.Start)
	block.Advance(1 + n)
	return c
}

// narrativeAfter reports whether an @ after r may start a narrative
// citation.
func narrativeAfter(r rune) bool {
	switch r {
	case '\n', ' ', '\t', '(', '[', '{', '"', '\'', '*', '_', '~', '‘', '“', '«', '—', '–':
		return true
	}
	return unicode.IsSpace(r)
}

// citeInLink is an AST transformer: a citation inside a link's text (or
// an image's alt text) becomes text again, as written, since a link cannot
// hold another.
type citeInLink struct{}

func (citeInLink) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	if bytes.IndexByte(reader.Source(), '@') < 0 {
		return // no citation: most notes
	}
	var found []*Citation
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindLink, ast.KindImage, ast.KindAutoLink, KindWikiLink:
			_ = ast.Walk(n, func(m ast.Node, entering bool) (ast.WalkStatus, error) {
				if c, ok := m.(*Citation); ok && entering {
					found = append(found, c)
				}
				return ast.WalkContinue, nil
			})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, c := range found {
		c.Parent().ReplaceChild(c.Parent(), c, ast.NewString([]byte(c.Raw)))
	}
}

type citationRenderer struct{}

func (citationRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*Citation)
		_, _ = w.WriteString(CiteHTML(n.Style, n.Cite, n.Refs))
		return ast.WalkSkipChildren, nil
	})
}

// Citation styles (the site's citation_style).
const (
	// Numeric cites by number: [1], [1, p. 12]; narrative: USGS [1].
	Numeric = "numeric"
	// AuthorDate cites by author and year: (USGS 2026, p. 12); narrative:
	// USGS (2026).
	AuthorDate = "author-date"
)

// CiteRef is what the site stage decided for one item of a citation.
type CiteRef struct {
	// Num is the number of the work in the page's reference list (its
	// anchor is ref-Num); 0 where no source has the id.
	Num int
	// Anchor is the id of this citation of the work, for the reference
	// list's links back to it ("" for none).
	Anchor string
	// Author and Year label the work in the author-date style ("USGS",
	// "2026a"); Author also names it in a narrative numeric citation.
	Author, Year string
}

// CiteHTML renders citation c in style (Numeric when ""), refs holding
// what the site decided for each item (same index). Items with no known
// source are shown as written and marked; so is the whole citation when
// it knows none.
func CiteHTML(style string, c Cite, refs []CiteRef) string {
	ref := func(i int) CiteRef {
		if i < len(refs) {
			return refs[i]
		}
		return CiteRef{}
	}
	known := false
	for i := range c.Items {
		known = known || ref(i).Num != 0
	}
	esc := func(s string) string { return string(util.EscapeHTML([]byte(s))) }
	if !known && c.Narrative {
		// @name in running text that names no source is a handle or a
		// name, as Obsidian shows it: text, without a warning.
		return esc(c.Raw)
	}
	if !known {
		// No source known: the citation as written, marked.
		return `<span class="cite-missing" title="No source has this id">` + esc(c.Raw) + `</span>`
	}
	var b strings.Builder
	open := func(r CiteRef) {
		b.WriteString(`<a `)
		if r.Anchor != "" {
			b.WriteString(`id="` + esc(r.Anchor) + `" `)
		}
		b.WriteString(`href="#ref-` + strconv.Itoa(r.Num) + `" role="doc-biblioref">`)
	}
	missing := func(id string) {
		b.WriteString(`<span class="cite-missing" title="No source has this id">@` + esc(id) + `</span>`)
	}
	withLocator := func(s, loc string) string {
		if loc != "" {
			s += ", " + esc(rangeDashes(loc))
		}
		return s
	}
	withPrefix := func(pre, s string) string {
		if pre != "" {
			s = esc(pre) + " " + s
		}
		return s
	}
	if style == AuthorDate {
		if c.Narrative {
			r := ref(0)
			b.WriteString(`<span class="cite cite-ad">`)
			open(r)
			b.WriteString(esc(r.Author) + " (" + esc(r.Year) + ")</a></span>")
			return b.String()
		}
		b.WriteString(`<span class="cite cite-ad">(`)
		for i, it := range c.Items {
			if i > 0 {
				b.WriteString("; ")
			}
			r := ref(i)
			if r.Num == 0 {
				missing(it.ID)
				continue
			}
			if it.Prefix != "" {
				b.WriteString(esc(it.Prefix) + " ")
			}
			open(r)
			label := esc(r.Year)
			if !it.SuppressAuthor && r.Author != "" {
				label = esc(r.Author) + " " + label
			}
			b.WriteString(withLocator(label, it.Locator) + "</a>")
		}
		b.WriteString(")</span>")
		return b.String()
	}
	if c.Narrative {
		r := ref(0)
		if r.Author != "" {
			b.WriteString(`<span class="cite-author">` + esc(r.Author) + "</span>\u00a0")
		}
	}
	b.WriteString(`<sup class="cite">`)
	for i, it := range c.Items {
		if i > 0 {
			b.WriteString(",")
		}
		r := ref(i)
		if r.Num == 0 {
			missing(it.ID)
			continue
		}
		open(r)
		b.WriteString("[" + withLocator(withPrefix(it.Prefix, strconv.Itoa(r.Num)), it.Locator) + "]</a>")
	}
	b.WriteString(`</sup>`)
	return b.String()
}

// rangeDashes writes the ranges of a locator with en dashes, as they are
// printed: "pp. 3-5" and "pp. 3--5" read "pp. 3–5".
func rangeDashes(s string) string {
	s = strings.ReplaceAll(s, "--", "–")
	b := []byte(s)
	for i := 1; i+1 < len(b); i++ {
		if b[i] == '-' && b[i-1] >= '0' && b[i-1] <= '9' && b[i+1] >= '0' && b[i+1] <= '9' {
			s = string(b[:i]) + "–" + rangeDashes(string(b[i+1:]))
			return s
		}
	}
	return s
}
