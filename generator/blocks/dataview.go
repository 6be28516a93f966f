package blocks

import (
	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// dataview is a ```dataview block: a query over the site's briefs (see
// package query), shown as a table or a list.
type dataview struct{}

func (dataview) Eval(s *site.Site, _ *site.Page, bl brief.Block, _ Place) (Result, diag.List) {
	res, d := s.Query(bl.Text, bl.TextPos)
	if res == nil {
		return nil, d
	}
	return queryResult{res}, d
}

type queryResult struct{ res *site.Result }

func (r queryResult) HTML(page Page) (string, error) {
	q := r.res.Query
	t := &QueryTable{Source: "query", List: q.List}
	withID := !q.NoID // the first column links to the brief
	if withID && !q.List {
		t.Headers = append(t.Headers, r.res.Name)
	}
	t.Headers = append(t.Headers, r.res.Labels...)
	for _, row := range r.res.Rows {
		var cells []Cell
		if withID {
			cells = append(cells, Cell{Text: row.Title, URL: row.URL})
		}
		for j, c := range q.Columns {
			cells = append(cells, cell(query.Eval(c.Expr, row), r.res.Units[j]))
		}
		t.Rows = append(t.Rows, cells)
	}
	return t.html(page)
}
