// Package chart draws bar and line charts as static, accessible SVG at
// build time: a title and description for screen readers, labelled axes,
// and each value in a <title> that browsers show on hover. The SVG scales to
// its container (viewBox, no fixed width), so it suits screens and print.
package chart

import (
	"fmt"
	"html"
	"math"
	"strings"

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
	Kind   string // "bar" or "line"
	Title  string
	XLabel string
	YLabel string
	Unit   string // after values in hover titles
	Labels []string
	Series []Series
}

const (
	width   = 640
	rowH    = 28
	padTop  = 12
	padSide = 16
)

var palette = []string{"#0b5cad", "#b3261e", "#2e7d32", "#8e24aa", "#ef6c00", "#00838f"}

// SVG draws the chart.
func (c *Chart) SVG() string {
	if c.Kind == "line" {
		return c.line()
	}
	return c.bar()
}

func esc(s string) string { return html.EscapeString(s) }

func (c *Chart) value(v float64) string {
	s := numfmt.Format(v)
	if c.Unit != "" {
		s += " " + c.Unit
	}
	return s
}

func (c *Chart) open(w, h int, desc string) *strings.Builder {
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chart chart-%s"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-title %s-desc" preserveAspectRatio="xMinYMin meet">`, c.Kind, w, h, c.ID, c.ID)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, c.ID, esc(c.Title), c.ID, esc(desc))
	return &b
}

func (c *Chart) close(b *strings.Builder) string {
	b.WriteString(`</svg>`)
	if c.Title != "" {
		fmt.Fprintf(b, `<figcaption>%s</figcaption>`, esc(c.Title))
	}
	b.WriteString(`</figure>`)
	return b.String()
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

// bar draws horizontal bars, one row per label (one series).
func (c *Chart) bar() string {
	labelW := 0
	for _, l := range c.Labels {
		labelW = max(labelW, len([]rune(l)))
	}
	left := min(padSide+labelW*7+8, width/3)
	plotW := width - left - padSide - 8
	h := padTop + len(c.Labels)*rowH + 44
	b := c.open(width, h, c.describe())
	top, step := scale(c.max())
	axisY := padTop + len(c.Labels)*rowH
	for t := 0.0; t <= top+step/2; t += step {
		x := float64(left) + t/top*float64(plotW)
		fmt.Fprintf(b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, padTop, x, axisY)
		fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, axisY+16, esc(short(t)))
	}
	s := c.Series[0]
	for i, l := range c.Labels {
		y := padTop + i*rowH
		fmt.Fprintf(b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, left-8, y+rowH/2+4, esc(l))
		if i >= len(s.Values) || !s.Has[i] {
			continue
		}
		w := s.Values[i] / top * float64(plotW)
		fmt.Fprintf(b, `<g class="bar"><rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/><title>%s: %s</title></g>`, left, y+4, math.Max(w, 1), rowH-8, palette[0], esc(l), esc(c.value(s.Values[i])))
	}
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, padTop, left, axisY)
	if c.YLabel != "" {
		fmt.Fprintf(b, `<text class="axis-label" x="%d" y="%d" text-anchor="middle">%s</text>`, left+plotW/2, axisY+36, esc(c.YLabel))
	}
	return c.close(b)
}

// line draws one line per series over the labels as an evenly spaced x axis.
func (c *Chart) line() string {
	const h, left, bottom = 320, 64, 56
	plotW, plotH := width-left-padSide, h-padTop-bottom
	legend := len(c.Series) > 1
	total := h
	if legend {
		total += 20 * len(c.Series)
	}
	b := c.open(width, total, c.describe())
	top, step := scale(c.max())
	for t := 0.0; t <= top+step/2; t += step {
		y := float64(padTop+plotH) - t/top*float64(plotH)
		fmt.Fprintf(b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, left+plotW, y)
		fmt.Fprintf(b, `<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-6, y+4, esc(short(t)))
	}
	n := len(c.Labels)
	xAt := func(i int) float64 {
		if n == 1 {
			return float64(left + plotW/2)
		}
		return float64(left) + float64(i)/float64(n-1)*float64(plotW)
	}
	every := max(1, n/10)
	for i, l := range c.Labels {
		if i%every == 0 || i == n-1 {
			fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, xAt(i), padTop+plotH+16, esc(l))
		}
	}
	for si, s := range c.Series {
		color := palette[si%len(palette)]
		var pts []string
		for i := range c.Labels {
			if i < len(s.Values) && s.Has[i] {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", xAt(i), float64(padTop+plotH)-s.Values[i]/top*float64(plotH)))
			}
		}
		fmt.Fprintf(b, `<polyline class="series" fill="none" stroke="%s" stroke-width="2" points="%s"/>`, color, strings.Join(pts, " "))
		for i, l := range c.Labels {
			if i < len(s.Values) && s.Has[i] {
				name := l
				if legend {
					name = s.Name + ", " + l
				}
				fmt.Fprintf(b, `<g class="point"><circle cx="%.1f" cy="%.1f" r="4" fill="%s"/><title>%s: %s</title></g>`, xAt(i), float64(padTop+plotH)-s.Values[i]/top*float64(plotH), color, esc(name), esc(c.value(s.Values[i])))
			}
		}
		if legend {
			y := h + 20*si
			fmt.Fprintf(b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/><text class="legend" x="%d" y="%d">%s</text>`, left, y, color, left+18, y+11, esc(s.Name))
		}
	}
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, padTop+plotH, left+plotW, padTop+plotH)
	if c.XLabel != "" {
		fmt.Fprintf(b, `<text class="axis-label" x="%d" y="%d" text-anchor="middle">%s</text>`, left+plotW/2, padTop+plotH+40, esc(c.XLabel))
	}
	if c.YLabel != "" {
		fmt.Fprintf(b, `<text class="axis-label" transform="rotate(-90)" x="%d" y="14" text-anchor="middle">%s</text>`, -(padTop + plotH/2), esc(c.YLabel))
	}
	return c.close(b)
}
