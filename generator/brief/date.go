package brief

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date known to a year, a quarter, a month or a day,
// possibly approximate (~1965) or a range (2012..2015). Month and Day are
// zero when not known; a quarter is kept as Quarter (1-4) with Month set
// to its first month for ordering.
//
// Dates of different precision sort together, coarser first: 2025 before
// 2025-Q1 before 2025-01 before 2025-01-01. A range sorts by its start.
// Nothing is invented: a year-only date is never shown as 1 January.
type Date struct {
	Year, Month, Day int
	Quarter          int
	Approx           bool
	End              *Date // the end of a range, or nil
}

const dateForms = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, ~YYYY or a range such as 2012..2015"

// ParseDate reads "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-Qn", "~YYYY"
// (approximate) and ranges "A..B" of those. A full timestamp
// ("2025-07-10T09:00:00Z") is accepted and keeps its date part.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if a, b, ok := strings.Cut(s, ".."); ok {
		start, err := ParseDate(a)
		if err != nil {
			return Date{}, err
		}
		end, err := ParseDate(b)
		if err != nil {
			return Date{}, err
		}
		if start.End != nil || end.End != nil {
			return Date{}, fmt.Errorf("%q is not a date: a range has one start and one end", s)
		}
		if end.Compare(start) < 0 {
			return Date{}, fmt.Errorf("%q is not a date: the range ends before it starts", s)
		}
		start.End = &end
		return start, nil
	}
	if rest, ok := strings.CutPrefix(s, "~"); ok {
		d, err := ParseDate(rest)
		if err != nil {
			return Date{}, err
		}
		d.Approx = true
		return d, nil
	}
	if i := strings.IndexAny(s, "T "); i == 10 {
		if _, err := time.Parse(time.RFC3339, strings.Replace(s, " ", "T", 1)); err != nil {
			if _, err2 := time.Parse("2006-01-02 15:04:05", s); err2 != nil {
				return Date{}, fmt.Errorf("%q is not a date (want %s)", s, dateForms)
			}
		}
		s = s[:10]
	}
	notDate := func() error { return fmt.Errorf("%q is not a date (want %s)", s, dateForms) }
	var at [3]string
	parts := at[:0]
	for p := range strings.SplitSeq(s, "-") {
		if len(parts) == 3 {
			return Date{}, notDate()
		}
		parts = append(parts, p)
	}
	if len(parts[0]) != 4 {
		return Date{}, notDate()
	}
	if len(parts) == 2 && (strings.HasPrefix(parts[1], "Q") || strings.HasPrefix(parts[1], "q")) {
		y, err1 := strconv.Atoi(parts[0])
		q, err2 := strconv.Atoi(parts[1][1:])
		if err1 != nil || err2 != nil || len(parts[1]) != 2 {
			return Date{}, notDate()
		}
		if q < 1 || q > 4 {
			return Date{}, fmt.Errorf("%q is not a date: quarter %d is out of range", s, q)
		}
		return Date{Year: y, Quarter: q, Month: 3*q - 2}, nil
	}
	var n [3]int
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || strings.ContainsAny(p, "+-") {
			return Date{}, notDate()
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			return Date{}, notDate()
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

// precision ranks how fine a date is: year 0, quarter 1, month 2, day 3.
func (d Date) precision() int {
	switch {
	case d.Day > 0:
		return 3
	case d.Quarter > 0:
		return 1
	case d.Month > 0:
		return 2
	}
	return 0
}

// Compare orders dates by their start; a coarser date sorts before finer
// dates it contains, then a single date before a range, then shorter ranges
// first.
func (d Date) Compare(e Date) int {
	for _, c := range []int{cmpInt(d.Year, e.Year), cmpInt(d.Month, e.Month), cmpInt(d.Day, e.Day), cmpInt(d.precision(), e.precision())} {
		if c != 0 {
			return c
		}
	}
	switch {
	case d.End == nil && e.End == nil:
		return 0
	case d.End == nil:
		return -1
	case e.End == nil:
		return 1
	}
	return d.End.Compare(*e.End)
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

// String formats d as written in front matter: "2025", "2025-Q3",
// "2025-07", "2025-07-10", "~1965", "2012..2015".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var s string
	switch {
	case d.Quarter > 0:
		s = fmt.Sprintf("%04d-Q%d", d.Year, d.Quarter)
	case d.Month == 0:
		s = fmt.Sprintf("%04d", d.Year)
	case d.Day == 0:
		s = fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	default:
		s = fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	if d.Approx {
		s = "~" + s
	}
	if d.End != nil {
		s += ".." + d.End.String()
	}
	return s
}

// Machine is the date in a form for <time datetime>: the start, at its
// precision ("2025", "2025-07", "2025-07-10"; a quarter gives its year).
func (d Date) Machine() string {
	switch {
	case d.IsZero():
		return ""
	case d.Quarter > 0 || d.Month == 0:
		return machine(d.Year, 0, 0)
	case d.Day == 0:
		return machine(d.Year, d.Month, 0)
	}
	return machine(d.Year, d.Month, d.Day)
}

// machine formats a year, month and day as fmt's "%04d-%02d-%02d" does,
// leaving out a zero day, or a zero month and day (a timeline formats
// thousands of dates: this is a tenth of fmt's cost).
func machine(year, month, day int) string {
	b := make([]byte, 0, 16)
	b = pad(b, year, 4)
	if month != 0 {
		b = pad(append(b, '-'), month, 2)
		if day != 0 {
			b = pad(append(b, '-'), day, 2)
		}
	}
	return string(b)
}

// pad appends v as "%0*d" does with width w: a minus sign counts in w.
func pad(b []byte, v, w int) []byte {
	u := uint64(v)
	if v < 0 {
		b = append(b, '-')
		w--
		u = -u
	}
	var digits [20]byte
	n := strconv.AppendUint(digits[:0], u, 10)
	for range w - len(n) {
		b = append(b, '0')
	}
	return append(b, n...)
}

// Human formats d for readers: "2025", "Q3 2025", "July 2025",
// "10 July 2025", "c. 1965", "2012–2015".
func (d Date) Human() string {
	var s string
	switch {
	case d.IsZero():
		return ""
	case d.Quarter > 0:
		s = fmt.Sprintf("Q%d %d", d.Quarter, d.Year)
	case d.Month == 0:
		s = strconv.Itoa(d.Year)
	case d.Day == 0:
		s = time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	default:
		s = fmt.Sprintf("%d %s %d", d.Day, time.Month(d.Month), d.Year)
	}
	if d.Approx {
		s = "c. " + s
	}
	if d.End != nil {
		s += "–" + d.End.Human()
	}
	return s
}

// InYear formats d for a list under a heading of its year: as Human, but
// without the start's year and with short month names ("10 Jul", "Jul",
// "Q3", "c. Jul"); a year alone gives "", but "c. 1965" stays. A range
// shows its end's year when it ends in another year ("Q3–Q1 2024"), and
// a range of years both of its years ("2012–2015").
func (d Date) InYear() string {
	if d.IsZero() {
		return ""
	}
	s := d.short(d.Month == 0 && (d.End != nil || d.Approx))
	if d.End != nil {
		s += "–" + d.End.short(d.End.Year != d.Year)
	}
	return s
}

// short is Human with short month names, the year only if withYear.
func (d Date) short(withYear bool) string {
	var s string
	switch {
	case d.Quarter > 0:
		s = fmt.Sprintf("Q%d", d.Quarter)
	case d.Month == 0:
	case d.Day == 0:
		s = time.Month(d.Month).String()[:3]
	default:
		s = fmt.Sprintf("%d %s", d.Day, time.Month(d.Month).String()[:3])
	}
	if withYear {
		s = strings.TrimSpace(s + " " + strconv.Itoa(d.Year))
	}
	if d.Approx {
		s = strings.TrimSpace("c. " + s)
	}
	return s
}

// Bounds gives the first and last day d may mean, each as precise as d
// is known ("2025-07", "2025-09" for 2025-Q3; "2012", "2015" for
// 2012..2015), so that a date range can be compared with them as text.
func (d Date) Bounds() (from, to string) {
	last := d
	if d.End != nil {
		last = *d.End
	}
	from = d.Machine()
	to = last.Machine()
	if last.Quarter > 0 {
		to = machine(last.Year, last.Quarter*3, 0)
	}
	if d.Quarter > 0 {
		from = machine(d.Year, d.Quarter*3-2, 0)
	}
	return from, to
}

// Time returns the first instant of d in UTC (for feeds and sitemaps).
func (d Date) Time() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// LastDay returns the first instant (UTC) of the last day d may mean: the
// end of its month, quarter or year when it is not known to the day, the
// end's last day for a range.
func (d Date) LastDay() time.Time {
	end := d
	if d.End != nil {
		end = *d.End
	}
	t := end.Time()
	switch {
	case end.Day > 0:
		return t
	case end.Quarter > 0:
		return time.Date(end.Year, time.Month(end.Quarter*3-2), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3, -1)
	case end.Month > 0:
		return t.AddDate(0, 1, -1)
	}
	return t.AddDate(1, 0, -1)
}
