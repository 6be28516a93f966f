package site

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// TestTagTermsOnce: a tag written twice (or in two spellings of one slug)
// gives a page its term once, and the term the page once, for a page of a
// few tags and for one of many.
func TestTagTermsOnce(t *testing.T) {
	md := markdown.New(markdown.Options{})
	many := []string{"Rare earths", "rare-earths"}
	for i := range 30 {
		many = append(many, fmt.Sprintf("t%d", i%20))
	}
	var briefs []*brief.Brief
	for name, tags := range map[string][]string{"few": {"Rare earths", "magnets", "rare-earths", "magnets"}, "many": many} {
		src := "---\ntags: [" + strings.Join(tags, ", ") + "]\n---\nText.\n"
		b, d := brief.Parse("content/"+name+".md", name+".md", []byte(src), md)
		if d.HasErrors() {
			t.Fatal(d)
		}
		briefs = append(briefs, b)
	}
	s, _ := New(Config{}, briefs, nil, nil, Options{})
	want := map[string]int{"few": 2, "many": 21}
	for _, p := range s.Pages {
		seen := map[*Term]bool{}
		for _, term := range p.TagTerms {
			if seen[term] {
				t.Errorf("%s: tag %s twice", p.Rel, term.Name)
			}
			seen[term] = true
			n := 0
			for _, q := range term.Pages {
				if q == p {
					n++
				}
			}
			if n != 1 {
				t.Errorf("tag %s lists %s %d times", term.Name, p.Rel, n)
			}
		}
		if len(p.TagTerms) != want[strings.TrimSuffix(p.Rel, ".md")] {
			t.Errorf("%s: %d tags, want %d", p.Rel, len(p.TagTerms), want[strings.TrimSuffix(p.Rel, ".md")])
		}
	}
}
