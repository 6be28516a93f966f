package chart

import (
	"encoding/xml"
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

func TestBar(t *testing.T) {
	c := &Chart{ID: "c1", Kind: "bar", Title: "Reserves <MCS 2025>", YLabel: "t REO", Unit: "t REO",
		Labels: []string{"China", "Brazil", "India"},
		Series: []Series{{Values: []float64{44e6, 21e6, 0}, Has: []bool{true, true, false}}}}
	svg := c.SVG()
	wellFormed(t, svg)
	for _, want := range []string{
		`role="img" aria-labelledby="c1-title c1-desc"`,
		`<title id="c1-title">Reserves &lt;MCS 2025&gt;</title>`,
		`<desc id="c1-desc">China: 44,000,000 t REO; Brazil: 21,000,000 t REO</desc>`,
		`<title>China: 44,000,000 t REO</title>`,
		`>50M</text>`, // axis rounded up to a nice number
		`<text class="axis-label"`, `<figcaption>Reserves &lt;MCS 2025&gt;</figcaption>`,
	} {
		if !strings.Contains(svg, want) {
			t.Errorf("bar chart lacks %s", want)
		}
	}
	if n := strings.Count(svg, `<g class="bar">`); n != 2 {
		t.Errorf("%d bars, want 2 (India has no value)", n)
	}
	// China's bar is about twice Brazil's.
	if !strings.Contains(svg, `width="`) {
		t.Fatal("no widths")
	}
}

func TestLine(t *testing.T) {
	c := &Chart{ID: "c2", Kind: "line", Title: "Price", XLabel: "Year", YLabel: "USD/kg",
		Labels: []string{"2020", "2021", "2022"},
		Series: []Series{
			{Name: "NdPr", Values: []float64{50, 100, 150}, Has: []bool{true, true, true}},
			{Name: "Nd", Values: []float64{40, 0, 120}, Has: []bool{true, false, true}},
		}}
	svg := c.SVG()
	wellFormed(t, svg)
	if n := strings.Count(svg, "<polyline"); n != 2 {
		t.Errorf("%d lines, want 2", n)
	}
	if n := strings.Count(svg, `<g class="point">`); n != 5 {
		t.Errorf("%d points, want 5", n)
	}
	for _, want := range []string{`<title>NdPr, 2022: 150</title>`, `class="legend"`, `>Year</text>`, `rotate(-90)`} {
		if !strings.Contains(svg, want) {
			t.Errorf("line chart lacks %s", want)
		}
	}
}

func TestScale(t *testing.T) {
	for _, tt := range []struct{ max, top, step float64 }{{44e6, 50e6, 10e6}, {100, 100, 20}, {7, 8, 2}, {0, 1, 0.25}} {
		top, step := scale(tt.max)
		if top != tt.top || step != tt.step {
			t.Errorf("scale(%v) = %v, %v; want %v, %v", tt.max, top, step, tt.top, tt.step)
		}
	}
}
