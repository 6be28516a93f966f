package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Obsidian's %% comments %% are parsed by goldmark like any other syntax,
// so they follow Markdown's own rules: a comment can sit in a paragraph, a
// quote, a callout or a list; %% inside code spans and fenced code blocks
// (of any fence length) is text; whatever a comment holds — a ```dataview
// fence, a [[link]], a #tag — is never parsed, linked or evaluated, and the
// comment writes nothing.

// KindComment is the node kind of Comment.
var KindComment = ast.NewNodeKind("Comment")

// Comment is a %% comment %% inside a paragraph.
type Comment struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *Comment) Kind() ast.NodeKind { return KindComment }

// Dump implements ast.Node.
func (n *Comment) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// KindCommentBlock is the node kind of CommentBlock.
var KindCommentBlock = ast.NewNodeKind("CommentBlock")

// CommentBlock is a %% comment %% that starts a line: it runs to the line
// that closes it, over as many lines as it takes.
type CommentBlock struct {
	ast.BaseBlock
	closed bool // closed on its first line
}

// Kind implements ast.Node.
func (n *CommentBlock) Kind() ast.NodeKind { return KindCommentBlock }

// Dump implements ast.Node.
func (n *CommentBlock) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

var commentMark = []byte("%%")

type commentBlockParser struct{}

func (commentBlockParser) Trigger() []byte { return []byte{'%'} }

func (commentBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || !bytes.HasPrefix(line[pos:], commentMark) {
		return nil, parser.NoChildren
	}
	rest := line[pos+2:]
	if end := bytes.Index(rest, commentMark); end >= 0 {
		if len(util.TrimRightSpace(rest[end+2:])) > 0 {
			return nil, parser.NoChildren // text follows: an inline comment in a paragraph
		}
		n := &CommentBlock{closed: true}
		n.Lines().Append(seg)
		toEOL(reader, line)
		return n, parser.NoChildren
	}
	n := &CommentBlock{}
	n.Lines().Append(seg)
	toEOL(reader, line)
	return n, parser.NoChildren
}

func (commentBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if line == nil || node.(*CommentBlock).closed {
		return parser.Close
	}
	node.Lines().Append(seg)
	toEOL(reader, line)
	if bytes.Contains(line, commentMark) {
		return parser.Close
	}
	return parser.Continue | parser.NoChildren
}

func (commentBlockParser) Close(ast.Node, text.Reader, parser.Context) {}
func (commentBlockParser) CanInterruptParagraph() bool                 { return true }
func (commentBlockParser) CanAcceptIndentedLine() bool                 { return false }

// toEOL consumes the rest of line but its newline: goldmark moves to the
// next line itself after Open and Continue.
func toEOL(reader text.Reader, line []byte) {
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
	}
	reader.Advance(n)
}

type commentParser struct{}

func (commentParser) Trigger() []byte { return []byte{'%'} }

// Parse reads %% to the next %% of the same paragraph, over line ends. An
// opening %% with no closing one is text.
func (commentParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if !bytes.HasPrefix(line, commentMark) {
		return nil
	}
	if end := bytes.Index(line[2:], commentMark); end >= 0 {
		block.Advance(end + 4)
		return &Comment{}
	}
	line0, pos := block.Position()
	block.AdvanceLine()
	for {
		l, _ := block.PeekLine()
		if l == nil {
			block.SetPosition(line0, pos)
			return nil
		}
		if end := bytes.Index(l, commentMark); end >= 0 {
			block.Advance(end + 2)
			return &Comment{}
		}
		block.AdvanceLine()
	}
}

type commentRenderer struct{}

func (commentRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	skip := func(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
		return ast.WalkSkipChildren, nil
	}
	reg.Register(KindComment, skip)
	reg.Register(KindCommentBlock, skip)
}
