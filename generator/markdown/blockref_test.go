package markdown

import (
	"bytes"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
)

// TestMayMarkBlock checks the test that lets most notes skip the walk for
// block ids: every place an id can be is found (the note is walked), and
// a footnote's caret alone is not.
func TestMayMarkBlock(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool // the note has, or may have, a block id
		id   string
	}{
		{"Text. ^end", true, "end"},
		{"^alone", true, ""},
		{"Text\n^last", true, "last"},
		{"Text\r\n^crlf", true, "crlf"},
		{"> Quoted\n>^nospace", true, "nospace"},
		{"- item\n\t^tabbed", true, "tabbed"},
		{"A note[^1] with a footnote.\n\n[^1]: The note.", false, ""},
		{"x^2 and 2^10", false, ""},
		{"", false, ""},
	} {
		if got := mayMarkBlock([]byte(c.src)); got != c.want {
			t.Errorf("mayMarkBlock(%q) = %v, want %v", c.src, got, c.want)
		}
		if c.id == "" {
			continue
		}
		md := New(Options{})
		src := []byte(c.src)
		var out bytes.Buffer
		if err := md.Renderer().Render(&out, src, md.Parse(src, parser.WithContext(NewContext()))); err != nil {
			t.Fatal(err)
		}
		if want := `id="` + BlockAnchor(c.id) + `"`; !strings.Contains(out.String(), want) {
			t.Errorf("%q renders as %q, without %s", c.src, out.String(), want)
		}
	}
}
