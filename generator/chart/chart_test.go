package chart

import (
	"encoding/xml"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed XML: %v\n%s", err, svg)
			}
			return
		}
	}
}

// drawings splits a chart's figure into its two drawings: wide, narrow.
func drawings(t *testing.T, fig string) (string, string) {
	t.Helper()
	parts := strings.Split(fig, "<svg ")
	if len(parts) != 3 {
		t.Fatalf("%d drawings, want 2:\n%s", len(parts)-1, fig)
	}
	return "<svg " + parts[1], "<svg " + strings.Split(parts[2], "</svg>")[0] + "</svg>"
}

func TestBar(t *testing.T) {
	c := &Chart{ID: "c1", Kind: "bar", Title: "Reserves <MCS 2025>", YLabel: "t REO", Unit: "t REO",
		Labels: []string{"China", "Brazil", "India"},
		Series: []Series{{Values: []float64{44e6, 21e6, 0}, Has: []bool{true, true, false}}}}
	fig := c.SVG()
	wellFormed(t, fig)
	wideSVG, narrowSVG := drawings(t, fig)
	for _, svg := range []string{wideSVG, narrowSVG} {
		if n := strings.Count(svg, `<g class="bar s0">`); n != 2 {
			t.Errorf("%d bars, want 2 (India has no value)", n)
		}
		for _, want := range []string{
			`<text class="value missing"`, `>n/a</text>`, // India
			`>21M</text>`, // Brazil's value at its bar's end
			`<title>China: 44,000,000 t REO</title>`,
			`>50M</text>`, // axis rounded up to a nice number
			`<text class="axis-label"`,
		} {
			if !strings.Contains(svg, want) {
				t.Errorf("bar drawing lacks %s:\n%s", want, svg)
			}
		}
	}
	for _, want := range []string{
		`<svg class="chart-wide" viewBox="0 0 640 `, `font-size="12" role="img" aria-labelledby="c1-title c1-desc"`,
		`<svg class="chart-narrow" viewBox="0 0 360 `, `font-size="13" role="img" aria-labelledby="c1-n-title c1-n-desc"`,
		`<title id="c1-title">Reserves &lt;MCS 2025&gt;</title>`,
		`<desc id="c1-desc">China: 44,000,000 t REO; Brazil: 21,000,000 t REO</desc>`,
		`<figcaption>Reserves &lt;MCS 2025&gt;</figcaption>`,
		// The figures as a table, n/a where there is none.
		`<details class="chart-data"><summary>The figures</summary><table><thead><tr><th scope="col"></th><th scope="col">t REO</th></tr></thead>`,
		`<tr><th scope="row">China</th><td>44,000,000</td></tr>`, `<tr><th scope="row">India</th><td>n/a</td></tr>`,
	} {
		if !strings.Contains(fig, want) {
			t.Errorf("bar chart lacks %s", want)
		}
	}
	if strings.Contains(wideSVG, `class="value inside"`) {
		t.Errorf("a value inside its bar with room after it:\n%s", wideSVG)
	}
	// A bar that reaches the end has no room for its value after it: the
	// value goes inside.
	c.Series[0].Values[0] = 50e6
	if w, n := drawings(t, c.SVG()); !strings.Contains(w, `<text class="value inside" x="`) || !strings.Contains(n, `>50M</text>`) {
		t.Errorf("the full bar's value is not inside it:\n%s", w)
	}
}

