package render

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/search"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/spool"
)

// KeepSnippetsIn has the search index keep its result snippets in s (a
// build's spool) until it writes them, rather than in memory while its
// postings grow (36 MB at 30,000 notes). Call it before Render.
func (p *Plan) KeepSnippetsIn(s search.Store) { p.snippets = s }

// search builds the search index once per plan: every brief's title,
// aliases, headings, tags, type and text.
func (p *Plan) search() map[string][]byte {
	p.searchOnce.Do(func() { p.buildSearch(nil) })
	return p.searchFiles
}

// buildSearch builds the search index; the files emit is given are not
// kept (see search.Options.Emit).
func (p *Plan) buildSearch(emit func(search.File)) {
	p.searchFiles = map[string][]byte{}
	for _, f := range search.BuildFrom(len(p.site.Pages), func(i int) search.Doc { return p.searchDoc(p.site.Pages[i]) }, search.Options{Store: p.snippets, Emit: emit}) {
		p.searchFiles[f.Name] = f.Data
		if strings.HasPrefix(f.Name, "search/") {
			p.searchNames = append(p.searchNames, f.Name)
		}
	}
}

// writeSearch writes the search index to sink. Unless the plan has built
// it already, each shard is written as soon as it is encoded and then
// dropped: Render is a plan's last use, and at 30,000 notes the shards
// are 55 MB that would otherwise wait for the last one, when the heap is
// at its largest.
func (p *Plan) writeSearch(ctx context.Context, sink output.Sink) diag.List {
	var diags diag.List
	var mu sync.Mutex
	p.searchOnce.Do(func() {
		p.buildSearch(func(f search.File) {
			if ctx.Err() != nil {
				return
			}
			if err := sink.WriteFile(f.Name, f.Data); err != nil {
				mu.Lock()
				diags.Add(diag.Diagnostic{Pos: p.source(f.Name), Msg: err.Error()})
				mu.Unlock()
			}
		})
	})
	diags.Merge(p.write(ctx, sink, slices.Concat([]string{"search-index.js"}, p.searchNames)))
	return diags
}

func (p *Plan) searchDoc(pg *site.Page) search.Doc {
	d := search.Doc{URL: pg.URL, Title: pg.Title, Type: pg.Type, Aliases: pg.Aliases, Tags: pg.Tags}
	if pg.SectionOf == p.site.Root {
		d.Title = p.site.Root.Title
	}
	for _, h := range pg.Headings {
		d.Headings = append(d.Headings, h.Text)
	}
	// The text in a buffer the index gives back (Release) once it has
	// read it: no string per brief.
	buf := spool.Buffer(0)
	// A summary written in the front matter is searched and shown as the
	// text's start; one taken from the body is already there (cut short,
	// with "…": it would show the start twice, and count it twice).
	summary := pg.Summary != "" && !pg.SummaryFromBody
	if summary {
		buf = append(buf, pg.Summary...)
		buf = append(buf, ' ')
	}
	buf = p.newer().of(pg).AppendText(buf)
	if summary && bytes.Contains(buf[len(pg.Summary)+1:], []byte(pg.Summary)) {
		buf = buf[:copy(buf, buf[len(pg.Summary)+1:])]
	}
	d.Body, d.Release = buf, func() { spool.Release(buf) }
	return d
}

// newer is the map of newer parses every job shares (see WithBriefs).
func (p *Plan) newer() newer {
	if len(p.jobs) == 0 {
		return nil
	}
	return p.jobs[0].newer
}
