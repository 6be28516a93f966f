package render

import (
	"bytes"
	"html/template"
	"testing"
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
