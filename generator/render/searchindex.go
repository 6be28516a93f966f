package render

import (
	"context"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/search"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/workers"
)

// search builds the search index once per plan: every brief's title,
// aliases, headings, tags, type and text.
func (p *Plan) search() map[string][]byte {
	p.searchOnce.Do(func() {
		p.searchFiles = map[string][]byte{}
		for _, f := range search.Build(p.searchDocs(), search.Options{}) {
			p.searchFiles[f.Name] = f.Data
			if strings.HasPrefix(f.Name, "search/") {
				p.searchNames = append(p.searchNames, f.Name)
			}
		}
	})
	return p.searchFiles
}

func (p *Plan) searchDocs() []search.Doc {
	docs := make([]search.Doc, len(p.site.Pages))
	workers.Each(context.Background(), len(docs), func(i int) { docs[i] = p.searchDoc(p.site.Pages[i]) })
	return docs
}

func (p *Plan) searchDoc(pg *site.Page) search.Doc {
	d := search.Doc{URL: pg.URL, Title: pg.Title, Type: pg.Type, Aliases: pg.Aliases, Tags: pg.Tags, Text: pg.Text()}
	if pg.SectionOf == p.site.Root {
		d.Title = p.site.Root.Title
	}
	for _, h := range pg.Headings {
		d.Headings = append(d.Headings, h.Text)
	}
	if pg.Summary != "" && !strings.Contains(d.Text, pg.Summary) {
		d.Text = pg.Summary + " " + d.Text
	}
	return d
}
