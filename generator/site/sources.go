package site

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// SourcesURL is the URL of the site-wide sources page.
const SourcesURL = "sources/"

// Reference is a numbered entry of a page's reference list.
type Reference struct {
	Num    int
	Source brief.Source
	Cited  bool // cited in the body with [@id]
}

// SourceEntry is one source on the sources page, with the pages that list
// or cite it. Sources with one URL are one entry, whatever their ids.
type SourceEntry struct {
	Key    string
	Source brief.Source
	IDs    []string // the ids it has in briefs' sources, sorted
	Pages  []*Page
}

// SourceGroup is the sources whose publishers start with one letter, on
// the sources page (an index, as in a book: publishers are too many and
// too varied to be headings).
type SourceGroup struct {
	Letter  string // "A"…, "#" for a digit or symbol, "" for no publisher
	Entries []*SourceEntry
}

// letterOf is the index letter of a publisher.
func letterOf(publisher string) string {
	if publisher == "" {
		return ""
	}
	return IndexLetter(publisher)
}

// IndexLetter is the letter s is listed under in an index, as in a book:
// its first letter upper-cased without accents ("É" is "E"), its first
// character in a script without case (Chinese, Japanese…), "#" for a
// digit or symbol.
func IndexLetter(s string) string {
	r, _ := utf8.DecodeRuneInString(strings.TrimSpace(s))
	if !unicode.IsLetter(r) {
		return "#"
	}
	base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r)))
	if u := unicode.ToUpper(base); unicode.IsUpper(u) {
		return string(u)
	}
	return string(r)
}

// entryKey identifies a source on the sources page: its URL (without a
// fragment or a final /, any scheme), else sourceKey.
func entryKey(s brief.Source) string {
	if u := strings.TrimSpace(s.URL); u != "" {
		u, _, _ = strings.Cut(u, "#")
		u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
		return "url:" + strings.ToLower(strings.TrimSuffix(u, "/"))
	}
	return sourceKey(s)
}

// sourceKey identifies a source across briefs: its id, else its URL, else
// its title.
func sourceKey(s brief.Source) string {
	switch {
	case s.ID != "":
		return "id:" + s.ID
	case s.URL != "":
		return "url:" + s.URL
	}
	return "title:" + strings.ToLower(s.Title)
}

// sources numbers each page's references (cited sources first, in the order
// of first citation, then the rest of its sources), checks every citation,
// and collects the sources page. A citation may name a source defined in
// another brief's front matter.
func (s *Site) sources(diags *diag.List) {
	byID := map[string]brief.Source{}
	entries := map[string]*SourceEntry{}
	for _, p := range s.Pages {
		for _, src := range p.Sources {
			if src.ID != "" {
				if _, ok := byID[src.ID]; !ok {
					byID[src.ID] = src
				}
			}
		}
	}
	add := func(src brief.Source, p *Page) {
		k := entryKey(src)
		e, ok := entries[k]
		if !ok {
			e = &SourceEntry{Key: k, Source: src}
			entries[k] = e
		}
		if src.ID != "" && !slices.Contains(e.IDs, src.ID) {
			e.IDs = append(e.IDs, src.ID)
		}
		if !slices.Contains(e.Pages, p) {
			e.Pages = append(e.Pages, p)
		}
	}
	for _, p := range s.Pages {
		if len(p.Sources) == 0 && len(p.Citations) == 0 {
			continue
		}
		num := map[string]int{} // source key -> reference number
		own := map[string]brief.Source{}
		for _, src := range p.Sources {
			if src.ID != "" {
				own[src.ID] = src
			}
		}
		p.Cites = make([][]int, len(p.Citations))
		for i, c := range p.Citations {
			for _, id := range c.IDs {
				src, ok := own[id]
				if !ok {
					src, ok = byID[id]
				}
				if !ok {
					diags.Notef(c.Pos, "cite: no source has id %q; add it to sources: in the front matter (id: %s)", id, id)
					p.Cites[i] = append(p.Cites[i], 0)
					continue
				}
				k := sourceKey(src)
				if num[k] == 0 {
					p.References = append(p.References, Reference{Num: len(p.References) + 1, Source: src, Cited: true})
					num[k] = len(p.References)
				}
				p.Cites[i] = append(p.Cites[i], num[k])
				add(src, p)
			}
		}
		for _, src := range p.Sources {
			k := sourceKey(src)
			if num[k] == 0 {
				p.References = append(p.References, Reference{Num: len(p.References) + 1, Source: src})
				num[k] = len(p.References)
			}
			add(src, p)
		}
	}
	for _, e := range entries {
		slices.SortFunc(e.Pages, byTitle)
		slices.Sort(e.IDs)
		s.Sources = append(s.Sources, e)
	}
	publisher := func(e *SourceEntry) string { return strings.TrimSpace(e.Source.Publisher) }
	unpublished := func(e *SourceEntry) int {
		if publisher(e) == "" {
			return 1 // sources without a publisher go last
		}
		return 0
	}
	slices.SortFunc(s.Sources, func(a, b *SourceEntry) int {
		return cmp.Or(
			cmp.Compare(unpublished(a), unpublished(b)),
			strings.Compare(strings.ToLower(publisher(a)), strings.ToLower(publisher(b))),
			strings.Compare(strings.ToLower(a.Source.Title), strings.ToLower(b.Source.Title)),
			strings.Compare(a.Key, b.Key))
	})
	for _, e := range s.Sources {
		n := len(s.SourceGroups)
		if l := letterOf(publisher(e)); n == 0 || s.SourceGroups[n-1].Letter != l {
			s.SourceGroups = append(s.SourceGroups, SourceGroup{Letter: l})
			n++
		}
		s.SourceGroups[n-1].Entries = append(s.SourceGroups[n-1].Entries, e)
	}
}
