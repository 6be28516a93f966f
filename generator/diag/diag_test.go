package diag

import "testing"

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
