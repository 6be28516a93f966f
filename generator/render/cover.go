package render

import (
	"time"

	"github.com/lodestone-ssg/lodestone/generator/changes"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// Cover is the front page of a briefing pack (a bundle with --root): the
// root brief's summary and figures, the other briefs of the pack with
// theirs, the events since a date, the stale figures, and what changed
// (with --since REV).
type Cover struct {
	Root *CoverBrief
	// Briefs are the pack's other briefs, in the site's order.
	Briefs []*CoverBrief
	// Since is the date the events start from; Events those events, by
	// year (as on a timeline).
	Since  time.Time
	Events []*site.Year
	// Stale are the pack's figures older than stale_after.
	Stale []site.StaleFigure
	// Changes is what changed since the --since revision, if one was given.
	Changes *changes.Report
}

// CoverBrief is a brief on a cover: its page and its key figures (the
// number fields its type declares).
type CoverBrief struct {
	Page    *site.Page
	Figures []site.Fact
}

// SinceText is the date the cover's events start from, as pages write
// dates.
func (c *Cover) SinceText() string { return c.Since.Format("2 January 2006") }

// cover makes the cover of the pack s, whose root brief opts.Root names.
func (r *Renderer) cover(s *site.Site) *Cover {
	c := &Cover{Since: r.opts.Since, Stale: s.Stale, Changes: r.opts.Changes}
	if c.Since.IsZero() {
		c.Since = r.opts.Now.AddDate(-1, 0, 0)
	}
	var root *site.Page
	if keep, err := s.Reachable(r.opts.Root, 0); err == nil {
		for _, p := range s.Pages {
			if keep[p.Brief] {
				root = p
			}
		}
	}
	for _, p := range s.Pages {
		if p.TagOf != nil {
			continue
		}
		cb := &CoverBrief{Page: p, Figures: keyFigures(s, p)}
		if p == root {
			c.Root = cb
		} else {
			c.Briefs = append(c.Briefs, cb)
		}
	}
	since := c.Since.Format("2006-01-02")
	for _, y := range s.Timeline {
		var evs []site.Event
		for _, e := range y.Events {
			if e.Date.LastDay().Format("2006-01-02") >= since {
				evs = append(evs, e)
			}
		}
		if len(evs) > 0 {
			c.Events = append(c.Events, &site.Year{Year: y.Year, Events: evs})
		}
	}
	return c
}

// keyFigures are the brief's typed number fields, as its page shows them.
func keyFigures(s *site.Site, p *site.Page) []site.Fact {
	decl := s.Config.Types[p.Type].Fields
	var out []site.Fact
	for _, f := range p.Facts(s) {
		if k := decl[f.Field].Kind; f.Typed && (k == "number" || k == "int") {
			out = append(out, f)
		}
	}
	return out
}
