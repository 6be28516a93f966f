package blocks

import (
	"fmt"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/chart"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"gopkg.in/yaml.v3"
)

// chartSpec is the YAML inside a ```chart block.
type chartSpec struct {
	Type   string    `yaml:"type"` // bar (default) or line
	Title  string    `yaml:"title"`
	Query  string    `yaml:"query"` // rows from a query …
	File   string    `yaml:"file"`  // … or from a data file
	X      string    `yaml:"x"`     // the label column (default: the brief's title, or the file's first column)
	Y      yaml.Node `yaml:"y"`     // the value column, or a list of them
	XLabel string    `yaml:"x_label"`
	YLabel string    `yaml:"y_label"`
}

var chartKeys = map[string]bool{"type": true, "title": true, "query": true, "file": true, "x": true, "y": true, "x_label": true, "y_label": true}

// chartKind is a ```chart block: a bar or line chart of a query's rows or
// a data file's, drawn as SVG at build time.
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
	for i := 0; i+1 < len(root.Content); i += 2 {
		if k := root.Content[i]; !chartKeys[k.Value] {
			diags.Errorf(lineCol(bl, k.Line, k.Column), "chart: unknown setting %q (type, title, query, file, x, y, x_label, y_label)", k.Value)
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
	if c.Kind != "bar" && c.Kind != "line" {
		pos, _ := at("type")
		diags.Errorf(pos, "chart: type %q: expected bar or line", spec.Type)
		return nil
	}
	var ys []string
	switch spec.Y.Kind {
	case yaml.ScalarNode:
		ys = []string{spec.Y.Value}
	case yaml.SequenceNode:
		for _, e := range spec.Y.Content {
			ys = append(ys, e.Value)
		}
	}
	if len(ys) == 0 || ys[0] == "" {
		diags.Errorf(bl.Pos, "chart: missing y: (the column with the values)")
		return nil
	}
	if len(ys) > 1 && c.Kind == "bar" {
		pos, _ := at("y")
		diags.Errorf(pos, "chart: a bar chart shows one y column; use type: line for several")
		return nil
	}
	switch {
	case spec.Query != "" && spec.File != "":
		diags.Errorf(bl.Pos, "chart: give query: or file:, not both")
		return nil
	case spec.Query != "":
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
		for _, y := range ys {
			c.Series = append(c.Series, chart.Series{Name: y})
		}
		for _, r := range res.Rows {
			label := r.Title
			if spec.X != "" {
				label = r.Get(spec.X).Text()
			}
			c.Labels = append(c.Labels, label)
			for i, y := range ys {
				v := r.Get(y)
				ok := v.Kind == query.Number
				c.Series[i].Values = append(c.Series[i].Values, v.Num)
				c.Series[i].Has = append(c.Series[i].Has, ok)
			}
		}
		c.Unit = s.Unit(ys[0], res.Rows)
	case spec.File != "":
		fpos, _ := at("file")
		t, _, inside := s.FindTable(p, spec.File)
		if !inside || t == nil {
			diags.Errorf(fpos, "chart: no data file %s (looked in data/ and next to the brief)", spec.File)
			return nil
		}
		xcol := 0
		if spec.X != "" {
			if xcol = t.Column(spec.X); xcol < 0 {
				pos, _ := at("x")
				diags.Errorf(pos, "chart: %s has no column %q (it has %s)", t.File, spec.X, strings.Join(t.Columns, ", "))
				return nil
			}
		}
		var ycols []int
		for _, y := range ys {
			i := t.Column(y)
			if i < 0 {
				pos, _ := at("y")
				diags.Errorf(pos, "chart: %s has no column %q (it has %s)", t.File, y, strings.Join(t.Columns, ", "))
				return nil
			}
			ycols = append(ycols, i)
			c.Series = append(c.Series, chart.Series{Name: y})
		}
		for _, row := range t.Rows {
			c.Labels = append(c.Labels, row[xcol])
			for i, yc := range ycols {
				v, ok := data.Number(row[yc])
				c.Series[i].Values = append(c.Series[i].Values, v)
				c.Series[i].Has = append(c.Series[i].Has, ok)
			}
		}
	default:
		diags.Errorf(bl.Pos, "chart: missing query: or file: (where the rows come from)")
		return nil
	}
	if c.YLabel == "" {
		c.YLabel = c.Unit
	}
	return c
}
