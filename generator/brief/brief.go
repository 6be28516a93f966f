// Package brief reads one Markdown file with front matter into a *Brief: its
// typed front-matter fields, its goldmark syntax tree, its headings and the
// links it makes. It knows nothing of other briefs; resolving links and
// everything else that spans files is the site stage's job.
//
// Front matter may be YAML (between --- lines), TOML (between +++ lines) or
// JSON (a leading {…} object), detected by github.com/adrg/frontmatter. Every
// problem is a diagnostic at the file, line and column where it was written;
// a brief with errors is still returned, as complete as it could be made, so
// that one run reports every problem in the site.
package brief

import (
	"bytes"
	"cmp"
	"fmt"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/spool"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"gopkg.in/yaml.v3"
)

// Brief is one parsed Markdown file.
type Brief struct {
	// File is the slash-separated path from the site root, e.g.
	// "content/mines/mountain-pass.md". Diagnostics name it.
	File string
	// Rel is File relative to the content folder: "mines/mountain-pass.md".
	Rel string

	Title   string // front matter title, or the file (or folder) name
	Type    string
	Date    Date
	Updated Date
	Tags    []string
	Aliases []string
	Summary string // front matter summary, or the start of the first paragraph
	// TitleFromHeading is set when the title is the # heading the body
	// starts with (there was no title: field).
	TitleFromHeading bool
	// SummaryFromBody is set when Summary is the start of the body's
	// first paragraph (one without math, if there is one): pages do not
	// show it again above the body.
	SummaryFromBody bool
	// lead is the body's first paragraph (one without math, if there is
	// one) as plain text, cut at leadMax characters: what a link preview
	// shows of the note (see Lead).
	lead  string
	Draft bool
	// Unpublished is set by publish: false (Obsidian Publish, Quartz): the
	// note is never published, not even with --drafts.
	Unpublished bool
	// Audience is who may read the brief (audience: in the front matter,
	// lower case): "" or "public" for everyone, "internal" (or any other
	// value) for a build that is not --audience public (see Withheld).
	Audience string
	Slug     string
	// Permalink is the page's address from the site's root
	// (permalink: in the front matter, as Obsidian Publish reads it).
	Permalink string
	Events    []Event
	Sources   []Source
	// Params holds front-matter fields Lodestone does not know, decoded as
	// YAML would decode them, for templates to use.
	Params map[string]any
	// ParamPos gives the position of each key of Params (the key itself,
	// not its value), for messages about the key (a misspelt one).
	ParamPos map[string]diag.Pos
	// FieldPos gives the position of each front-matter field's value, for
	// later stages that report problems with it (e.g. a slug that collides).
	FieldPos map[string]diag.Pos

	// Body is the Markdown body, parsed and rendered once, with holes where
	// the site stage decides (links, citations, tags, blocks, embeds; see
	// markdown.Doc). Neither the syntax tree nor the Markdown is kept.
	Body *markdown.Doc
	// text is the body as plain text, for search (see Text); textAt says
	// where it is when spooled.
	text   []byte
	store  markdown.Store
	textAt int64
	textN  int
	// Headings lists the headings in order, with their unique IDs.
	Headings []Heading
	// BlockIDs lists the ids of paragraphs marked with ^id.
	BlockIDs []string
	// Blocks lists the fenced code blocks whose language Lodestone renders
	// at build time (markdown.Options.Blocks: ```dataview and others), in
	// document order.
	Blocks []Block
	// Citations lists every citation ([@id], @id), in document order.
	Citations []Citation
	// Figures lists every figure quoted from front matter
	// (`= [[China]].reserves_t`), in document order.
	Figures []FigureRef
	// Quantities lists the numbers with a unit in the prose, with the
	// words before them, for the site stage to compare with the brief's
	// typed figures (see quantity.go).
	Quantities []Quantity
	// FactIDs lists the fact ids in the text (MP-011: see
	// markdown.FactIDs), each once, in order of first mention.
	FactIDs []string
	// Links lists every [[wikilink]], Markdown link and image whose target
	// may be another file of the site, in document order. Shed drops it;
	// LinkText reads what a page needs of each link before and after.
	Links []Link
	shed  []linkText // what LinkText reads once Links is shed

	lines *diag.Lines
	later *deferred // set by ParseLater: the body, rendered when asked for
}

// Event is one dated entry in a brief's timeline.
type Event struct {
	Date  Date
	Title string
	Note  string
	// Status is as written (status: planned, expected, …): a planned or
	// expected event whose date has passed is a warning (see site).
	Status string
	Pos    diag.Pos
}

// Source is one item of a brief's sources list: either a plain string (kept
// in Title) or a mapping with these keys; or an entry of the site's
// bibliography (generator/bib).
type Source struct {
	Title, Publisher, URL, Date, ID, Note string
	// Authors are the work's authors (author: in front matter, "Family,
	// Given" or a name in one piece).
	Authors []Name
	// ShortAuthor, when set, names the authors in author-date citations
	// (BibLaTeX's shortauthor: "USGS").
	ShortAuthor string
	// Container is the journal, book or series the work is part of
	// (journal: in front matter).
	Container string
	// Pages are the work's pages in its container ("144–145").
	Pages string
	// DOI is the work's DOI, without https://doi.org/.
	DOI string
	// Pos is where a bibliography entry is defined (zero for front matter).
	Pos diag.Pos
}

// Name is a person's or an organisation's name. An organisation, or a
// name written in one piece, has a Family name only.
type Name struct {
	Family, Given string
}

// String is the name as it reads: "Daniel J. Cordier", "USGS".
func (n Name) String() string {
	if n.Given == "" {
		return n.Family
	}
	return n.Given + " " + n.Family
}

