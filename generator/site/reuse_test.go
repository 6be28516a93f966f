package site

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// TestReuseKeeps checks what New keeps of the last site (Options.Prev)
// for each kind of change: the link results of the briefs a change cannot
// affect, the page order, the tags and types, and the timeline. That the
// result equals a build from scratch is build.TestIncrementalMatchesFull;
// this test fails if the preview quietly stops reusing.
func TestReuseKeeps(t *testing.T) {
	md := markdown.New(markdown.Options{})
	const n = 20
	// Note i links to note i+1 by file name; note 0 links to note 5 by
	// its title. Every note has a tag, a type and an event.
	text := func(i int, title, extra string) string {
		return fmt.Sprintf("---\ntitle: %s\ntype: mine\ntags: [t%d]\nevents:\n  - {date: 2001-0%d-01, title: Event %d}\n---\nSee [[n%d]].%s\n",
			title, i%3, 1+i%9, i, (i+1)%n, extra)
	}
	parse := func(i int, src string) *brief.Brief {
		b, d := brief.Parse(fmt.Sprintf("content/n%d.md", i), fmt.Sprintf("n%d.md", i), []byte(src), md)
		if d.HasErrors() {
			t.Fatal(d)
		}
		return b
	}
	var first []*brief.Brief
	for i := range n {
		extra := ""
		if i == 0 {
			extra = " And [[Note five]]."
		}
		first = append(first, parse(i, text(i, fmt.Sprintf("Note %s", []string{"zero", "one", "two", "three", "four", "five"}[min(i, 5)]+strings.Repeat("+", max(0, i-5))), extra)))
	}
	prev, _ := New(Config{Title: "T"}, first, nil, nil, Options{Reused: true})
	if prev.reused != (reusedParts{}) {
		t.Fatalf("a first build kept %+v", prev.reused)
	}
	with := func(i int, b *brief.Brief) []*brief.Brief {
		out := append([]*brief.Brief(nil), first...)
		if b == nil {
			return append(out[:i], out[i+1:]...)
		}
		if i == len(out) {
			return append(out, b)
		}
		out[i] = b
		return out
	}
	collider, d := brief.Parse("content/N1.md", "N1.md", []byte("Same URL.\n"), md)
	if d.HasErrors() {
		t.Fatal(d)
	}
	tests := []struct {
		name   string
		cfg    Config
		briefs []*brief.Brief
		want   reusedParts
	}{
		{"nothing changed", Config{Title: "T"}, first, reusedParts{links: n, order: true, terms: true, timeline: true}},
		// Note 3's own links and note 2's link by its file name are
		// resolved again; the others are kept.
		{"a title changed", Config{Title: "T"}, with(3, parse(3, text(3, "Renamed", ""))), reusedParts{links: n - 2, order: true, terms: true, timeline: true}},
		// Its old title is one that note 0 links by.
		{"a linked title changed", Config{Title: "T"}, with(5, parse(5, text(5, "Renamed", ""))), reusedParts{links: n - 3, order: true, terms: true, timeline: true}},
		{"a tag changed", Config{Title: "T"}, with(7, parse(7, strings.Replace(text(7, "Note five++", ""), "[t1]", "[t2]", 1))), reusedParts{links: n - 1, order: true, timeline: true}},
		{"an event changed", Config{Title: "T"}, with(8, parse(8, strings.Replace(text(8, "Note five+++", ""), "Event 8", "Other", 1))), reusedParts{links: n - 1, order: true, terms: true}},
		{"a note added (with no events)", Config{Title: "T"}, with(n, parse(n, "No links.\n")), reusedParts{links: n, timeline: true}},
		{"a note removed", Config{Title: "T"}, with(n-1, nil), reusedParts{links: n - 2}},
		{"the settings changed", Config{Title: "Other"}, first, reusedParts{}},
		// N1.md takes n1/ (it sorts first), and n1.md moves: no link
		// result is kept.
		{"a note added at another's URL", Config{Title: "T"}, with(n, collider), reusedParts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := New(tt.cfg, tt.briefs, nil, nil, Options{Reused: true, Prev: prev})
			if s.reused != tt.want {
				t.Errorf("kept %+v, want %+v", s.reused, tt.want)
			}
		})
	}
}