func TestLine(t *testing.T) {
	c := &Chart{ID: "c2", Kind: "line", Title: "Price", XLabel: "Year", YLabel: "USD/kg",
		Labels: []string{"2020", "2021", "2022"},
		Series: []Series{
			{Name: "NdPr", Values: []float64{50, 100, 150}, Has: []bool{true, true, true}},
			{Name: "Nd", Values: []float64{40, 0, 120}, Has: []bool{true, false, true}},
		}}
	fig := c.SVG()
	wellFormed(t, fig)
	wideSVG, narrowSVG := drawings(t, fig)
	for _, svg := range []string{wideSVG, narrowSVG} {
		// NdPr is one line; Nd is broken where 2021 is missing.
		if n := strings.Count(svg, `<polyline class="series s0"`); n != 1 {
			t.Errorf("%d NdPr lines, want 1", n)
		}
		if n := strings.Count(svg, `<polyline class="series s1"`); n != 2 {
			t.Errorf("%d Nd lines, want 2 (broken at the missing value)", n)
		}
		if n := strings.Count(svg, `<g class="point`); n != 5 {
			t.Errorf("%d points, want 5", n)
		}
		for _, want := range []string{`<title>NdPr, 2022: 150</title>`, `class="legend"`, `>Year</text>`, `rotate(-90)`, `<text class="value"`, `>150</text>`, `>120</text>`} {
			if !strings.Contains(svg, want) {
				t.Errorf("line drawing lacks %s", want)
			}
		}
	}
	if !strings.Contains(fig, `<tr><th scope="row">2021</th><td>100</td><td>n/a</td></tr>`) {
		t.Errorf("table lacks the 2021 row with n/a:\n%s", fig)
	}
}

// TestLineLabels: the x axis never crowds its labels, and always shows
// the first and the last.
func TestLineLabels(t *testing.T) {
	for _, n := range []int{3, 12, 31, 120} {
		c := &Chart{ID: "c", Kind: "line", Series: []Series{{}}}
		for i := range n {
			c.Labels = append(c.Labels, fmt.Sprint(2000+i))
			c.Series[0].Values = append(c.Series[0].Values, float64(i))
			c.Series[0].Has = append(c.Series[0].Has, true)
		}
		for _, svg := range []string{wideSVGOf(t, c), narrowSVGOf(t, c)} {
			var xs []float64
			for _, m := range regexp.MustCompile(`<text class="tick" x="([\d.]+)" y="[\d.]+" text-anchor="middle">(\d+)</text>`).FindAllStringSubmatch(svg, -1) {
				x, _ := strconv.ParseFloat(m[1], 64)
				xs = append(xs, x)
			}
			if !strings.Contains(svg, ">2000</text>") || !strings.Contains(svg, fmt.Sprintf(">%d</text>", 2000+n-1)) {
				t.Errorf("%d labels: first or last missing", n)
			}
			for i := 1; i < len(xs); i++ {
				if xs[i]-xs[i-1] < 4*7.5 { // four digits of 13 units
					t.Errorf("%d labels: two %.0f apart", n, xs[i]-xs[i-1])
				}
			}
		}
	}
}

func wideSVGOf(t *testing.T, c *Chart) string   { w, _ := drawings(t, c.SVG()); return w }
func narrowSVGOf(t *testing.T, c *Chart) string { _, n := drawings(t, c.SVG()); return n }

func TestScale(t *testing.T) {
	for _, tt := range []struct{ max, top, step float64 }{{44e6, 50e6, 10e6}, {100, 100, 20}, {7, 8, 2}, {0, 1, 0.25}} {
		top, step := scale(tt.max)
		if top != tt.top || step != tt.step {
			t.Errorf("scale(%v) = %v, %v; want %v, %v", tt.max, top, step, tt.top, tt.step)
		}
	}
}

