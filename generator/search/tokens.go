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
	"encoding/binary"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	return r >= minCJK && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// minCJK is the smallest rune IsCJK accepts: letters below it (all of
// Latin, Greek, Cyrillic…) skip the table look-ups.
var minCJK = func() rune {
	m := rune(unicode.MaxRune)
	for _, t := range []*unicode.RangeTable{unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul} {
		if len(t.R16) > 0 {
			m = min(m, rune(t.R16[0].Lo))
		} else if len(t.R32) > 0 {
			m = min(m, rune(t.R32[0].Lo))
		}
	}
	return m
}()

// Tokens splits text into index terms. For CJK runs it yields the bigrams
// and, when unigrams is true, the single characters too (the index has
// both; a query uses unigrams only for a one-character run).
func Tokens(text string, unigrams bool) []string {
	var out []string
	var sc scanner
	sc.scan(text, unigrams, func(t []byte) { out = append(out, string(t)) })
	return out
}

// scanner splits text into terms as Tokens does, without allocating per
// term: it hands each term to a callback as bytes valid during the call.
// One scanner serves one goroutine; its buffers are reused.
type scanner struct {
	word  []byte // the folded word being read, UTF-8
	cjk   []rune // the run of CJK characters being read
	term  []byte // a CJK term being handed out
	fold  map[rune]string
	runes int // runes in word
}

// folded is r lower-cased with its diacritics removed (Fold for one rune),
// cached per scanner for non-ASCII runes.
func (sc *scanner) folded(r rune) string {
	if f, ok := sc.fold[r]; ok {
		return f
	}
	var b strings.Builder
	for _, c := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, c) {
			b.WriteRune(unicode.ToLower(c))
		}
	}
	if sc.fold == nil {
		sc.fold = map[rune]string{}
	}
	f := b.String()
	sc.fold[r] = f
	return f
}

// isASCII reports whether s is all ASCII (so in NFC), eight bytes at a
// time: norm's own test reads a byte at a time.
func isASCII(s string) bool {
	for ; len(s) >= 8; s = s[8:] {
		if binary.LittleEndian.Uint64([]byte(s[:8]))&0x8080808080808080 != 0 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiLower maps an ASCII letter or digit to itself lower-cased, and
// every other byte to 0.
var asciiLower = func() (t [256]byte) {
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c)
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = byte(c), byte(c)
	}
	return t
}()

func (sc *scanner) scan(text string, unigrams bool, yield func([]byte)) {
	if !isASCII(text) && !norm.NFC.IsNormalString(text) {
		text = norm.NFC.String(text)
	}
	sc.word, sc.cjk, sc.runes = sc.word[:0], sc.cjk[:0], 0
	for i := 0; i < len(text); {
		if c := text[i]; c < utf8.RuneSelf {
			// ASCII, most of most texts: letter without the look-ups
			// (no ASCII character is CJK), a run of letters and digits
			// at a time.
			if asciiLower[c] == 0 {
				i++
				sc.flushWord(yield)
				sc.flushCJK(unigrams, yield)
				continue
			}
			if len(sc.cjk) > 0 {
				sc.flushCJK(unigrams, yield)
			}
			j, all := i, byte(0xff)
			for ; j < len(text) && asciiLower[text[j]] != 0; j++ {
				all &= text[j]
			}
			run := text[i:j]
			i = j
			if len(sc.word) == 0 && (j == len(text) || text[j] < utf8.RuneSelf) && all&0x20 != 0 && !iesEnding(run) {
				// A whole word of small letters and digits (each has bit
				// 0x20; capitals have not), most words: handed out as it
				// stands in text, not copied a byte at a time.
				yield(stemBytes(unsafe.Slice(unsafe.StringData(run), len(run)), len(run)))
				continue
			}
			for k := 0; k < len(run); k++ {
				sc.word = append(sc.word, asciiLower[run[k]])
			}
			sc.runes += len(run)
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case IsCJK(r):
			sc.flushWord(yield)
			sc.cjk = append(sc.cjk, unicode.ToLower(r))
		default:
			for _, c := range sc.folded(r) {
				sc.letter(c, unigrams, yield)
			}
		}
	}
	sc.flushWord(yield)
	sc.flushCJK(unigrams, yield)
}

// letter adds r, already folded, to the word, or ends the word and the CJK
// run if r is neither a letter nor a digit.
func (sc *scanner) letter(r rune, unigrams bool, yield func([]byte)) {
	if IsCJK(r) { // a folded rune can be CJK (a compatibility form)
		sc.flushWord(yield)
		sc.cjk = append(sc.cjk, r)
		return
	}
	if r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9') || r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
		sc.flushCJK(unigrams, yield)
		sc.word = utf8.AppendRune(sc.word, r)
		sc.runes++
		return
	}
	sc.flushWord(yield)
	sc.flushCJK(unigrams, yield)
}

func (sc *scanner) flushWord(yield func([]byte)) {
	if len(sc.word) == 0 {
		return
	}
	yield(stemBytes(sc.word, sc.runes))
	sc.word, sc.runes = sc.word[:0], 0
}

func (sc *scanner) flushCJK(unigrams bool, yield func([]byte)) {
	cjk := sc.cjk
	switch {
	case len(cjk) == 1:
		sc.term = utf8.AppendRune(sc.term[:0], cjk[0])
		yield(sc.term)
	case len(cjk) > 1:
		for i := range cjk {
			if unigrams {
				sc.term = utf8.AppendRune(sc.term[:0], cjk[i])
				yield(sc.term)
			}
			if i+1 < len(cjk) {
				sc.term = utf8.AppendRune(utf8.AppendRune(sc.term[:0], cjk[i]), cjk[i+1])
				yield(sc.term)
			}
		}
	}
	sc.cjk = sc.cjk[:0]
}

// iesEnding reports whether stemBytes would write to the ASCII word w
// (its runes are its bytes): of the endings it strips, only "-ies" is
// replaced ("-y"); the others are cut off.
func iesEnding(w string) bool {
	l := len(w)
	return l > 4 && w[l-1] == 's' && w[l-2] == 'e' && w[l-3] == 'i'
}

// stemBytes strips common English plural endings from a word of n runes,
// in place: "reserves" -> "reserve", "companies" -> "company", "magnets" ->
// "magnet"; lengths count characters, as in search.js.
func stemBytes(w []byte, n int) []byte {
	// The last bytes compared one by one: bytes.HasSuffix's call to
	// compare memory was most of this, for every word of every brief.
	l := len(w)
	if n < 4 || w[l-1] != 's' {
		return w
	}
	switch w[l-2] {
	case 'e':
		if w[l-3] == 'i' && n > 4 { // -ies
			return append(w[:l-3], 'y')
		}
		if l >= 4 && w[l-3] == 's' && w[l-4] == 's' { // -sses
			return w[:l-2]
		}
	case 's', 'u', 'i': // -ss, -us, -is
		return w
	}
	return w[:l-1]
}
