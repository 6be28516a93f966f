package site

import (
	"hash/maphash"
	"path"
	"reflect"
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
)

// The live preview builds the site again after every save. Resolving every
// link of every brief is most of that work at 10,000 briefs, and most of it
// gives the same answer as last time. A link's result depends only on the
// brief that makes it, on the briefs the index holds under the name it
// looks up, and on the headings and block ids of the brief it finds. So
// New, given the previous site (Options.Prev), resolves again only
//   - the briefs that changed (or are new), and
//   - the briefs with a link that looks up a name (a path, file name, title
//     or alias) of a brief that was added or removed, or whose names,
//     headings or block ids changed (a link finds its target by one of
//     the target's names, so this covers links into changed headings);
// the others keep last build's results. The set of other files (images),
// the settings (lodestone.yaml) and the options must be the same, and the
// same note must be the home page, else everything is resolved again.

// linkResult is what resolving one brief's links found, kept for the next
// build: the same as resolved (its targets are the pages of the build that
// kept it: the next build finds its own by reuse.page), and the names its
// links looked up, hashed (keyHash).
type linkResult struct {
	resolved
	dests []string
	keys  []uint64
}

// keySeed hashes index keys for linkResult.keys: a collision only makes a
// brief's links resolved again.
var keySeed = maphash.MakeSeed()

func keyHash(k string) uint64 { return maphash.String(keySeed, k) }

// reuse is what New may keep from the previous site.
type reuse struct {
	prev *Site
	// keys are the index names whose briefs may have changed, hashed.
	keys map[uint64]bool
	// changed are the files whose brief changed, or is new, or went; old
	// are prev's briefs of those files (nil for a new one).
	changed map[string]bool
	old     map[string]*brief.Brief
	// urls is set when a page may have a new URL, or be new or gone: a
	// brief was added or removed, or changed its path, slug or draft state.
	urls bool
	// now holds this build's page of each page of prev, by its place in
	// prev.all (nil if it went), and was the reverse, by place in New's
	// all (nil if new). The files of both lists are sorted, so they are
	// matched in one pass; when they are the same files, the lists
	// themselves serve.
	now, was []*Page
	// pages are this build's pages by file (New's pages).
	pages map[string]*Page
}

// reusable returns what of prev still holds for s, whose pages are all
// (every brief's, sorted by file; see above) and pages (the same by
// file), given the other files of content/ and the home page's note (nil
// for none), or nil.
func reusable(s *Site, all []*Page, pages map[string]*Page, contentFiles []string, home *Page) *reuse {
	prev, opts := s.Options.Prev, s.Options
	if prev == nil || prev.links == nil ||
		prev.Options.Drafts != opts.Drafts || prev.Options.Audience != opts.Audience || prev.Options.Strict != opts.Strict || prev.Options.ExplicitIndex != opts.ExplicitIndex ||
		prev.Options.Name != opts.Name || prev.Options.Changes != opts.Changes || !reflect.DeepEqual(prev.Options.Bibliography, opts.Bibliography) ||
		!reflect.DeepEqual(prev.Config, s.Config) || prev.home != fileOf(home) || !slices.Equal(prev.contentFiles, contentFiles) {
		return nil
	}
	r := &reuse{prev: prev, keys: map[uint64]bool{}, changed: map[string]bool{}, old: map[string]*brief.Brief{}, now: all, was: prev.all, pages: pages}
	same := len(prev.all) == len(all)
	for i := 0; same && i < len(all); i++ {
		same = prev.all[i].File == all[i].File
	}
	if !same {
		r.now, r.was = make([]*Page, len(prev.all)), make([]*Page, len(all))
		for i, j := 0, 0; i < len(prev.all) || j < len(all); {
			c := -1 // prev.all[i] went
			if i == len(prev.all) {
				c = 1 // all[j] is new
			} else if j < len(all) {
				c = strings.Compare(prev.all[i].File, all[j].File)
			}
			switch c {
			case 0:
				r.now[i], r.was[j] = all[j], prev.all[i]
				i, j = i+1, j+1
			case -1:
				o := prev.all[i].Brief
				r.names(o)
				r.changed[o.File], r.old[o.File] = true, o
				r.urls = true
				i++
			default:
				j++
			}
		}
	}
	for i, p := range all {
		var o *brief.Brief
		if op := r.was[i]; op != nil {
			o = op.Brief
		}
		if o != p.Brief {
			r.compare(o, p.Brief)
		}
	}
	return r
}

