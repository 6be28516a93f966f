// Package changes tells what changed in a site between two versions of it:
// the briefs added, removed and changed, and in each brief the typed
// figures whose value or date changed (old → new, with their as_of), and
// the events and sources added. It compares two *site.Site built from the
// two versions (the cli reads an older one from git with package vcs), so
// a brief is known by its file, a figure by the field its type declares.
//
// A Report is printed as text (WriteText), marshalled as JSON, shown as
// the "What changed" page of a bundle and an entry of the feed (package
// render).
package changes

import (
	"cmp"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// Version names one side of a comparison.
type Version struct {
	// Name is what it is: a revision as given ("HEAD~3", "6e57604"), or
	// "working tree" for the files on disk.
	Name string `json:"name"`
	// Commit is the commit's hash, Date its date; empty for the files on
	// disk.
	Commit string    `json:"commit,omitempty"`
	Date   time.Time `json:"date,omitzero"`
}

// String is the name, with the commit's short hash and date when the name
// is not already the hash.
func (v Version) String() string {
	if v.Commit == "" {
		return v.Name
	}
	short := v.Commit[:min(len(v.Commit), 12)]
	d := v.Date.UTC().Format("2006-01-02")
	if strings.HasPrefix(v.Commit, v.Name) {
		return short + " (" + d + ")"
	}
	return v.Name + " (" + short + ", " + d + ")"
}

// Report is what changed from one version of a site to another.
type Report struct {
	From Version `json:"from"`
	To   Version `json:"to"`
	// Added and Removed are the briefs only in To or only in From;
	// Changed those in both whose text or fields differ. Each is sorted
	// by path.
	Added   []Brief `json:"added"`
	Removed []Brief `json:"removed"`
	Changed []Brief `json:"changed"`
}

// Brief is a brief that was added, removed or changed.
type Brief struct {
	// Path is the file below content/ ("countries/china.md").
	Path  string `json:"path"`
	Title string `json:"title"`
	Type  string `json:"type,omitempty"`
	// URL is the brief's page in the newer site ("" for a removed brief).
	URL string `json:"url,omitempty"`
	// Figures are the typed figures whose value or as_of changed (changed
	// briefs only).
	Figures []Figure `json:"figures,omitempty"`
	// Events and Sources are those added (for an added brief, all of them).
	Events  []Event  `json:"events,omitempty"`
	Sources []Source `json:"sources,omitempty"`
}

// Figure is a typed number field of a brief that changed.
type Figure struct {
	Field string `json:"field"`
	Label string `json:"label"`
	// Old and New are the values as pages show them, with the unit; ""
	// where the brief did not give one.
	Old string `json:"old"`
	New string `json:"new"`
	// OldAsOf and NewAsOf are the figures' as_of dates ("January 2025").
	OldAsOf string `json:"old_as_of,omitempty"`
	NewAsOf string `json:"new_as_of,omitempty"`
}

// Event is an event added to a brief.
type Event struct {
	Date  string `json:"date"` // as written: "2025-04", "2023-Q3"
	Title string `json:"title"`
}

// Source is a source added to a brief.
type Source struct {
	ID    string `json:"id,omitempty"`
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// Empty reports whether nothing changed.
func (r *Report) Empty() bool {
	return len(r.Added) == 0 && len(r.Removed) == 0 && len(r.Changed) == 0
}

// Compare tells what changed from the site old to the site new. Briefs
// are matched by their file's path.
func Compare(old, new *site.Site, from, to Version) *Report {
	r := &Report{From: from, To: to, Added: []Brief{}, Removed: []Brief{}, Changed: []Brief{}}
	before := map[string]*site.Page{}
	if old != nil {
		for _, p := range old.Pages {
			before[p.Rel] = p
		}
	}
	seen := map[string]bool{}
	for _, p := range new.Pages {
		seen[p.Rel] = true
		o, ok := before[p.Rel]
		if !ok {
			b := describe(p)
			b.Events = events(nil, p)
			b.Sources = sources(nil, p)
			r.Added = append(r.Added, b)
			continue
		}
		if same(o, p) {
			continue
		}
		b := describe(p)
		b.Figures = figures(old, new, o, p)
		b.Events = events(o, p)
		b.Sources = sources(o, p)
		r.Changed = append(r.Changed, b)
	}
	if old != nil {
		for _, p := range old.Pages {
			if !seen[p.Rel] {
				b := describe(p)
				b.URL = ""
				r.Removed = append(r.Removed, b)
			}
		}
	}
	for _, l := range [][]Brief{r.Added, r.Removed, r.Changed} {
		slices.SortFunc(l, func(a, b Brief) int { return strings.Compare(a.Path, b.Path) })
	}
	return r
}

func describe(p *site.Page) Brief {
	return Brief{Path: p.Rel, Title: p.Title, Type: p.Type, URL: p.URL}
}

// same reports whether a brief reads the same in both versions: its body's
// text and every field.
func same(a, b *site.Page) bool {
	if a.Title != b.Title || a.Type != b.Type || a.Summary != b.Summary || a.Date.String() != b.Date.String() || a.Updated.String() != b.Updated.String() ||
		!slices.Equal(a.Tags, b.Tags) || !slices.Equal(a.Aliases, b.Aliases) || !slices.EqualFunc(a.Sources, b.Sources, func(x, y brief.Source) bool { return reflect.DeepEqual(x, y) }) ||
		!reflect.DeepEqual(a.Params, b.Params) || len(a.Events) != len(b.Events) {
		return false
	}
	for i := range a.Events {
		x, y := a.Events[i], b.Events[i]
		if x.Date.String() != y.Date.String() || x.Title != y.Title || x.Note != y.Note {
			return false
		}
	}
	return a.Text() == b.Text()
}

// figures lists the typed number fields whose value or as_of differ.
func figures(olds, news *site.Site, o, p *site.Page) []Figure {
	var out []Figure
	decl := news.Config.Types[p.Type].Fields
	oldDecl := olds.Config.Types[o.Type].Fields
	names := make([]string, 0, len(decl))
	for k, f := range decl {
		if f.Kind == "number" || f.Kind == "int" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	for _, k := range names {
		f := decl[k]
		oldV, newV := shown(o.Get(k), oldDecl[k].Unit), shown(p.Get(k), f.Unit)
		oldAsOf, newAsOf := asOf(o.Params[k]), asOf(p.Params[k])
		if oldV == newV && oldAsOf == newAsOf {
			continue
		}
		out = append(out, Figure{Field: k, Label: cmp.Or(f.Label, strings.ReplaceAll(k, "_", " ")), Old: oldV, New: newV, OldAsOf: oldAsOf, NewAsOf: newAsOf})
	}
	return out
}

// shown is a figure as pages show it: the number and its unit.
func shown(v query.Value, unit string) string {
	if v.Kind == query.Null {
		return ""
	}
	s := v.Text()
	if unit != "" && v.Kind == query.Number {
		s += " " + unit
	}
	return s
}

// asOf is the as_of date of a figure written {value: N, as_of: DATE}, as
// pages show it.
func asOf(raw any) string {
	m, ok := raw.(map[string]any)
	if !ok {
		return ""
	}
	switch v := m["as_of"].(type) {
	case time.Time:
		return brief.Date{Year: v.Year(), Month: int(v.Month()), Day: v.Day()}.Human()
	case int:
		return brief.Date{Year: v}.Human()
	case string:
		if d, err := brief.ParseDate(v); err == nil {
			return d.Human()
		}
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

// events lists p's events that o does not have (the same date and title).
func events(o, p *site.Page) []Event {
	had := map[string]bool{}
	if o != nil {
		for _, e := range o.Events {
			had[e.Date.String()+"\x00"+e.Title] = true
		}
	}
	var out []Event
	for _, e := range p.Events {
		if !had[e.Date.String()+"\x00"+e.Title] {
			out = append(out, Event{Date: e.Date.String(), Title: e.Title})
		}
	}
	return out
}

// sources lists p's sources that o does not have (by id, else by title).
func sources(o, p *site.Page) []Source {
	key := func(s brief.Source) string { return cmp.Or(s.ID, s.Title, s.URL) }
	had := map[string]bool{}
	if o != nil {
		for _, s := range o.Sources {
			had[key(s)] = true
		}
	}
	var out []Source
	for _, s := range p.Sources {
		if !had[key(s)] {
			out = append(out, Source{ID: s.ID, Title: cmp.Or(s.Title, s.URL, s.ID), URL: s.URL})
		}
	}
	return out
}

// Summary is the report in one line: "2 briefs added, 1 removed, 5 changed
// (3 figures, 4 events, 2 sources added)".
func (r *Report) Summary() string {
	figs, evs, srcs := 0, 0, 0
	for _, l := range [][]Brief{r.Added, r.Changed} {
		for _, b := range l {
			figs += len(b.Figures)
			evs += len(b.Events)
			srcs += len(b.Sources)
		}
	}
	s := fmt.Sprintf("%s added, %d removed, %d changed", plural(len(r.Added), "brief", "briefs"), len(r.Removed), len(r.Changed))
	var parts []string
	if figs > 0 {
		parts = append(parts, plural(figs, "figure", "figures")+" changed")
	}
	if evs > 0 {
		parts = append(parts, plural(evs, "event", "events")+" added")
	}
	if srcs > 0 {
		parts = append(parts, plural(srcs, "source", "sources")+" added")
	}
	if len(parts) > 0 {
		s += "; " + strings.Join(parts, ", ")
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// Change is a figure's change in words: "44,000,000 t REO (as of January
// 2025) → 45,000,000 t REO (as of January 2026)".
func (f Figure) Change() string {
	side := func(v, asOf string) string {
		if v == "" {
			v = "none"
		}
		if asOf != "" {
			v += " (as of " + asOf + ")"
		}
		return v
	}
	return side(f.Old, f.OldAsOf) + " → " + side(f.New, f.NewAsOf)
}

// WriteText prints the report for a terminal: a heading line, then each
// brief with a sign (+ added, - removed, ~ changed) and, indented under
// it, its figures changed and its events and sources added.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Changes from %s to %s: %s\n", r.From, r.To, r.Summary())
	item := func(sign string, br Brief) {
		fmt.Fprintf(&b, "%s %s  %s", sign, br.Path, br.Title)
		if br.Type != "" {
			fmt.Fprintf(&b, " (%s)", br.Type)
		}
		b.WriteString("\n")
		if sign == "+" { // all its events and sources are new: count them
			var n []string
			if len(br.Events) > 0 {
				n = append(n, plural(len(br.Events), "event", "events"))
			}
			if len(br.Sources) > 0 {
				n = append(n, plural(len(br.Sources), "source", "sources"))
			}
			if len(n) > 0 {
				fmt.Fprintf(&b, "    with %s\n", strings.Join(n, " and "))
			}
			return
		}
		for _, f := range br.Figures {
			fmt.Fprintf(&b, "    %s: %s\n", f.Label, f.Change())
		}
		for _, e := range br.Events {
			fmt.Fprintf(&b, "    + event %s %s\n", e.Date, e.Title)
		}
		for _, s := range br.Sources {
			fmt.Fprintf(&b, "    + source %s\n", sourceText(s))
		}
	}
	for _, br := range r.Added {
		item("+", br)
	}
	for _, br := range r.Removed {
		item("-", br)
	}
	for _, br := range r.Changed {
		item("~", br)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sourceText(s Source) string {
	if s.ID != "" && s.ID != s.Title {
		return "[@" + s.ID + "] " + s.Title
	}
	return s.Title
}
