package site

import (
	"cmp"
	"fmt"
	"maps"
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
// Tiers are tried in order: path, the end of a path ("folder/note" for
// content/a/folder/note.md), file name, title, alias; the first tier with a
// match decides, as in Obsidian, where a link names a file (a title or an
// alias is found only when no file has that name).
type index struct {
	// tiers hold briefs, not pages, so that the live preview's next site
	// can take the index over and change only the names of the briefs
	// that changed (see indexFor).
	tiers [5]map[string][]*brief.Brief
	// pages are the site's pages by file.
	pages map[string]*Page
	// generated finds the pages Lodestone makes by the names notes link to
	// them with: "tags/x" for the page of #x, "folder" or "folder/" for a
	// folder's page (keys as lookupKey makes them, without a final "/").
	generated map[string]string
}

const (
	tierPath = iota
	tierPathEnd
	tierFile
	tierTitle
	tierAlias
)

func newIndex(n int) *index {
	var x index
	for i := range x.tiers {
		// Every brief has a path, a file name and a title; most have no
		// folder and no alias, and a map made for n holds room for n.
		size := 0
		if i == tierPath || i == tierFile || i == tierTitle {
			size = n
		}
		x.tiers[i] = make(map[string][]*brief.Brief, size)
	}
	return &x
}

// indexFor returns the index of the pages all (by file: pages): the
// previous site's, with the names of the briefs that changed since
// changed, when r says what changed; else a new one.
func indexFor(all []*Page, pages map[string]*Page, r *reuse) *index {
	var x *index
	if r != nil && r.prev.idx != nil {
		x = &index{}
		for i, t := range r.prev.idx.tiers {
			x.tiers[i] = maps.Clone(t) // the lists change only by copy
		}
		for f := range r.changed {
			if o := r.old[f]; o != nil {
				x.drop(o)
			}
			if p := pages[f]; p != nil {
				x.add(p.Brief)
			}
		}
	} else {
		x = newIndex(len(all))
		for _, p := range all {
			x.add(p.Brief)
		}
	}
	x.pages = pages
	return x
}

func key(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// lookupKey is the index key a link target looks up.
func lookupKey(target string) string {
	k := key(target)
	k = strings.TrimPrefix(strings.TrimPrefix(k, "./"), "/")
	return strings.TrimSuffix(k, ".md")
}

// linkKey is the key a link to target from the page at rel looks up, and
// whether it looks up a path only: a target that starts with ./ or ../ is
// relative to the linking note's folder. ok is false for a relative target
// that leaves the content folder.
func linkKey(target, rel string) (k string, pathOnly, ok bool) {
	t := strings.TrimSpace(target)
	if strings.HasPrefix(t, "./") || strings.HasPrefix(t, "../") {
		j, inside := joinInside(path.Dir(rel), t)
		return lookupKey(j), true, inside
	}
	return lookupKey(t), false, true
}

func (x *index) put(tier int, k string, b *brief.Brief) {
	if k = key(k); k == "" {
		return
	}
	if c := x.tiers[tier][k]; !slices.Contains(c, b) {
		// A new list: another index may share this one (indexFor).
		x.tiers[tier][k] = append(c[:len(c):len(c)], b)
	}
}

func (x *index) add(b *brief.Brief) {
	for _, n := range indexNames(b) {
		x.put(n.tier, n.name, b)
	}
}

// drop removes b from the index.
func (x *index) drop(b *brief.Brief) {
	for _, n := range indexNames(b) {
		k := key(n.name)
		c := x.tiers[n.tier][k]
		i := slices.Index(c, b)
		switch {
		case i < 0:
		case len(c) == 1:
			delete(x.tiers[n.tier], k)
		default:
			x.tiers[n.tier][k] = slices.Delete(slices.Clone(c), i, i+1)
		}
	}
}

// indexName is one name a brief is found by, in the index tier it is in.
type indexName struct {
	tier int
	name string
}

// indexNames lists the names the index holds b under: its path (and, for
// an index.md, its folder's), the ends of its path, its file (or folder)
// name, its title and its aliases, by tier.
func indexNames(b *brief.Brief) []indexName {
	stem := strings.TrimSuffix(b.Rel, ".md")
	out := []indexName{{tierPath, stem}}
	name := path.Base(stem)
	if name == "index" {
		dir := path.Dir(stem)
		out = append(out, indexName{tierPath, dir})
		stem = dir
		if dir != "." {
			name = path.Base(dir)
		} else {
			name = ""
		}
	}
	// "b/c" for a/b/c.md ("c" is its file name, next tier).
	for i := strings.IndexByte(stem, '/'); i >= 0; {
		rest := stem[i+1:]
		j := strings.IndexByte(rest, '/')
		if j < 0 {
			break
		}
		out = append(out, indexName{tierPathEnd, rest})
		i += 1 + j
	}
	out = append(out, indexName{tierFile, name}, indexName{tierTitle, b.Title})
	for _, a := range b.Aliases {
		out = append(out, indexName{tierAlias, a})
	}
	return out
}

// lookup returns the page that a link to target from the page from (nil:
// from nowhere in particular) names, as Obsidian resolves it: among the
// pages of the first tier that has the name, the one in from's folder,
// else the one with the shortest path (then the first by path). tied
// lists the candidates when that rule did not decide.
func (x *index) lookup(target string, from *Page) (p *Page, tied []*Page) {
	rel := ""
	if from != nil {
		rel = from.Rel
	}
	k, pathOnly, ok := linkKey(target, rel)
	if !ok {
		return nil, nil
	}
	for t, tier := range x.tiers {
		if pathOnly && t != tierPath {
			break
		}
		named := tier[k]
		if len(named) == 0 {
			continue
		}
		if len(named) == 1 {
			return x.pages[named[0].File], nil
		}
		c := make([]*Page, len(named))
		for i, b := range named {
			c[i] = x.pages[b.File]
		}
		dir := path.Dir(rel)
		rank := func(p *Page) (int, int) {
			same := 1
			if from != nil && path.Dir(p.Rel) == dir {
				same = 0
			}
			return same, strings.Count(p.Rel, "/")
		}
		slices.SortFunc(c, func(a, b *Page) int {
			as, ad := rank(a)
			bs, bd := rank(b)
			return cmp.Or(cmp.Compare(as, bs), cmp.Compare(ad, bd), cmp.Compare(a.Rel, b.Rel))
		})
		as, ad := rank(c[0])
		bs, bd := rank(c[1])
		if as == bs && ad == bd {
			return c[0], c
		}
		return c[0], nil
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
func resolveLinks(p *Page, idx *index, assets *assets, opts Options) (r resolved) {
	diags := &r.diags
	p.Dests = make([]string, len(p.Links))
	for i := range p.Links {
		l := &p.Links[i]
		switch {
		case l.Kind == brief.Image:
			p.Dests[i] = resolveAsset(p, l, assets, &r, "image")
			continue
		case l.Kind == brief.Embed:
			continue // see Site.embed
		case isFile(l.Target) && (l.Kind == brief.MarkdownLink || noNote(idx, l.Target, p)):
			// [report](report.pdf), [[report.pdf]]: a file, not a note.
			p.Dests[i] = resolveAsset(p, l, assets, &r, "link")
			continue
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
			target, _ = idx.lookup(rel, nil)
		} else {
			if _, _, ok := linkKey(l.Target, p.Rel); !ok {
				diags.Notef(l.Pos, "link: %q points outside the content folder", l.Target)
				continue
			}
			target, others = idx.lookup(l.Target, p)
		}
		if target == nil && l.Kind == brief.WikiLink {
			if u, ok := idx.generated[strings.TrimSuffix(lookupKey(l.Target), "/")]; ok {
				// [[tags/x]], [[folder/]]: a page Lodestone makes.
				p.Dests[i] = link(p.URL, u, opts.ExplicitIndex)
				r.n++
				continue
			}
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
			diags.Warnf(l.Pos, "link: %q is ambiguous; using %s (candidates: %s, none in this note's folder, all as deep); link by path to choose", l.Target, "content/"+target.Rel, strings.Join(names, ", "))
		}
		if target.Withheld(opts.Audience) {
			diags.Audiencef(l.Pos, "link: %s", withheld("link", l.Target, target, opts.Audience))
			continue
		}
		if target.Hidden(opts.Drafts) {
			why := "is a draft"
			if target.Unpublished {
				why = "has publish: false"
			}
			warnLink(diags, l.Pos, "link: %q %s and is not published", l.Target, why)
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

// isFile reports whether a link target names a file other than a note
// (by its extension).
func isFile(target string) bool {
	ext := strings.ToLower(path.Ext(target))
	return ext != "" && ext != ".md" && !strings.ContainsAny(ext, " /")
}

// noNote reports whether no note is called target (so [[Dr.Who]] names a
// note if there is one).
func noNote(idx *index, target string, from *Page) bool {
	p, _ := idx.lookup(target, from)
	return p == nil
}

// resolveAsset finds the file an image or link names (see assets.find)
// and returns its URL from p's page, or "" if there is none.
func resolveAsset(p *Page, l *brief.Link, assets *assets, r *resolved, what string) string {
	rel, found, inside := assets.find(p.Rel, l.Target)
	if !found {
		if !inside {
			outside(&r.diags, p, l, what)
		} else {
			warnLink(&r.diags, l.Pos, "%s: no file %s in the content folder", what, l.Target)
		}
		return ""
	}
	r.assets = append(r.assets, rel)
	r.n++
	return Rel(p.URL, rel)
}

// outside reports l, from page p, a file to copy or show whose path leaves
// the content folder: an error if it leaves the site folder too (nothing
// there is any note's business; it is never read), else a problem confined
// to the note. (A link to a note outside is only a link: never an error.)
func outside(diags *diag.List, p *Page, l *brief.Link, what string) {
	t := l.Target
	if j := path.Join("content", path.Dir(p.Rel), t); !strings.HasPrefix(t, "/") && (j == ".." || strings.HasPrefix(j, "../")) {
		diags.Outsidef(l.Pos, "%s: %q points outside the site folder", what, t)
		return
	}
	diags.Notef(l.Pos, "%s: %q points outside the content folder", what, t)
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
	pages := make(map[string]*Page, len(s.Pages))
	for _, p := range s.Pages {
		pages[p.File] = p
	}
	root, _ := indexFor(s.Pages, pages, nil).lookup(name, nil)
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
