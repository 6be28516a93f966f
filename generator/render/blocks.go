package render

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/htmlurl"
	"github.com/lodestone-ssg/lodestone/generator/numfmt"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/slug"
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
func (r *Renderer) blocks(p *Page, errs *[]error) []string {
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
			out[i] = r.timelineHTML(p, b.Timelines[i], fmt.Sprintf("tl%d-", i+1), errs)
			continue
		default:
			continue
		}
		out[i] = r.tableHTML(t, errs)
	}
	return out
}

// embeds renders the ![[…]] embeds of a brief page, by link index.
func (r *Renderer) embeds(p *Page, errs *[]error) map[int]string {
	return r.embedsAt(p, p.Brief, 0, errs)
}

// maxEmbedDepth bounds notes shown inside notes shown inside notes.
const maxEmbedDepth = 4

// embedsAt renders the embeds of brief b, shown on page p (b is p's own
// brief, or a note transcluded into it at the given depth).
func (r *Renderer) embedsAt(p *Page, b *site.Page, depth int, errs *[]error) map[int]string {
	if len(b.Embeds) == 0 {
		return nil
	}
	out := map[int]string{}
	for i, e := range b.Embeds {
		switch {
		case e.Table != nil:
			out[i] = r.tableHTML(dataTable(p, e.Table), errs)
		case e.Asset != "" && e.Image:
			var w string
			if e.Width != "" {
				w = ` width="` + e.Width + `"`
			}
			out[i] = `<img src="` + template.HTMLEscapeString(p.Link(e.Asset)) + `" alt="` + template.HTMLEscapeString(e.Name) + `"` + w + ` loading="lazy">`
		case e.Asset != "":
			out[i] = `<a class="embed-file" href="` + template.HTMLEscapeString(p.Link(e.Asset)) + `">` + template.HTMLEscapeString(e.Name) + `</a>`
		case e.Note != nil && depth < maxEmbedDepth:
			out[i] = r.noteHTML(p, e, depth+1, errs)
		}
	}
	return out
}

// noteHTML renders a transcluded note (or one heading's section of it),
// with its links rewritten to work from page p.
func (r *Renderer) noteHTML(p *Page, e *site.Embed, depth int, errs *[]error) string {
	t := e.Note
	doc := t.Body
	if e.Fragment != "" {
		var err error
		doc, err = t.Body.Section(func(_ int, id string) bool {
			return id == e.Fragment || strings.EqualFold(id, slug.Anchor(e.Fragment)) || strings.EqualFold(headingText(t, id), e.Fragment)
		})
		if err != nil {
			*errs = append(*errs, fmt.Errorf("embed %s: %w", t.File, err))
			return ""
		}
	}
	filled, err := body{t: t, embeds: r.embedsAt(p, t, depth, errs), tag: func(name string) string {
		if u := tagURL(p.Site, name); u != "" {
			return p.Site.Link(t.URL, u) // relative to the note: rebased below with its other links
		}
		return ""
	}}.html(doc)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("embed %s: %w", t.File, err))
		return ""
	}
	html := htmlurl.Rewrite(filled, func(tag, attr, ref string) string {
		u, err := url.Parse(ref)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "/") {
			return ref
		}
		target := t.URL // links in the note are relative to the note's page
		if u.Path != "" {
			target = path.Join(t.URL, u.Path)
			if strings.HasSuffix(u.Path, "/") {
				target += "/"
			}
		}
		if u.Fragment != "" {
			target += "#" + u.Fragment
		}
		return p.Link(strings.TrimPrefix(target, "./"))
	})
	src := template.HTMLEscapeString(p.Link(t.URL))
	title := template.HTMLEscapeString(t.Title)
	if e.Fragment != "" {
		title += " › " + template.HTMLEscapeString(e.Fragment)
	}
	return `<div class="embed-note"><p class="embed-source"><a href="` + src + `">` + title + `</a></p>` + string(html) + `</div>`
}

func headingText(t *site.Page, id string) string {
	for _, h := range t.Headings {
		if h.ID == id {
			return h.Text
		}
	}
	return ""
}

// tableHTML renders a query or data table with the "query" template. A
// template error goes to errs: the page is not published with it.
func (r *Renderer) tableHTML(t *QueryTable, errs *[]error) string {
	var buf bytes.Buffer
	if err := r.pages["brief.html"].ExecuteTemplate(&buf, "query", t); err != nil {
		*errs = append(*errs, err)
		return ""
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
				cell.Text = numfmt.Format(n)
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
func (r *Renderer) timelineHTML(p *Page, years []*site.Year, prefix string, errs *[]error) string {
	if len(years) == 0 {
		return `<p class="query-empty">No events match this timeline.</p>`
	}
	var buf bytes.Buffer
	buf.WriteString(`<div class="timeline inline">`)
	if err := r.pages["brief.html"].ExecuteTemplate(&buf, "events", map[string]any{"Page": p, "Years": years, "Links": true, "Prefix": prefix}); err != nil {
		*errs = append(*errs, err)
		return ""
	}
	buf.WriteString(`</div>`)
	return buf.String()
}
