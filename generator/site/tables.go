package site

import (
	"path"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// DataTable is a data file chosen for display: which columns, in what
// order.
type DataTable struct {
	Table   *data.Table
	Columns []int    // indexes into Table.Columns
	Labels  []string // header of each shown column ("": the column's name)
	Rows    [][]string
}

// FindTable resolves a data-file reference from page p: a path from the
// site root (data/reserves.csv), else relative to the brief's folder, else
// from content/. It returns the table and its key, or "" if none matches.
func (s *Site) FindTable(p *Page, ref string) (*data.Table, string, bool) {
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
	Fragment string // of Note: only that heading's section, or block (^id), as written
	Anchor   string // the HTML id of that heading or block
	Asset    string // an image or other file: its path below content/
	Image    bool
	Width    string // ![[image.png|300]], ![[image.png|300x200]]
	Height   string
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
		t, _, inside := s.FindTable(p, l.Target)
		switch {
		case !inside:
			diags.Outsidef(l.Pos, "embed: %q points outside the site folder", l.Target)
			return nil
		case t == nil:
			diags.Notef(l.Pos, "embed: no data file %s (looked in data/ and next to the brief)", l.Target)
			return nil
		}
		return &Embed{Table: &DataTable{Table: t, Columns: AllColumns(t), Rows: t.Rows}}
	case strings.HasSuffix(strings.ToLower(strings.TrimSuffix(l.Target, ".md")), ".excalidraw"):
		// An Excalidraw drawing is not a note: show the image Excalidraw
		// exports beside it (its auto-export setting), if there is one.
		d := strings.TrimSuffix(l.Target, ".md")
		plain := d[:len(d)-len(".excalidraw")]
		for _, name := range []string{d + ".svg", d + ".png", plain + ".svg", plain + ".png"} {
			if rel, found, _ := s.assets.find(p.Rel, name); found {
				s.usedAssets[rel] = true
				e := &Embed{Asset: rel, Image: true, Name: path.Base(plain)}
				e.Width, e.Height = imageSize(l.Label)
				return e
			}
		}
		warnLink(diags, l.Pos, "embed: no image exported from the drawing %s (turn on Excalidraw's auto-export to SVG or PNG)", l.Target)
		return nil
	case isFile(l.Target) && noNote(idx, l.Target, p):
		rel, found, inside := s.assets.find(p.Rel, l.Target)
		switch {
		case !inside:
			outside(diags, p, l, "embed")
			return nil
		case !found:
			warnLink(diags, l.Pos, "embed: no file %s in the content folder", l.Target)
			return nil
		}
		s.usedAssets[rel] = true
		e := &Embed{Asset: rel, Image: imageExts[ext], Name: path.Base(rel)}
		if e.Image {
			e.Width, e.Height = imageSize(l.Label)
		}
		return e
	}
	t, _ := idx.lookup(l.Target, p)
	if l.Target == "" {
		t = p // ![[#Section]]: a section of this note
	}
	if t != nil && t.Withheld(s.Options.Audience) {
		diags.Audiencef(l.Pos, "embed: %s", withheld("embed", l.Target, t, s.Options.Audience))
		return nil
	}
	if t == nil || t.Hidden(s.Options.Drafts) {
		warnLink(diags, l.Pos, "embed: no brief matches %q", l.Target)
		return nil
	}
	anchor := ""
	if l.Fragment != "" {
		var ok bool
		if anchor, ok = findHeading(t, l.Fragment); !ok {
			what := "heading"
			if strings.HasPrefix(l.Fragment, "^") {
				what = "block"
			}
			warnLink(diags, l.Pos, "embed: %s has no %s %q", "content/"+t.Rel, what, l.Fragment)
			return nil
		}
	}
	return &Embed{Note: t, Fragment: l.Fragment, Anchor: anchor, Name: t.Title}
}

// imageSize reads an image embed's size, "300" or "300x200" after the |.
func imageSize(label string) (width, height string) {
	w, h, _ := strings.Cut(strings.TrimSpace(label), "x")
	digits := func(s string) bool { return s != "" && len(s) <= 5 && strings.Trim(s, "0123456789") == "" }
	if !digits(w) {
		return "", ""
	}
	if !digits(h) {
		h = ""
	}
	return w, h
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
			if e.Note == p && e.Fragment != "" && !inSection(p, e.Fragment, p.Links[i].Pos) {
				continue // another section of the same note: not a cycle
			}
			switch state[e.Note] {
			case 1:
				l := p.Links[i]
				name := l.Target
				if l.Fragment != "" {
					name += "#" + l.Fragment
				}
				warnLink(diags, l.Pos, "embed: ![[%s]] would show %s inside itself (a cycle of embeds); left as a link", name, "content/"+e.Note.Rel)
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

// inSection reports whether pos, in p, lies in the section of p that
// heading frag starts (up to the next heading of the same or a higher
// level).
func inSection(p *Page, frag string, pos diag.Pos) bool {
	id, ok := findHeading(p, frag)
	if !ok {
		return false
	}
	for i, h := range p.Headings {
		if h.ID != id {
			continue
		}
		if pos.Line < h.Pos.Line {
			return false
		}
		for _, next := range p.Headings[i+1:] {
			if next.Level <= h.Level {
				return pos.Line < next.Pos.Line
			}
		}
		return true
	}
	return false
}

// AllColumns lists every column of t, in order.
func AllColumns(t *data.Table) []int {
	cols := make([]int, len(t.Columns))
	for i := range cols {
		cols[i] = i
	}
	return cols
}

// embeds finds what each ![[…]] embed of p shows.
func (s *Site) embeds(p *Page, idx *index, diags *diag.List) {
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