func day0(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// TestTimeseries: points sit at the middle of their periods, so that their
// spacing follows the calendar, not the rows; a missing value breaks the
// line; every point has its date and value in a title.
func TestTimeseries(t *testing.T) {
	c := &Chart{ID: "t", Kind: "timeseries", Title: "Price", Unit: "USD/kg",
		Labels: []string{"2020", "June 2020", "2021", "1 January 2024"},
		Times: []Period{
			{day0(2020, 1, 1), day0(2021, 1, 1)},
			{day0(2020, 6, 1), day0(2020, 7, 1)},
			{day0(2021, 1, 1), day0(2022, 1, 1)},
			{day0(2024, 1, 1), day0(2024, 1, 2)},
		},
		Series: []Series{
			{Name: "Low", Values: []float64{10, 12, 14, 20}, Has: []bool{true, true, true, true}},
			{Name: "High", Values: []float64{11, 0, 15, 22}, Has: []bool{true, false, true, true}},
		}}
	fig := c.SVG()
	wellFormed(t, fig)
	for _, svg := range []string{wideSVGOf(t, c), narrowSVGOf(t, c)} {
		re := regexp.MustCompile(`<g class="point s0"><circle cx="([\d.]+)"`)
		var xs []float64
		for _, m := range re.FindAllStringSubmatch(svg, -1) {
			x, _ := strconv.ParseFloat(m[1], 64)
			xs = append(xs, x)
		}
		if len(xs) != 4 {
			t.Fatalf("%d Low points, want 4", len(xs))
		}
		// Mid-2020, mid-June 2020, mid-2021, 1 January 2024: the gap from
		// mid-2021 to 2024 is 2.5 times the one from mid-2020 to mid-2021.
		at := func(p Period) float64 { return p.at() }
		want := (at(c.Times[3]) - at(c.Times[2])) / (at(c.Times[2]) - at(c.Times[0]))
		if got := (xs[3] - xs[2]) / (xs[2] - xs[0]); math.Abs(got-want) > 0.02 {
			t.Errorf("spacing ratio %.3f, want %.3f (proportional to time): %v", got, want, xs)
		}
		if !(xs[1] < xs[0] && xs[0] < xs[2]) {
			t.Errorf("mid-June 2020 is not just before 2020's middle (2 July): %v", xs)
		}
		if n := strings.Count(svg, `<polyline class="series s1"`); n != 2 && n != 1 {
			t.Errorf("%d High lines", n)
		}
		// High has no June 2020: its line from mid-2020 does not pass June
		// 2020 but breaks (the lone 2020 value is its point).
		if strings.Contains(svg, `<polyline class="series s1" fill="none" stroke="#b3261e" stroke-width="2" points="`+fmt.Sprintf("%.1f", xs[0])) {
			t.Errorf("High's line runs through its missing value:\n%s", svg)
		}
		for _, want := range []string{`<title>High, 1 January 2024: 22 USD/kg</title>`, `<title>Low, June 2020: 12 USD/kg</title>`, `">Low</text>`, `>2022</text>`} {
			if !strings.Contains(svg, want) {
				t.Errorf("drawing lacks %s", want)
			}
		}
		// The two last values (20 and 22) are both written, apart.
		ends := regexp.MustCompile(`<text class="value end s\d" x="[\d.]+" y="([\d.]+)">(\d+)</text>`).FindAllStringSubmatch(svg, -1)
		if len(ends) != 2 {
			t.Fatalf("%d end labels, want 2:\n%s", len(ends), svg)
		}
		y0, _ := strconv.ParseFloat(ends[0][1], 64)
		y1, _ := strconv.ParseFloat(ends[1][1], 64)
		if math.Abs(y0-y1) < 12 {
			t.Errorf("end labels %s and %s overlap (y %.1f, %.1f)", ends[0][2], ends[1][2], y0, y1)
		}
	}
	if !strings.Contains(fig, `<tr><th scope="row">June 2020</th><td>12</td><td>n/a</td></tr>`) {
		t.Errorf("table lacks June 2020 with n/a:\n%s", fig)
	}
}

// TestTimeTicks: the time axis is marked in years, months or days as the
// span and the room allow, never crowded, and always says the year.
func TestTimeTicks(t *testing.T) {
	tests := []struct {
		name     string
		from, to time.Time
		l        layout
		want     string
	}{
		{"four years, phone", day0(2022, 2, 16), day0(2026, 2, 25), narrow, "2023 2024 2025 2026"},
		{"four years, wide", day0(2022, 2, 16), day0(2026, 2, 25), wide, "Jul 2023 Jul 2024 Jul 2025 Jul 2026"},
		{"a century", day0(1920, 1, 1), day0(2021, 1, 1), narrow, "1925 1950 1975 2000"},
		{"months in one year", day0(2025, 3, 1), day0(2025, 9, 30), wide, "Mar 2025 Apr May Jun Jul Aug Sep"},
		{"across a new year", day0(2025, 10, 5), day0(2026, 3, 1), narrow, "Nov Dec 2026 Feb Mar"},
		{"days", day0(2025, 10, 1), day0(2025, 10, 25), narrow, "Oct 2025 11 Oct 21 Oct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plotW := float64(tt.l.width - 4*tt.l.fontSize - 12 - padSide - 4*tt.l.fontSize)
			var got []string
			for _, tk := range tt.l.timeTicks(tt.from, tt.to, plotW) {
				got = append(got, tk.label)
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("ticks %q, want %q", s, tt.want)
			}
		})
	}
}

