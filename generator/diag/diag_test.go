package diag

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestLinesPos(t *testing.T) {
	src := []byte("ab\n稀土 x\n\nlast")
	l := NewLines(src, 5) // src starts on line 5 of its file
	tests := []struct {
		off, line, col int
	}{
		{0, 5, 1},
		{1, 5, 2},
		{3, 6, 1},                 // first byte of line 2
		{3 + len("稀土 "), 6, 4},    // columns count code points, not bytes
		{len("ab\n稀土 x\n"), 7, 1}, // empty line
		{len(src), 8, 5},          // end of input
		{len(src) + 10, 8, 5},     // past the end is clamped
	}
	for _, tt := range tests {
		line, col := l.Pos(tt.off)
		if line != tt.line || col != tt.col {
			t.Errorf("Pos(%d) = %d:%d, want %d:%d", tt.off, line, col, tt.line, tt.col)
		}
	}
}

func TestListSortAndFormat(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "content/b.md", Line: 2, Col: 1}, "w")
	l.Errorf(Pos{File: "content/a.md", Line: 10}, "late")
	l.Errorf(Pos{File: "content/a.md", Line: 9, Col: 3}, "early")
	l.Errorf(Pos{}, "no position")
	l.Sort()
	want := "no position\ncontent/a.md:9:3: early\ncontent/a.md:10: late\ncontent/b.md:2:1: warning: w"
	if got := l.Error(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if e, w := l.Count(); e != 3 || w != 1 {
		t.Errorf("count = %d, %d", e, w)
	}
	l[3].Kind = "link"
	l.Promote("link")
	if e, _ := l.Count(); e != 4 {
		t.Errorf("after Promote: %d errors", e)
	}
}

// TestLines: every error is listed; of each kind of warning, the first
// ones and a count of the rest.
func TestLines(t *testing.T) {
	var l List
	at := func(n int) Pos { return Pos{File: "content/a.md", Line: n, Col: 1} }
	for i := 1; i <= 5; i++ {
		l.Warnf(at(i), "link: no brief matches %q", fmt.Sprint("N", i))
		l[len(l)-1].Kind = "link"
	}
	l.Errorf(at(6), "front matter: broken")
	l.Errorf(at(7), "front matter: broken")
	l.Warnf(at(8), `tag "a" unknown`)
	l.Warnf(at(9), `tag "b" unknown`)
	tests := []struct {
		shown int
		want  []string
	}{
		{3, []string{
			`content/a.md:1:1: warning: link: no brief matches "N1"`,
			`content/a.md:2:1: warning: link: no brief matches "N2"`,
			`content/a.md:3:1: warning: link: no brief matches "N3"`,
			`warning: 2 more like "link: no brief matches" (--verbose lists them all)`,
			`content/a.md:6:1: front matter: broken`,
			`content/a.md:7:1: front matter: broken`,
			`content/a.md:8:1: warning: tag "a" unknown`,
			`content/a.md:9:1: warning: tag "b" unknown`,
		}},
		{1, []string{
			`content/a.md:1:1: warning: link: no brief matches "N1"`,
			`warning: 4 more like "link: no brief matches" (--verbose lists them all)`,
			`content/a.md:6:1: front matter: broken`,
			`content/a.md:7:1: front matter: broken`,
			`content/a.md:8:1: warning: tag "a" unknown`,
			`warning: 1 more like "tag" (--verbose lists them all)`,
		}},
	}
	for _, tt := range tests {
		if got := l.Lines(tt.shown); !slices.Equal(got, tt.want) {
			t.Errorf("shown %d: got\n%s\nwant\n%s", tt.shown, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
		}
	}
	if got := l.Lines(0); len(got) != len(l) {
		t.Errorf("shown 0 lists %d of %d", len(got), len(l))
	}
}
