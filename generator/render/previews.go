package render

import (
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/preview"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// maxPreviewFacts caps the typed fields a link preview shows.
const maxPreviewFacts = 4

// previews builds the link previews' data once per plan (see package
// preview): every page's title, type, summary, date and first typed
// fields, and first paragraph.
func (p *Plan) previews() map[string][]byte {
	p.previewOnce.Do(func() {
		p.previewFiles = map[string][]byte{}
		for _, f := range preview.Build(p.previewEntries(func(u string) string { return u }), preview.Options{}) {
			p.previewFiles[f.Name] = f.Data
			if f.Name != preview.IndexName {
				p.previewNames = append(p.previewNames, f.Name)
			}
		}
	})
	return p.previewFiles
}

// previewEntries is the preview of every page of the site, keyed by key
// of its URL.
func (p *Plan) previewEntries(key func(url string) string) []preview.Entry {
	entries := make([]preview.Entry, 0, len(p.site.Pages))
	for _, pg := range p.site.Pages {
		entries = append(entries, p.previewEntry(pg, key(pg.URL)))
	}
	return entries
}

func (p *Plan) previewEntry(pg *site.Page, key string) preview.Entry {
	e := preview.Entry{Key: key, Title: pg.Title, Type: pg.Type, Text: p.newer().of(pg).Lead()}
	if pg.SectionOf == p.site.Root {
		e.Title = p.site.Root.Title
	}
	if !pg.SummaryFromBody && pg.Summary != e.Text {
		e.Summary = pg.Summary
	}
	if !pg.Date.IsZero() {
		e.Facts = append(e.Facts, [2]string{"Date", pg.Date.Human()})
	}
	n := 0
	for _, f := range pg.Facts(p.site) {
		if !f.Typed || n == maxPreviewFacts {
			continue
		}
		v := f.Text
		if f.AsOf != "" {
			v += " (as of " + f.AsOf + ")"
		}
		e.Facts = append(e.Facts, [2]string{f.Label, v})
		n++
	}
	return e
}

// isPreviewFile reports whether name is a shard of the previews' data.
func isPreviewFile(name string) bool {
	return strings.HasPrefix(name, "preview/") && strings.HasSuffix(name, ".js")
}

// Previews reports whether the page may have links to pages with a
// preview, other briefs: it loads js/previews.js only then. A brief
// has them when it links to others, others link to it, or its body has
// embeds or build-time blocks (query results link briefs); lists,
// timeline, sources and search pages list briefs; the tags page links
// to the tags that have a note of their own.
func (p *Page) Previews() bool {
	if len(p.Site.Pages) == 0 {
		return false
	}
	switch p.Kind {
	case "404", "types":
		return false
	case "tags":
		return slices.ContainsFunc(p.Site.Tags, func(t *site.Term) bool { return t.Intro != nil })
	case "brief":
		b := p.Brief
		return len(b.Outlinks) > 0 || len(b.Backlinks) > 0 || len(b.Relations) > 0 || len(b.Embeds) > 0 || len(b.Blocks) > 0
	}
	return true
}
