package chart

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// segment is one part of every stacked bar: a series, or the smaller
// series summed into one.
type segment struct {
	name    string
	values  []float64
	has     []bool
	members []string // the series an "others" segment sums
}

// segments returns the parts of the stacked bars: every series, or, when
// there are more than Top (or MaxSegments), the largest in their order and
// the rest summed as one segment at the end.
func (c *Chart) segments() []segment {
	keep := len(c.Series)
	if c.Top > 0 && c.Top < keep-1 {
		keep = c.Top
	}
	if keep > MaxSegments {
		keep = MaxSegments - 1
	}
	if keep >= len(c.Series) {
		out := make([]segment, len(c.Series))
		for si, s := range c.Series {
			out[si] = segment{name: s.Name, values: s.Values, has: s.Has}
		}
		return out
	}
	sum := func(s Series) float64 {
		t := 0.0
		for i, v := range s.Values {
			if s.Has[i] {
				t += v
			}
		}
		return t
	}
	rank := make([]int, len(c.Series))
	for i := range rank {
		rank[i] = i
	}
	slices.SortStableFunc(rank, func(a, b int) int { return cmp.Compare(sum(c.Series[b]), sum(c.Series[a])) })
	kept := map[int]bool{}
	for _, si := range rank[:keep] {
		kept[si] = true
	}
	var out []segment
	others := segment{values: make([]float64, len(c.Labels)), has: make([]bool, len(c.Labels))}
	for si, s := range c.Series {
		if kept[si] {
			out = append(out, segment{name: s.Name, values: s.Values, has: s.Has})
			continue
		}
		others.members = append(others.members, s.Name)
		for i := range c.Labels {
			if i < len(s.Values) && s.Has[i] {
				others.values[i] += s.Values[i]
				others.has[i] = true
			}
		}
	}
	others.name = fmt.Sprintf("Others (%d)", len(others.members))
	return append(out, others)
}

// missing reports whether some series has no value for label i.
func (c *Chart) missing(i int) bool {
	for _, s := range c.Series {
		if i >= len(s.Values) || !s.Has[i] {
			return true
		}
	}
	return false
}

// describeStacked lists each bar's parts and total in words.
func (c *Chart) describeStacked() string {
	var bars []string
	for i, lb := range c.Labels {
		var parts []string
		for _, s := range c.Series {
			if i < len(s.Values) && s.Has[i] {
				parts = append(parts, s.Name+" "+c.value(s.Values[i]))
			} else {
				parts = append(parts, s.Name+" n/a")
			}
		}
		if sum, any := c.total(i); any {
			parts = append(parts, "total "+c.value(sum))
		}
		bars = append(bars, lb+": "+strings.Join(parts, ", "))
	}
	return strings.Join(bars, "; ")
}

// stacked draws one horizontal bar per label, its series end to end in
// the palette's colours under a key, each part's value inside it where it
// fits, and the bar's total after it ("+ n/a" when a part has no value).
func (c *Chart) stacked(b *strings.Builder, l layout) {
	segs := c.segments()
	labelW := 0
	for _, lb := range c.Labels {
		labelW = max(labelW, len([]rune(lb)))
	}
	left := min(padSide+int(float64(labelW)*l.charW())+8, l.width*2/5)
	totals := make([]string, len(c.Labels))
	most, totalW := 0.0, 0.0
	for i := range c.Labels {
		sum, any := c.total(i)
		switch {
		case !any:
			totals[i] = "n/a"
		case c.missing(i):
			totals[i] = short(sum) + " + n/a"
		default:
			totals[i] = short(sum)
		}
		most = math.Max(most, sum)
		totalW = math.Max(totalW, float64(len([]rune(totals[i])))*l.charW()*1.1+8)
	}
	plotW := l.width - left - padSide - int(totalW)
	names := make([]string, len(segs))
	classes := make([]int, len(segs))
	for k, sg := range segs {
		names[k], classes[k] = sg.name, k
	}
	var key strings.Builder
	top0 := padTop + l.legend(&key, left, padTop, l.width-left-padSide, names, classes) + 6
	axisY := top0 + len(c.Labels)*l.rowH
	h := axisY + l.fontSize + 12
	if c.YLabel != "" {
		h += l.fontSize + 10 + len(l.wrap(c.YLabel, l.width-2*padSide)[1:])*(l.fontSize+4)
	}
	c.open(b, l, l.width, h, c.describeStacked())
	b.WriteString(key.String())
	top, step := scale(most)
	ticks := 0
	for t := 0.0; t <= top+step/2; t += step {
		ticks++
	}
	for i, t := 0, 0.0; t <= top+step/2; i, t = i+1, t+step {
		x := float64(left) + t/top*float64(plotW)
		fmt.Fprintf(b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, top0, x, axisY)
		if l.width < wide.width && ticks > 4 && i%2 == 1 && i != ticks-1 {
			continue
		}
		fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, axisY+l.fontSize+4, esc(short(t)))
	}
	for i, lb := range c.Labels {
		y := top0 + i*l.rowH
		mid := y + l.rowH/2 + l.fontSize/3
		l.rowLabel(b, left-8, mid, left-12, lb)
		if totals[i] == "n/a" {
			fmt.Fprintf(b, `<text class="value missing" x="%d" y="%d">n/a</text>`, left+4, mid)
			continue
		}
		x := float64(left)
		for k, sg := range segs {
			if i >= len(sg.values) || !sg.has[i] || sg.values[i] <= 0 {
				continue
			}
			w := sg.values[i] / top * float64(plotW)
			name := sg.name
			if len(sg.members) > 0 {
				name = "Others (" + strings.Join(sg.members, ", ") + ")"
			}
			fmt.Fprintf(b, `<g class="bar seg s%d"><rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/><title>%s, %s: %s</title></g>`,
				k, x, y+4, w, l.rowH-8, palette[k%len(palette)], esc(lb), esc(name), esc(c.value(sg.values[i])))
			if v := short(sg.values[i]); float64(len([]rune(v)))*l.charW()+8 <= w {
				fmt.Fprintf(b, `<text class="value inside" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x+w/2, mid, esc(v))
			}
			x += w
		}
		fmt.Fprintf(b, `<text class="value total" x="%.1f" y="%d">%s</text>`, x+6, mid, esc(totals[i]))
	}
	fmt.Fprintf(b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, top0, left, axisY)
	if c.YLabel != "" {
		l.caption(b, left+plotW/2, axisY+2*l.fontSize+12, c.YLabel)
	}
	b.WriteString(`</svg>`)
}
