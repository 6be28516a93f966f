// Package search builds the full-text search index of a site at build time
// and writes it as classic scripts (no fetch, no modules, no workers), so
// that search works over HTTP, under a path prefix and from file://.
//
// Tokens: text is case- and diacritic-folded (NFD, marks removed, lower
// case) and split into words of letters and digits, which get a light
// English stemming; runs of CJK characters (Han, kana, Hangul) become
// overlapping bigrams, plus single characters so that one-character queries
// work. The browser applies the same rules to the query (static/js/search.js
// mirrors Tokens; a browser test checks both agree).
package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and removes diacritics: "Réunion" -> "reunion". CJK
// characters are kept whole (a kana's voicing mark is part of the word).
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(s) {
		if r < 0x80 || IsCJK(r) {
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		for _, c := range norm.NFD.String(string(r)) { // stateless: safe in parallel
			if !unicode.Is(unicode.Mn, c) {
				b.WriteString(strings.ToLower(string(c)))
			}
		}
	}
	return b.String()
}

// IsCJK reports whether r is written without spaces between words.
func IsCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// Stem strips common English plural endings: "reserves" -> "reserve",
// "companies" -> "company", "magnets" -> "magnet"; other words are kept.
func Stem(w string) string {
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

// Tokens splits text into index terms. For CJK runs it yields the bigrams
// and, when unigrams is true, the single characters too (the index has
// both; a query uses unigrams only for a one-character run).
func Tokens(text string, unigrams bool) []string {
	var out []string
	var word []rune
	var cjk []rune
	flushWord := func() {
		if len(word) > 0 {
			out = append(out, Stem(string(word)))
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
