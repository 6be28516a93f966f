package site

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// Time moves on after a brief is written: a figure's as_of date grows old
// (stale_after in lodestone.yaml says how old is too old) and a planned
// event's date passes. Both are counted from the build date
// (Options.Now), and both are warnings of kind "stale", which --strict
// leaves as warnings: they come with the calendar, not with an edit.

// StaleURL is the URL of the stale figures page, made when stale_after is
// set.
const StaleURL = "stale/"

// StaleFigure is a typed figure whose as_of date is older than
// stale_after, for the stale figures page and the badges on pages.
type StaleFigure struct {
	Page  *Page
	Field string // its front-matter key
	Label string // as the brief's metadata names it
	Text  string // the value with its unit
	AsOf  brief.Date
	// Age is how long ago the as_of date began, in years and months
	// ("2 years 3 months").
	Age string
}

// staleFigure reports, when a figure as of asOf is older than stale_after
// (from the build date), how old it is; "" when it is not stale.
func (s *Site) staleFigure(asOf brief.Date) (age string, stale bool) {
	limit := s.Config.StaleAfter
	if limit.Months == 0 || s.Options.Now.IsZero() {
		return "", false
	}
	// The last day of the period the date names is when the figure was
	// last true.
	if !asOf.LastDay().AddDate(0, limit.Months, 0).Before(s.Options.Now) {
		return "", false
	}
	return Age(asOf.Time(), s.Options.Now), true
}

// checkStale warns when a figure's as_of date is older than stale_after
// (counted from the build date), and lists it for the stale page.
func (s *Site) checkStale(p *Page, field string, asOf brief.Date, pos diag.Pos, diags *diag.List) {
	age, stale := s.staleFigure(asOf)
	if !stale {
		return
	}
	if p.staleAge == nil {
		p.staleAge = map[string]string{}
	}
	p.staleAge[field] = age
	diags.Add(diag.Diagnostic{Pos: pos, Severity: diag.Warning, Kind: "stale",
		Msg: fmt.Sprintf("%s: figure as of %s is older than stale_after (%s)", field, asOf.Human(), s.Config.StaleAfter)})
}

// staleFigures lists the stale figures of every page (checkFields has
// marked them), oldest first.
func (s *Site) staleFigures() {
	for _, p := range s.Pages {
		if len(p.staleAge) == 0 {
			continue
		}
		for _, f := range p.Facts(s) {
			if f.Stale {
				s.Stale = append(s.Stale, StaleFigure{Page: p, Field: f.Field, Label: f.Label, Text: f.Text, AsOf: f.asOf, Age: f.Age})
			}
		}
	}
	slices.SortStableFunc(s.Stale, func(a, b StaleFigure) int {
		if c := a.AsOf.Compare(b.AsOf); c != 0 {
			return c
		}
		return byTitle(a.Page, b.Page)
	})
}

// Age says how long ago from was at now, in whole months: "1 year",
// "2 years 3 months", "5 months", "less than a month".
func Age(from, now time.Time) string {
	months := (now.Year()-from.Year())*12 + int(now.Month()) - int(from.Month())
	if now.Day() < from.Day() {
		months--
	}
	if months < 1 {
		return "less than a month"
	}
	var parts []string
	if y := months / 12; y > 0 {
		parts = append(parts, plural(y, "year"))
	}
	if m := months % 12; m > 0 {
		parts = append(parts, plural(m, "month"))
	}
	return strings.Join(parts, " ")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// plannedEvents warns about every event marked status: planned (or
// expected) whose date has passed: the brief should say what happened.
func (s *Site) plannedEvents(diags *diag.List) {
	if s.Options.Now.IsZero() {
		return
	}
	for _, p := range s.Pages {
		for _, e := range p.Events {
			if e.Status != "planned" && e.Status != "expected" {
				continue
			}
			if !e.Date.LastDay().AddDate(0, 0, 1).After(s.Options.Now) {
				diags.Add(diag.Diagnostic{Pos: e.Pos, Severity: diag.Warning, Kind: "stale",
					Msg: fmt.Sprintf("event %q: %s for %s, now past: update this brief (what happened, or a new date)", e.Title, e.Status, e.Date)})
			}
		}
	}
}
