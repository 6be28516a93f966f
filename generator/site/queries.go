package site

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/query"
)

// Result is an evaluated ```dataview block.
type Result struct {
	Query *query.Query
	Rows  []*Page
	// Units gives, by column, the unit of the schema field the column shows
	// ("" where there is none).
	Units []string
	// Labels are the column headers: AS "…" where given, else the label
	// the schema gives the field ("Reserves" for reserves_t), else the field
	// made readable ("Region" for region), else the expression as written.
	Labels []string
	// Name heads the column of the briefs themselves: their type
	// ("Country") when they share one, else "Name".
	Name string
}

// Get implements query.Record: the page's typed front-matter fields, and
// the built-in ones file.name, file.link, file.folder, file.path, title,
// type, date, updated, tags, aliases and summary.
func (p *Page) Get(field string) query.Value {
	switch field {
	case "file.name":
		return query.Str(strings.TrimSuffix(path.Base(p.Rel), path.Ext(p.Rel)))
	case "file.link":
		return query.LinkV(p.Title, p.URL)
	case "file.folder":
		if d := path.Dir(p.Rel); d != "." {
			return query.Str(d)
		}
		return query.Str("")
	case "file.path":
		return query.Str("content/" + p.Rel)
	case "title":
		return query.Str(p.Title)
	case "type":
		return query.Str(p.Type)
	case "summary":
		return query.Str(p.Summary)
	case "date":
		if p.Date.IsZero() {
			return query.Value{}
		}
		return query.DateV(p.Date)
	case "updated":
		if p.Updated.IsZero() {
			return query.Value{}
		}
		return query.DateV(p.Updated)
	case "tags", "file.tags":
		vs := make([]query.Value, len(p.Tags))
		for i, t := range p.Tags {
			vs[i] = query.Str(t)
		}
		return query.ListV(vs)
	case "aliases":
		vs := make([]query.Value, len(p.Aliases))
		for i, a := range p.Aliases {
			vs[i] = query.Str(a)
		}
		return query.ListV(vs)
	}
	return p.values[field]
}

// Shed drops what only the site stage and its queries read (the name
// index, the positions of front-matter fields) once a build that is not
// kept for another has planned its pages: Query must not be called after.
func (s *Site) Shed() {
	s.idx = nil
	for _, p := range s.Pages {
		p.Brief.Shed()
	}
}

// Query parses and runs a query over the site's briefs; pos maps an offset
// in text to the file. The result is nil when the query has an error.
func (s *Site) Query(text string, pos func(int) diag.Pos) (*Result, diag.List) {
	var diags diag.List
	q, err := query.Parse(text)
	if err != nil {
		e := err.(*query.Error)
		diags.Errorf(pos(e.Pos), "query: %s", e.Msg)
		return nil, diags
	}
	idx := s.idx
	var rows []query.Record
	for _, c := range s.Pages {
		in, err := s.from(q.From, c, idx)
		if err != nil {
			diags.Add(diag.Diagnostic{Pos: pos(err.pos), Severity: diag.Error, Kind: err.kind, Msg: "query: " + err.msg})
			return nil, diags
		}
		if in {
			rows = append(rows, c)
		}
	}
	if len(q.Sort) == 0 {
		slices.SortStableFunc(rows, func(a, b query.Record) int { return byTitle(a.(*Page), b.(*Page)) })
	}
	res := &Result{Query: q}
	for _, r := range q.Filter(rows) {
		res.Rows = append(res.Rows, r.(*Page))
	}
	res.Units = make([]string, len(q.Columns))
	res.Labels = make([]string, len(q.Columns))
	for j, c := range q.Columns {
		res.Labels[j] = c.Label
		if f, ok := c.Expr.(query.Field); ok {
			res.Units[j] = s.Unit(f.Name, res.Rows)
			if !c.Named {
				res.Labels[j] = s.fieldLabel(f.Name, res.Rows)
			}
		}
	}
	res.Name = "Name"
	for i, r := range res.Rows {
		if r.Type == "" || (i > 0 && r.Type != res.Rows[0].Type) {
			res.Name = "Name"
			break
		}
		res.Name = strings.ToUpper(r.Type[:1]) + r.Type[1:]
	}
	return res, nil
}

// fieldLabel is the header of a column showing field: the label the
// schema of the rows' types gives it, else the field made readable
// ("production_t" → "Production t"; "file.name" stays).
func (s *Site) fieldLabel(field string, rows []*Page) string {
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.Type] {
			continue
		}
		seen[r.Type] = true
		if f, ok := s.Config.Types[r.Type].Fields[field]; ok && f.Label != "" {
			return f.Label
		}
	}
	if strings.Contains(field, ".") {
		return field
	}
	l := strings.ReplaceAll(field, "_", " ")
	r, n := utf8.DecodeRuneInString(l)
	return string(unicode.ToUpper(r)) + l[n:]
}

// Unit is the unit the schema gives a field, if all the rows' types that
// declare it agree.
func (s *Site) Unit(field string, rows []*Page) string {
	unit := ""
	for _, r := range rows {
		if f, ok := s.Config.Types[r.Type].Fields[field]; ok && f.Unit != "" {
			if unit != "" && unit != f.Unit {
				return ""
			}
			unit = f.Unit
		}
	}
	return unit
}

type fromError struct {
	pos  int
	msg  string
	kind string // diag.Audience, else ""
}

// from reports whether page c is in the FROM source.
func (s *Site) from(src query.Source, c *Page, idx *index) (bool, *fromError) {
	switch src := src.(type) {
	case nil:
		return true, nil
	case query.Tag:
		want := strings.ToLower(src.Name)
		for _, t := range c.Tags {
			t = strings.ToLower(t)
			if t == want || strings.HasPrefix(t, want+"/") {
				return true, nil
			}
		}
		return false, nil
	case query.Folder:
		return src.Path == "" || strings.HasPrefix(c.Rel, src.Path+"/"), nil
	case query.Incoming, query.Outgoing:
		name, pos := "", 0
		if in, ok := src.(query.Incoming); ok {
			name, pos = in.Name, in.Pos
		} else {
			out := src.(query.Outgoing)
			name, pos = out.Name, out.Pos
		}
		t, _ := idx.lookup(name, nil)
		if t == nil {
			return false, &fromError{pos: pos, msg: "no brief matches [[" + name + "]]"}
		}
		if t.Withheld(s.Options.Audience) {
			return false, &fromError{pos, withheld("query", "[["+name+"]]", t, s.Options.Audience), diag.Audience}
		}
		if _, ok := src.(query.Incoming); ok {
			return slices.Contains(c.Outlinks, t), nil
		}
		return slices.Contains(t.Outlinks, c), nil
	case query.NotSource:
		in, err := s.from(src.X, c, idx)
		return !in, err
	case query.AndSource:
		x, err := s.from(src.X, c, idx)
		if err != nil || !x {
			return false, err
		}
		return s.from(src.Y, c, idx)
	case query.OrSource:
		x, err := s.from(src.X, c, idx)
		if err != nil || x {
			return x, err
		}
		return s.from(src.Y, c, idx)
	}
	return false, nil
}
