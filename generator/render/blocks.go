package render

import (
	"bytes"
	"strconv"

	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// QueryTable is the data of the "query" template: a ```dataview block's
// result, ready to show.
type QueryTable struct {
	Page    *Page
	List    bool
	Headers []string
	Rows    [][]Cell
}

// Cell is one table cell (or list item).
type Cell struct {
	Text string
	URL  string // site URL when the value is a link to a page
	// Sort is the key the table-sorting script uses: the number for
	// numbers, the date for dates, else empty (sort by text).
	Sort string
}

func cell(v query.Value, unit string) Cell {
	c := Cell{Text: v.Text()}
	switch v.Kind {
	case query.Number:
		c.Sort = strconv.FormatFloat(v.Num, 'f', -1, 64)
		if unit != "" {
			c.Text += " " + unit
		}
	case query.Date:
		c.Sort = v.Date.String()
		c.Text = v.Date.Human()
	case query.LinkKind:
		c.URL = v.Link.URL
	}
	return c
}

// blocks renders the build-time blocks of a brief page, in the order of
// its Blocks; a block with no result stays as written (nil entry).
func (r *Renderer) blocks(p *Page) []string {
	b := p.Brief
	if len(b.Blocks) == 0 {
		return nil
	}
	out := make([]string, len(b.Blocks))
	for i, res := range b.Results {
		if res == nil {
			continue
		}
		html, err := r.queryHTML(p, res)
		if err != nil {
			out[i] = "<p class=\"error\">" + err.Error() + "</p>"
			continue
		}
		out[i] = html
	}
	return out
}

func (r *Renderer) queryHTML(p *Page, res *site.Result) (string, error) {
	q := res.Query
	t := QueryTable{Page: p, List: q.List}
	withID := !q.NoID // the first column links to the brief
	if withID && !q.List {
		t.Headers = append(t.Headers, "Brief")
	}
	for _, c := range q.Columns {
		h := c.Label
		t.Headers = append(t.Headers, h)
	}
	for _, row := range res.Rows {
		var cells []Cell
		if withID {
			cells = append(cells, Cell{Text: row.Title, URL: row.URL})
		}
		for j, c := range q.Columns {
			cells = append(cells, cell(query.Eval(c.Expr, row), res.Units[j]))
		}
		t.Rows = append(t.Rows, cells)
	}
	var buf bytes.Buffer
	if err := r.pages["brief.html"].ExecuteTemplate(&buf, "query", t); err != nil {
		return "", err
	}
	return buf.String(), nil
}