// ParseName reads a name as front matter writes it: "Family, Given", or
// else a name in one piece (an organisation).
func ParseName(s string) Name {
	s = strings.Join(strings.Fields(s), " ")
	if family, given, ok := strings.Cut(s, ","); ok {
		return Name{Family: strings.TrimSpace(family), Given: strings.TrimSpace(given)}
	}
	return Name{Family: s}
}

// Link is the address the work's title links to: its URL, else its DOI's.
func (s Source) Link() string {
	if s.URL != "" {
		return s.URL
	}
	if s.DOI != "" {
		return "https://doi.org/" + s.DOI
	}
	return ""
}

// AuthorList is the authors as they read in a reference: "A", "A and
// B", "A, B and C".
func (s Source) AuthorList() string {
	var names []string
	for _, n := range s.Authors {
		names = append(names, n.String())
	}
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// AuthorLabel names the work in an author-date citation: its
// ShortAuthor, else its authors' family names ("Smith", "Smith and Lee",
// "Smith et al."), else its publisher, else its title.
func (s Source) AuthorLabel() string {
	switch {
	case s.ShortAuthor != "":
		return s.ShortAuthor
	case len(s.Authors) == 1:
		return s.Authors[0].Family
	case len(s.Authors) == 2:
		return s.Authors[0].Family + " and " + s.Authors[1].Family
	case len(s.Authors) > 2:
		return s.Authors[0].Family + " et al."
	case s.Publisher != "":
		return s.Publisher
	}
	return s.Title
}

// Year is the year of the work's date ("2026" of "2026-02-06"), or "n.d.".
func (s Source) Year() string {
	d := strings.TrimSpace(s.Date)
	for i := 0; i+4 <= len(d); i++ {
		y := d[i : i+4]
		if strings.Trim(y, "0123456789") == "" && (i == 0 || d[i-1] < '0' || d[i-1] > '9') && (i+4 == len(d) || d[i+4] < '0' || d[i+4] > '9') {
			return y
		}
	}
	return "n.d."
}

// Citation is a citation in the text: [@id], [see @a, p. 4; @b], @id
// (see markdown.Cite).
type Citation struct {
	markdown.Cite
	Pos diag.Pos
	// ItemPos is where each item's @ is.
	ItemPos []diag.Pos
}

// FigureRef is a typed front-matter field quoted in the text: `= this.F`
// or `= [[Brief]].F` (see markdown.FigureRef).
type FigureRef struct {
	Brief string // as a [[link]] names it; "" for the brief itself
	Field string
	Raw   string // the code span as written
	Pos   diag.Pos
}

// Block is a fenced code block rendered at build time.
type Block struct {
	Lang string
	// Text is the block's content; Pos is where it starts in the file, and
	// TextPos maps an offset in Text to its position in the file.
	Text string
	Pos  diag.Pos
	at   []diag.Pos // where each line of Text starts in the file
}

// TextPos returns the file position of byte offset off in Text.
func (bl Block) TextPos(off int) diag.Pos {
	line, start := 0, 0
	for i := 0; i < off && i < len(bl.Text); i++ {
		if bl.Text[i] == '\n' {
			line, start = line+1, i+1
		}
	}
	if line >= len(bl.at) {
		return bl.Pos
	}
	p := bl.at[line]
	p.Col += utf8.RuneCountInString(bl.Text[start:min(off, len(bl.Text))])
	return p
}

// Heading is a heading of the body.
type Heading struct {
	Level int
	ID    string
	Text  string
	Pos   diag.Pos
}

// LinkKind tells how a link was written.
type LinkKind int

const (
	// WikiLink is [[Target#Fragment|Label]].
	WikiLink LinkKind = iota
	// MarkdownLink is [label](relative/path.md#fragment).
	MarkdownLink
	// Image is ![alt](relative/file.png).
	Image
	// Embed is ![[target]]: a note, image, file or data file shown in place.
	Embed
)

// Link is a link found in the body. The site stage resolves Target; Tree
// applies the results to the syntax tree.
type Link struct {
	Kind     LinkKind
	Target   string // as written, without the fragment; "" for the same page
	Fragment string // without '#'
	Label    string // a wikilink's text after '|', as written
	// Raw is a Markdown link's or image's destination as written: the
	// page keeps it when the target is not found.
	Raw string
	Pos diag.Pos
}

// Shed drops what only the site stage reads: the positions of the
// front-matter fields and of Params' keys, for its messages, and of each
// link all but what LinkText returns (a Link is 104 bytes, the two strings
// 32): tens of megabytes at 30,000 briefs. A build that is not kept for
// another calls it once its pages are planned; reading them after gives
// zero positions and no Links.
func (b *Brief) Shed() {
	b.FieldPos, b.ParamPos = nil, nil
	if len(b.Links) > 0 {
		b.shed = make([]linkText, len(b.Links))
		for i, l := range b.Links {
			b.shed[i] = linkText{l.Target, l.Raw}
		}
		b.Links = nil
	}
}

// linkText is what LinkText returns of a link.
type linkText struct{ target, raw string }

// LinkText returns link i's Target and Raw, before or after Shed ("" for
// an i past the last link).
func (b *Brief) LinkText(i int) (target, raw string) {
	switch {
	case i < 0:
	case i < len(b.Links):
		return b.Links[i].Target, b.Links[i].Raw
	case i < len(b.shed):
		return b.shed[i].target, b.shed[i].raw
	}
	return "", ""
}

// Parse reads the brief at file (slash-separated, relative to the site root;
// rel is the part below content/) using md, which must come from markdown.New.
func Parse(file, rel string, data []byte, md *markdown.Markdown) (*Brief, diag.List) {
	return parseBrief(file, rel, data, md, false)
}

// ParseLater is Parse, but the body is rendered (and its text for search
// made) only when Doc or Text first asks for it, from the Markdown kept
// until then: the live preview shows its first page sooner, and renders
// only the bodies that are looked at.
func ParseLater(file, rel string, data []byte, md *markdown.Markdown) (*Brief, diag.List) {
	return parseBrief(file, rel, data, md, true)
}

func parseBrief(file, rel string, data []byte, md *markdown.Markdown, later bool) (*Brief, diag.List) {
	b := &Brief{File: file, Rel: rel, FieldPos: map[string]diag.Pos{}}
	var diags diag.List

	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		line, col := diag.NewLines(data, 1).Pos(off)
		diags.Errorf(diag.Pos{File: file, Line: line, Col: col}, "invalid UTF-8 (byte 0x%02x); save the file as UTF-8", data[off])
		data = bytes.ToValidUTF8(data, []byte("\uFFFD"))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		diags.Warnf(diag.Pos{File: file}, "empty file")
	}

	m, body, bodyLine, d := split(file, data)
	diags.Merge(d)
	b.fields(m, &diags)

	b.lines = diag.NewLines(body, bodyLine)
	doc := md.Parse(body, parser.WithContext(markdown.NewContext()))
	for _, h := range markdown.LimitHits(doc) {
		diags.Warnf(b.pos(h.Offset), "%s", h.Message())
	}
	nodes := preorder(doc)
	b.walk(nodes.all, body, md)
	b.checkURLs(nodes.all, body, &diags)
	if md.RawHTML() {
		b.checkRawHTML(nodes.all, body, md, &diags)
	}
	nodes.free()
	b.lines = nil // it holds the file; every position is known by now
	if b.Title == "" {
		// A note that starts with a # heading is titled by it (then the
		// heading is not shown twice); else by its file name.
		if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
			b.Title, b.TitleFromHeading = plainText(h, body), true
		}
	}
	if b.Title == "" {
		b.Title = defaultTitle(rel)
	}
	// What a build keeps of every brief until the end, without an append's
	// room to spare.
	b.Links, b.Headings, b.Events = fit(b.Links), fit(b.Headings), fit(b.Events)
	// Whatever is wrong above concerns this note only: it is published
	// with what could be read.
	diags.Confine()
	if later {
		b.later = &deferred{src: body, md: md}
	} else {
		var err error
		dropTitle(doc, body, b.Title)
		b.text = bodyText(doc, body)
		if b.Body, err = md.RenderDoc(body, doc, b.holes(doc, body, md)); err != nil {
			diags.Errorf(diag.Pos{File: file}, "render: %v", err)
		}
	}
	return b, diags
}

