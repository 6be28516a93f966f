package render

import (
	"html/template"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// figureHTML is figure reference i of t (see site.Quote) as a page shows
// it: the value with its unit, linked to the brief it comes from (unless
// that is t), its as-of date and source, and a stale badge when it is
// older than stale_after. link makes a site URL relative to where the
// HTML is shown. A figure the site could not find is the code as written.
func figureHTML(s *site.Site, t *site.Page, i int, link func(string) string) string {
	raw := ""
	if i < len(t.Figures) {
		raw = t.Figures[i].Raw
	}
	if i >= len(t.Quotes) || t.Quotes[i].From == nil {
		return markdown.FigureCode(raw)
	}
	q := t.Quotes[i]
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.WriteString(`<span class="figure">`)
	if q.Self {
		b.WriteString(`<span class="figure-value">` + esc(q.Fact.Text) + `</span>`)
	} else {
		b.WriteString(`<a class="figure-value" href="` + markdown.Href(link(q.From.URL)) + `" title="` + esc(q.Fact.Label+": "+q.From.Title) + `">` + esc(q.Fact.Text) + `</a>`)
	}
	var notes []string
	if q.Fact.AsOf != "" {
		notes = append(notes, "as of "+esc(q.Fact.AsOf))
	}
	if src := q.Source; src != nil {
		name := strings.TrimSpace(src.Publisher)
		if name == "" {
			name = strings.TrimSpace(src.Title)
		}
		if y := yearOf(src.Date); y != "" {
			name += " " + y
		}
		title := src.Title
		if title == "" {
			title = src.URL
		}
		notes = append(notes, `<a class="figure-source" href="`+markdown.Href(link(site.SourcesURL+"#src-"+q.SourceID))+`" title="`+esc(title)+`">`+esc(name)+`</a>`)
	}
	if len(notes) > 0 {
		b.WriteString(` <span class="as-of">(` + strings.Join(notes, "; ") + `)</span>`)
	}
	if q.Fact.Stale {
		b.WriteString(` <a class="stale-badge" href="` + markdown.Href(link(site.StaleURL)) + `">stale<span class="vh"> (` + esc(q.Fact.Age) + ` old; older than ` + esc(s.Config.StaleAfter.String()) + `)</span></a>`)
	}
	b.WriteString(`</span>`)
	return b.String()
}

// yearOf is the year a source's date starts with ("2025-01-06" gives
// "2025"), or "".
func yearOf(date string) string {
	date = strings.TrimSpace(date)
	if len(date) >= 4 && strings.Trim(date[:4], "0123456789") == "" {
		return date[:4]
	}
	return ""
}
