package site

import (
	"slices"

	"github.com/lodestone-ssg/lodestone/generator/brief"
)

// The live preview builds the site again after every save. Resolving every
// link of every brief is most of that work at 10,000 briefs, and most of it
// gives the same answer as last time: a link's result depends only on the
// brief that makes it and on what every brief is called (its path, title,
// aliases, slug, headings and block ids). So New, given the previous site
// (Options.Prev), keeps the results of the briefs that did not change as
// long as no brief was added, removed or renamed and no brief changed what
// it is called; the briefs that changed are resolved again.

// linkResult is what resolving one brief's links found, kept for the next
// build: the same as resolved, with the targets by file (pages are new in
// every build, and a target may have been edited since).
type linkResult struct {
	resolved
	dests   []string
	targets []string
}

// reusable reports whether the link results of prev still hold for briefs
// (see above), given the other files of content/.
func reusable(prev *Site, briefs []*brief.Brief, contentFiles []string, opts Options) bool {
	if prev == nil || prev.links == nil || len(prev.briefs) != len(briefs) ||
		prev.Options.Drafts != opts.Drafts || prev.Options.Strict != opts.Strict || prev.Options.ExplicitIndex != opts.ExplicitIndex ||
		!slices.Equal(prev.contentFiles, contentFiles) {
		return false
	}
	byFile := make(map[string]*brief.Brief, len(prev.briefs))
	for _, b := range prev.briefs {
		byFile[b.File] = b
	}
	for _, b := range briefs {
		old, ok := byFile[b.File]
		if !ok {
			return false // added, or renamed
		}
		if old != b && !sameNames(old, b) {
			return false
		}
	}
	return true
}

// sameNames reports whether a and b are called the same: everything a
// link to either can find it by, or point into it with.
func sameNames(a, b *brief.Brief) bool {
	return a.Rel == b.Rel && a.Title == b.Title && a.Slug == b.Slug && a.Draft == b.Draft &&
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
	return lr
}

// restore applies a kept result to p, whose brief it was found for;
// pages are this build's by file (reusable made sure every file is there).
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
// changed (prev's order then still holds, since no title did either; see
// reusable): the events are given this build's pages, without sorting
// again. It reports whether it could.
func (s *Site) keepTimeline(prev *Site, briefs []*brief.Brief, pages map[string]*Page) bool {
	old := make(map[string]*brief.Brief, len(prev.briefs))
	for _, b := range prev.briefs {
		old[b.File] = b
	}
	for _, b := range briefs {
		o := old[b.File]
		if o != b && !slices.EqualFunc(o.Events, b.Events, func(x, y brief.Event) bool {
			return sameDate(x.Date, y.Date) && x.Title == y.Title && x.Note == y.Note
		}) {
			return false
		}
	}
	s.Timeline = make([]*Year, len(prev.Timeline))
	for i, y := range prev.Timeline {
		ny := &Year{Year: y.Year, Events: make([]Event, len(y.Events))}
		for j, e := range y.Events {
			ny.Events[j] = Event{Event: e.Event, Page: pages[e.Page.File]}
		}
		s.Timeline[i] = ny
	}
	return true
}

func sameDate(a, b brief.Date) bool {
	if (a.End == nil) != (b.End == nil) || a.End != nil && !sameDate(*a.End, *b.End) {
		return false
	}
	a.End, b.End = nil, nil
	return a == b
}