// fit is s in an array of its length, if append left room in s's.
func fit[T any](s []T) []T {
	if cap(s) == len(s) {
		return s
	}
	return slices.Clone(s)
}

// Hidden reports whether the brief stays off the site: publish: false
// always, draft: true unless drafts are published.
func (b *Brief) Hidden(drafts bool) bool { return b.Unpublished || b.Draft && !drafts }

// Audiences are the values audience: may take, in a brief's front matter,
// in lodestone.yaml and after --audience. A site built for "public" leaves
// out every brief whose audience is not public; "internal" (the default)
// publishes them all.
var Audiences = []string{Public, Internal}

// The audiences (see Audiences).
const (
	Public   = "public"
	Internal = "internal"
)

// Withheld reports whether a site built for audience leaves the brief out
// entirely: a build for the public leaves out every brief whose audience:
// is not public (internal, or a value Lodestone does not know, which is
// warned about: an unknown audience is not published by mistake).
func (b *Brief) Withheld(audience string) bool {
	return audience == Public && b.Audience != "" && b.Audience != Public
}

// Text is the body as plain text, for search: paragraphs, headings, lists
// and table cells, without markup, code or build-time blocks. If it was
// spooled and cannot be read back, it is "" (the brief's page, read from the
// same spool, reports the error).
func (b *Brief) Text() string {
	store, at, n, text := b.textSource()
	if store == nil {
		return string(text)
	}
	s, err := markdown.ReadBackString(store, at, n)
	if err != nil {
		return ""
	}
	return s
}

// textSource is where Text is: n bytes at at in store, or text when store
// is nil.
func (b *Brief) textSource() (store markdown.Store, at int64, n int, text []byte) {
	store, at, n, text = b.store, b.textAt, b.textN, b.text
	if l := b.later; l != nil {
		l.once.Do(func() { l.make(b) })
		store, at, n, text = nil, l.textAt, l.textN, l.text
		if l.textIn {
			store = l.store
		}
	}
	return store, at, n, text
}

// AppendText appends Text to dst, without making a string of it.
func (b *Brief) AppendText(dst []byte) []byte {
	store, at, n, text := b.textSource()
	if store == nil {
		return append(dst, text...)
	}
	start := len(dst)
	dst = slices.Grow(dst, n)[:start+n]
	if _, err := store.ReadAt(dst[start:], at); err != nil {
		return dst[:start] // as Text: the page reports the error
	}
	return dst
}

// Doc returns the rendered body (see Body), rendering it now if the brief
// was parsed by ParseLater.
func (b *Brief) Doc() (*markdown.Doc, error) {
	if b.later != nil {
		b.later.once.Do(func() { b.later.make(b) })
		return b.later.doc, b.later.err
	}
	return b.Body, nil
}

// deferred is the body of a brief parsed by ParseLater, rendered when
// first asked for.
type deferred struct {
	src []byte // the Markdown, until rendered; nil when spooled
	md  *markdown.Markdown
	// store, when set, holds the Markdown (n bytes at off) and, once
	// rendered, the HTML and text (Spool).
	store markdown.Store
	off   int64
	n     int
	once  sync.Once
	doc   *markdown.Doc
	text  []byte
	// textAt is where the text is in store once rendered, if textIn.
	textAt int64
	textN  int
	textIn bool
	err    error
}