// TestStacked: one bar per label, its parts in the series' colours with
// their values inside where they fit, its total after it; with more
// series than Top, the largest are kept and the rest summed as one part.
func TestStacked(t *testing.T) {
	c := &Chart{ID: "s", Kind: "bar", Stacked: true, Unit: "t", Labels: []string{"2024", "2025", "2026"},
		Series: []Series{
			{Name: "China", Values: []float64{270000, 270000, 0}, Has: []bool{true, true, false}},
			{Name: "US", Values: []float64{45000, 51000, 0}, Has: []bool{true, true, false}},
			{Name: "Brazil", Values: []float64{560, 0, 0}, Has: []bool{true, false, false}},
		}}
	fig := c.SVG()
	wellFormed(t, fig)
	for _, svg := range []string{wideSVGOf(t, c), narrowSVGOf(t, c)} {
		if n := strings.Count(svg, `<g class="bar seg`); n != 5 {
			t.Errorf("%d parts, want 5 (2025 has no Brazil, 2026 nothing)", n)
		}
		for _, want := range []string{
			`>270k</text>`, // inside China's part
			`<text class="value total" x=`, `>315.56k</text>`, `>321k + n/a</text>`,
			`<text class="value missing"`, // 2026
			`<title>2024, Brazil: 560 t</title>`,
			`">China</text>`, `">Brazil</text>`,
		} {
			if !strings.Contains(svg, want) {
				t.Errorf("stacked drawing lacks %s:\n%s", want, svg)
			}
		}
		if strings.Contains(svg, `>560</text>`) {
			t.Error("Brazil's 560 is written inside a part too thin for it")
		}
	}
	if !strings.Contains(fig, `<th scope="col">Total</th></tr></thead><tbody><tr><th scope="row">2024</th><td>270,000</td><td>45,000</td><td>560</td><td>315,560</td></tr>`) {
		t.Errorf("table lacks the 2024 row and its total:\n%s", fig)
	}
	c.Top = 1
	svg := wideSVGOf(t, c)
	if !strings.Contains(svg, `">Others (2)</text>`) || !strings.Contains(svg, `<title>2024, Others (US, Brazil): 45,560 t</title>`) {
		t.Errorf("Top 1 does not sum US and Brazil as Others:\n%s", svg)
	}
	// More parts than the palette has colours: five and the others.
	c.Top = 0
	for i := range 6 {
		c.Series = append(c.Series, Series{Name: fmt.Sprint("S", i), Values: []float64{1, 1, 1}, Has: []bool{true, true, true}})
	}
	if n := len(c.segments()); n != MaxSegments {
		t.Errorf("%d parts of 9 series, want %d", n, MaxSegments)
	}
}

// TestLongRowLabel: a bar's label too long for its column goes on two
// lines, cut short, never past the drawing's left edge.
func TestLongRowLabel(t *testing.T) {
	c := &Chart{ID: "b", Kind: "bar", Labels: []string{"Delta Rare Earths and Magnetic Materials Corporation of the North", "B"},
		Series: []Series{{Values: []float64{1, 2}, Has: []bool{true, true}}}}
	for _, svg := range []string{wideSVGOf(t, c), narrowSVGOf(t, c)} {
		labels := regexp.MustCompile(`<text class="label" x="(\d+)" y="\d+" text-anchor="end">([^<]*)</text>`).FindAllStringSubmatch(svg, -1)
		if len(labels) != 3 || strings.Contains(svg, "chart-narrow") != strings.HasSuffix(labels[1][2], "…") {
			t.Fatalf("labels %q, want the long one on two lines, cut short on a phone", labels)
		}
		fs := 12.0
		if strings.Contains(svg, "chart-narrow") {
			fs = 13
		}
		for _, m := range labels {
			x, _ := strconv.Atoi(m[1])
			if w := float64(len([]rune(m[2]))) * fs * 0.58; float64(x)-w < 0 {
				t.Errorf("label %q runs past the left edge (x %d, width %.0f)", m[2], x, w)
			}
		}
	}
}
