package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's GFM extension (tables, strikethrough, task lists and
// bare URLs and e-mail addresses made links), with goldmark's own linkify
// parser behind a quick test (autoLinks).
var gfm = goldmark.Extender(gfmExtension{links: true})

// gfmNoLinks is gfm without its bare-link finder, for a source in which it
// can find nothing (see mayHaveAutoLinks).
var gfmNoLinks = goldmark.Extender(gfmExtension{})

type gfmExtension struct{ links bool }

func (e gfmExtension) Extend(m goldmark.Markdown) {
	if e.links {
		m.Parser().AddOptions(parser.WithInlineParsers(
			// The priority extension.Linkify gives it.
			util.Prioritized(autoLinks{extension.NewLinkifyParser()}, 999),
		))
	}
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// autoLinks asks goldmark's linkify parser only where a link can start.
// That parser is called at every space of every paragraph (its trigger),
// and most words are neither a URL nor an address: asking it cost an
// eighth of parsing a brief. It finds a link only after an optional
// space, '*', '_', '~' or '(' (which it steps over) where the text starts
// with "http:", "https:", "ftp:" or "www.", or where an e-mail address
// starts, whose '@' comes before any space (its local part has none).
// mayAutoLink lets through at least those places, so the links found
// are the same.
type autoLinks struct{ parser.InlineParser }

func (a autoLinks) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if line, _ := block.PeekLine(); !mayAutoLink(line) {
		return nil
	}
	return a.InlineParser.Parse(parent, block, pc)
}

// mayAutoLink reports whether goldmark's linkify parser could find a link
// at the start of line.
func mayAutoLink(line []byte) bool {
	if len(line) > 0 {
		switch line[0] {
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if len(line) == 0 {
		return false
	}
	switch line[0] {
	case 'h', 'f', 'w': // http:, https:, ftp:, www.
		return true
	}
	for _, c := range line {
		switch c {
		case '@':
			return true
		case ' ', '\t', '\n', '\r':
			return false
		}
	}
	return false
}

// mayHaveAutoLinks reports whether goldmark's linkify parser could find a
// link anywhere in source: it finds one only at "http:", "https:", "ftp:"
// or "www." (as written, in that case), or around an "@". Most notes of a
// vault have none, and a parser without it is not asked at every space.
func mayHaveAutoLinks(source []byte) bool {
	return bytes.IndexByte(source, '@') >= 0 || bytes.Contains(source, []byte("http")) ||
		bytes.Contains(source, []byte("ftp:")) || bytes.Contains(source, []byte("www."))
}
