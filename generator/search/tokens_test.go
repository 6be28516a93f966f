package search

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestTokens(t *testing.T) {
	tests := []struct {
		name, in string
		unigrams bool
		want     string
	}{
		{"english", "Rare Earth Reserves, by Country", false, "rare earth reserve by country"},
		{"plural forms", "companies classes magnets us bus", false, "company class magnet us bus"},
		{"accents folded", "Réunion São Paulo Ærø", false, "reunion sao paulo ærø"},
		{"alphanumerics", "NdFeB and NdPr; 45X credit, MCS-2025", false, "ndfeb and ndpr 45x credit mcs 2025"},
		{"cjk bigrams", "稀土产业链", false, "稀土 土产 产业 业链"},
		{"cjk with unigrams", "钕镨氧化物", true, "钕 钕镨 镨 镨氧 氧 氧化 化 化物 物"},
		{"one cjk character", "钕", false, "钕"},
		{"mixed", "NdPr 氧化物 oxide", false, "ndpr 氧化 化物 oxide"},
		{"mixed without spaces", "NdPr氧化物", false, "ndpr 氧化 化物"},
		{"japanese kana", "ネオジム", false, "ネオ オジ ジム"},
		{"punctuation only", " —, ", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(Tokens(tt.in, tt.unigrams), " "); got != tt.want {
				t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// refTokens is the first, simple Tokens: the reference the scanner must
// agree with. It splits text into index terms. For CJK runs it yields the bigrams
// and, when unigrams is true, the single characters too (the index has
// both; a query uses unigrams only for a one-character run).
func refTokens(text string, unigrams bool) []string {
	var out []string
	var word []rune
	var cjk []rune
	flushWord := func() {
		if len(word) > 0 {
			out = append(out, refStem(string(word)))
			word = word[:0]
		}
	}
	flushCJK := func() {
		switch {
		case len(cjk) == 1:
			out = append(out, string(cjk))
		case len(cjk) > 1:
			for i := range cjk {
				if unigrams {
					out = append(out, string(cjk[i]))
				}
				if i+1 < len(cjk) {
					out = append(out, string(cjk[i:i+2]))
				}
			}
		}
		cjk = cjk[:0]
	}
	for _, r := range Fold(text) {
		switch {
		case IsCJK(r):
			flushWord()
			cjk = append(cjk, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushCJK()
			word = append(word, r)
		default:
			flushWord()
			flushCJK()
		}
	}
	flushWord()
	flushCJK()
	return out
}

// FuzzTokens checks the allocation-free scanner against the reference.
func FuzzTokens(f *testing.F) {
	for _, s := range []string{"Rare Earth Reserves", "Réunion São Paulo Ærø", "稀土产业链 NdPr氧化物", "ネオジム", "cafe\u0301 ｶﾞ ﬁne Ⅻ ß İstanbul", "か\u3099", "companies classes"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, unigrams bool) {
		if got, want := Tokens(s, unigrams), refTokens(s, unigrams); !slices.Equal(got, want) {
			t.Fatalf("Tokens(%q) = %q, reference gives %q", s, got, want)
		}
	})
}

// refStem is the reference stemmer: it strips common English plural endings: "reserves" -> "reserve",
// "companies" -> "company", "magnets" -> "magnet"; other words are kept.
func refStem(w string) string {
	n := utf8.RuneCountInString(w) // lengths in characters, as in search.js
	switch {
	case n < 4:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:len(w)-1]
	}
	return w
}

// TestIsASCII puts one non-ASCII byte at every place of strings of 0 to
// 20 bytes (each side of the eight-byte steps).
func TestIsASCII(t *testing.T) {
	for n := range 21 {
		s := strings.Repeat("a", n)
		if !isASCII(s) {
			t.Errorf("isASCII(%q) = false", s)
		}
		for i := range n {
			b := []byte(s)
			b[i] = 0x80 | byte(i)
			if isASCII(string(b)) {
				t.Errorf("isASCII(%q) = true", b)
			}
		}
	}
}