// make parses the body again and renders it, as Parse would have: the
// same parse numbers its links, blocks and citations the same way.
func (l *deferred) make(b *Brief) {
	src, err := l.source()
	if err != nil {
		l.err = fmt.Errorf("render %s: %w", b.File, err)
		return
	}
	doc := l.md.Parse(src, parser.WithContext(markdown.NewContext()))
	dropTitle(doc, src, b.Title)
	l.text = bodyText(doc, src)
	l.doc, l.err = l.md.RenderDoc(src, doc, b.holes(doc, src, l.md))
	if l.err != nil {
		l.err = fmt.Errorf("render %s: %w", b.File, l.err)
	} else if l.store != nil {
		// The page is written from it once, the search index reads the
		// text once: neither stays in memory.
		if at, err := l.doc.Spool(l.store, l.text); err == nil {
			spool.Release(l.text)
			l.textAt, l.textN, l.textIn, l.text = at, len(l.text), true, nil
		}
	}
	l.src = nil
}

// source returns the Markdown, from the store if it is there (nil when
// it is in memory and was dropped once rendered).
func (l *deferred) source() ([]byte, error) {
	if l.store == nil {
		return l.src, nil
	}
	return markdown.ReadBack(l.store, l.off, l.n)
}

// SameButBody reports whether a and b, two parses of one file, differ in
// nothing but the body's HTML and text: not in any field, link, heading,
// block or position that other pages or diagnostics can see.
func SameButBody(a, b *Brief) bool {
	x, y := *a, *b
	x.Body, y.Body = nil, nil
	x.text, y.text = nil, nil
	x.lead, y.lead = "", "" // the body's, shown by link previews only
	x.store, y.store = nil, nil
	x.textAt, y.textAt, x.textN, y.textN = 0, 0, 0, 0
	x.later, y.later = nil, nil
	return reflect.DeepEqual(x, y)
}

// Spool moves the body's HTML and text to s, to be read back when used;
// only the metadata stays in memory. Of a brief parsed by ParseLater it
// moves the Markdown, and the HTML and text once rendered. Call it before
// the brief is shared.
func (b *Brief) Spool(s markdown.Store) error {
	if l := b.later; l != nil {
		if l.src == nil || l.store != nil {
			return nil
		}
		off, err := s.Put(l.src)
		if err != nil {
			return err
		}
		l.store, l.off, l.n, l.src = s, off, len(l.src), nil
		return nil
	}
	var off int64
	var err error
	if b.Body != nil {
		off, err = b.Body.Spool(s, b.text)
	} else {
		off, err = s.Put(b.text)
	}
	if err != nil {
		return err
	}
	spool.Release(b.text)
	b.store, b.textAt, b.textN, b.text = s, off, len(b.text), nil
	return nil
}

// pos returns the file position of byte offset off in the body (while
// parsing: the lines are not kept).
func (b *Brief) pos(off int) diag.Pos {
	line, col := b.lines.Pos(off)
	return diag.Pos{File: b.File, Line: line, Col: col}
}

func defaultTitle(rel string) string {
	dir, name := path.Split(strings.TrimSuffix(rel, ".md"))
	if name == "index" {
		if dir == "" {
			return "Home"
		}
		name = path.Base(strings.TrimSuffix(dir, "/"))
	}
	return name
}

func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return 0
}

// dropTitle removes a leading "# Title" that repeats the brief's title
// (the page shows the title already), as Quartz does. The heading stays
// among the brief's Headings.
func dropTitle(doc ast.Node, src []byte, title string) {
	h, ok := doc.FirstChild().(*ast.Heading)
	if ok && h.Level == 1 && strings.EqualFold(plainText(h, src), strings.TrimSpace(title)) {
		doc.RemoveChild(doc, h)
	}
}

// holes marks what the site stage decides in the tree as holes (see
// markdown.Holes), each keyed by its index in Links, Blocks or Citations,
// counted by the same walks that made those lists (tags and fact ids by
// their names).
func (b *Brief) holes(doc ast.Node, src []byte, md *markdown.Markdown) *markdown.Holes {
	hs := markdown.NewHoles()
	nodes := preorder(doc)
	defer nodes.free()
	type link struct {
		n ast.Node
		i int
	}
	links := make([]link, 0, mayLink(nodes.all))
	i := 0
	visitLinks(nodes.all, func(n ast.Node, _ Link) {
		links = append(links, link{n, i})
		i++
	})
	var blocks []ast.Node
	visitBlocks(nodes.all, src, md, func(n *ast.FencedCodeBlock, _ string) { blocks = append(blocks, n) })
	var cites []*markdown.Citation
	var figs []*markdown.FigureRef
	var tags []*markdown.TagLink
	var facts []*markdown.FactRef
	type ref struct {
		n  ast.Node
		id string
	}
	var refs []ref
	for _, n := range nodes.all {
		if id, ok := markdown.BlockRefID(n); ok {
			refs = append(refs, ref{n, id})
		}
		switch n := n.(type) {
		case *markdown.Citation:
			cites = append(cites, n)
		case *markdown.FigureRef:
			figs = append(figs, n)
		case *markdown.TagLink:
			tags = append(tags, n)
		case *markdown.FactRef:
			facts = append(facts, n)
		}
	}
	headings := 0
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == ast.KindHeading {
			headings++
		}
	}
	// Room for the holes: a link, a block, a block id and a section take
	// two at most, an embed two more.
	hs.Grow(4*len(links) + 2*(len(blocks)+len(refs)+headings) + len(cites) + len(figs) + len(tags) + len(facts))
	for _, l := range links {
		switch n := l.n.(type) {
		case *markdown.WikiLink:
			if n.Embed {
				hs.Embed(n, l.i) // first: it looks at the link's paragraph
			}
			hs.WikiLink(n, l.i)
		default:
			hs.Href(n, l.i)
		}
	}
	for i, n := range blocks {
		hs.Block(n, i)
	}
	for i, r := range refs {
		hs.BlockRef(r.n, i, r.id)
	}
	for i, n := range cites {
		hs.Cite(n, i)
	}
	for i, n := range figs {
		hs.Figure(n, i)
	}
	for _, n := range tags {
		hs.Tag(n)
	}
	for _, n := range facts {
		hs.Fact(n)
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			hs.Section(h, string(idb))
		}
	}
	return hs
}

