package blocks

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected drawings of testdata/charts/*.txtar")

// TestChartGolden evaluates the chart blocks of each testdata/charts/*.txtar
// case — its "content/a.md" brief, with the data files under "data/" — and
// compares the figures (one element a line) with its "out.svg".
// go test ./generator/blocks -run TestChartGolden -update rewrites them.
func TestChartGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/charts/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden charts: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			md := markdown.New(markdown.Options{Blocks: Langs()})
			var briefs []*brief.Brief
			tables := map[string]*data.Table{}
			out := -1
			for i, f := range ar.Files {
				switch {
				case f.Name == "out.svg":
					out = i
				case strings.HasPrefix(f.Name, "data/"):
					tbl, d := data.Parse(f.Name, f.Data)
					if d != nil {
						t.Fatal(d)
					}
					tables[f.Name] = tbl
				case strings.HasPrefix(f.Name, "content/"):
					b, d := brief.Parse(f.Name, strings.TrimPrefix(f.Name, "content/"), f.Data, md)
					if d.HasErrors() {
						t.Fatal(d)
					}
					briefs = append(briefs, b)
				}
			}
			s, diags := site.New(site.Config{Title: "T"}, briefs, nil, tables, site.Options{})
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			res, diags := Eval(s)
			if len(diags) != 0 {
				t.Fatal(diags)
			}
			var got bytes.Buffer
			for _, p := range s.Pages {
				for _, r := range res[p] {
					if r == nil {
						continue
					}
					h, err := r.HTML(fakePage{})
					if err != nil {
						t.Fatal(err)
					}
					got.WriteString(strings.ReplaceAll(h, "><", ">\n<"))
					got.WriteString("\n\n")
				}
			}
			if *update {
				if out < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "out.svg"})
					out = len(ar.Files) - 1
				}
				ar.Files[out].Data = got.Bytes()
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if out < 0 {
				t.Fatal("no out.svg: run go test ./generator/blocks -run TestChartGolden -update")
			}
			if want := ar.Files[out].Data; !bytes.Equal(got.Bytes(), want) {
				gl, wl := strings.Split(got.String(), "\n"), strings.Split(string(want), "\n")
				for i := range max(len(gl), len(wl)) {
					if i >= len(gl) || i >= len(wl) || gl[i] != wl[i] {
						t.Fatalf("%s differs from line %d:\ngot  %s\nwant %s\n(go test ./generator/blocks -run TestChartGolden -update rewrites it)",
							file, i+1, strings.Join(gl[i:min(i+3, len(gl))], "\n     "), strings.Join(wl[i:min(i+3, len(wl))], "\n     "))
					}
				}
			}
		})
	}
}

// TestChartErrors: each bad chart setting is reported at its line and
// column in the brief, saying what was expected.
func TestChartErrors(t *testing.T) {
	tests := []struct {
		name, block string
		want        string // position and start of the message
	}{
		{"unknown type", "type: pie\nfile: data/prices.csv\ny: price", `content/a.md:2:7: chart: type "pie": expected bar, line or timeseries`},
		{"stacked not a bool", "stacked: yes\nfile: data/prices.csv\ny: price", `content/a.md:2:10: chart: stacked: expected true or false, not "yes"`},
		{"stacked line", "type: line\nstacked: true\nfile: data/prices.csv\ny: price", `content/a.md:3:10: chart: stacked: true is for bar charts, not type: line`},
		{"top without stacked", "top: 3\nfile: data/prices.csv\ny: price", `content/a.md:2:6: chart: top: is for stacked bars`},
		{"top out of range", "stacked: true\ntop: 9\nfile: data/prices.csv\ny: [price, cost]", `content/a.md:3:6: chart: top: expected a number from 1 to 5`},
		{"bad series", "series: diagonal\nfile: data/prices.csv\ny: price", `content/a.md:2:9: chart: series: expected columns`},
		{"bar of two series", "file: data/prices.csv\nx: year\ny: [price, cost]", `content/a.md:4:4: chart: a bar chart shows one series, not 2; add stacked: true`},
		{"rows need stacking", "file: data/prices.csv\nx: year\ny: price\nseries: rows", `content/a.md:5:9: chart: a bar chart shows one series, not 2`},
		{"bad y item", "file: data/prices.csv\ny: [price, [cost]]", `content/a.md:3:12: chart: y: expected a column, {column: Label}, or a list of those`},
		{"no such y column", "type: line\nfile: data/prices.csv\ny: [price, {tonnes: Tonnes}]", `content/a.md:4:13: chart: data/prices.csv has no column "tonnes"`},
		{"negative stacked", "stacked: true\nfile: data/prices.csv\nx: year\ny: [price, change]", `content/a.md:5:4: chart: stacked bars add up values of 0 or more; change has -5 for 2024`},
		{"not a date", "type: timeseries\nfile: data/prices.csv\nx: note\ny: price", `content/a.md:4:4: chart: type: timeseries needs a date for each x: "Q3" (row 2 of data/prices.csv) is not one`},
		{"first column not a date", "type: timeseries\nfile: data/prices.csv\nx: year\ny: [price]\nseries: rows", `content/a.md:5:4: chart: type: timeseries with series: rows needs a date as each y column's label: "price" is not one`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := loadData(t, "```chart\n"+tt.block+"\n```\n", "year,price,cost,change,note\n2023,60,10,5,2023-Q2\n2024,55,12,-5,Q3\n")
			_, diags := Eval(s)
			if len(diags) != 1 || !strings.HasPrefix(diags[0].Error(), strings.Replace(tt.want, ": ", ": warning: ", 1)) {
				t.Fatalf("got %v\nwant %s…", diags, tt.want)
			}
		})
	}
}

// loadData is load with one brief, content/a.md, and data/prices.csv as
// given.
func loadData(t *testing.T, md, csv string) *site.Site {
	t.Helper()
	b, d := brief.Parse("content/a.md", "a.md", []byte(md), markdown.New(markdown.Options{Blocks: Langs()}))
	if d.HasErrors() {
		t.Fatal(d)
	}
	tbl, dd := data.Parse("data/prices.csv", []byte(csv))
	if dd != nil {
		t.Fatal(dd)
	}
	s, diags := site.New(site.Config{Title: "T"}, []*brief.Brief{b}, nil, map[string]*data.Table{"data/prices.csv": tbl}, site.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return s
}
