package brief

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date known to a year, a month or a day. Month and Day are
// zero when not known. Dates of different precision sort together: 2025 comes
// before 2025-01, which comes before 2025-01-01.
type Date struct {
	Year, Month, Day int
}

// ParseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD". A full timestamp
// ("2025-07-10T09:00:00Z") is accepted and keeps its date part.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "T "); i == 10 {
		if _, err := time.Parse(time.RFC3339, strings.Replace(s, " ", "T", 1)); err != nil {
			if _, err2 := time.Parse("2006-01-02 15:04:05", s); err2 != nil {
				return Date{}, fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
			}
		}
		s = s[:10]
	}
	parts := strings.Split(s, "-")
	bad := fmt.Errorf("%q is not a date (want YYYY, YYYY-MM or YYYY-MM-DD)", s)
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || strings.ContainsAny(p, "+-") {
			return Date{}, bad
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return Date{}, bad
		}
		n[i] = v
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if len(parts) >= 2 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("%q is not a date: month %d is out of range", s, d.Month)
	}
	if len(parts) == 3 {
		last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("%q is not a date: day %d is out of range", s, d.Day)
		}
	}
	return d, nil
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d.Year == 0 }

// Compare orders dates; a coarser date sorts before finer dates it contains.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmpInt(d.Year, e.Year)
	case d.Month != e.Month:
		return cmpInt(d.Month, e.Month)
	default:
		return cmpInt(d.Day, e.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String formats d as written in front matter: "2025", "2025-07" or "2025-07-10".
func (d Date) String() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Human formats d for readers: "2025", "July 2025" or "10 July 2025".
func (d Date) Human() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return strconv.Itoa(d.Year)
	case d.Day == 0:
		return time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	}
	return fmt.Sprintf("%d %s %d", d.Day, time.Month(d.Month), d.Year)
}

// Time returns the first instant of d in UTC (for feeds and sitemaps).
func (d Date) Time() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}
