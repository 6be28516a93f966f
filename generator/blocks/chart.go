package blocks

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/chart"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/numfmt"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"gopkg.in/yaml.v3"
)

// chartSpec is the YAML inside a ```chart block.
type chartSpec struct {
	Type   string    `yaml:"type"` // bar (default), line or timeseries
	Title  string    `yaml:"title"`
	Query  string    `yaml:"query"` // rows from a query …
	File   string    `yaml:"file"`  // … or from a data file
	X      string    `yaml:"x"`     // the label column (default: the brief's title, or the file's first column)
	Y      yaml.Node `yaml:"y"`     // the value column, or a list of them; {column: Label} names one
	XLabel string    `yaml:"x_label"`
	YLabel string    `yaml:"y_label"`
	// Stacked, Top and Series are checked by hand, for their positions.
	Stacked yaml.Node `yaml:"stacked"` // bar: the series stacked in one bar per label
	Top     yaml.Node `yaml:"top"`     // stacked: keep the largest n series, sum the rest
	Series  yaml.Node `yaml:"series"`  // columns (default: each y column is a series) or rows
}

const chartKeyList = "type, title, query, file, x, y, x_label, y_label, stacked, top, series"

var chartKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Split(chartKeyList, ", ") {
		m[k] = true
	}
	return m
}()

// chartKind is a ```chart block: a bar, stacked bar, line or time-series
// chart of a query's rows or a data file's, drawn as SVG at build time.
type chartKind struct{}

func (chartKind) Eval(s *site.Site, p *site.Page, bl brief.Block, at Place) (Result, diag.List) {
	var diags diag.List
	c := chartBlock(s, p, bl, at.N, &diags)
	if c == nil {
		return nil, diags
	}
	return chartResult{c}, diags
}

type chartResult struct{ c *chart.Chart }

func (r chartResult) HTML(Page) (string, error) { return r.c.SVG(), nil }

// yColumn is one y: entry, a column and the name it shows under.
type yColumn struct {
	col, label string
	pos        diag.Pos
}

// chartRow is one row of a chart's source: its label, the x value as a
// date where the source typed it so, and a value per y column.
type chartRow struct {
	label string
	date  *brief.Date
	vals  []float64
	has   []bool
}

