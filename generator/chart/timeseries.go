package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// day is one day in the time axis's unit (seconds).
const day = 24 * 60 * 60

// at is the middle of p, in seconds since 1970: where a value for p sits
// (a month's average at mid-month, a year's at mid-year).
func (p Period) at() float64 {
	return float64(p.From.Unix()+p.To.Unix()) / 2
}

// timeTick is a mark on the time axis and its label.
type timeTick struct {
	t     time.Time
	label string
}

// timeStep is a spacing of time ticks: every n days, months or years.
type timeStep struct {
	days, months, years int
}

// timeSteps are the spacings to try, finest first.
var timeSteps = []timeStep{
	{days: 1}, {days: 2}, {days: 5}, {days: 10},
	{months: 1}, {months: 3}, {months: 6},
	{years: 1}, {years: 2}, {years: 5}, {years: 10}, {years: 20}, {years: 25}, {years: 50}, {years: 100},
}

// ticks lists the ticks of step between from and to (inclusive), each at
// a calendar boundary: the first of a month for days and months (days fall
// on the 1st, 11th and 21st for a step of ten), 1 January for years (on
// years divisible by the step). A tick on 1 January is labelled with its
// year, the first of a month with the month ("Apr"), other days with day
// and month ("11 Apr"); the first tick also names its year when the
// labels would otherwise never say it.
func (st timeStep) ticks(from, to time.Time) []timeTick {
	var ts []time.Time
	switch {
	case st.years > 0:
		y := from.Year()
		if !from.Equal(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)) {
			y++
		}
		y = (y + st.years - 1) / st.years * st.years
		for t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC); !t.After(to); t = t.AddDate(st.years, 0, 0) {
			ts = append(ts, t)
		}
	case st.months > 0:
		t := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
		if t.Before(from) {
			t = t.AddDate(0, 1, 0)
		}
		for ; (int(t.Month())-1)%st.months != 0; t = t.AddDate(0, 1, 0) {
		}
		for ; !t.After(to); t = t.AddDate(0, st.months, 0) {
			ts = append(ts, t)
		}
	case to.Sub(from) > 400*day*time.Second:
		// Days are too fine for more than a year.
	default:
		for t := from.Truncate(day * time.Second); !t.After(to); t = t.AddDate(0, 0, 1) {
			if t.Before(from) || (t.Day()-1)%st.days != 0 || t.Day() > 28 && st.days > 1 {
				continue
			}
			ts = append(ts, t)
		}
	}
	out := make([]timeTick, len(ts))
	sawYear := false
	for i, t := range ts {
		switch {
		case t.Month() == 1 && t.Day() == 1:
			out[i].label = strconv.Itoa(t.Year())
			sawYear = true
		case t.Day() == 1:
			out[i].label = t.Month().String()[:3]
		default:
			out[i].label = fmt.Sprintf("%d %s", t.Day(), t.Month().String()[:3])
		}
		out[i].t = t
	}
	if len(out) > 0 && !sawYear {
		out[0].label += " " + strconv.Itoa(out[0].t.Year())
	}
	return out
}

// timeTicks picks the finest spacing whose labels fit on an axis of
// width units from from to to, each two labels two characters apart, with
// at least two ticks if any spacing gives two.
func (l layout) timeTicks(from, to time.Time, width float64) []timeTick {
	var best []timeTick
	span := to.Sub(from).Seconds()
	for _, st := range timeSteps {
		ts := st.ticks(from, to)
		if len(ts) < 2 {
			if best == nil {
				best = ts
			}
			continue
		}
		fits := true
		for k := 1; k < len(ts) && fits; k++ {
			dx := ts[k].t.Sub(ts[k-1].t).Seconds() / span * width
			need := float64(len([]rune(ts[k].label))+len([]rune(ts[k-1].label))+4) / 2 * l.charW()
			fits = dx >= need
		}
		if fits {
			return ts
		}
		best = ts
	}
	return best
}

// niceRange returns a rounded axis from bottom to top that holds lo and
// hi, and its tick step; it includes zero.
func niceRange(lo, hi float64) (bottom, top, step float64) {
	lo, hi = math.Min(lo, 0), math.Max(hi, 0)
	if lo == 0 {
		top, step = scale(hi)
		return 0, top, step
	}
	_, step = scale(hi - lo)
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step, step
}

// textBox is a label placed on a drawing, to keep others off it.
type textBox struct{ x0, y0, x1, y1 float64 }

func (a textBox) overlaps(b textBox) bool {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1
}

