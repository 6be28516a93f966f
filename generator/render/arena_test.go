package render

import (
	"bytes"
	"fmt"
	"html/template"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/site"
)

// TestArena checks that what an arena gives keeps its bytes while the
// arena grows past its array, and that a nil arena gives HTML of its own.
func TestArena(t *testing.T) {
	for _, a := range []*arena{nil, {b: make([]byte, 0, 8)}} {
		var got []template.HTML
		for i := range 50 {
			part := bytes.Repeat([]byte{byte('a' + i%26)}, i+1)
			got = append(got, a.html(func(dst []byte) []byte { return append(dst, part...) }))
		}
		for i, h := range got {
			if want := string(bytes.Repeat([]byte{byte('a' + i%26)}, i+1)); string(h) != want {
				t.Fatalf("arena %v: part %d is %q, want %q", a != nil, i, h, want)
			}
		}
		if a != nil {
			a.reset()
			if len(a.b) != 0 || cap(a.b) == 0 {
				t.Errorf("after reset: len %d cap %d, want 0 and the array kept", len(a.b), cap(a.b))
			}
		}
	}
	if h := (&arena{}).html(func(dst []byte) []byte { return dst }); h != "" {
		t.Errorf("nothing added: %q", h)
	}
}

// TestArenaNavNodes checks that the nodes an arena gives are zero, stay
// as they were filled while the arena grows past its arrays, and are
// given again after reset.
func TestArenaNavNodes(t *testing.T) {
	for _, a := range []*arena{nil, {}} {
		var got [][]NavNode
		for i := range 40 {
			ptrs, nodes := a.navNodes(i + 1)
			if len(ptrs) != i+1 || len(nodes) != i+1 {
				t.Fatalf("navNodes(%d): %d pointers, %d nodes", i+1, len(ptrs), len(nodes))
			}
			for j := range nodes {
				if nodes[j].Title != "" || ptrs[j] != nil {
					t.Fatalf("navNodes(%d): node %d is not zero", i+1, j)
				}
				nodes[j].Title = string(rune('a' + i%26))
				ptrs[j] = &nodes[j]
			}
			got = append(got, nodes)
		}
		for i, nodes := range got {
			for _, n := range nodes {
				if want := string(rune('a' + i%26)); n.Title != want {
					t.Fatalf("arena %v: part %d holds %q, want %q", a != nil, i, n.Title, want)
				}
			}
		}
		if a != nil {
			a.reset()
			if _, nodes := a.navNodes(3); nodes[0].Title != "" || len(a.nav) != 3 {
				t.Errorf("after reset: node %q, %d in use", nodes[0].Title, len(a.nav))
			}
		}
	}
}

// TestArenaLink checks that links an arena gives are Site.Link's, keep
// their bytes while the arena grows and while html adds to it, and that
// a link asked for while html adds leaves what it adds whole.
func TestArenaLink(t *testing.T) {
	s := &site.Site{}
	from := "mines/mountain-pass/"
	for _, a := range []*arena{nil, {b: make([]byte, 0, 8)}} {
		var got []string
		var tos []string
		for i := range 60 {
			to := fmt.Sprintf("countries/c%d/", i)
			tos = append(tos, to)
			got = append(got, a.link(s, from, to))
		}
		var inside string
		h := a.html(func(dst []byte) []byte {
			dst = append(dst, "<p>"...)
			inside = a.link(s, from, "policy/dpa/")
			return append(dst, "</p>"...)
		})
		if h != "<p></p>" || inside != "../../policy/dpa/" {
			t.Errorf("arena %v: html %q with a link %q made inside", a != nil, h, inside)
		}
		for i, l := range got {
			if want := s.Link(from, tos[i]); l != want {
				t.Fatalf("arena %v: link %d is %q, want %q", a != nil, i, l, want)
			}
		}
	}
	explicit := &site.Site{Options: site.Options{ExplicitIndex: true}}
	if got := (&arena{}).link(explicit, from, "policy/"); got != "../../policy/index.html" {
		t.Errorf("explicit index: %q", got)
	}
}

// TestArenaNavLinks checks that the links an arena gives are zero, stay
// as filled while it grows past its array, and are zero again after
// reset.
func TestArenaNavLinks(t *testing.T) {
	for _, a := range []*arena{nil, {}} {
		var got [][]NavLink
		for i := range 40 {
			links := a.navLinks(i + 1)
			for j := range links {
				if links[j] != (NavLink{}) {
					t.Fatalf("navLinks(%d): link %d is not zero", i+1, j)
				}
				links[j].Title = string(rune('a' + i%26))
			}
			if i%2 == 0 { // appending within the capacity given stays in the part given
				links = append(links[:0], NavLink{Title: string(rune('a' + i%26))})
			}
			got = append(got, links)
		}
		for i, links := range got {
			for _, l := range links {
				if want := string(rune('a' + i%26)); l.Title != want {
					t.Fatalf("arena %v: part %d holds %q, want %q", a != nil, i, l.Title, want)
				}
			}
		}
		if a != nil {
			a.reset()
			if l := a.navLinks(3); l[0] != (NavLink{}) || len(a.links) != 3 {
				t.Errorf("after reset: link %+v, %d in use", l[0], len(a.links))
			}
		}
	}
}
