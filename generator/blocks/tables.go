package blocks

import (
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/numfmt"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// QueryTable is the data of the "query" template: a ```dataview block's
// result or a data file's table, ready to show.
type QueryTable struct {
	Page    any    // the page it is shown on (Page.Data)
	Source  string // "query" or "data"
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

// html renders t with the "query" template.
func (t *QueryTable) html(page Page) (string, error) {
	t.Page = page.Data()
	return page.Execute("query", t)
}

// DataTableHTML renders a data file's table (a ```table block, or an
// ![[data/x.csv]] embed) on page: its chosen columns, with cells that read
// as numbers formatted and sorting as numbers.
func DataTableHTML(page Page, dt *site.DataTable) (string, error) {
	t := &QueryTable{Source: "data"}
	for i, c := range dt.Columns {
		h := dt.Table.Columns[c]
		if i < len(dt.Labels) && dt.Labels[i] != "" {
			h = dt.Labels[i]
		}
		t.Headers = append(t.Headers, h)
	}
	years := map[int]bool{}
	for _, c := range dt.Columns {
		years[c] = yearColumn(dt, c)
	}
	for _, row := range dt.Rows {
		var cells []Cell
		for _, c := range dt.Columns {
			cell := Cell{Text: row[c]}
			if n, ok := data.Number(row[c]); ok {
				cell.Sort = strconv.FormatFloat(n, 'f', -1, 64)
				if !years[c] {
					cell.Text = numfmt.Format(n)
				}
			}
			cells = append(cells, cell)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t.html(page)
}

// yearColumn reports whether column c holds years, by its name ("year",
// "Year founded"): years are shown as written, not as 2,024.
func yearColumn(dt *site.DataTable, c int) bool {
	return strings.Contains(strings.ToLower(dt.Table.Columns[c]), "year")
}
