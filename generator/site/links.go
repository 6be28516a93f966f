package site

import (
	"cmp"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/slug"
)

// index finds pages by the names writers link with. Keys are lower-case.
// Tiers are tried in order: path, title, file name, alias; the first tier
// with a match decides.
type index struct {
	tiers [4]map[string][]*Page
}

func newIndex(n int) *index {
	var x index
	for i := range x.tiers {
		x.tiers[i] = make(map[string][]*Page, n)
	}
	return &x
}

func key(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// lookupKey is the index key a link target looks up.
func lookupKey(target string) string {
	k := key(target)
	k = strings.TrimPrefix(strings.TrimPrefix(k, "./"), "/")
	return strings.TrimSuffix(k, ".md")
}

func (x *index) put(tier int, k string, p *Page) {
	if k = key(k); k == "" {
		return
	}
	if !slices.Contains(x.tiers[tier][k], p) {
		x.tiers[tier][k] = append(x.tiers[tier][k], p)
	}
}

func (x *index) add(p *Page) {
	for _, n := range indexNames(p.Brief) {
		x.put(n.tier, n.name, p)
	}
}

// indexName is one name a brief is found by, in the index tier it is in.
type indexName struct {
	tier int
	name string
}

// indexNames lists the names the index holds b under: its path (and, for
// an index.md, its folder's), its title, its file (or folder) name and its
// aliases, by tier.
func indexNames(b *brief.Brief) []indexName {
	stem := strings.TrimSuffix(b.Rel, ".md")
	out := []indexName{{0, stem}}
	name := path.Base(stem)
	if name == "index" {
		dir := path.Dir(stem)
		out = append(out, indexName{0, dir})
		if dir != "." {
			name = path.Base(dir)
		} else {
			name = ""
		}
	}
	out = append(out, indexName{1, b.Title}, indexName{2, name})
	for _, a := range b.Aliases {
		out = append(out, indexName{3, a})
	}
	return out
}

// lookup returns the page target names, and the other candidates when the
// name is ambiguous.
func (x *index) lookup(target string) (*Page, []*Page) {
	k := lookupKey(target)
	for _, tier := range x.tiers {
		c := tier[k]
		if len(c) == 0 {
			continue
		}
		if len(c) == 1 {
			return c[0], nil
		}
		c = slices.Clone(c)
		slices.SortFunc(c, func(a, b *Page) int {
			return cmp.Or(cmp.Compare(strings.Count(a.Rel, "/"), strings.Count(b.Rel, "/")), cmp.Compare(a.Rel, b.Rel))
		})
		return c[0], c
	}
	return nil, nil
}

func findHeading(p *Page, frag string) (string, bool) {
	if u, err := url.PathUnescape(frag); err == nil {
		frag = u // [[Note#Vector%20form]]
	}
	if i := strings.LastIndexByte(frag, '#'); i >= 0 {
		frag = frag[i+1:] // [[Note#Part#Section]]: Section, under Part
	}
	if id, ok := strings.CutPrefix(frag, "^"); ok { // a block reference
		if slices.Contains(p.BlockIDs, id) {
			return markdown.BlockAnchor(id), true
		}
		return "", false
	}
	want := slug.Anchor(frag)
	for _, h := range p.Headings {
		if h.ID == frag || h.ID == want || strings.EqualFold(h.Text, frag) {
			return h.ID, true
		}
	}
	return "", false
}

func warnLink(diags *diag.List, pos diag.Pos, format string, args ...any) {
	diags.Warnf(pos, format, args...)
	(*diags)[len(*diags)-1].Kind = "link"
}

// resolved is what resolving one page's links found.
type resolved struct {
	diags   diag.List
	targets []*Page  // pages linked to, each once, for their backlinks
	assets  []string // content files used
	n       int      // links resolved
}

// resolveLinks sets p.Dests. It reads only the index and other pages' fixed
// fields, so pages can be resolved in parallel; the caller records backlinks.
func resolveLinks(p *Page, idx *index, assets map[string]bool, opts Options) (r resolved) {
	diags := &r.diags
	p.Dests = make([]string, len(p.Links))
	for i := range p.Links {
		l := &p.Links[i]
		switch {
		case l.Kind == brief.Image:
			p.Dests[i] = resolveAsset(p, l, assets, &r)
			continue
		case l.Kind == brief.Embed:
			continue // a data file, shown by dataTables
		case l.Target == "":
			if l.Fragment == "" {
				continue
			}
			id, ok := findHeading(p, l.Fragment)
			if !ok {
				warnLink(diags, l.Pos, "link: no heading %q on this page", l.Fragment)
				if l.Kind == brief.WikiLink {
					p.Dests[i] = "#" + slug.Anchor(l.Fragment)
				}
				continue
			}
			r.n++
			p.Dests[i] = "#" + id
			continue
		}

		var target *Page
		var others []*Page
		if l.Kind == brief.MarkdownLink {
			rel, ok := joinInside(path.Dir(p.Rel), l.Target)
			if !ok {
				diags.Notef(l.Pos, "link: %q points outside the content folder", l.Target)
				continue
			}
			target, _ = idx.lookup(rel)
		} else {
			target, others = idx.lookup(l.Target)
		}
		if target == nil {
			warnLink(diags, l.Pos, "link: no brief matches %q", l.Target)
			continue
		}
		if len(others) > 1 {
			var names []string
			for _, o := range others {
				names = append(names, "content/"+o.Rel)
			}
			diags.Warnf(l.Pos, "link: %q is ambiguous; using %s (candidates: %s); link by path to choose", l.Target, "content/"+target.Rel, strings.Join(names, ", "))
		}
		if target.Draft && !opts.Drafts {
			warnLink(diags, l.Pos, "link: %q is a draft and is not published", l.Target)
			continue
		}
		dest := target.URL
		if l.Fragment != "" {
			id, ok := findHeading(target, l.Fragment)
			if !ok {
				warnLink(diags, l.Pos, "link: %s has no heading %q", "content/"+target.Rel, l.Fragment)
				id = slug.Anchor(l.Fragment)
			}
			dest += "#" + id
		}
		p.Dests[i] = link(p.URL, dest, opts.ExplicitIndex)
		r.n++
		if target != p && !slices.Contains(r.targets, target) {
			r.targets = append(r.targets, target)
		}
	}
	return r
}

func resolveAsset(p *Page, l *brief.Link, assets map[string]bool, r *resolved) string {
	rel, ok := joinInside(path.Dir(p.Rel), l.Target)
	if !ok {
		r.diags.Notef(l.Pos, "image: %q points outside the content folder", l.Target)
		return ""
	}
	if !assets[rel] {
		warnLink(&r.diags, l.Pos, "image: no file content/%s", rel)
		return ""
	}
	r.assets = append(r.assets, rel)
	r.n++
	return Rel(p.URL, rel)
}

// joinInside joins a relative link to the folder of the linking file and
// reports whether the result stays inside the content folder.
func joinInside(dir, target string) (string, bool) {
	if strings.HasPrefix(target, "/") {
		return "", false
	}
	j := path.Join(dir, target)
	if j == ".." || strings.HasPrefix(j, "../") {
		return "", false
	}
	return j, true
}

// Reachable returns the briefs of the page that name designates (as a
// [[link]] would) and of every page reachable from it by at most depth
// links. Section index pages count as briefs. The home page's brief is not
// included unless reached.
func (s *Site) Reachable(name string, depth int) (map[*brief.Brief]bool, error) {
	idx := newIndex(len(s.Pages))
	for _, p := range s.Pages {
		idx.add(p)
	}
	root, _ := idx.lookup(name)
	if root == nil {
		return nil, fmt.Errorf("--root %q: no brief has that path, title or alias", name)
	}
	keep := map[*brief.Brief]bool{root.Brief: true}
	level := []*Page{root}
	for d := 0; d < depth && len(level) > 0; d++ {
		var next []*Page
		for _, p := range level {
			for _, t := range p.Outlinks {
				if !keep[t.Brief] {
					keep[t.Brief] = true
					next = append(next, t)
				}
			}
		}
		level = next
	}
	return keep, nil
}
