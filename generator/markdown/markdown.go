// Package markdown configures goldmark for Lodestone: CommonMark plus GFM
// (tables, strikethrough, autolinks, task lists), footnotes, Unicode-aware
// heading IDs that are unique per page, the [[wikilink]] syntax, TeX math
// (math.go), highlighted code and mermaid diagrams (code.go), fact ids
// in the text (factid.go) and figures quoted from front matter (figure.go).
//
// Each brief is parsed once and rendered once, at the brief stage, with
// holes where only the site stage can decide (where a link goes, a
// citation's number, a block's table; see holes.go). The render stage fills
// the holes; it parses nothing. Nothing here knows about other files.
package markdown

import (
	"slices"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure New.
type Options struct {
	// RawHTML lets raw HTML in Markdown through to the page, sanitised:
	// a brief cannot inject scripts into the site.
	RawHTML bool
	// EmbedHosts are the hosts raw HTML may embed <iframe>s from (https
	// only); none by default.
	EmbedHosts []string
	// Blocks are the languages of the fenced code blocks rendered at build
	// time (blocks.Langs): the brief stage collects them and leaves holes.
	Blocks []string
	// FactIDs finds the fact ids in the text (see factid.go); nil finds
	// none.
	FactIDs *FactIDs
	// FigureUnits are the units of the site's typed figures (the first
	// word, lower-cased: "t" for "t REO"). The brief stage records the
	// numbers the prose writes in them, which the site stage checks
	// against the figures; with none, no number is recorded.
	FigureUnits []string
}

// Markdown is a goldmark instance configured by New.
type Markdown struct {
	goldmark.Markdown
	opts      Options
	sanitizer *sanitizer
	// noLinks is Markdown's parser without GFM's bare-link finder, for a
	// source it could find nothing in (Parse).
	noLinks parser.Parser
}

// Parse parses source with Markdown's parser, or, where GFM's bare-link
// finder could find nothing in source, with the same parser without it:
// it is asked at every space of every paragraph.
func (m *Markdown) Parse(source []byte, opts ...parser.ParseOption) ast.Node {
	p := m.Parser()
	if !mayHaveAutoLinks(source) {
		p = m.noLinks
	}
	return p.Parse(text.NewReader(source), opts...)
}

// RawHTML reports whether raw HTML from briefs reaches pages (sanitised).
func (m *Markdown) RawHTML() bool { return m.opts.RawHTML }

// FigureUnits are Options.FigureUnits.
func (m *Markdown) FigureUnits() []string { return m.opts.FigureUnits }

// IsBlock reports whether a fenced code block in language lang is rendered
// at build time (see Options.Blocks).
func (m *Markdown) IsBlock(lang string) bool { return slices.Contains(m.opts.Blocks, lang) }

// New returns a goldmark instance with Lodestone's extensions. The typographer
// is off, so quotes and dashes stay as written. Links, images, autolinks,
// wikilinks and tag links keep only safe URLs (see SafeURL). With RawHTML,
// goldmark writes raw HTML as is and Renderer sanitises each rendered tree
// as a whole (see sanitize.go).
func New(opts Options) *Markdown {
	renderOpts := []renderer.Option{renderer.WithNodeRenderers(util.Prioritized(newURLFilter(), 100), util.Prioritized(newCodeRenderer(opts.Blocks), 100), util.Prioritized(factRefRenderer{}, 500), util.Prioritized(figureRenderer{}, 500), util.Prioritized(newTableCellRenderer(), 100))}
	parserOpts := []parser.Option{parser.WithAutoHeadingID(), parser.WithASTTransformers(util.Prioritized(figureTransformer{}, 890))}
	if opts.FactIDs != nil {
		// Last: the text is final (block ids and callout titles taken out).
		parserOpts = append(parserOpts, parser.WithASTTransformers(util.Prioritized(factIDTransformer{opts.FactIDs}, 900)))
	}
	if opts.RawHTML {
		renderOpts = append(renderOpts, html.WithUnsafe())
	}
	exts := func(gfm goldmark.Extender) goldmark.Option {
		return goldmark.WithExtensions(
			gfm,
			extension.Footnote,
			WikiLinks,
			Obsidian,
			MathTeX,
			Limits, // budgets that keep parsing linear (limits.go)
		)
	}
	return &Markdown{opts: opts, sanitizer: newSanitizer(opts.EmbedHosts),
		Markdown: goldmark.New(exts(gfm), goldmark.WithParserOptions(parserOpts...), goldmark.WithRendererOptions(renderOpts...)),
		noLinks:  goldmark.New(exts(gfmNoLinks), goldmark.WithParserOptions(parserOpts...)).Parser(),
	}
}

// NewContext returns a parser context whose heading IDs are Unicode-aware
// slugs, unique within one page. Use a fresh context for every page.
func NewContext() parser.Context {
	return parser.NewContext(parser.WithIDs(newIDs()))
}
