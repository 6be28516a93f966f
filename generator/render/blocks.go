package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strconv"

	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// QueryTable is the data of the "query" template: a ```dataview block's
// result, ready to show.
type QueryTable struct {
	Page    *Page
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

// blocks renders the build-time blocks of a brief page, in the order of
// its Blocks; a block with no result stays as written (nil entry).
func (r *Renderer) blocks(p *Page) []string {
	b := p.Brief
	if len(b.Blocks) == 0 {
		return nil
	}
	out := make([]string, len(b.Blocks))
	for i := range b.Blocks {
		var t *QueryTable
		switch {
		case i < len(b.Results) && b.Results[i] != nil:
			t = queryTable(p, b.Results[i])
		case i < len(b.Tables) && b.Tables[i] != nil:
			t = dataTable(p, b.Tables[i])
		case i < len(b.Charts) && b.Charts[i] != nil:
			out[i] = b.Charts[i].SVG()
			continue
		case i < len(b.Timelines) && b.Timelines[i] != nil:
			out[i] = r.timelineHTML(p, b.Timelines[i], fmt.Sprintf("tl%d-", i+1))
			continue
		default:
			continue
		}
		out[i] = r.tableHTML(t)
	}
	return out
}

// embeds renders the ![[file.csv]] embeds of a brief page, by link index.
func (r *Renderer) embeds(p *Page) map[int]string {
	if len(p.Brief.Embeds) == 0 {
		return nil
	}
	out := map[int]string{}
	for i, dt := range p.Brief.Embeds {
		out[i] = r.tableHTML(dataTable(p, dt))
	}
	return out
}

func (r *Renderer) tableHTML(t *QueryTable) string {
	var buf bytes.Buffer
	if err := r.pages["brief.html"].ExecuteTemplate(&buf, "query", t); err != nil {
		return "<p class=\"error\">" + template.HTMLEscapeString(err.Error()) + "</p>"
	}
	return buf.String()
}

// dataTable shows a data file's chosen columns; cells that read as numbers
// sort as numbers.
func dataTable(p *Page, dt *site.DataTable) *QueryTable {
	t := &QueryTable{Page: p, Source: "data"}
	for i, c := range dt.Columns {
		h := dt.Table.Columns[c]
		if i < len(dt.Labels) && dt.Labels[i] != "" {
			h = dt.Labels[i]
		}
		t.Headers = append(t.Headers, h)
	}
	for _, row := range dt.Rows {
		var cells []Cell
		for _, c := range dt.Columns {
			cell := Cell{Text: row[c]}
			if n, ok := data.Number(row[c]); ok {
				cell.Sort = strconv.FormatFloat(n, 'f', -1, 64)
				cell.Text = query.FormatNumber(n)
			}
			cells = append(cells, cell)
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

func queryTable(p *Page, res *site.Result) *QueryTable {
	q := res.Query
	t := &QueryTable{Page: p, Source: "query", List: q.List}
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
	return t
}

// timelineHTML renders a ```timeline block's events, each linked to its brief.
func (r *Renderer) timelineHTML(p *Page, years []*site.Year, prefix string) string {
	if len(years) == 0 {
		return `<p class="query-empty">No events match this timeline.</p>`
	}
	var buf bytes.Buffer
	buf.WriteString(`<div class="timeline inline">`)
	if err := r.pages["brief.html"].ExecuteTemplate(&buf, "events", map[string]any{"Page": p, "Years": years, "Links": true, "Prefix": prefix}); err != nil {
		return "<p class=\"error\">" + template.HTMLEscapeString(err.Error()) + "</p>"
	}
	buf.WriteString(`</div>`)
	return buf.String()
}
