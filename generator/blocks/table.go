package blocks

import (
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"gopkg.in/yaml.v3"
)

// tableSpec is the YAML inside a ```table block.
type tableSpec struct {
	File string `yaml:"file"`
	// Columns are names, or {name: Label} to give a column a header.
	Columns []yaml.Node `yaml:"columns"`
	Sort    string      `yaml:"sort"` // "column" or "column desc"
	Limit   int         `yaml:"limit"`
}

// table is a ```table block: a data file's table, its columns chosen,
// sorted and limited by the block's YAML settings.
type table struct{}

func (table) Eval(s *site.Site, p *site.Page, bl brief.Block, _ Place) (Result, diag.List) {
	var diags diag.List
	dt := tableBlock(s, p, bl, &diags)
	if dt == nil {
		return nil, diags
	}
	return tableResult{dt}, diags
}

type tableResult struct{ dt *site.DataTable }

func (r tableResult) HTML(page Page) (string, error) { return DataTableHTML(page, r.dt) }

// tableBlock makes the DataTable of a ```table block.
func tableBlock(s *site.Site, p *site.Page, bl brief.Block, diags *diag.List) *site.DataTable {
	var node yaml.Node
	if err := yaml.Unmarshal([]byte(bl.Text), &node); err != nil {
		diags.Errorf(bl.Pos, "table: %v", err)
		return nil
	}
	var spec tableSpec
	if len(node.Content) == 0 || node.Content[0].Kind != yaml.MappingNode {
		diags.Errorf(bl.Pos, "table: expected file: data/x.csv, and optionally columns: [...], sort: column [desc], limit: n")
		return nil
	}
	root := node.Content[0]
	at := func(key string) diag.Pos {
		for i := 0; i+1 < len(root.Content); i += 2 {
			if root.Content[i].Value == key {
				v := root.Content[i+1]
				return lineCol(bl, v.Line, v.Column)
			}
		}
		return bl.Pos
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		switch k.Value {
		case "file", "columns", "sort", "limit":
		default:
			diags.Errorf(lineCol(bl, k.Line, k.Column), "table: unknown setting %q (file, columns, sort, limit)", k.Value)
			return nil
		}
	}
	if err := root.Decode(&spec); err != nil {
		diags.Errorf(bl.Pos, "table: %v", err)
		return nil
	}
	if spec.File == "" {
		diags.Errorf(bl.Pos, "table: missing file: (e.g. file: data/reserves.csv)")
		return nil
	}
	t, _, inside := s.FindTable(p, spec.File)
	switch {
	case !inside:
		diags.Outsidef(at("file"), "table: %q points outside the site folder", spec.File)
		return nil
	case t == nil:
		diags.Errorf(at("file"), "table: no data file %s (looked in data/ and next to the brief)", spec.File)
		return nil
	}
	dt := &site.DataTable{Table: t, Columns: site.AllColumns(t)}
	if len(spec.Columns) > 0 {
		dt.Columns = nil
		for _, cn := range spec.Columns {
			c, label := cn.Value, ""
			if cn.Kind == yaml.MappingNode && len(cn.Content) == 2 {
				c, label = cn.Content[0].Value, cn.Content[1].Value
			}
			dt.Labels = append(dt.Labels, label)
			i := t.Column(c)
			if i < 0 {
				diags.Errorf(at("columns"), "table: %s has no column %q (it has %s)", t.File, c, strings.Join(t.Columns, ", "))
				return nil
			}
			dt.Columns = append(dt.Columns, i)
		}
	}
	dt.Rows = slices.Clone(t.Rows)
	if spec.Sort != "" {
		name, dir, _ := strings.Cut(strings.TrimSpace(spec.Sort), " ")
		col := t.Column(name)
		if col < 0 {
			diags.Errorf(at("sort"), "table: %s has no column %q to sort by", t.File, name)
			return nil
		}
		desc := strings.EqualFold(strings.TrimSpace(dir), "desc")
		slices.SortStableFunc(dt.Rows, func(a, b []string) int {
			c := compareCells(a[col], b[col])
			if desc {
				return -c
			}
			return c
		})
	}
	if spec.Limit > 0 && len(dt.Rows) > spec.Limit {
		dt.Rows = dt.Rows[:spec.Limit]
	}
	return dt
}

func compareCells(a, b string) int {
	x, okx := data.Number(a)
	y, oky := data.Number(b)
	switch {
	case okx && oky:
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case okx:
		return -1
	case oky:
		return 1
	}
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}
