// Package blocks evaluates the fenced code blocks that Lodestone renders at
// build time — ```dataview, ```table, ```chart, ```timeline — against the
// site, and renders their results on a page.
//
// Each block language is one Kind, registered here by its fence language;
// a new kind is one file (its Eval and its Result) plus, if it needs one, a
// template in templates/partials/. The brief stage only collects the text
// of blocks in these languages (markdown.Options.Blocks = Langs()); the
// site stage knows nothing of them; the render stage asks each Result for
// its HTML and puts it in the block's hole.
package blocks

import (
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// Kind is one language of build-time block. A block whose Eval reports an
// error is shown as written, with the reason, and its errors are warnings
// that --strict makes errors (diag.Note): one bad query never blocks a site.
type Kind interface {
	// Eval evaluates bl, a block of page p, against s. Problems are
	// diagnostics at their place in the block; a nil Result keeps the block
	// as written.
	Eval(s *site.Site, p *site.Page, bl brief.Block, at Place) (Result, diag.List)
}

// Place tells where a block is on its page, to number what it shows.
type Place struct {
	Index int // in the page's Blocks, from 0
	N     int // among the blocks of its kind, from 1
}

// Result is an evaluated block.
type Result interface {
	// HTML renders the result on page. A template error is returned: the
	// page is not published with it.
	HTML(page Page) (string, error)
}

// Page is the page a result is shown on.
type Page interface {
	// Execute runs the theme's template name (e.g. "query") with data.
	Execute(name string, data any) (string, error)
	// Data is the page as templates know it: the Page of a block
	// template's data.
	Data() any
}

var kinds = map[string]Kind{
	"dataview": dataview{},
	"table":    table{},
	"chart":    chartKind{},
	"timeline": timeline{},
}

// Langs lists the fence languages of build-time blocks, sorted.
func Langs() []string {
	var out []string
	for l := range kinds {
		out = append(out, l)
	}
	slices.Sort(out)
	return out
}

// Results holds the result of each build-time block, by page and by the
// block's index in the page's Blocks (nil: kept as written).
type Results map[*site.Page][]Result

// Eval evaluates every build-time block of the site's pages.
func Eval(s *site.Site) (Results, diag.List) {
	var diags diag.List
	res := Results{}
	for _, p := range s.Pages {
		if len(p.Blocks) == 0 {
			continue
		}
		out := make([]Result, len(p.Blocks))
		count := map[string]int{}
		for i, bl := range p.Blocks {
			k, ok := kinds[bl.Lang]
			if !ok {
				continue
			}
			count[bl.Lang]++
			r, d := k.Eval(s, p, bl, Place{Index: i, N: count[bl.Lang]})
			if d.HasErrors() {
				// Confined to this block: the page shows it as written,
				// with the first reason.
				for _, e := range d {
					if e.Severity == diag.Error {
						r = failed{bl: bl, why: e.Msg}
						break
					}
				}
				d.Confine()
			}
			diags.Merge(d)
			out[i] = r
		}
		res[p] = out
	}
	return res, diags
}

// lineCol maps a line and column of a block's text (as YAML reports
// them, from 1) to the file.
func lineCol(bl brief.Block, line, col int) diag.Pos {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(bl.Text[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return bl.TextPos(off + col - 1)
}