// visitBlocks calls f, in document order, for every fenced code block of
// nodes (a document's, in preorder) whose language md renders at build
// time.
func visitBlocks(nodes []ast.Node, src []byte, md *markdown.Markdown, f func(*ast.FencedCodeBlock, string)) {
	for _, n := range nodes {
		if fc, ok := n.(*ast.FencedCodeBlock); ok {
			if lang := string(fc.Language(src)); md.IsBlock(lang) {
				f(fc, lang)
			}
		}
	}
}

// visitLinks calls f, in document order, for every node of nodes (a
// document's, in preorder) that yields a Link:
// the same nodes, in the same order, every time the same body is parsed.
func visitLinks(nodes []ast.Node, f func(ast.Node, Link)) {
	for _, n := range nodes {
		switch n := n.(type) {
		case *markdown.WikiLink:
			kind := WikiLink
			if n.Embed {
				kind = Embed
			}
			f(n, Link{Kind: kind, Target: n.Target, Fragment: n.Fragment, Label: n.Label})
		case *ast.Link:
			if l, ok := localLink(MarkdownLink, string(n.Destination)); ok {
				f(n, l)
			}
		case *ast.Image:
			if l, ok := localLink(Image, string(n.Destination)); ok {
				f(n, l)
			}
		}
	}
}

// mayLink counts the nodes of nodes that visitLinks may call its function
// for: room for their links.
func mayLink(nodes []ast.Node) int {
	k := 0
	for _, n := range nodes {
		switch n.(type) {
		case *markdown.WikiLink, *ast.Link, *ast.Image:
			k++
		}
	}
	return k
}

// walk collects headings and links, and the summary if none was given.
func (b *Brief) walk(nodes []ast.Node, src []byte, md *markdown.Markdown) {
	var firstPlain, firstMath string // the first paragraph without math, with
	b.Links = slices.Grow(b.Links, mayLink(nodes))
	visitLinks(nodes, func(n ast.Node, l Link) {
		l.Pos = b.pos(n.Pos())
		b.Links = append(b.Links, l)
	})
	switch {
	case len(b.Links) == 0:
		b.Links = nil // room made for links that were not local
	case cap(b.Links)-len(b.Links) > len(b.Links)/4:
		b.Links = slices.Clone(b.Links) // a preview keeps them: not the room
	}
	visitBlocks(nodes, src, md, func(n *ast.FencedCodeBlock, lang string) {
		bl := Block{Lang: lang, Pos: b.pos(blockStart(n))}
		var text strings.Builder
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			bl.at = append(bl.at, b.pos(seg.Start))
			text.Write(seg.Value(src))
		}
		bl.Text = text.String()
		b.Blocks = append(b.Blocks, bl)
	})
	var facts map[string]bool
	// Only numbers in the units of typed figures can disagree with one.
	units := md.FigureUnits()
	for _, n := range nodes {
		if id, ok := markdown.BlockRefID(n); ok && !slices.Contains(b.BlockIDs, id) {
			b.BlockIDs = append(b.BlockIDs, id)
		}
		if k := n.Kind(); (k == ast.KindParagraph || k == ast.KindTextBlock) && len(units) > 0 {
			for _, q := range b.quantities(n, src) {
				if slices.Contains(units, q.Unit) {
					b.Quantities = append(b.Quantities, q)
				}
			}
		}
		switch n := n.(type) {
		case *markdown.TagLink:
			if !slices.ContainsFunc(b.Tags, func(t string) bool { return strings.EqualFold(t, n.Name) }) {
				b.Tags = append(b.Tags, n.Name) // #tags in the text count, as in Obsidian
			}
		case *markdown.Citation:
			c := Citation{Cite: n.Cite, Pos: b.pos(n.Pos())}
			c.Items = slices.Clone(c.Items)
			for i := range c.Items {
				c.ItemPos = append(c.ItemPos, b.pos(c.Items[i].Offset))
				c.Items[i].Offset = 0 // where it is in this file: ItemPos
			}
			b.Citations = append(b.Citations, c)
		case *markdown.FigureRef:
			b.Figures = append(b.Figures, FigureRef{Brief: n.Brief, Field: n.Field, Raw: n.Raw, Pos: b.pos(n.Pos())})
		case *markdown.FactRef:
			if !facts[n.ID] {
				if facts == nil {
					facts = map[string]bool{}
				}
				facts[n.ID] = true
				b.FactIDs = append(b.FactIDs, n.ID)
			}
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			b.Headings = append(b.Headings, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, src), Pos: b.pos(blockStart(n))})
		case *ast.Paragraph:
			if firstPlain == "" && !onlyEmbed(n) {
				if t := plainText(n, src); hasMath(n) {
					firstMath = cmp.Or(firstMath, t)
				} else {
					firstPlain = t
				}
			}
		}
	}
	first := cmp.Or(firstPlain, firstMath)
	b.lead = summarize(first, leadMax)
	if b.Summary == "" && first != "" {
		b.Summary, b.SummaryFromBody = summarize(first, 200), true
		if b.Summary == b.lead {
			b.Summary = b.lead // one copy kept, not two
		}
	}
}

// leadMax caps the first paragraph that Lead keeps, in characters.
const leadMax = 320

