package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is measured without fonts: each character counts a width in ems
// that the common sans-serif system fonts (Segoe UI, Roboto, San
// Francisco, Noto Sans, DejaVu Sans) do not exceed by much, so a label
// given room for its estimate fits.

// runeWidth estimates the advance of r in ems.
func runeWidth(r rune) float64 {
	if r < 0x80 {
		return asciiWidth[r]
	}
	switch {
	case r == '—':
		return 0.9
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || (r >= 0xFF00 && r <= 0xFFEF):
		return 1
	}
	return 0.62
}

// asciiWidth is runeWidth of ASCII, looked up: every title of every local
// graph is measured, twice per page it is on.
var asciiWidth = func() (w [0x80]float64) {
	for r := range rune(0x80) {
		switch {
		case r == ' ':
			w[r] = 0.32
		case strings.ContainsRune("iljtfrI.,;:'!|()[]", r):
			w[r] = 0.36
		case r == 'm' || r == 'w' || r == 'M' || r == 'W' || r == '%':
			w[r] = 0.9
		case r >= 'A' && r <= 'Z':
			w[r] = 0.7
		default: // digits too
			w[r] = 0.6
		}
	}
	return w
}()

// textWidth estimates the width of s in ems.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// squeezed is !(strings.Contains(s, "  ") || strings.ContainsAny(s,
// "\t\n\r\v\f") || strings.TrimSpace(s) != s), in one pass: whether
// appendWrap can take s as it is (most titles).
func squeezed(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\t', '\n', '\r', '\v', '\f':
			return false
		case ' ':
			if i == 0 || i == len(s)-1 || s[i+1] == ' ' {
				return false
			}
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	return s == "" || !unicode.IsSpace(first) && !unicode.IsSpace(last)
}

// wrap breaks s into at most lines lines of at most width ems, at spaces
// (or anywhere in a word too long for a line, and between CJK characters);
// what does not fit ends in "…".
func wrap(s string, width float64, lines int) []string {
	out, _ := appendWrap(nil, s, width, lines)
	return out
}

// appendWrap appends the lines of wrap to dst, and reports whether they
// leave out some of s.
func appendWrap(dst []string, s string, width float64, lines int) (out []string, cut bool) {
	if !squeezed(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	out, lines = dst, len(dst)+lines
	for s != "" && len(out) < lines {
		n := fit(s, width)
		if n < len(s) {
			// Back up to the last space in the line, if there is one.
			if sp := strings.LastIndexByte(s[:n+1], ' '); sp > 0 {
				n = sp
			}
		}
		out = append(out, strings.TrimSpace(s[:n]))
		s = strings.TrimSpace(s[n:])
	}
	if s != "" && len(out) > len(dst) {
		last := out[len(out)-1] + " " + s
		n := fit(last, width-textWidth("…"))
		// End at a word, unless that leaves less than half the line.
		if sp := strings.LastIndexByte(last[:n], ' '); sp > n/2 {
			n = sp
		}
		out[len(out)-1] = strings.TrimRight(last[:n], " ,;:-–") + "…"
		return out, true
	}
	return out, false
}

// fit is the length in bytes of the longest start of s that is at most
// width ems wide (one character at least).
func fit(s string, width float64) int {
	w := 0.0
	for i, r := range s {
		w += runeWidth(r)
		if w > width && i > 0 {
			return i
		}
	}
	return len(s)
}

// widest is the width in ems of the widest of lines.
func widest(lines []string) float64 {
	w := 0.0
	for _, l := range lines {
		w = max(w, textWidth(l))
	}
	return w
}
