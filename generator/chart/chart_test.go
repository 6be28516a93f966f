package chart

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
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
		`<svg class="chart-wide" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 `, `font-size="12" role="img" aria-labelledby="c1-title c1-desc"`,
		`<svg class="chart-narrow" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 `, `font-size="13" role="img" aria-labelledby="c1-n-title c1-n-desc"`,
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