// compare records that b, whose brief was o in prev (nil if new), changed.
func (r *reuse) compare(o, b *brief.Brief) {
	switch {
	case o == nil: // new
		r.names(b)
		r.urls = true
	case !sameNames(o, b):
		r.names(o)
		r.names(b)
		r.urls = r.urls || o.Rel != b.Rel || o.Slug != b.Slug || o.Permalink != b.Permalink || o.Draft != b.Draft || o.Unpublished != b.Unpublished || o.Audience != b.Audience
	}
	r.changed[b.File] = true
	r.old[b.File] = o
}

// page returns this build's page of the file of p, a page of prev, or nil
// if it went.
func (r *reuse) page(p *Page) *Page { return r.now[p.ord] }

// page0 returns prev's page of the file of p, a page of this build, or nil
// if it is new.
func (r *reuse) page0(p *Page) *Page { return r.was[p.ord] }

// generated adds to r.keys the names of the pages Lodestone makes (tags,
// folders: index.generated) that are new, gone or moved since prev.
func (r *reuse) generated(now map[string]string) {
	if r == nil {
		return
	}
	var was map[string]string
	if r.prev.idx != nil {
		was = r.prev.idx.generated
	}
	changed := func(k string) {
		// [[folder/]] looks up "folder/", found as "folder".
		r.keys[keyHash(k)], r.keys[keyHash(k+"/")] = true, true
	}
	for k, u := range now {
		if was[k] != u {
			changed(k)
		}
	}
	for k := range was {
		if _, ok := now[k]; !ok {
			changed(k)
		}
	}
}

// names adds every name the index holds b under (indexNames) to r.keys.
func (r *reuse) names(b *brief.Brief) {
	for _, n := range indexNames(b) {
		r.keys[keyHash(key(n.name))] = true
	}
}

// kept returns p's result from the previous build, if it still holds.
func (r *reuse) kept(p *Page) (*linkResult, bool) {
	if r == nil {
		return nil, false
	}
	o := r.page0(p)
	if o == nil || o.Brief != p.Brief {
		return nil, false // new or changed
	}
	lr := r.prev.links[o.ord]
	if lr == nil {
		return nil, false // not published last time
	}
	if len(r.keys) > 0 {
		for _, k := range lr.keys {
			if r.keys[k] {
				return nil, false
			}
		}
	}
	return lr, true
}

// sameNames reports whether a and b are called the same: everything a
// link to either can find it by, or point into it with.
func sameNames(a, b *brief.Brief) bool {
	return a.Rel == b.Rel && a.Title == b.Title && a.Slug == b.Slug && a.Permalink == b.Permalink && a.Draft == b.Draft && a.Unpublished == b.Unpublished && a.Audience == b.Audience &&
		slices.Equal(a.Aliases, b.Aliases) && slices.Equal(a.BlockIDs, b.BlockIDs) &&
		slices.EqualFunc(a.Headings, b.Headings, func(x, y brief.Heading) bool { return x.ID == y.ID && x.Text == y.Text })
}

// result keeps r, found for p, for the next build.
func result(p *Page, r resolved) *linkResult {
	lr := &linkResult{resolved: r, dests: p.Dests}
	lr.targets = slices.Clip(lr.targets)
	for _, l := range p.Links {
		switch {
		case l.Target == "" || l.Kind == brief.Image || l.Kind == brief.Embed:
		case l.Kind == brief.MarkdownLink:
			if rel, ok := joinInside(path.Dir(p.Rel), l.Target); ok {
				lr.keys = append(lr.keys, keyHash(lookupKey(rel)))
			}
		default:
			k, _, _ := linkKey(l.Target, p.Rel)
			lr.keys = append(lr.keys, keyHash(k))
		}
	}
	return lr
}

// restore applies a result kept by the last build to p, whose brief it
// was found for. It returns the result with this build's pages, for p
// and for the next build.
func (r *reuse) restore(lr *linkResult, p *Page) (resolved, *linkResult) {
	p.Dests = lr.dests
	n := *lr
	n.targets = make([]*Page, len(lr.targets))
	for i, t := range lr.targets {
		n.targets[i] = r.page(t)
	}
	return n.resolved, &n
}

