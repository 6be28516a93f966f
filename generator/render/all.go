package render

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lodestone-ssg/lodestone/generator/site"
)

// The A to Z list (site.AllURL): every brief by title, under its index
// letter, in pages of site.AllPageSize. It is where the home page's
// untyped briefs and the side navigation's longest folders lead, so no
// page has to list a whole vault.

// PageOf is one page of the A to Z list among the others.
type PageOf struct {
	Num   int    // from 1
	URL   string // site URL
	Href  string // URL relative to the page it is listed on
	Label string // the letters it covers: "A–F"
}

// Pager is the page numbers of a list in pages (the A to Z list, the
// parts of a long timeline), on each of its pages.
type Pager struct {
	Pages []PageOf
	Num   int    // this page's
	Name  string // the navigation's label: "Pages of the list"
}

// Prev and Next are the neighbouring pages, or nil.
func (p *Pager) Prev() *PageOf {
	if p.Num > 1 {
		return &p.Pages[p.Num-2]
	}
	return nil
}

func (p *Pager) Next() *PageOf {
	if p.Num < len(p.Pages) {
		return &p.Pages[p.Num]
	}
	return nil
}

// listedBriefs are the briefs of the site that lists show: not folder or
// tag introductions.
func listedBriefs(s *site.Site) []*site.Page {
	var ps []*site.Page
	for _, p := range s.Pages {
		if p.SectionOf == nil && p.TagOf == nil {
			ps = append(ps, p)
		}
	}
	type keyed struct {
		key string
		p   *site.Page
	}
	ks := make([]keyed, len(ps))
	for i, p := range ps {
		ks[i] = keyed{indexKey(p.Title), p}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(naturalCompare(a.key, b.key), cmp.Compare(a.p.URL, b.p.URL))
	})
	for i, k := range ks {
		ps[i] = k.p
	}
	return ps
}

// indexKey is a title as an index sorts it: lower-case, accents off
// ("Éclair" among the e's), digits and symbols first.
func indexKey(title string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(strings.TrimSpace(title))) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	k := b.String()
	if site.IndexLetter(title) == "#" {
		return "\x00" + k
	}
	return k
}

// naturalCompare compares a and b with runs of digits as numbers:
// "note 2" before "note 10".
func naturalCompare(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if c := cmp.Or(cmp.Compare(len(na), len(nb)), cmp.Compare(na, nb)); c != 0 {
				return c
			}
			a, b = a[da:], b[db:]
			continue
		}
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(ra, rb)
		}
		a, b = a[sa:], b[sb:]
	}
	return cmp.Compare(len(a), len(b))
}

// digits is the length of the run of ASCII digits a starts with.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// allPages are the pages of the A to Z list, or none for a site without
// briefs.
func allPages(s *site.Site, briefs []*site.Page) []*Page {
	if len(briefs) == 0 {
		return nil
	}
	n := (len(briefs) + site.AllPageSize - 1) / site.AllPageSize
	pager := make([]PageOf, n)
	var pages []*Page
	for i := range n {
		chunk := briefs[i*site.AllPageSize : min((i+1)*site.AllPageSize, len(briefs))]
		url := site.AllURL
		title := "All briefs"
		if i > 0 {
			url += strconv.Itoa(i+1) + "/"
		}
		if n > 1 {
			title += " (" + strconv.Itoa(i+1) + " of " + strconv.Itoa(n) + ")"
		}
		first, last := site.IndexLetter(chunk[0].Title), site.IndexLetter(chunk[len(chunk)-1].Title)
		label := first
		if last != first {
			label += "–" + last
		}
		pager[i] = PageOf{Num: i + 1, URL: url, Label: label}
		var groups []Group
		for _, b := range chunk {
			l := site.IndexLetter(b.Title)
			if k := len(groups); k == 0 || groups[k-1].Title != l {
				id := "letter-" + l
				if l == "#" {
					id = "letter-digits"
				}
				groups = append(groups, Group{Title: l, ID: id})
			}
			g := &groups[len(groups)-1]
			g.Pages = append(g.Pages, b)
			g.Total++
		}
		pages = append(pages, &Page{Kind: "all", Title: title, URL: url, Groups: groups, Pager: &Pager{Pages: pager, Num: i + 1, Name: "Pages of the list"}})
	}
	for _, p := range pages {
		own := slices.Clone(pager)
		for i := range own {
			own[i].Href = s.Link(p.URL, own[i].URL)
		}
		p.Pager.Pages = own
	}
	return pages
}