// Lead is the body's first paragraph as plain text (the one summarised
// when the note has no summary: the first without math, if there is one),
// cut at a word boundary after at most 320 characters, with "…" when cut.
// Link previews show it.
func (b *Brief) Lead() string { return b.lead }

// onlyEmbed reports whether paragraph p holds nothing but an ![[embed]].
func onlyEmbed(p ast.Node) bool {
	w, ok := p.FirstChild().(*markdown.WikiLink)
	return ok && w.Embed && p.ChildCount() == 1
}

// hasMath reports whether n holds inline math, whose TeX makes a poor
// summary.
func hasMath(n ast.Node) bool {
	found := false
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && c.Kind() == markdown.KindMath {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// localLink returns a Link for a destination that points into the site
// (a relative path, or "#fragment"), or false for external and absolute
// URLs.
// Markdown links count only when they point at a file (a note, an image, a
// PDF…) or a fragment.
func localLink(kind LinkKind, dest string) (Link, bool) {
	if first, _, _ := strings.Cut(dest, "/"); dest == "" || strings.HasPrefix(dest, "//") || strings.Contains(first, ":") {
		return Link{}, false
	}
	target, frag, _ := strings.Cut(dest, "#")
	target, _, _ = strings.Cut(target, "?")
	if t, err := url.PathUnescape(target); err == nil {
		target = t // [a](my%20brief.md) names "my brief.md"
	}
	if kind == MarkdownLink && target != "" && (path.Ext(target) == "" || strings.HasSuffix(target, "/")) {
		return Link{}, false // a folder or a page of the site, kept as written
	}
	if kind == Image && target == "" {
		return Link{}, false
	}
	return Link{Kind: kind, Target: target, Fragment: frag, Raw: dest}, true
}

func blockStart(n ast.Node) int {
	if l := n.Lines(); l != nil && l.Len() > 0 {
		return l.At(0).Start
	}
	return n.Pos()
}

// plainText concatenates the text under n, without markup.
func plainText(n ast.Node, src []byte) string {
	return string(bytes.TrimSpace(appendText(nil, n, src)))
}

// appendText appends the text under n, without markup, to b.
func appendText(b []byte, n ast.Node, src []byte) []byte {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, c.Segment.Value(src)...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, c.Value...)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b = append(b, tx.Segment.Value(src)...)
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b = append(b, c.Label(src)...)
		}
		return ast.WalkContinue, nil
	})
	return b
}

// summarize is s with its runs of white space made one space and
// trimmed, cut after limit characters, at the last space past the first
// half of the cut if there is one, with "…". It reads s only as far as
// the cut: the first paragraph may be long.
func summarize(s string, limit int) string {
	var b strings.Builder
	b.Grow(min(len(s), limit+8)) // enough for ASCII text; the summary is kept, so no more
	n, cutAt, space := 0, -1, false
	for i := 0; i < len(s) && n <= limit; {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			i += size
			continue
		}
		if space {
			if n == limit {
				cutAt = b.Len()
			}
			b.WriteByte(' ')
			n++
			space = false
			if n > limit {
				break
			}
		}
		if n == limit {
			cutAt = b.Len()
		}
		b.WriteString(s[i : i+size])
		n++
		i += size
	}
	if cutAt < 0 {
		return b.String()
	}
	cut := b.String()[:cutAt]
	if i := strings.LastIndexByte(cut, ' '); i > limit/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

// fields reads the known front-matter keys from m into b and keeps the rest
// in Params.
// Keys are the front-matter keys the brief stage reads itself; any other
// key is kept in Params.
var Keys = []string{
	"title", "type", "summary", "slug", "date", "updated", "draft", "tags", "aliases",
	"audience", "events", "sources", "publish", "description", "permalink",
	"cssclasses", "cssclass", "enabletoc", "enableToc", "comments", "image", "cover", "banner",
}

