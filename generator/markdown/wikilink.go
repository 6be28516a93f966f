package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindWikiLink is the node kind of WikiLink.
var KindWikiLink = ast.NewNodeKind("WikiLink")

// WikiLink is an inline [[Target#Fragment|Label]] link. Its children are the
// label shown to the reader: the Label if given, else "Target › Fragment"
// (each # of a heading path a ›, as Obsidian shows [[Note#A#B]]), "Target"
// or "Fragment".
//
// The parser fills Target and Fragment. In a brief, the link's tags are
// holes (Holes.WikiLink) that the render stage fills once the site stage
// has resolved the target; rendered on its own, a WikiLink links to
// Destination, and one with an empty Destination is a marked broken link.
type WikiLink struct {
	ast.BaseInline
	// Target is the name as written: a path, file name, title or alias. Empty
	// for a link to a heading on the same page ([[#Heading]]).
	Target string
	// Fragment is the heading after '#', as written, without the '#'.
	Fragment string
	// Destination is the href when the link is rendered on its own.
	Destination string
	// Embed is true for ![[Target]]: the target (a note, an image, a data
	// file) is shown in place (see Holes.Embed).
	Embed bool
	// Label is the text after '|', as written ("300" sizes an embedded image).
	Label string
	// holed says the link's tags are holes (Holes.WikiLink): only its
	// label is rendered here.
	holed bool
}

// Kind implements ast.Node.
func (n *WikiLink) Kind() ast.NodeKind { return KindWikiLink }

// Dump implements ast.Node.
func (n *WikiLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{
		"Target": n.Target, "Fragment": n.Fragment, "Destination": n.Destination,
	}, nil)
}

type wikiLinkParser struct{}

// Trigger implements parser.InlineParser.
func (wikiLinkParser) Trigger() []byte { return []byte{'[', '!'} }

// Parse implements parser.InlineParser. It accepts [[...]] on one line whose
// inside has no brackets; anything else is left to the ordinary link parser.
// Code spans and code blocks are parsed before inline links, so a wikilink
// never fires inside code.
func (wikiLinkParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	start := seg.Start
	embed := false
	if len(line) > 0 && line[0] == '!' { // ![[file.csv]]
		embed = true
		line, seg = line[1:], seg.WithStart(seg.Start+1)
	}
	if len(line) < 4 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	end := bytes.Index(line[2:], []byte("]]"))
	if end < 0 {
		return nil
	}
	inner := line[2 : 2+end]
	if len(bytes.TrimSpace(inner)) == 0 || bytes.ContainsAny(inner, "[]\n") {
		return nil
	}
	target, label, hasLabel := bytes.Cut(inner, []byte("|"))
	labelOff := len(target) + 1
	// In a GFM table the label's pipe is escaped: [[Target\|label]].
	target = bytes.TrimSuffix(target, []byte("\\"))
	name, frag, _ := bytes.Cut(target, []byte("#"))
	n := &WikiLink{
		Target:   strings.TrimSpace(string(name)),
		Fragment: strings.TrimSpace(string(frag)),
	}
	n.Embed = embed
	n.SetPos(start)
	switch {
	case hasLabel && len(bytes.TrimSpace(label)) > 0:
		n.Label = string(bytes.TrimSpace(label))
		off := seg.Start + 2 + labelOff
		lseg := text.NewSegment(off, off+len(label))
		lseg = lseg.TrimLeftSpace(block.Source())
		lseg = lseg.TrimRightSpace(block.Source())
		n.AppendChild(n, ast.NewTextSegment(lseg))
	case n.Target != "" && n.Fragment != "":
		// A path of headings reads as Obsidian shows it: Note › A › B.
		n.AppendChild(n, ast.NewString([]byte(n.Target+" › "+strings.ReplaceAll(n.Fragment, "#", " › "))))
	case n.Target != "":
		n.AppendChild(n, ast.NewString([]byte(n.Target)))
	default:
		n.AppendChild(n, ast.NewString([]byte(n.Fragment)))
	}
	if embed {
		block.Advance(1)
	}
	block.Advance(2 + end + 2)
	return n
}

type wikiLinkRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (wikiLinkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindWikiLink, renderWikiLink)
}

func renderWikiLink(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*WikiLink)
	if n.holed {
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString(WikiLinkOpen(n.Destination, n.Target))
	} else {
		_, _ = w.WriteString(WikiLinkClose(n.Destination))
	}
	return ast.WalkContinue, nil
}

// WikiLinkOpen is the tag that starts a wikilink to dest (relative to the
// page; "" or an unsafe URL: broken) written as [[target…]].
func WikiLinkOpen(dest, target string) string {
	if dest == "" || !SafeURL(util.URLEscape([]byte(dest), true)) {
		return `<span class="wikilink broken" title="` + string(util.EscapeHTML([]byte("No brief named "+target))) + `">`
	}
	return `<a class="wikilink" href="` + Href(dest) + `">`
}

// WikiLinkClose is the tag that ends a wikilink to dest.
func WikiLinkClose(dest string) string {
	if dest == "" || !SafeURL(util.URLEscape([]byte(dest), true)) {
		return "</span>"
	}
	return "</a>"
}

// Href is dest as an attribute value, as goldmark writes one: escaped
// for a URL and for HTML. Unsafe URLs (see SafeURL) become "".
func Href(dest string) string {
	if plainHref(dest) {
		return dest // a page's links are made for every page: no copies
	}
	return href(dest)
}

// href is Href the long way.
func href(dest string) string {
	u := util.URLEscape([]byte(dest), true)
	if !SafeURL(u) {
		return ""
	}
	return string(util.EscapeHTML(u))
}

// plainHref reports whether dest is a relative URL of letters, digits and
// "-._~/#" only, which neither URL nor HTML escaping changes
// (FuzzHref checks it).
func plainHref(dest string) bool {
	for i := 0; i < len(dest); i++ {
		if !plainURLByte[dest[i]] {
			return false
		}
	}
	return true
}

var plainURLByte = func() (t [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/#") {
		t[c] = true
	}
	return t
}()

type wikiLinks struct{}

// WikiLinks is the goldmark extension for [[wikilinks]] and citations
// ([@id], @id: see cite.go).
// Their parsers run just before the standard link parser.
var WikiLinks goldmark.Extender = wikiLinks{}

// Extend implements goldmark.Extender.
func (wikiLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithInlineParsers(util.Prioritized(wikiLinkParser{}, 199), util.Prioritized(citationParser{}, 198), util.Prioritized(narrativeParser{}, 198)),
		parser.WithASTTransformers(util.Prioritized(citeInLink{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(wikiLinkRenderer{}, 199), util.Prioritized(citationRenderer{}, 199), util.Prioritized(holeRenderer{}, 199)))
}
