package render

import (
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/search"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// search builds the search index once per plan: every brief's title,
// aliases, headings, tags, type and text.
// KeepSnippetsIn has the search index keep its result snippets in s (a
// build's spool) until it writes them, rather than in memory while its
// postings grow (36 MB at 30,000 notes). Call it before Render.
func (p *Plan) KeepSnippetsIn(s search.Store) { p.snippets = s }

func (p *Plan) search() map[string][]byte {
	p.searchOnce.Do(func() {
		p.searchFiles = map[string][]byte{}
		for _, f := range search.BuildFrom(len(p.site.Pages), func(i int) search.Doc { return p.searchDoc(p.site.Pages[i]) }, search.Options{Store: p.snippets}) {
			p.searchFiles[f.Name] = f.Data
			if strings.HasPrefix(f.Name, "search/") {
				p.searchNames = append(p.searchNames, f.Name)
			}
		}
	})
	return p.searchFiles
}

func (p *Plan) searchDoc(pg *site.Page) search.Doc {
	d := search.Doc{URL: pg.URL, Title: pg.Title, Type: pg.Type, Aliases: pg.Aliases, Tags: pg.Tags, Text: p.newer().of(pg).Text()}
	if pg.SectionOf == p.site.Root {
		d.Title = p.site.Root.Title
	}
	for _, h := range pg.Headings {
		d.Headings = append(d.Headings, h.Text)
	}
	// A summary written in the front matter is searched and shown as the
	// text's start; one taken from the body is already there (cut short,
	// with "…": it would show the start twice, and count it twice).
	if pg.Summary != "" && !pg.SummaryFromBody && !strings.Contains(d.Text, pg.Summary) {
		d.Text = pg.Summary + " " + d.Text
	}
	return d
}

// newer is the map of newer parses every job shares (see WithBriefs).
func (p *Plan) newer() newer {
	if len(p.jobs) == 0 {
		return nil
	}
	return p.jobs[0].newer
}