// chartBlock makes the chart of a ```chart block; n numbers it on the page.
func chartBlock(s *site.Site, p *site.Page, bl brief.Block, n int, diags *diag.List) *chart.Chart {
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(bl.Text), &node); err != nil || len(node.Content) == 0 || node.Content[0].Kind != yaml.MappingNode {
		diags.Errorf(bl.Pos, "chart: expected type:, title:, query: or file:, x: and y: settings")
		return nil
	}
	root := node.Content[0]
	at := func(key string) (diag.Pos, *yaml.Node) {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == key {
				v := root.Content[i+1]
				return lineCol(bl, v.Line, v.Column), v
			}
		}
		return bl.Pos, nil
	}
	posOf := func(v *yaml.Node) diag.Pos { return lineCol(bl, v.Line, v.Column) }
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; !chartKeys[k.Value] {
			diags.Errorf(posOf(k), "chart: unknown setting %q (%s)", k.Value, chartKeyList)
			return nil
		}
	}
	var spec chartSpec
	if err := root.Decode(&spec); err != nil {
		diags.Errorf(bl.Pos, "chart: %v", err)
		return nil
	}
	c := &chart.Chart{ID: fmt.Sprintf("chart-%d", n), Kind: strings.ToLower(spec.Type), Title: spec.Title, XLabel: spec.XLabel, YLabel: spec.YLabel}
	if c.Kind == "" {
		c.Kind = "bar"
	}
	if c.Kind != "bar" && c.Kind != "line" && c.Kind != "timeseries" {
		pos, _ := at("type")
		diags.Errorf(pos, "chart: type %q: expected bar, line or timeseries", spec.Type)
		return nil
	}
	if v := &spec.Stacked; v.Kind != 0 {
		if v.Kind != yaml.ScalarNode || v.Tag != "!!bool" {
			diags.Errorf(posOf(v), "chart: stacked: expected true or false, not %q", v.Value)
			return nil
		}
		c.Stacked = v.Value == "true"
		if c.Stacked && c.Kind != "bar" {
			diags.Errorf(posOf(v), "chart: stacked: true is for bar charts, not type: %s", c.Kind)
			return nil
		}
	}
	if v := &spec.Top; v.Kind != 0 {
		top, err := strconv.Atoi(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil || top < 1 || top >= chart.MaxSegments {
			diags.Errorf(posOf(v), "chart: top: expected a number from 1 to %d (the largest series kept; the others summed as one)", chart.MaxSegments-1)
			return nil
		}
		if !c.Stacked {
			diags.Errorf(posOf(v), "chart: top: is for stacked bars (stacked: true)")
			return nil
		}
		c.Top = top
	}
	byRows := false
	if v := &spec.Series; v.Kind != 0 {
		switch {
		case v.Kind == yaml.ScalarNode && v.Value == "rows":
			byRows = true
		case v.Kind == yaml.ScalarNode && v.Value == "columns":
		default:
			diags.Errorf(posOf(v), "chart: series: expected columns (each y column is a series) or rows (each row is a series, each y column a bar or point)")
			return nil
		}
	}
	ys, ok := yColumns(&spec.Y, posOf, diags)
	if !ok {
		return nil
	}
	if len(ys) == 0 {
		diags.Errorf(bl.Pos, "chart: missing y: (the column with the values)")
		return nil
	}
	ypos, _ := at("y")

	var rows []chartRow
	xpos, _ := at("x")
	var source string // for messages: "data/x.csv" or "the query"
	switch {
	case spec.Query != "" && spec.File != "":
		diags.Errorf(bl.Pos, "chart: give query: or file:, not both")
		return nil
	case spec.Query != "":
		source = "the query's results"
		qpos, qn := at("query")
		pos := func(off int) diag.Pos {
			if qn != nil && qn.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 && !strings.Contains(spec.Query, "\n") {
				return lineCol(bl, qn.Line, qn.Column+off)
			}
			return qpos
		}
		res, d := s.Query(spec.Query, pos)
		diags.Merge(d)
		if res == nil {
			return nil
		}
		for _, r := range res.Rows {
			row := chartRow{label: r.Title}
			if spec.X != "" {
				x := r.Get(spec.X)
				row.label = x.Text()
				switch x.Kind {
				case query.Date:
					row.date = &x.Date
				case query.Number:
					row.label = strconv.FormatFloat(x.Num, 'f', -1, 64)
				}
			}
			for _, y := range ys {
				v := r.Get(y.col)
				row.vals = append(row.vals, v.Num)
				row.has = append(row.has, v.Kind == query.Number)
			}
			rows = append(rows, row)
		}
		c.Unit = s.Unit(ys[0].col, res.Rows)
	case spec.File != "":
		fpos, _ := at("file")
		t, _, inside := s.FindTable(p, spec.File)
		if !inside || t == nil {
			diags.Errorf(fpos, "chart: no data file %s (looked in data/ and next to the brief)", spec.File)
			return nil
		}
		source = t.File
		xcol := 0
		if spec.X != "" {
			if xcol = t.Column(spec.X); xcol < 0 {
				diags.Errorf(xpos, "chart: %s has no column %q (it has %s)", t.File, spec.X, strings.Join(t.Columns, ", "))
				return nil
			}
		}
		var ycols []int
		for _, y := range ys {
			i := t.Column(y.col)
			if i < 0 {
				diags.Errorf(y.pos, "chart: %s has no column %q (it has %s)", t.File, y.col, strings.Join(t.Columns, ", "))
				return nil
			}
			ycols = append(ycols, i)
		}
		for _, r := range t.Rows {
			row := chartRow{label: r[xcol]}
			for _, yc := range ycols {
				v, ok := data.Number(r[yc])
				row.vals = append(row.vals, v)
				row.has = append(row.has, ok)
			}
			rows = append(rows, row)
		}
	default:
		diags.Errorf(bl.Pos, "chart: missing query: or file: (where the rows come from)")
		return nil
	}

	// Each y column a series over the rows, or (series: rows) each row a
	// series over the y columns.
	var dates []*brief.Date
	if byRows {
		for _, y := range ys {
			c.Labels = append(c.Labels, y.label)
			dates = append(dates, nil)
		}
		for _, r := range rows {
			c.Series = append(c.Series, chart.Series{Name: r.label, Values: r.vals, Has: r.has})
		}
	} else {
		for _, y := range ys {
			c.Series = append(c.Series, chart.Series{Name: y.label})
		}
		for _, r := range rows {
			c.Labels = append(c.Labels, r.label)
			dates = append(dates, r.date)
			for i := range ys {
				c.Series[i].Values = append(c.Series[i].Values, r.vals[i])
				c.Series[i].Has = append(c.Series[i].Has, r.has[i])
			}
		}
	}
	if c.Kind == "bar" && !c.Stacked && len(c.Series) > 1 {
		pos := ypos
		if byRows {
			pos, _ = at("series")
		}
		diags.Errorf(pos, "chart: a bar chart shows one series, not %d; add stacked: true to stack them, or use type: line", len(c.Series))
		return nil
	}
	if c.Stacked {
		for _, sr := range c.Series {
			for i, v := range sr.Values {
				if sr.Has[i] && v < 0 {
					diags.Errorf(ypos, "chart: stacked bars add up values of 0 or more; %s has %s for %s", sr.Name, numfmt.Format(v), c.Labels[i])
					return nil
				}
			}
		}
	}
	if c.Kind == "timeseries" {
		pos, what := xpos, "x"
		if byRows {
			pos, what = ypos, "y"
		}
		for i, lb := range c.Labels {
			d := dates[i]
			if d == nil {
				pd, err := brief.ParseDate(lb)
				if err != nil {
					msg := fmt.Sprintf("chart: type: timeseries needs a date for each %s: %q (row %d of %s) is not one (%s)", what, lb, i+1, source, dateForms)
					if byRows {
						msg = fmt.Sprintf("chart: type: timeseries with series: rows needs a date as each y column's label: %q is not one (%s)", lb, dateForms)
					}
					diags.Errorf(pos, "%s", msg)
					return nil
				}
				d = &pd
			}
			c.Times = append(c.Times, period(*d))
			c.Labels[i] = d.Human()
		}
	}
	if c.YLabel == "" {
		c.YLabel = c.Unit
	}
	return c
}

