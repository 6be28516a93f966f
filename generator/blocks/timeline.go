package blocks

import (
	"fmt"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// timeline is a ```timeline block: FROM … WHERE … (as in a query) selects
// briefs, and their events are shown by year, each linked to its brief.
type timeline struct{}

func (timeline) Eval(s *site.Site, _ *site.Page, bl brief.Block, at Place) (Result, diag.List) {
	const prefix = "LIST "
	pos := func(off int) diag.Pos { return bl.TextPos(max(off-len(prefix), 0)) }
	res, d := s.Query(prefix+bl.Text, pos)
	if res == nil {
		return nil, d
	}
	if len(res.Query.Sort) > 0 || res.Query.Limit > 0 {
		d.Errorf(bl.Pos, "timeline: takes FROM and WHERE only; events are always in date order")
		return nil, d
	}
	var evs []site.Event
	for _, r := range res.Rows {
		for i := range r.Events {
			evs = append(evs, site.Event{Event: &r.Events[i], Page: r})
		}
	}
	return timelineResult{years: site.ByYear(evs), prefix: fmt.Sprintf("tl%d-", at.Index+1)}, d
}

type timelineResult struct {
	years  []*site.Year
	prefix string // of the ids of its year headings, unique on the page
}

func (r timelineResult) HTML(page Page) (string, error) {
	if len(r.years) == 0 {
		return `<p class="query-empty">No events match this timeline.</p>`, nil
	}
	html, err := page.Execute("events", map[string]any{"Page": page.Data(), "Years": r.years, "Links": true, "Prefix": r.prefix})
	if err != nil {
		return "", err
	}
	return `<div class="timeline inline">` + html + `</div>`, nil
}
