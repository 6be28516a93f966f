// Package chart draws bar, stacked bar, line and time-series charts as
// static, accessible SVG at build time: a title and description for screen
// readers, labelled axes, and each value in a <title> that browsers show on
// hover. The SVG scales to its container (viewBox, no fixed width), so it
// suits screens and print.
//
// A Chart is drawn twice (for wide screens and print, and for phones, each
// with text that reads at its size) and followed by its figures as a table.
// Kind picks the drawing: "bar" (horizontal bars, one series, or several
// stacked when Stacked is set), "line" (series over evenly spaced labels)
// or "timeseries" (series over a time axis: each label stands for a Period,
// and its value sits at the period's middle).
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/numfmt"
)

// Series is one named list of values, aligned with Chart.Labels.
type Series struct {
	Name   string
	Values []float64
	Has    []bool // false where the row has no value
}

// Chart is what to draw.
type Chart struct {
	ID     string // unique on the page; prefixes the SVG's ids
	Kind   string // "bar", "line" or "timeseries"
	Title  string
	XLabel string
	YLabel string
	Unit   string // after values in hover titles
	Labels []string
	Series []Series

	// Stacked draws a bar chart's series as the segments of one bar per
	// label, with the bar's total at its end.
	Stacked bool
	// Top, for stacked bars, keeps the Top largest series (by their sum)
	// as segments and sums the others into one; 0 means as many as the
	// palette tells apart (MaxSegments).
	Top int
	// Times, for a time series, is the period each label stands for.
	Times []Period
}

// MaxSegments is the most segments a stacked bar shows: with more series,
// the largest MaxSegments-1 and one for the others (the palette has six
// colours).
const MaxSegments = 6

// Period is the time a label stands for — a day, a month, a quarter, a
// year or a range of them — from From up to (not including) To.
type Period struct{ From, To time.Time }

// layout is one drawing of a chart: for wide screens and print, or for
// phones, where the same drawing scaled down would shrink its text below
// legibility. Text is FontSize user units, so it is FontSize px at the
// layout's Width.
type layout struct {
	suffix   string // after the chart's ID, for the SVG's ids
	class    string
	width    int
	fontSize int
	rowH     int
}

var (
	wide   = layout{"", "chart-wide", 640, 12, 28}
	narrow = layout{"-n", "chart-narrow", 360, 13, 30}
)

const (
	padTop  = 12
	padSide = 16
)

// palette colours the series where the site's stylesheet does not (it
// sets --chart-1… for light and dark themes).
var palette = []string{"#0b5cad", "#b3261e", "#2e7d32", "#8e24aa", "#b35300", "#007c87"}

// SVG draws the chart as a figure: a drawing for wide screens and print, one
// for phones (the page's stylesheet shows one of them), the caption, and
// the values as a table (closed; screen readers and anyone may open it).
func (c *Chart) SVG() string {
	var b strings.Builder
	class := "chart chart-" + c.Kind
	if c.Stacked {
		class += " chart-stacked"
	}
	fmt.Fprintf(&b, `<figure class="%s">`, class)
	for _, l := range []layout{wide, narrow} {
		switch {
		case c.Kind == "timeseries":
			c.timeseries(&b, l)
		case c.Kind == "line":
			c.line(&b, l)
		case c.Stacked:
			c.stacked(&b, l)
		default:
			c.bar(&b, l)
		}
	}
	if c.Title != "" {
		fmt.Fprintf(&b, `<figcaption>%s</figcaption>`, esc(c.Title))
	}
	c.table(&b)
	b.WriteString(`</figure>`)
	return b.String()
}

func esc(s string) string { return html.EscapeString(s) }

func (c *Chart) value(v float64) string {
	s := numfmt.Format(v)
	if c.Unit != "" {
		s += " " + c.Unit
	}
	return s
}

func (c *Chart) open(b *strings.Builder, l layout, w, h int, desc string) {
	id := c.ID + l.suffix
	fmt.Fprintf(b, `<svg class="%s" viewBox="0 0 %d %d" font-size="%d" role="img" aria-labelledby="%s-title %s-desc" preserveAspectRatio="xMinYMin meet">`, l.class, w, h, l.fontSize, id, id)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(c.Title), id, esc(desc))
}

