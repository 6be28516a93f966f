package site

import (
	"path"
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/chart"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"gopkg.in/yaml.v3"
)

// DataTable is a data file chosen for display: which columns, in what
// order.
type DataTable struct {
	Table   *data.Table
	Columns []int    // indexes into Table.Columns
	Labels  []string // header of each shown column ("": the column's name)
	Rows    [][]string
}

// findTable resolves a data-file reference from page p: a path from the
// site root (data/reserves.csv), else relative to the brief's folder, else
// from content/. It returns the table and its key, or "" if none matches.
func (s *Site) findTable(p *Page, ref string) (*data.Table, string, bool) {
	ref = strings.TrimPrefix(strings.TrimSpace(ref), "./")
	if strings.HasPrefix(ref, "/") || strings.Contains(ref, "\\") {
		return nil, "", false
	}
	var keys []string
	if j, ok := joinInside(path.Dir(p.Rel), ref); ok {
		keys = append(keys, "content/"+j)
	}
	if j := path.Clean(ref); !strings.HasPrefix(j, "../") && j != ".." {
		keys = append(keys, j, "content/"+j)
	}
	for _, k := range keys {
		if t, ok := s.tables[k]; ok {
			return t, k, true
		}
	}
	return nil, "", len(keys) > 0
}

// Embed is what a ![[target]] shows: a data file's table, an image, a
// link to another file, or another note's content (transclusion).
type Embed struct {
	Table    *DataTable
	Note     *Page  // a brief shown in place
	Fragment string // of Note: only that heading's section
	Asset    string // an image or other file: its path below content/
	Image    bool
	Width    string // ![[image.png|300]]
	Name     string
}

var imageExts = map[string]bool{".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true, ".avif": true}

// embed resolves ![[target]] from page p. A data file that is missing is an
// error (a table the brief relies on); a missing note, image or file is a
// warning, and the embed shows as a broken link.
func (s *Site) embed(p *Page, l *brief.Link, idx *index, diags *diag.List) *Embed {
	ext := strings.ToLower(path.Ext(l.Target))
	switch {
	case data.Exts[ext]:
		t, _, inside := s.findTable(p, l.Target)
		switch {
		case !inside:
			diags.Errorf(l.Pos, "embed: %q points outside the site folder", l.Target)
			return nil
		case t == nil:
			diags.Errorf(l.Pos, "embed: no data file %s (looked in data/ and next to the brief)", l.Target)
			return nil
		}
		return &Embed{Table: &DataTable{Table: t, Columns: allColumns(t), Rows: t.Rows}}
	case ext != "" && ext != ".md":
		rel, ok := joinInside(path.Dir(p.Rel), l.Target)
		if !ok {
			diags.Errorf(l.Pos, "embed: %q points outside the content folder", l.Target)
			return nil
		}
		if !s.assetSet[rel] && s.assetSet[l.Target] {
			rel = l.Target // a vault-style name from the content root
		}
		if !s.assetSet[rel] {
			warnLink(diags, l.Pos, "embed: no file content/%s", rel)
			return nil
		}
		s.usedAssets[rel] = true
		e := &Embed{Asset: rel, Image: imageExts[ext], Name: path.Base(rel)}
		if e.Image && l.Label != "" && strings.Trim(l.Label, "0123456789") == "" {
			e.Width = l.Label
		}
		return e
	}
	t, _ := idx.lookup(l.Target)
	if t == nil || (t.Draft && !s.Options.Drafts) {
		warnLink(diags, l.Pos, "embed: no brief matches %q", l.Target)
		return nil
	}
	if l.Fragment != "" {
		if _, ok := findHeading(t, l.Fragment); !ok {
			warnLink(diags, l.Pos, "embed: %s has no heading %q", "content/"+t.Rel, l.Fragment)
			return nil
		}
	}
	return &Embed{Note: t, Fragment: l.Fragment, Name: t.Title}
}

// embedCycles drops note embeds that would show a note inside itself
// (a embeds b embeds a), each a warning at the embed that closes the cycle.
func (s *Site) embedCycles(diags *diag.List) {
	state := map[*Page]int{} // 0 new, 1 in progress, 2 done
	var visit func(p *Page)
	visit = func(p *Page) {
		state[p] = 1
		for i, e := range p.Embeds {
			if e.Note == nil {
				continue
			}
			switch state[e.Note] {
			case 1:
				warnLink(diags, p.Links[i].Pos, "embed: ![[%s]] would show %s inside itself (a cycle of embeds); left as a link", p.Links[i].Target, "content/"+e.Note.Rel)
				delete(p.Embeds, i)
			case 0:
				visit(e.Note)
			}
		}
		state[p] = 2
	}
	for _, p := range s.Pages {
		if state[p] == 0 {
			visit(p)
		}
	}
}

func allColumns(t *data.Table) []int {
	cols := make([]int, len(t.Columns))
	for i := range cols {
		cols[i] = i
	}
	return cols
}

// tableSpec is the YAML inside a ```table block.
type tableSpec struct {
	File string `yaml:"file"`
	// Columns are names, or {name: Label} to give a column a header.
	Columns []yaml.Node `yaml:"columns"`
	Sort    string      `yaml:"sort"` // "column" or "column desc"
	Limit   int         `yaml:"limit"`
}

// tableBlock makes the DataTable of a ```table block.
func (s *Site) tableBlock(p *Page, bl brief.Block, diags *diag.List) *DataTable {
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
	t, _, inside := s.findTable(p, spec.File)
	switch {
	case !inside:
		diags.Errorf(at("file"), "table: %q points outside the site folder", spec.File)
		return nil
	case t == nil:
		diags.Errorf(at("file"), "table: no data file %s (looked in data/ and next to the brief)", spec.File)
		return nil
	}
	dt := &DataTable{Table: t, Columns: allColumns(t)}
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

// lineCol maps a line and column of a block's text to the file.
func lineCol(bl brief.Block, line, col int) diag.Pos {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(bl.Text[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return bl.TextPos(off + col - 1)
}

// dataTables makes the tables and charts of p's ```table and ```chart
// blocks and ![[…]] embeds.
func (s *Site) dataTables(p *Page, idx *index, diags *diag.List) {
	if len(p.Blocks) > 0 {
		p.Tables = make([]*DataTable, len(p.Blocks))
		p.Charts = make([]*chart.Chart, len(p.Blocks))
	}
	n := 0
	for i, bl := range p.Blocks {
		switch bl.Lang {
		case "table":
			p.Tables[i] = s.tableBlock(p, bl, diags)
		case "chart":
			n++
			p.Charts[i] = s.chartBlock(p, bl, n, idx, diags)
		}
	}
	for i := range p.Links {
		if l := &p.Links[i]; l.Kind == brief.Embed {
			if e := s.embed(p, l, idx, diags); e != nil {
				if p.Embeds == nil {
					p.Embeds = map[int]*Embed{}
				}
				p.Embeds[i] = e
			}
		}
	}
}