const dateForms = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Qn, ~YYYY or a range A..B"

// yColumns reads y: a column, {column: Label}, or a list of those.
func yColumns(y *yaml.Node, posOf func(*yaml.Node) diag.Pos, diags *diag.List) ([]yColumn, bool) {
	items := []*yaml.Node{y}
	switch y.Kind {
	case 0:
		return nil, true
	case yaml.SequenceNode:
		items = y.Content
	}
	var out []yColumn
	for _, e := range items {
		switch {
		case e.Kind == yaml.ScalarNode && e.Value != "":
			out = append(out, yColumn{col: e.Value, label: e.Value, pos: posOf(e)})
		case e.Kind == yaml.MappingNode && len(e.Content) == 2 && e.Content[0].Value != "" && e.Content[1].Kind == yaml.ScalarNode:
			out = append(out, yColumn{col: e.Content[0].Value, label: e.Content[1].Value, pos: posOf(e.Content[0])})
		default:
			diags.Errorf(posOf(e), "chart: y: expected a column, {column: Label}, or a list of those")
			return nil, false
		}
	}
	return out, true
}

// period is the time a date stands for, to its end (a range's end's).
func period(d brief.Date) chart.Period {
	start := func(d brief.Date) time.Time { return d.Time() }
	end := func(d brief.Date) time.Time {
		t := d.Time()
		switch {
		case d.Day > 0:
			return t.AddDate(0, 0, 1)
		case d.Quarter > 0:
			return t.AddDate(0, 3, 0)
		case d.Month > 0:
			return t.AddDate(0, 1, 0)
		}
		return t.AddDate(1, 0, 0)
	}
	last := d
	if d.End != nil {
		last = *d.End
	}
	return chart.Period{From: start(d), To: end(last)}
}
