package site

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// SourcesURL is the URL of the site-wide sources page.
const SourcesURL = "sources/"

// Reference is a numbered entry of a page's reference list; its anchor
// is ref-Num.
type Reference struct {
	Num    int
	Source brief.Source
	Cited  bool // cited in the body
	// Author and Year label the work in author-date citations ("USGS",
	// "2026", "2026a" when the page cites two works of USGS of 2026).
	Author, Year string
	// Backlinks are the citations of the work, in the order of the text:
	// the reference links back to each.
	Backlinks []Backlink
}

// Backlink is a link from a reference back to one citation of it.
type Backlink struct {
	// ID is the citation's anchor, N its number among the citations of
	// the work (from 1) and Mark the letter the link shows ("a", "b"…).
	ID   string
	N    int
	Mark string
}

// mark is the letter of the nth backlink: a…z, then aa, ab…
func mark(n int) string {
	s := ""
	for n++; n > 0; n = (n - 1) / 26 {
		s = string(rune('a'+(n-1)%26)) + s
	}
	return s
}

// CiteRef is what one item of a citation refers to.
type CiteRef struct {
	// Num is the number of its Reference, 0 where no source has the id.
	Num int
	// Anchor is the id of this citation in the page (cite-Num-K for the
	// Kth citation of the work), which the reference links back to.
	Anchor string
}

// AuthorDate reports whether citations read "(USGS 2026)" rather than
// "[1]" (citation_style: author-date).
func (c Config) AuthorDate() bool { return c.CitationStyle == "author-date" }

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

// sources numbers each page's references, checks every citation, and
// collects the sources page. A citation names a source of the brief's own
// front matter, else an entry of the site's bibliography, else a source
// another brief defines.
//
// In the numeric style, the cited sources come first, in the order of
// first citation, then the brief's other sources. In the author-date
// style, all of them are sorted by author, year and title, and two works
// of one author and year get the years 2026a and 2026b.
func (s *Site) sources(diags *diag.List) {
	bib := map[string]brief.Source{}
	for _, src := range s.Options.Bibliography {
		if first, ok := bib[src.ID]; ok {
			diags.Notef(src.Pos, "bibliography: id %q is defined twice (first at %s); the first is used", src.ID, first.Pos)
			continue
		}
		bib[src.ID] = src
	}
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
		} else if e.Source.Pos.File == "" && src.Pos.File != "" {
			e.Source = src // the bibliography's entry describes the work best
		}
		if src.ID != "" && !slices.Contains(e.IDs, src.ID) {
			e.IDs = append(e.IDs, src.ID)
		}
		if !slices.Contains(e.Pages, p) {
			e.Pages = append(e.Pages, p)
		}
	}
	authorDate := s.Config.AuthorDate()
	for _, p := range s.Pages {
		if len(p.Sources) == 0 && len(p.Citations) == 0 {
			continue
		}
		own := map[string]brief.Source{}
		for _, src := range p.Sources {
			if src.ID != "" {
				own[src.ID] = src
			}
		}
		// First the works, in order of first citation, and which each
		// citation item names (an index in refs, -1 for none).
		var refs []Reference
		index := map[string]int{} // source key -> index in refs
		named := make([][]int, len(p.Citations))
		for i, c := range p.Citations {
			for j, it := range c.Items {
				src, ok := own[it.ID]
				if !ok {
					src, ok = bib[it.ID]
				}
				if !ok {
					src, ok = byID[it.ID]
				}
				if !ok && c.Narrative {
					// @name in running text: a citation only when a
					// source has the id, else text (a handle, a name).
					named[i] = append(named[i], -1)
					continue
				}
				if !ok {
					pos := c.Pos
					if j < len(c.ItemPos) {
						pos = c.ItemPos[j]
					}
					diags.Notef(pos, "cite: no source has id %q; add it to sources: in the front matter (id: %s) or to the site's bibliography", it.ID, it.ID)
					named[i] = append(named[i], -1)
					continue
				}
				k := sourceKey(src)
				if _, seen := index[k]; !seen {
					index[k] = len(refs)
					refs = append(refs, Reference{Source: src, Cited: true})
				}
				named[i] = append(named[i], index[k])
				add(src, p)
			}
		}
		for _, src := range p.Sources {
			k := sourceKey(src)
			if _, seen := index[k]; !seen {
				index[k] = len(refs)
				refs = append(refs, Reference{Source: src})
			}
			add(src, p)
		}
		for i := range refs {
			refs[i].Author, refs[i].Year = refs[i].Source.AuthorLabel(), refs[i].Source.Year()
		}
		order := make([]int, len(refs)) // order[k]: the index in refs of the kth reference listed
		for i := range order {
			order[i] = i
		}
		if authorDate {
			slices.SortStableFunc(order, func(a, b int) int {
				x, y := refs[a], refs[b]
				return cmp.Or(
					strings.Compare(strings.ToLower(x.Author), strings.ToLower(y.Author)),
					strings.Compare(x.Year, y.Year),
					strings.Compare(strings.ToLower(x.Source.Title), strings.ToLower(y.Source.Title)))
			})
			// Two works of one author and year: 2026a, 2026b.
			for k := 0; k < len(order); {
				n := k + 1
				for n < len(order) && strings.EqualFold(refs[order[n]].Author, refs[order[k]].Author) && refs[order[n]].Year == refs[order[k]].Year {
					n++
				}
				if n-k > 1 {
					for m := k; m < n; m++ {
						refs[order[m]].Year += string(rune('a' + min(m-k, 25)))
					}
				}
				k = n
			}
		}
		num := make([]int, len(refs))
		p.References = make([]Reference, len(refs))
		for k, i := range order {
			num[i] = k + 1
			p.References[k] = refs[i]
			p.References[k].Num = k + 1
		}
		p.Cites = make([][]CiteRef, len(p.Citations))
		for i, items := range named {
			for _, r := range items {
				if r < 0 {
					p.Cites[i] = append(p.Cites[i], CiteRef{})
					continue
				}
				ref := &p.References[num[r]-1]
				n := len(ref.Backlinks)
				anchor := "cite-" + strconv.Itoa(ref.Num) + "-" + strconv.Itoa(n+1)
				ref.Backlinks = append(ref.Backlinks, Backlink{ID: anchor, N: n + 1, Mark: mark(n)})
				p.Cites[i] = append(p.Cites[i], CiteRef{Num: ref.Num, Anchor: anchor})
			}
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
