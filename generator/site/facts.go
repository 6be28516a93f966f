package site

import (
	"cmp"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// Fact ids in a brief's text (MP-011: see markdown.FactIDs) link to where
// the site defines them:
//   - a row of a data file (data/**, or a CSV or YAML file in content/)
//     whose id column holds the id: such rows are the facts page's
//     entries (facts/#MP-011), each with its source and the briefs that
//     cite it;
//   - else a brief's source with that id (sources:), on the sources page
//     (sources/#src-RES-001).
// An id the site does not define stays text.

// FactsURL is the URL of the facts page.
const FactsURL = "facts/"

// FactEntry is a fact defined by a row of a data file.
type FactEntry struct {
	ID string
	// File is the data file, by its path from the site root.
	File string
	// Text is what the fact says: the row's text column (or claim, fact,
	// event, statement, title, name, description or definition).
	Text                   string
	Date, AsOf, Confidence string
	// SourceID is the row's source (or source_id), as written. Source is
	// that source when the site knows it (a brief's sources: entry, or a
	// data file's row with that id and a title or url), and SourceEntry
	// its place on the sources page ("" if it has none there).
	SourceID    string
	Source      *brief.Source
	SourceEntry string
	// Fields are the row's other cells, in column order, but empty ones.
	Fields []FactField
	// Pages are the briefs whose text cites the fact, by title.
	Pages []*Page
}

// FactField is a cell of a fact's row.
type FactField struct{ Name, Value string }

// FactGroup is the facts whose ids share a prefix (MP, RES), on the facts
// page.
type FactGroup struct {
	Prefix string
	Facts  []*FactEntry
}

// factColumns name the columns with a meaning of their own, by what they
// fill; for Text, the first of its names that a file has.
var factColumns = map[string][]string{
	"text":       {"text", "claim", "fact", "event", "statement", "title", "name", "description", "definition"},
	"date":       {"date"},
	"as_of":      {"as_of"},
	"confidence": {"confidence"},
	"source":     {"source", "source_id"},
}

// factIDs is the site's fact id pattern, nil when fact ids are off (or
// the pattern is wrong: loading the configuration reports it).
func (c Config) factIDs() *markdown.FactIDs {
	f, _ := c.FactIDPattern()
	return f
}

// FactIDPattern compiles the fact id pattern: fact_ids, else
// markdown.DefaultFactIDs. It is nil when fact_ids is "" (fact ids off).
func (c Config) FactIDPattern() (*markdown.FactIDs, error) {
	pattern := markdown.DefaultFactIDs
	if c.FactIDs != nil {
		pattern = strings.TrimSpace(*c.FactIDs)
	}
	if pattern == "" {
		return nil, nil
	}
	return markdown.NewFactIDs(pattern)
}

// facts reads the facts the data files define (see above), in order of
// their ids; an id defined twice is a warning, and the first definition,
// by file path and row, holds.
func (s *Site) facts(diags *diag.List) {
	ids := s.Config.factIDs()
	if ids == nil {
		return
	}
	byID := map[string]*FactEntry{}
	for _, file := range slices.Sorted(maps.Keys(s.tables)) {
		t := s.tables[file]
		idCol := t.Column("id")
		if idCol < 0 {
			continue
		}
		cols := map[string]int{}
		special := map[int]bool{idCol: true}
		for what, names := range factColumns {
			for _, name := range names {
				if i := t.Column(name); i >= 0 {
					cols[what], special[i] = i, true
					break
				}
			}
		}
		for _, row := range t.Rows {
			id := strings.TrimSpace(row[idCol])
			if !ids.Is(id) {
				continue
			}
			if f, ok := byID[id]; ok {
				diags.Warnf(diag.Pos{File: file}, "fact %s is defined twice (also in %s); the first holds", id, f.File)
				continue
			}
			f := &FactEntry{ID: id, File: file}
			cell := func(what string) string {
				if i, ok := cols[what]; ok {
					return strings.TrimSpace(row[i])
				}
				return ""
			}
			f.Text, f.Date, f.AsOf, f.Confidence, f.SourceID = cell("text"), cell("date"), cell("as_of"), cell("confidence"), cell("source")
			for i, name := range t.Columns {
				if v := strings.TrimSpace(row[i]); v != "" && !special[i] {
					f.Fields = append(f.Fields, FactField{Name: name, Value: v})
				}
			}
			byID[id] = f
			s.Facts = append(s.Facts, f)
		}
	}
	slices.SortFunc(s.Facts, func(a, b *FactEntry) int { return compareFactIDs(a.ID, b.ID) })
	for _, f := range s.Facts {
		n := len(s.FactGroups)
		if p := factPrefix(f.ID); n == 0 || s.FactGroups[n-1].Prefix != p {
			s.FactGroups = append(s.FactGroups, FactGroup{Prefix: p})
			n++
		}
		s.FactGroups[n-1].Facts = append(s.FactGroups[n-1].Facts, f)
	}
	s.factURLs = make(map[string]string, len(s.Facts))
	for _, f := range s.Facts {
		s.factURLs[f.ID] = FactsURL + "#" + url.PathEscape(f.ID)
	}
}

// factPrefix is an id without its last digits and the - before them:
// MP-011 → MP.
func factPrefix(id string) string {
	return strings.TrimRight(strings.TrimRight(id, "0123456789"), "-_.: ")
}

// compareFactIDs orders ids by prefix, then by number (MP-2 before MP-10).
func compareFactIDs(a, b string) int {
	pa, pb := factPrefix(a), factPrefix(b)
	na, _ := strconv.Atoi(a[len(strings.TrimRight(a, "0123456789")):])
	nb, _ := strconv.Atoi(b[len(strings.TrimRight(b, "0123456789")):])
	return cmp.Or(strings.Compare(pa, pb), cmp.Compare(na, nb), strings.Compare(a, b))
}

// citeFacts finds each fact's source and the briefs that cite it, and
// links the ids of briefs' sources that the facts do not define to the
// sources page. It runs after sources.
func (s *Site) citeFacts() {
	ids := s.Config.factIDs()
	if ids == nil {
		return
	}
	if s.factURLs == nil {
		s.factURLs = map[string]string{}
	}
	known := map[string]*brief.Source{} // brief sources by id, first wins
	for _, e := range s.Sources {
		for _, id := range e.IDs {
			if _, ok := known[id]; !ok {
				known[id] = &e.Source
			}
			if _, ok := s.factURLs[id]; !ok && ids.Is(id) {
				s.factURLs[id] = SourcesURL + "#src-" + url.PathEscape(id)
			}
		}
	}
	var rows map[string]*brief.Source // data-file rows with a title or url, by id
	for _, f := range s.Facts {
		if f.SourceID == "" {
			continue
		}
		if src, ok := known[f.SourceID]; ok {
			f.Source, f.SourceEntry = src, SourcesURL+"#src-"+url.PathEscape(f.SourceID)
			continue
		}
		if rows == nil {
			rows = s.sourceRows()
		}
		f.Source = rows[f.SourceID]
	}
	byID := make(map[string]*FactEntry, len(s.Facts))
	for _, f := range s.Facts {
		byID[f.ID] = f
	}
	for _, p := range s.Pages {
		for _, id := range p.FactIDs {
			if f, ok := byID[id]; ok {
				f.Pages = append(f.Pages, p)
			}
		}
	}
	for _, f := range s.Facts {
		slices.SortFunc(f.Pages, byTitle)
	}
}

// sourceRows reads the rows of data files that describe a source: an id,
// and a title or a url (publisher and date too, if given).
func (s *Site) sourceRows() map[string]*brief.Source {
	out := map[string]*brief.Source{}
	for _, file := range slices.Sorted(maps.Keys(s.tables)) {
		t := s.tables[file]
		idCol, title, u := t.Column("id"), t.Column("title"), t.Column("url")
		if idCol < 0 || title < 0 && u < 0 {
			continue
		}
		get := func(row []string, i int) string {
			if i < 0 {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		for _, row := range t.Rows {
			id := get(row, idCol)
			if _, ok := out[id]; ok || id == "" {
				continue
			}
			src := &brief.Source{ID: id, Title: get(row, title), URL: get(row, u), Publisher: get(row, t.Column("publisher")), Date: get(row, t.Column("date"))}
			if src.Title != "" || src.URL != "" {
				out[id] = src
			}
		}
	}
	return out
}

// FactURL is the site URL where fact id id is defined, with its fragment
// (facts/#MP-011, sources/#src-RES-001), or "" if the site does not
// define it.
func (s *Site) FactURL(id string) string { return s.factURLs[id] }

// UndefinedFactIDs maps each fact id that briefs' text cites and the site
// does not define to the first brief (in page order) that cites it.
func (s *Site) UndefinedFactIDs() map[string]*Page {
	out := map[string]*Page{}
	for _, p := range s.Pages {
		for _, id := range p.FactIDs {
			if _, ok := s.factURLs[id]; !ok && out[id] == nil {
				out[id] = p
			}
		}
	}
	return out
}