// table writes the chart's values as a table, "n/a" where there is none;
// stacked bars get each bar's total. A stacked chart with more series than
// bars (the parts of a whole, say countries in two years) runs its series
// down the rows, so that the table stays narrow.
func (c *Chart) table(b *strings.Builder) {
	heads := make([]string, len(c.Series))
	for si, s := range c.Series {
		name := s.Name
		if len(c.Series) == 1 && c.YLabel != "" || name == "" {
			name = c.YLabel
		}
		heads[si] = c.withUnit(name)
	}
	cell := func(si, i int) string {
		if s := c.Series[si]; i < len(s.Values) && s.Has[i] {
			return numfmt.Format(s.Values[i])
		}
		return "n/a"
	}
	total := func(i int) string {
		sum, any := c.total(i)
		if !any {
			return "n/a"
		}
		return numfmt.Format(sum)
	}
	th := func(scope, text string) { fmt.Fprintf(b, `<th scope="%s">%s</th>`, scope, esc(text)) }
	b.WriteString(`<details class="chart-data"><summary>The figures</summary><table><thead><tr>`)
	if c.Stacked && len(c.Series) > len(c.Labels) {
		th("col", c.XLabel)
		for _, l := range c.Labels {
			th("col", c.withUnit(l))
		}
		b.WriteString(`</tr></thead><tbody>`)
		for si, s := range c.Series {
			b.WriteString(`<tr>`)
			th("row", s.Name)
			for i := range c.Labels {
				fmt.Fprintf(b, `<td>%s</td>`, cell(si, i))
			}
			b.WriteString(`</tr>`)
		}
		b.WriteString(`<tr class="total">`)
		th("row", "Total")
		for i := range c.Labels {
			fmt.Fprintf(b, `<td>%s</td>`, total(i))
		}
		b.WriteString(`</tr></tbody></table></details>`)
		return
	}
	th("col", c.XLabel)
	for _, h := range heads {
		th("col", h)
	}
	if c.Stacked {
		th("col", "Total")
	}
	b.WriteString(`</tr></thead><tbody>`)
	for i, l := range c.Labels {
		b.WriteString(`<tr>`)
		th("row", l)
		for si := range c.Series {
			fmt.Fprintf(b, `<td>%s</td>`, cell(si, i))
		}
		if c.Stacked {
			fmt.Fprintf(b, `<td>%s</td>`, total(i))
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table></details>`)
}

// withUnit adds the unit to a column's name, unless it says it already.
func (c *Chart) withUnit(name string) string {
	if c.Unit != "" && !strings.Contains(name, c.Unit) {
		return strings.TrimSpace(name + " (" + c.Unit + ")")
	}
	return name
}

// total sums the known values of label i over the series; any is false
// when there is none.
func (c *Chart) total(i int) (sum float64, any bool) {
	for _, s := range c.Series {
		if i < len(s.Values) && s.Has[i] {
			sum += s.Values[i]
			any = true
		}
	}
	return sum, any
}

// describe lists the values in words, for screen readers.
func (c *Chart) describe() string {
	var parts []string
	for si, s := range c.Series {
		for i, l := range c.Labels {
			if i < len(s.Values) && s.Has[i] {
				name := l
				if len(c.Series) > 1 {
					name = s.Name + ", " + l
				}
				parts = append(parts, name+": "+c.value(s.Values[i]))
			}
		}
		_ = si
	}
	return strings.Join(parts, "; ")
}

// scale returns a rounded axis maximum and its tick step.
func scale(max float64) (top, step float64) {
	if max <= 0 {
		return 1, 0.25
	}
	raw := max / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if step = m * mag; step >= raw {
			break
		}
	}
	return math.Ceil(max/step) * step, step
}

// short writes an axis number compactly: 44000000 -> "44M", 2500 -> "2.5k".
func short(v float64) string {
	a := math.Abs(v)
	for _, u := range []struct {
		d float64
		s string
	}{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}} {
		if a >= u.d {
			return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v/u.d), "0"), ".") + u.s
		}
	}
	return numfmt.Format(v)
}

func (c *Chart) max() float64 {
	m := 0.0
	for _, s := range c.Series {
		for i, v := range s.Values {
			if s.Has[i] {
				m = math.Max(m, v)
			}
		}
	}
	return m
}

// legend writes a key — a square in each series' colour and its name —
// left to right from x, y, wrapping within width; it returns the height
// the key takes.
func (l layout) legend(b *strings.Builder, x, y, width int, names []string, classes []int) int {
	rowH := l.fontSize + 8
	cx, cy := x, y
	for k, name := range names {
		w := 18 + int(float64(len([]rune(name)))*l.charW()) + 14
		if cx > x && cx+w > x+width {
			cx, cy = x, cy+rowH
		}
		cls := classes[k]
		fmt.Fprintf(b, `<rect class="key s%d" x="%d" y="%d" width="12" height="12" fill="%s"/><text class="legend" x="%d" y="%d">%s</text>`,
			cls, cx, cy, palette[cls%len(palette)], cx+18, cy+11, esc(name))
		cx += w
	}
	return cy + rowH - y
}

// wrap breaks text into lines of at most width units at spaces (a word
// longer than a line stays whole).
func (l layout) wrap(text string, width int) []string {
	most := max(1, int(float64(width)/l.charW()))
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > most {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// caption writes an axis label centred on x (moved in where it would
// run past an edge), its first line's baseline at
// y, wrapped to the drawing's width; it returns the height of the lines
// after the first.
func (l layout) caption(b *strings.Builder, x, y int, text string) int {
	lines := l.wrap(text, l.width-2*padSide)
	for k, line := range lines {
		// Centred on x, but inside the drawing.
		half := int(float64(len([]rune(line)))*l.charW()/2) + 2
		cx := min(max(x, half), l.width-half)
		fmt.Fprintf(b, `<text class="axis-label" x="%d" y="%d" text-anchor="middle">%s</text>`, cx, y+k*(l.fontSize+4), esc(line))
	}
	return max(0, len(lines)-1) * (l.fontSize + 4)
}

// rowLabel writes a bar's label ending at x, on the line of y: on one
// line if it fits in width, else on two, the second cut short with "…"
// if need be (the description and the table keep it whole).
func (l layout) rowLabel(b *strings.Builder, x, y, width int, text string) {
	lines := l.wrap(text, width)
	most := max(1, int(float64(width)/l.charW()))
	if len(lines) > 2 {
		lines = append(lines[:1], strings.Join(lines[1:], " "))
	}
	for k, line := range lines {
		if r := []rune(line); len(r) > most {
			lines[k] = string(r[:most-1]) + "…"
		}
	}
	if len(lines) == 1 {
		fmt.Fprintf(b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, x, y, esc(lines[0]))
		return
	}
	half := (l.fontSize + 1) / 2
	for k, line := range lines {
		fmt.Fprintf(b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, x, y-half+k*(l.fontSize+1), esc(line))
	}
}

// charW estimates the width of one character of text in l.
func (l layout) charW() float64 { return float64(l.fontSize) * 0.58 }

// bar draws horizontal bars, one row per label (one series), each with its
// value at its end, "n/a" where there is none.
func (c *Chart) bar(b *strings.Builder, l layout) {
	labelW := 0
	for _, lb := range c.Labels {
		labelW = max(labelW, len([]rune(lb)))
	}
	left := min(padSide+int(float64(labelW)*l.charW())+8, l.width*2/5)
	plotW := l.width - left - padSide - 8
	h := padTop + len(c.Labels)*l.rowH + 44
	c.open(b, l, l.width, h, c.describe())
	top, step := scale(c.max())
	axisY := padTop + len(c.Labels)*l.rowH
	ticks := 0
	for t := 0.0; t <= top+step/2; t += step {
		ticks++
	}
	for i, t := 0, 0.0; t <= top+step/2; i, t = i+1, t+step {
		x := float64(left) + t/top*float64(plotW)
		fmt.Fprintf(b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, padTop, x, axisY)
		if l.width < wide.width && ticks > 4 && i%2 == 1 && i != ticks-1 {
			continue // every other tick label (and the last) where room is short
		}
		fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, axisY+l.fontSize+4, esc(short(t)))
	}
	s := c.Series[0]
	for i, lb := range c.Labels {
		y := padTop + i*l.rowH
		mid := y + l.rowH/2 + l.fontSize/3
		l.rowLabel(b, left-8, mid, left-12, lb)
		if i >= len(s.Values) || !s.Has[i] {
			fmt.Fprintf(b, `<text class="value missing" x="%d" y="%d">n/a</text>`, left+4, mid)
			continue
		}
		w := math.Max(s.Values[i]/top*float64(plotW), 1)
		fmt.Fprintf(b, `<g class="bar s0"><rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/><title>%s: %s</title></g>`, left, y+4, w, l.rowH-8, palette[0], esc(lb), esc(c.value(s.Values[i])))
		v := short(s.Values[i])
		if vw := float64(len([]rune(v)))*l.charW() + 8; float64(left)+w+vw > float64(l.width-padSide) {
			fmt.Fprintf(b, `<text class="value inside" x="%.1f" y="%d" text-anchor="end">%s</text>`, float64(left)+w-4, mid, esc(v))
		} else {
			fmt.Fprintf(b, `<text class="value" x="%.1f" y="%d">%s</text>`, float64(left)+w+4, mid, esc(v))
		}
	}
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, padTop, left, axisY)
	if c.YLabel != "" {
		fmt.Fprintf(b, `<text class="axis-label" x="%d" y="%d" text-anchor="middle">%s</text>`, left+plotW/2, axisY+2*l.fontSize+12, esc(c.YLabel))
	}
	b.WriteString(`</svg>`)
}

// line draws one line per series over the labels as an evenly spaced x
// axis, broken where a value is missing; the last value of each series is
// written at its end (every value, when there are few).
func (c *Chart) line(b *strings.Builder, l layout) {
	left, bottom := 4*l.fontSize+12, 3*l.fontSize+20
	h := l.width / 2
	plotW, plotH := l.width-left-padSide-4*l.fontSize, h-padTop-bottom
	legend := len(c.Series) > 1
	total := h
	if legend {
		total += (l.fontSize + 8) * len(c.Series)
	}
	c.open(b, l, l.width, total, c.describe())
	top, step := scale(c.max())
	for t := 0.0; t <= top+step/2; t += step {
		y := float64(padTop+plotH) - t/top*float64(plotH)
		fmt.Fprintf(b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, left+plotW, y)
		fmt.Fprintf(b, `<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-6, y+float64(l.fontSize)/3, esc(short(t)))
	}
	n := len(c.Labels)
	xAt := func(i int) float64 {
		if n == 1 {
			return float64(left + plotW/2)
		}
		return float64(left) + float64(i)/float64(n-1)*float64(plotW)
	}
	maxLabel := 1
	for _, lb := range c.Labels {
		maxLabel = max(maxLabel, len([]rune(lb)))
	}
	fit := max(2, int(float64(plotW)/(float64(maxLabel)*l.charW()+12)))
	every := max(1, (n+fit-1)/fit)
	// Every every-th label, and the last unless it would crowd the one
	// before it.
	lastShown := (n - 1) / every * every
	for i, lb := range c.Labels {
		if i%every == 0 && !(i == lastShown && i != n-1 && n-1-i < every*2/3) || i == n-1 {
			fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, xAt(i), padTop+plotH+l.fontSize+4, esc(lb))
		}
	}
	yAt := func(v float64) float64 { return float64(padTop+plotH) - v/top*float64(plotH) }
	all := n <= 8 && len(c.Series) == 1
	for si, s := range c.Series {
		color := palette[si%len(palette)]
		has := func(i int) bool { return i < len(s.Values) && s.Has[i] }
		// One polyline per run of values: a missing value breaks the line.
		for i := 0; i < n; {
			if !has(i) {
				i++
				continue
			}
			var pts []string
			for ; i < n && has(i); i++ {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(i), yAt(s.Values[i])))
			}
			fmt.Fprintf(b, `<polyline class="series s%d" fill="none" stroke="%s" stroke-width="2" points="%s"/>`, si, color, strings.Join(pts, " "))
		}
		last := -1
		for i, lb := range c.Labels {
			if !has(i) {
				continue
			}
			last = i
			name := lb
			if legend {
				name = s.Name + ", " + lb
			}
			fmt.Fprintf(b, `<g class="point s%d"><circle cx="%.1f" cy="%.1f" r="4" fill="%s"/><title>%s: %s</title></g>`, si, xAt(i), yAt(s.Values[i]), color, esc(name), esc(c.value(s.Values[i])))
			if all && i != n-1 {
				fmt.Fprintf(b, `<text class="value" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, xAt(i), yAt(s.Values[i])-8, esc(short(s.Values[i])))
			}
		}
		if last >= 0 {
			fmt.Fprintf(b, `<text class="value" x="%.1f" y="%.1f">%s</text>`, xAt(last)+7, yAt(s.Values[last])+float64(l.fontSize)/3, esc(short(s.Values[last])))
		}
		if legend {
			y := h + (l.fontSize+8)*si
			fmt.Fprintf(b, `<rect class="key s%d" x="%d" y="%d" width="12" height="12" fill="%s"/><text class="legend" x="%d" y="%d">%s</text>`, si, left, y, color, left+18, y+11, esc(s.Name))
		}
	}
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, padTop+plotH, left+plotW, padTop+plotH)
	if c.XLabel != "" {
		fmt.Fprintf(b, `<text class="axis-label" x="%d" y="%d" text-anchor="middle">%s</text>`, left+plotW/2, padTop+plotH+2*l.fontSize+14, esc(c.XLabel))
	}
	if c.YLabel != "" {
		fmt.Fprintf(b, `<text class="axis-label" transform="rotate(-90)" x="%d" y="%d" text-anchor="middle">%s</text>`, -(padTop + plotH/2), l.fontSize+2, esc(c.YLabel))
	}
	b.WriteString(`</svg>`)
}
