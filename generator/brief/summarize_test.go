package brief

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// summarizeAll is summarize as it was first written, reading the whole
// paragraph: the reference the one-pass version must agree with.
func summarizeAll(s string, limit int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	cut := string([]rune(s)[:limit])
	if i := strings.LastIndexByte(cut, ' '); i > limit/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}

func TestSummarize(t *testing.T) {
	tests := []struct {
		in    string
		limit int
		want  string
	}{
		{"  Short  text\n", 20, "Short text"},
		{"exactly ten", 11, "exactly ten"},
		{"exactly ten!", 11, "exactly…"},
		{"one two three four five six", 12, "one two…"},
		{"word, then more", 6, "word…"},
		{"abcdefghij klm", 5, "abcde…"},
		{"Neodymium\u00a0oxide\tprices\u2003rose", 30, "Neodymium oxide prices rose"},
		{"稀土氧化物价格上涨了很多", 5, "稀土氧化物…"},
		{"ten chars. then", 10, "ten chars…"},
		{"", 10, ""},
		{" \n\t ", 10, ""},
	}
	for _, tt := range tests {
		if got := summarize(tt.in, tt.limit); got != tt.want {
			t.Errorf("summarize(%q, %d) = %q, want %q", tt.in, tt.limit, got, tt.want)
		}
		if ref := summarizeAll(tt.in, tt.limit); ref != tt.want {
			t.Errorf("reference(%q, %d) = %q, want %q", tt.in, tt.limit, ref, tt.want)
		}
	}
}

// FuzzSummarize compares summarize with the reference on any valid text
// (the brief stage makes a note valid UTF-8 before it reads it).
func FuzzSummarize(f *testing.F) {
	f.Add("Rare earths  are\nseventeen elements.", 12)
	f.Add(" a\u2028b\u0085c ", 3)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if !utf8.ValidString(s) || limit < 0 || limit > 400 {
			return
		}
		if got, want := summarize(s, limit), summarizeAll(s, limit); got != want {
			t.Fatalf("summarize(%q, %d) = %q, want %q", s, limit, got, want)
		}
	})
}
