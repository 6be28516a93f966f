package site

import (
	"path"
	"slices"

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
// the others keep last build's results. The set of other files (images)
// and the options must be the same, else everything is resolved again.

// linkResult is what resolving one brief's links found, kept for the next
// build: the same as resolved, with the targets by file (pages are new in
// every build, and a target may have been edited since), and the names
// its links looked up.
type linkResult struct {
	resolved
	dests   []string
	targets []string
	keys    []string
}

// reuse is what New may keep from the previous site.
type reuse struct {
	prev *Site
	// keys are the index names whose briefs may have changed.
	keys map[string]bool
	// changed are the files whose brief changed, or is new, or went; old
	// are prev's briefs by file.
	changed map[string]bool
	old     map[string]*brief.Brief
	// urls is set when a page may have a new URL, or be new or gone: a
	// brief was added or removed, or changed its path, slug or draft state.
	urls bool
}

// reusable returns what of prev still holds for briefs (see above), given
// the other files of content/, or nil.
func reusable(prev *Site, briefs []*brief.Brief, contentFiles []string, opts Options) *reuse {
	if prev == nil || prev.links == nil ||
		prev.Options.Drafts != opts.Drafts || prev.Options.Audience != opts.Audience || prev.Options.Strict != opts.Strict || prev.Options.ExplicitIndex != opts.ExplicitIndex ||
		!slices.Equal(prev.contentFiles, contentFiles) {
		return nil
	}
	old := make(map[string]*brief.Brief, len(prev.briefs))
	for _, b := range prev.briefs {
		old[b.File] = b
	}
	r := &reuse{prev: prev, keys: map[string]bool{}, changed: map[string]bool{}, old: old}
	seen := make(map[string]bool, len(briefs))
	for _, b := range briefs {
		seen[b.File] = true
		o := old[b.File]
		switch {
		case o == b:
			continue
		case o == nil: // new
			r.names(b)
			r.urls = true
		case !sameNames(o, b):
			r.names(o)
			r.names(b)
			r.urls = r.urls || o.Rel != b.Rel || o.Slug != b.Slug || o.Permalink != b.Permalink || o.Draft != b.Draft || o.Unpublished != b.Unpublished || o.Audience != b.Audience
		}
		r.changed[b.File] = true
	}
	for f, o := range old {
		if !seen[f] { // removed
			r.names(o)
			r.changed[f] = true
			r.urls = true
		}
	}
	return r
}

// names adds every name the index holds b under (indexNames) to r.keys.
func (r *reuse) names(b *brief.Brief) {
	for _, n := range indexNames(b) {
		r.keys[key(n.name)] = true
	}
}

// kept returns p's result from the previous build, if it still holds.
func (r *reuse) kept(p *Page) (*linkResult, bool) {
	if r == nil || r.changed[p.File] {
		return nil, false
	}
	lr, ok := r.prev.links[p.Brief]
	if !ok {
		return nil, false
	}
	for _, k := range lr.keys {
		if r.keys[k] {
			return nil, false
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
	for _, t := range r.targets {
		lr.targets = append(lr.targets, t.File)
	}
	lr.resolved.targets = nil
	for _, l := range p.Links {
		switch {
		case l.Target == "" || l.Kind == brief.Image || l.Kind == brief.Embed:
		case l.Kind == brief.MarkdownLink:
			if rel, ok := joinInside(path.Dir(p.Rel), l.Target); ok {
				lr.keys = append(lr.keys, lookupKey(rel))
			}
		default:
			k, _, _ := linkKey(l.Target, p.Rel)
			lr.keys = append(lr.keys, k)
		}
	}
	return lr
}

// restore applies a kept result to p, whose brief it was found for;
// pages are this build's by file.
func (lr *linkResult) restore(p *Page, pages map[string]*Page) resolved {
	p.Dests = lr.dests
	r := lr.resolved
	r.targets = make([]*Page, len(lr.targets))
	for i, f := range lr.targets {
		r.targets[i] = pages[f]
	}
	return r
}

// keepTimeline makes the site timeline from prev's, if no brief's events
// changed and no brief with events was added or removed: the events are
// given this build's pages, and only the years that hold events of a
// brief whose title (which orders events of one date) changed are sorted
// again. It reports whether it could.
func (s *Site) keepTimeline(r *reuse, pages map[string]*Page) bool {
	if r == nil {
		return false
	}
	resort := map[int]bool{}
	for f := range r.changed {
		o, p := r.old[f], pages[f]
		if o == nil || p == nil {
			if (o != nil && len(o.Events) > 0) || (p != nil && len(p.Events) > 0) {
				return false // added or removed with events
			}
			continue
		}
		if !slices.EqualFunc(o.Events, p.Events, func(x, y brief.Event) bool {
			return sameDate(x.Date, y.Date) && x.Title == y.Title && x.Note == y.Note && x.Status == y.Status
		}) || len(o.Events) > 0 && (o.Draft != p.Draft || o.Unpublished != p.Unpublished || o.Audience != p.Audience || o.Rel != p.Rel || o.Slug != p.Slug) {
			return false
		}
		if o.Title != p.Title {
			for _, e := range p.Events {
				resort[e.Date.Year] = true
			}
		}
	}
	s.Timeline = make([]*Year, len(r.prev.Timeline))
	for i, y := range r.prev.Timeline {
		ny := &Year{Year: y.Year, Events: make([]Event, len(y.Events))}
		for j, e := range y.Events {
			ny.Events[j] = e.onPages(pages)
		}
		if resort[y.Year] {
			// Merged events may merge otherwise in the new order.
			ny = ByYear(flatten(ny.Events))[0]
		}
		s.Timeline[i] = ny
	}
	return true
}

// onPages is e (with its Also) given this build's pages, by file.
func (e Event) onPages(pages map[string]*Page) Event {
	n := Event{Event: e.Event, Page: pages[e.Page.File]}
	for _, a := range e.Also {
		n.Also = append(n.Also, a.onPages(pages))
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
