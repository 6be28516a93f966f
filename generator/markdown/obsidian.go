package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Obsidian-flavoured Markdown: ==highlights== and callouts
// (> [!note] Title, foldable with + or -), #tags in text and %% comments %%
// (comments.go).

// KindHighlight is the node kind of Highlight.
var KindHighlight = ast.NewNodeKind("Highlight")

// Highlight is ==marked text==.
type Highlight struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *Highlight) Kind() ast.NodeKind { return KindHighlight }

// Dump implements ast.Node.
func (n *Highlight) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

type highlightDelims struct{}

func (highlightDelims) IsDelimiter(b byte) bool { return b == '=' }
func (highlightDelims) CanOpenCloser(o, c *parser.Delimiter) bool {
	return o.Char == c.Char
}
func (highlightDelims) OnMatch(consumes int) ast.Node { return &Highlight{} }

type highlightParser struct{}

func (highlightParser) Trigger() []byte { return []byte{'='} }

func (highlightParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	line, seg := block.PeekLine()
	d := parser.ScanDelimiter(line, before, 2, highlightDelims{})
	if d == nil || d.OriginalLength != 2 || before == '=' {
		return nil
	}
	d.Segment = seg.WithStop(seg.Start + d.OriginalLength)
	block.Advance(d.OriginalLength)
	pc.PushDelimiter(d)
	return d
}

// BlockAnchor is the HTML id of the block marked ^id.
func BlockAnchor(id string) string { return blockAnchorPrefix + id }

const blockAnchorPrefix = "block-"

type obsidianRenderer struct{}

func (obsidianRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindTagLink, renderTagLink)
	reg.Register(KindHighlight, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString("<mark>")
		} else {
			_, _ = w.WriteString("</mark>")
		}
		return ast.WalkContinue, nil
	})
}

type obsidian struct{}

// Obsidian adds ==highlights== and callouts.
var Obsidian goldmark.Extender = obsidian{}

func (obsidian) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithBlockParsers(util.Prioritized(commentBlockParser{}, 50)),
		parser.WithInlineParsers(util.Prioritized(commentParser{}, 50), util.Prioritized(highlightParser{}, 500), util.Prioritized(tagParser{}, 500)),
		parser.WithASTTransformers(util.Prioritized(blockRefTransformer{}, 101), util.Prioritized(imageSizeTransformer{}, 102), util.Prioritized(numberColumns{}, 103)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(obsidianRenderer{}, 500), util.Prioritized(commentRenderer{}, 500), util.Prioritized(blockRefRenderer{}, 500)))
	callouts{}.Extend(m) // callout.go
}

// KindTagLink is the node kind of TagLink.
var KindTagLink = ast.NewNodeKind("TagLink")

// TagLink is an inline #tag (Obsidian's tags in text): a letter after the
// #, then letters, digits, - _ and / for nested tags. The site stage sets
// Destination to the tag's page.
type TagLink struct {
	ast.BaseInline
	Name        string
	Destination string
}

// Kind implements ast.Node.
func (n *TagLink) Kind() ast.NodeKind { return KindTagLink }

// Dump implements ast.Node.
func (n *TagLink) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

type tagParser struct{}

func (tagParser) Trigger() []byte { return []byte{'#'} }

func (tagParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	before := block.PrecendingCharacter()
	if before != ' ' && before != '\n' && before != '(' && before != '\t' && before != -1 && before != 0 {
		return nil // C#, a#b: not a tag
	}
	line, seg := block.PeekLine()
	r, size := utf8.DecodeRune(line[1:])
	if !unicode.IsLetter(r) {
		return nil // #1, # heading, ##
	}
	end := 1 + size
	for end < len(line) {
		r, size := utf8.DecodeRune(line[end:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '/') {
			break
		}
		end += size
	}
	name := strings.TrimRight(string(line[1:end]), "/-_")
	if name == "" {
		return nil
	}
	n := &TagLink{Name: name}
	n.SetPos(seg.Start)
	block.Advance(1 + len(name))
	return n
}

func renderTagLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*TagLink)
		_, _ = w.WriteString(TagHTML(n.Name, n.Destination))
	}
	return ast.WalkSkipChildren, nil
}

// TagHTML is a #tag in the text, linked to dest (its page, relative to
// this one) unless dest is "" or unsafe.
func TagHTML(name, dest string) string {
	text := string(util.EscapeHTML([]byte("#" + name)))
	if dest == "" || !SafeURL(util.URLEscape([]byte(dest), true)) {
		return `<span class="tag">` + text + `</span>`
	}
	return `<a class="tag" href="` + Href(dest) + `">` + text + `</a>`
}