// timeseries draws each series as a line over a time axis: each value at
// the middle of its label's period, so that the spacing of the points
// follows the calendar; a missing value breaks the line. Each point has
// its date and value in a <title>; the last value of each series, and its
// highest and lowest, are written beside their points where they do not
// collide (every value, for one short series).
func (c *Chart) timeseries(b *strings.Builder, l layout) {
	left := 4*l.fontSize + 12
	plotH := l.width * 2 / 5
	if l.width < wide.width {
		plotH = l.width * 3 / 5
	}
	plotW := l.width - left - padSide - 4*l.fontSize
	names := make([]string, len(c.Series))
	classes := make([]int, len(c.Series))
	for si, s := range c.Series {
		names[si], classes[si] = s.Name, si
	}
	var legend strings.Builder
	top0 := padTop
	if len(c.Series) > 1 {
		top0 += l.legend(&legend, left, padTop, l.width-left-padSide, names, classes) + 4
	}
	axisY := top0 + plotH
	h := axisY + l.fontSize + 10
	if c.XLabel != "" {
		h += l.fontSize + 8 + len(l.wrap(c.XLabel, l.width-2*padSide)[1:])*(l.fontSize+4)
	}
	c.open(b, l, l.width, h, c.describe())
	b.WriteString(legend.String())

	// The time axis runs from the start of the first period with a value
	// to the end of the last.
	var from, to time.Time
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, p := range c.Times {
		for _, s := range c.Series {
			if i < len(s.Values) && s.Has[i] {
				if from.IsZero() || p.From.Before(from) {
					from = p.From
				}
				if p.To.After(to) {
					to = p.To
				}
				lo, hi = math.Min(lo, s.Values[i]), math.Max(hi, s.Values[i])
			}
		}
	}
	if from.IsZero() {
		lo, hi = 0, 0
		from, to = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	t0, t1 := float64(from.Unix()), float64(to.Unix())
	xAt := func(t float64) float64 { return float64(left) + (t-t0)/(t1-t0)*float64(plotW) }
	bottom, top, step := niceRange(lo, hi)
	yAt := func(v float64) float64 { return float64(axisY) - (v-bottom)/(top-bottom)*float64(plotH) }

	for v := bottom; v <= top+step/2; v += step {
		y := yAt(v)
		fmt.Fprintf(b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, left+plotW, y)
		fmt.Fprintf(b, `<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-6, y+float64(l.fontSize)/3, esc(short(v)))
	}
	for _, tk := range l.timeTicks(from, to, float64(plotW)) {
		x := xAt(float64(tk.t.Unix()))
		fmt.Fprintf(b, `<line class="axis" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, axisY, x, axisY+5)
		// A label that would run past the drawing's edge is moved in.
		half := float64(len([]rune(tk.label))) * l.charW() / 2
		lx := math.Min(math.Max(x, half+2), float64(l.width)-half-2)
		fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, lx, axisY+l.fontSize+6, esc(tk.label))
	}

	// The rows in time order (a data file need not be sorted).
	order := make([]int, 0, len(c.Times))
	for i := range c.Times {
		if i < len(c.Labels) {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(i, j int) int {
		return c.Times[i].From.Compare(c.Times[j].From)
	})
	type mark struct {
		si, i    int
		x, y     float64
		priority int
	}
	var marks, ends []mark
	all := len(c.Series) == 1 && len(order) <= 8 // label every value
	for si, s := range c.Series {
		has := func(i int) bool { return i < len(s.Values) && s.Has[i] }
		color := palette[si%len(palette)]
		var pts []int // the rows with a value, in time order
		for _, i := range order {
			if has(i) {
				pts = append(pts, i)
			}
		}
		long := longGap(c.Times, pts, t1-t0)
		// One polyline per run of values: a missing value breaks the
		// line; a long stretch without values is dashed.
		xy := func(i int) string { return fmt.Sprintf("%.1f,%.1f", xAt(c.Times[i].at()), yAt(s.Values[i])) }
		var run []string
		flush := func() {
			if len(run) > 1 { // a lone value is its point
				fmt.Fprintf(b, `<polyline class="series s%d" fill="none" stroke="%s" stroke-width="2" points="%s"/>`, si, color, strings.Join(run, " "))
			}
			run = nil
		}
		for k, i := range order {
			if !has(i) {
				flush()
				continue
			}
			if len(run) > 0 && c.Times[i].at()-c.Times[order[k-1]].at() > long {
				prev := run[len(run)-1]
				flush()
				fmt.Fprintf(b, `<polyline class="series gap s%d" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="3 4" points="%s %s"/>`, si, color, prev, xy(i))
			}
			run = append(run, xy(i))
		}
		flush()
		if len(pts) == 0 {
			continue
		}
		last, hiI, loI := pts[len(pts)-1], pts[0], pts[0]
		for _, i := range pts {
			if s.Values[i] > s.Values[hiI] {
				hiI = i
			}
			if s.Values[i] < s.Values[loI] {
				loI = i
			}
			name := c.Labels[i]
			if len(c.Series) > 1 {
				name = s.Name + ", " + name
			}
			x, y := xAt(c.Times[i].at()), yAt(s.Values[i])
			fmt.Fprintf(b, `<g class="point s%d"><circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"/><title>%s: %s</title></g>`, si, x, y, color, esc(name), esc(c.value(s.Values[i])))
			if all && i != last {
				marks = append(marks, mark{si, i, x, y, 3})
			}
		}
		ends = append(ends, mark{si, last, xAt(c.Times[last].at()), yAt(s.Values[last]), 0})
		if all {
			continue
		}
		if hiI != last {
			marks = append(marks, mark{si, hiI, xAt(c.Times[hiI].at()), yAt(s.Values[hiI]), 1})
		}
		if loI != last && loI != hiI {
			marks = append(marks, mark{si, loI, xAt(c.Times[loI].at()), yAt(s.Values[loI]), 2})
		}
	}
	fs := float64(l.fontSize)
	var placed []textBox
	// The last value of each series beside its point, in the series'
	// colour when there are several; labels that would touch are moved
	// apart, up and down.
	slices.SortStableFunc(ends, func(a, b mark) int { return cmp.Compare(a.y, b.y) })
	for k := 1; k < len(ends); k++ {
		ends[k].y = math.Max(ends[k].y, ends[k-1].y+fs+1)
	}
	if k := len(ends) - 1; k >= 0 && ends[k].y > float64(axisY)-fs/2 {
		shift := ends[k].y - (float64(axisY) - fs/2)
		for k := range ends {
			ends[k].y -= shift
		}
	}
	for _, m := range ends {
		text := short(c.Series[m.si].Values[m.i])
		w := float64(len([]rune(text))) * l.charW()
		x := math.Min(m.x+7, float64(l.width)-w-2)
		class := "value end"
		if len(c.Series) > 1 {
			class += fmt.Sprintf(" s%d", m.si)
		}
		placed = append(placed, textBox{x, m.y - fs*0.45, x + w, m.y + fs*0.55})
		fmt.Fprintf(b, `<text class="%s" x="%.1f" y="%.1f">%s</text>`, class, x, m.y+fs/3, esc(text))
	}
	// Then the highs, the lows, and (one short series) every value, above
	// or below their points; one that would cover another is left out
	// (its point keeps its title).
	slices.SortStableFunc(marks, func(a, b mark) int { return a.priority - b.priority })
	for _, m := range marks {
		text := short(c.Series[m.si].Values[m.i])
		w := float64(len([]rune(text))) * l.charW()
		y := m.y - 8
		if m.priority == 2 {
			y = m.y + fs + 4
		}
		x := math.Min(math.Max(m.x, w/2+2), float64(l.width)-w/2-2)
		box := textBox{x - w/2, y - fs*0.8, x + w/2, y + fs*0.2}
		if slices.ContainsFunc(placed, box.overlaps) || box.y0 < float64(top0)-fs/2 || box.y1 > float64(axisY) {
			continue
		}
		placed = append(placed, box)
		fmt.Fprintf(b, `<text class="value" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x, y, esc(text))
	}
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, axisY, left+plotW, axisY)
	if c.XLabel != "" {
		l.caption(b, left+plotW/2, axisY+2*l.fontSize+14, c.XLabel)
	}
	if c.YLabel != "" {
		fmt.Fprintf(b, `<text class="axis-label" transform="rotate(-90)" x="%d" y="%d" text-anchor="middle">%s</text>`, -(top0 + plotH/2), l.fontSize+2, esc(c.YLabel))
	}
	b.WriteString(`</svg>`)
}

// longGap is the time between two values beyond which a series' line is
// dashed, for want of values in between: three times the usual (median)
// time between its values, and a tenth of the axis, span.
func longGap(times []Period, rows []int, span float64) float64 {
	if len(rows) < 3 {
		return math.Inf(1)
	}
	gaps := make([]float64, 0, len(rows)-1)
	for k := 1; k < len(rows); k++ {
		gaps = append(gaps, times[rows[k]].at()-times[rows[k-1]].at())
	}
	slices.Sort(gaps)
	return math.Max(3*gaps[len(gaps)/2], span/10)
}