// keepTimeline makes the site timeline from prev's, if no brief's events
// changed and no brief with events was added or removed: the events are
// given this build's pages, and only the events of the dates of a brief
// whose title (which orders events of one date) changed are sorted and
// merged again. It reports whether it could.
func (s *Site) keepTimeline(r *reuse) bool {
	if r == nil {
		return false
	}
	resort := map[int][]brief.Date{} // by year
	for f := range r.changed {
		o, p := r.old[f], r.pages[f]
		if o == nil || p == nil {
			if (o != nil && len(o.Events) > 0) || (p != nil && len(p.Events) > 0) {
				return false // added or removed with events
			}
			continue
		}
		if !slices.EqualFunc(o.Events, p.Events, func(x, y brief.Event) bool {
			return sameDate(x.Date, y.Date) && x.Title == y.Title && x.Note == y.Note && x.Status == y.Status
		}) || len(o.Events) > 0 && (o.Draft != p.Draft || o.Unpublished != p.Unpublished || o.Audience != p.Audience || o.Rel != p.Rel || o.Slug != p.Slug || o.Permalink != p.Permalink) {
			return false
		}
		if o.Title != p.Title {
			for _, e := range p.Events {
				resort[e.Date.Year] = append(resort[e.Date.Year], e.Date)
			}
		}
	}
	s.Timeline = make([]*Year, len(r.prev.Timeline))
	for i, y := range r.prev.Timeline {
		ny := &Year{Year: y.Year, Events: make([]Event, len(y.Events))}
		for j, e := range y.Events {
			ny.Events[j] = e.onPages(r)
		}
		if dates := resort[y.Year]; dates != nil {
			ny.Events = resortDates(ny.Events, dates)
		}
		s.Timeline[i] = ny
	}
	return true
}

// resortDates sorts and merges again the events of evs (sorted and merged)
// that fall on one of dates: events of other dates keep their place.
func resortDates(evs []Event, dates []brief.Date) []Event {
	out := make([]Event, 0, len(evs))
	for i := 0; i < len(evs); {
		d := evs[i].Date
		j := i + 1
		for j < len(evs) && evs[j].Date.Compare(d) == 0 {
			j++
		}
		run := evs[i:j]
		if slices.ContainsFunc(dates, func(x brief.Date) bool { return x.Compare(d) == 0 }) {
			// Merged events may merge otherwise in the new order.
			run = flatten(run)
			slices.SortFunc(run, eventOrder)
			run = merge(run)
		}
		out = append(out, run...)
		i = j
	}
	return slices.Clip(out)
}

// onPages is e (with its Also) given this build's pages.
func (e Event) onPages(r *reuse) Event {
	n := Event{Event: e.Event, Page: r.page(e.Page)}
	for _, a := range e.Also {
		n.Also = append(n.Also, a.onPages(r))
	}
	return n
}

func sameDate(a, b brief.Date) bool {
	if (a.End == nil) != (b.End == nil) || a.End != nil && !sameDate(*a.End, *b.End) {
		return false
	}
	a.End, b.End = nil, nil
	return a == b
}

// keepTaxonomies makes the site's tags and types from prev's, if the same
// pages are published at the same URLs in the same order and no brief
// changed its type or tags: the terms are given this build's pages, and
// only the terms of a brief whose title changed are sorted again. It
// reports whether it could.
func (s *Site) keepTaxonomies(r *reuse, order bool) bool {
	if r == nil || !order {
		return false
	}
	var retitled []*Page
	for f := range r.changed {
		o, p := r.old[f], r.pages[f]
		if o == nil || p == nil || o.Type != p.Type || !slices.Equal(o.Tags, p.Tags) {
			return false
		}
		if o.Title != p.Title {
			retitled = append(retitled, p)
		}
	}
	terms := map[*Term]*Term{}
	onPages := func(old []*Term) []*Term {
		out := make([]*Term, len(old))
		for i, t := range old {
			n := &Term{Name: t.Name, URL: t.URL, Pages: make([]*Page, len(t.Pages))}
			for j, p := range t.Pages {
				n.Pages[j] = r.page(p)
			}
			if t.Intro != nil {
				n.Intro = r.page(t.Intro)
				n.Intro.TagOf = n
			}
			terms[t], out[i] = n, n
		}
		return out
	}
	s.Tags, s.Types = onPages(r.prev.Tags), onPages(r.prev.Types)
	for i, o := range r.prev.Pages {
		p := s.Pages[i]
		if o.TypeTerm != nil {
			p.TypeTerm = terms[o.TypeTerm]
		}
		if len(o.TagTerms) > 0 {
			p.TagTerms = make([]*Term, len(o.TagTerms))
			for j, t := range o.TagTerms {
				p.TagTerms[j] = terms[t]
			}
		}
	}
	sorted := map[*Term]bool{}
	for _, p := range retitled {
		for _, t := range append([]*Term{p.TypeTerm}, p.TagTerms...) {
			if t != nil && !sorted[t] {
				sorted[t] = true
				slices.SortFunc(t.Pages, byTitle)
			}
		}
	}
	return true
}

// fileOf is p's file, or "" for nil.
func fileOf(p *Page) string {
	if p == nil {
		return ""
	}
	return p.File
}
