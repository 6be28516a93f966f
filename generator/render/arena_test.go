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