func (b *Brief) fields(m matter, diags *diag.List) {
	b.Params = map[string]any{}
	if m.root == nil {
		return
	}
	unpublished, description := false, ""
	defer func() {
		b.Unpublished = unpublished
		if b.Summary == "" {
			b.Summary = description
		}
	}()
	for i := 0; i+1 < len(m.root.Content); i += 2 {
		k, v := m.root.Content[i], m.root.Content[i+1]
		key := k.Value
		vpos := b.nodePos(v, m)
		b.FieldPos[key] = vpos
		errf := func(format string, args ...any) {
			diags.Errorf(vpos, "front matter: "+key+": "+format, args...)
		}
		switch key {
		case "title", "type", "summary", "slug":
			s, ok := scalar(v)
			if !ok {
				errf("expected text, got a %s", kindName(v))
				continue
			}
			switch key {
			case "title":
				b.Title = s
			case "type":
				b.Type = strings.TrimSpace(s)
			case "summary":
				b.Summary = s
			case "slug":
				b.Slug = s
			}
		case "date", "updated":
			d, err := nodeDate(v)
			if err != nil {
				diags.Errorf(vpos, "front matter: %s %v", key, err)
				continue
			}
			if key == "date" {
				b.Date = d
			} else {
				b.Updated = d
			}
		case "draft":
			// Read as Obsidian and Quartz read it, without a word: draft:
			// "true" as text, and draft: with no value (not a draft).
			if v.Kind == yaml.ScalarNode && v.Tag == "!!str" && (strings.EqualFold(v.Value, "true") || strings.EqualFold(v.Value, "false")) {
				b.Draft = strings.EqualFold(v.Value, "true")
				continue
			}
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				continue
			}
			if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
				errf("expected true or false, got %s", kindName(v))
				continue
			}
			b.Draft = v.Value == "true" || v.Value == "True" || v.Value == "TRUE"
		case "audience":
			a, ok := scalar(v)
			a = strings.ToLower(strings.TrimSpace(a))
			switch {
			case !ok:
				b.Audience = "?" // withheld from the public, as any unknown value
				diags.Notef(vpos, "front matter: audience: expected %s, got a %s; the brief is left out of --audience public builds", strings.Join(Audiences, " or "), kindName(v))
			case a == "":
			case slices.Contains(Audiences, a):
				b.Audience = a
			default:
				b.Audience = a
				diags.Notef(vpos, "front matter: audience: %q is not an audience (expected %s); the brief is left out of --audience public builds", v.Value, strings.Join(Audiences, " or "))
			}
		case "tags", "aliases":
			// Vaults write these many ways, and Obsidian reads them all
			// without a word: a list, or text ("a, b"); empty items; tags
			// with their "#". So does Lodestone. Aliases that are not text
			// (a mapping in the list) are left out, as Obsidian leaves them.
			if key == "aliases" && v.Kind == yaml.SequenceNode {
				v = scalarsOnly(v)
			}
			list, ok := stringList(v)
			if !ok {
				errf("expected a list of names, got a %s", kindName(v))
				continue
			}
			if key == "tags" {
				for _, t := range list {
					if t = strings.TrimLeft(strings.TrimSpace(t), "#"); t != "" {
						b.Tags = append(b.Tags, t)
					}
				}
			} else {
				b.Aliases = list
			}
		case "events":
			b.events(v, m, diags)
		case "sources":
			b.sources(v, m, diags)
		case "publish":
			// Obsidian Publish and Quartz: publish: false keeps a note off
			// the site, as draft: true does.
			if v.Kind == yaml.ScalarNode && strings.EqualFold(v.Value, "false") {
				unpublished = true
			}
		case "description":
			if s, ok := scalar(v); ok {
				description = s // the summary, unless summary: is given
			}
		case "permalink":
			// Obsidian Publish: the note's address, from the site's root.
			if s, ok := scalar(v); ok {
				b.Permalink = strings.TrimSpace(s)
			}
		case "cssclasses", "cssclass", "enabletoc", "enableToc", "comments", "image", "cover", "banner":
			// Properties for publishing tools and themes: not facts about
			// the subject, so not shown with the brief's fields.
		default:
			var x any
			if err := v.Decode(&x); err != nil {
				errf("%v", err)
				continue
			}
			if t, ok := x.(time.Time); ok { // a YAML timestamp: keep the date
				x = Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
			}
			b.Params[key] = x
			if b.ParamPos == nil {
				b.ParamPos = map[string]diag.Pos{}
			}
			b.ParamPos[key] = b.nodePos(k, m)
		}
	}
}

// nodePos is the position of n, or of the front matter's first line when the
// node has none (a TOML or JSON value whose key was not found in the text).
func (b *Brief) nodePos(n *yaml.Node, m matter) diag.Pos {
	if n.Line == 0 {
		return diag.Pos{File: b.File, Line: m.line, Col: 1}
	}
	return diag.Pos{File: b.File, Line: n.Line, Col: n.Column}
}

func scalar(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", n.Kind == yaml.ScalarNode
	}
	return n.Value, true
}

func nodeDate(n *yaml.Node) (Date, error) {
	if n.Kind != yaml.ScalarNode {
		return Date{}, fmt.Errorf("is a %s, not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", kindName(n))
	}
	d, err := ParseDate(n.Value)
	if err != nil {
		return Date{}, err
	}
	return d, nil
}

// stringList accepts a list of names, or a single name or comma-separated
// names written as one string.
// scalarsOnly returns the sequence n without its items that are not
// scalars.
func scalarsOnly(n *yaml.Node) *yaml.Node {
	c := *n
	c.Content = nil
	for _, item := range n.Content {
		if item.Kind == yaml.ScalarNode {
			c.Content = append(c.Content, item)
		}
	}
	return &c
}

func stringList(n *yaml.Node) ([]string, bool) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil, true
		}
		var out []string
		for _, s := range strings.Split(n.Value, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out, true
	case yaml.SequenceNode:
		var out []string
		for _, c := range n.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, false
			}
			if s := strings.TrimSpace(c.Value); s != "" && c.Tag != "!!null" {
				out = append(out, s)
			}
		}
		return out, true
	}
	return nil, false
}

func mapping(n *yaml.Node) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		out[n.Content[i].Value] = n.Content[i+1]
	}
	return out
}

func (b *Brief) events(v *yaml.Node, m matter, diags *diag.List) {
	if v.Kind != yaml.SequenceNode {
		diags.Errorf(b.nodePos(v, m), "front matter: events: expected a list of {date, title, note}, got a %s", kindName(v))
		return
	}
	for i, item := range v.Content {
		ipos := b.nodePos(item, m)
		if item.Kind != yaml.MappingNode {
			diags.Errorf(ipos, "front matter: events[%d]: expected date: and title: keys, got a %s", i, kindName(item))
			continue
		}
		f := mapping(item)
		ev := Event{Pos: ipos}
		ok := true
		if dn := f["date"]; dn == nil {
			diags.Errorf(ipos, "front matter: events[%d]: missing date", i)
			ok = false
		} else if d, err := nodeDate(dn); err != nil {
			diags.Errorf(b.nodePos(dn, m), "front matter: events[%d]: date %v", i, err)
			ok = false
		} else {
			ev.Date = d
		}
		if tn := f["title"]; tn == nil {
			diags.Errorf(ipos, "front matter: events[%d]: missing title", i)
			ok = false
		} else if s, isText := scalar(tn); !isText || s == "" {
			diags.Errorf(b.nodePos(tn, m), "front matter: events[%d]: title: expected text", i)
			ok = false
		} else {
			ev.Title = s
		}
		if nn := f["note"]; nn != nil {
			ev.Note, _ = scalar(nn)
		}
		if sn := f["status"]; sn != nil {
			s, _ := scalar(sn)
			ev.Status = strings.ToLower(strings.TrimSpace(s))
		}
		if ok {
			b.Events = append(b.Events, ev)
		}
	}
}

