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
// label shown to the reader: the Label if given, else "Target › Fragment",
// "Target" or "Fragment".
//
// The parser fills Target and Fragment; the site stage sets Destination (a URL
// relative to the page that contains the link) once the target is resolved.
// A WikiLink with an empty Destination renders as a marked broken link.
type WikiLink struct {
	ast.BaseInline
	// Target is the name as written: a path, file name, title or alias. Empty
	// for a link to a heading on the same page ([[#Heading]]).
	Target string
	// Fragment is the heading after '#', as written, without the '#'.
	Fragment string
	// Destination is the resolved href, set by the site stage.
	Destination string
	// Embed is true for ![[Target]]: the target (a note, an image, a data
	// file) is shown in place, as the HTML the site stage made for it.
	Embed bool
	// Label is the text after '|', as written ("300" sizes an embedded image).
	Label string
	// HTML replaces an embed when set (see Embed).
	HTML string
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
		n.AppendChild(n, ast.NewString([]byte(n.Target+" › "+n.Fragment)))
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
	if n.Embed && n.HTML != "" {
		if entering {
			_, _ = w.WriteString(n.HTML)
		}
		return ast.WalkSkipChildren, nil
	}
	if n.Destination == "" {
		if entering {
			_, _ = w.WriteString(`<span class="wikilink broken" title="`)
			_, _ = w.Write(util.EscapeHTML([]byte("No brief named " + n.Target)))
			_, _ = w.WriteString(`">`)
		} else {
			_, _ = w.WriteString("</span>")
		}
		return ast.WalkContinue, nil
	}
	if entering {
		_, _ = w.WriteString(`<a class="wikilink" href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(n.Destination), true)))
		_, _ = w.WriteString(`">`)
	} else {
		_, _ = w.WriteString("</a>")
	}
	return ast.WalkContinue, nil
}

type wikiLinks struct{}

// WikiLinks is the goldmark extension for [[wikilinks]] and [@citations].
// Their parsers run just before the standard link parser.
var WikiLinks goldmark.Extender = wikiLinks{}

// Extend implements goldmark.Extender.
func (wikiLinks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(wikiLinkParser{}, 199), util.Prioritized(citationParser{}, 198)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(wikiLinkRenderer{}, 199), util.Prioritized(htmlRenderer{}, 199), util.Prioritized(citationRenderer{}, 199)))
}
