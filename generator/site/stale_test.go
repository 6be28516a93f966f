package site

import (
	"testing"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
)

// TestAge: whole months from a date to the build date, in years and
// months; a month not yet complete does not count.
func TestAge(t *testing.T) {
	day := func(s string) time.Time {
		t.Helper()
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range []struct{ name, from, now, want string }{
		{"same day", "2025-01-01", "2025-01-01", "less than a month"},
		{"a day short of a month", "2025-01-15", "2025-02-14", "less than a month"},
		{"one month", "2025-01-15", "2025-02-15", "1 month"},
		{"one year", "2025-01-01", "2026-01-01", "1 year"},
		{"years and months", "2001-01-01", "2026-11-11", "25 years 10 months"},
		{"two years", "2024-03-01", "2026-03-02", "2 years"},
	} {
		if got := Age(day(c.from), day(c.now)); got != c.want {
			t.Errorf("%s: Age(%s, %s) = %q, want %q", c.name, c.from, c.now, got, c.want)
		}
	}
}

// TestStaleFigure: a figure is stale when the last day its as_of date
// names is more than stale_after before the build date.
func TestStaleFigure(t *testing.T) {
	now := time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)
	s := &Site{Config: Config{StaleAfter: Period{Months: 24}}, Options: Options{Now: now}}
	for _, c := range []struct {
		asOf  string
		stale bool
	}{
		{"2025-01", true},     // last true 31 January 2025: 2 years ended 31 January 2027
		{"2025-01-31", true},  // the same day
		{"2025-02", false},    // to 28 February 2025
		{"2025", false},       // to 31 December 2025
		{"2024-Q4", true},     // to 31 December 2024
		{"2024..2025", false}, // a range: its end
		{"2024", true},
	} {
		d, err := brief.ParseDate(c.asOf)
		if err != nil {
			t.Fatal(err)
		}
		if _, got := s.staleFigure(d); got != c.stale {
			t.Errorf("as of %s on %s: stale %v, want %v", c.asOf, now.Format("2006-01-02"), got, c.stale)
		}
	}
	if _, stale := (&Site{Options: Options{Now: now}}).staleFigure(brief.Date{Year: 1900}); stale {
		t.Error("without stale_after, a figure of 1900 is stale")
	}
}