func (b *Brief) sources(v *yaml.Node, m matter, diags *diag.List) {
	items := v.Content
	if v.Kind != yaml.SequenceNode {
		items = []*yaml.Node{v}
	}
	for i, item := range items {
		switch item.Kind {
		case yaml.ScalarNode:
			if s, _ := scalar(item); s != "" {
				b.Sources = append(b.Sources, Source{Title: s})
			}
		case yaml.MappingNode:
			f := mapping(item)
			get := func(k string) string {
				if n := f[k]; n != nil {
					s, _ := scalar(n)
					return s
				}
				return ""
			}
			s := Source{Title: get("title"), Publisher: get("publisher"), URL: get("url"), Date: get("date"), ID: get("id"), Note: get("note"),
				Container: get("journal"), Pages: get("pages"), DOI: strings.TrimPrefix(get("doi"), "https://doi.org/"), ShortAuthor: get("shortauthor")}
			if a := f["author"]; a != nil {
				authors := a.Content
				if a.Kind != yaml.SequenceNode {
					authors = []*yaml.Node{a}
				}
				for _, n := range authors {
					if t, _ := scalar(n); strings.TrimSpace(t) != "" {
						s.Authors = append(s.Authors, ParseName(t))
					}
				}
			}
			if s.Title == "" && s.URL == "" {
				diags.Errorf(b.nodePos(item, m), "front matter: sources[%d]: needs a title or a url", i)
				continue
			}
			b.Sources = append(b.Sources, s)
		default:
			diags.Errorf(b.nodePos(item, m), "front matter: sources[%d]: expected text or a mapping, got a %s", i, kindName(item))
		}
	}
}

// bodyText is the body as plain text (see Brief.Text): each paragraph,
// heading and table cell trimmed, joined by spaces.
func bodyText(doc ast.Node, src []byte) []byte {
	out := spool.Buffer(len(src)) // released once spooled
	add := func(n ast.Node) {
		start := len(out)
		out = appendText(out, n, src)
		piece := bytes.TrimSpace(out[start:])
		out = out[:start+copy(out[start:], piece)]
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock:
			if len(out) > 0 {
				out = append(out, ' ')
			}
			add(n)
			return ast.WalkSkipChildren, nil
		case *extast.TableCell:
			out = append(out, ' ')
			add(n)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// checkURLs warns, at its position, about every Markdown link, image and
// autolink whose URL the page will not keep (javascript:, data: and any
// scheme but http, https and mailto; see markdown.SafeURL).
func (b *Brief) checkURLs(nodes []ast.Node, src []byte, diags *diag.List) {
	for _, n := range nodes {
		var dest []byte
		what := "link"
		switch n := n.(type) {
		case *ast.Link:
			dest = n.Destination
		case *ast.Image:
			dest, what = n.Destination, "image"
		case *ast.AutoLink:
			dest = n.URL(src)
		default:
			continue
		}
		if !markdown.SafeURL(dest) {
			diags.Warnf(b.pos(n.Pos()), "%s to %q removed: only relative, http, https and mailto URLs are kept", what, clipURL(string(dest)))
		}
	}
}

func clipURL(u string) string {
	if r := []rune(u); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return u
}

// checkRawHTML warns, at its position, about every piece of raw HTML that
// the sanitiser will remove from the page.
func (b *Brief) checkRawHTML(nodes []ast.Node, src []byte, md *markdown.Markdown, diags *diag.List) {
	report := func(segs []text.Segment) {
		var raw []byte
		var starts []int // offset in raw of each segment
		for _, seg := range segs {
			starts = append(starts, len(raw))
			raw = append(raw, seg.Value(src)...)
		}
		_, removed := md.Sanitize(raw)
		for _, r := range removed {
			i := len(starts) - 1
			for i > 0 && starts[i] > r.Off {
				i--
			}
			d := diag.Diagnostic{Pos: b.pos(segs[i].Start + r.Off - starts[i]), Severity: diag.Warning, Kind: "html",
				Msg: "raw HTML: removed " + r.What + " (only safe markup is kept)"}
			diags.Add(d)
		}
	}
	for _, n := range nodes {
		switch n := n.(type) {
		case *ast.RawHTML:
			var segs []text.Segment
			for i := 0; i < n.Segments.Len(); i++ {
				segs = append(segs, n.Segments.At(i))
			}
			report(segs)
		case *ast.HTMLBlock:
			var segs []text.Segment
			for i := 0; i < n.Lines().Len(); i++ {
				segs = append(segs, n.Lines().At(i))
			}
			if n.HasClosure() {
				segs = append(segs, n.ClosureLine)
			}
			report(segs)
		}
	}
}

// nodeList is a document's nodes in preorder (ast.Walk's order, entering),
// for the passes over a parsed body that look at every node: one walk of
// the tree instead of one per pass.
type nodeList struct{ all []ast.Node }

var nodeLists = sync.Pool{New: func() any { return new(nodeList) }}

// preorder lists the nodes of doc, doc first. Free the list when done.
func preorder(doc ast.Node) *nodeList {
	l := nodeLists.Get().(*nodeList)
	l.all = appendPreorder(l.all, doc)
	return l
}

func appendPreorder(dst []ast.Node, n ast.Node) []ast.Node {
	dst = append(dst, n)
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		dst = appendPreorder(dst, c)
	}
	return dst
}

// free gives the list's array to the next preorder, holding no node.
func (l *nodeList) free() {
	clear(l.all)
	l.all = l.all[:0]
	nodeLists.Put(l)
}
