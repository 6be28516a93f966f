// Package slug turns titles, file names and tags into URL path segments and
// fragment identifiers.
//
// A slug keeps letters and digits of every script (so 稀土 stays 稀土 and
// "Réunion" becomes "réunion"), lower-cases them, turns runs of anything else
// into a single hyphen and trims hyphens from both ends. Browsers percent-encode
// the non-ASCII letters on the wire; on disk and in the address bar they stay
// readable.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// windowsReserved are names Windows cannot use for a file or folder.
var windowsReserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

func init() {
	for i := 1; i <= 9; i++ {
		windowsReserved["com"+string(rune('0'+i))] = true
		windowsReserved["lpt"+string(rune('0'+i))] = true
	}
}

// Make returns the slug of s, or "" if s has no letters or digits. It is in
// Unicode normal form C, so "café" typed on macOS (decomposed) and on Linux
// give the same slug, and names Windows reserves (con, nul, com1…) get "-1"
// appended so the output unzips everywhere.
func Make(s string) string {
	s = norm.NFC.String(s)
	out := make1(s)
	if windowsReserved[out] {
		out += "-1"
	}
	return out
}

func make1(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		case r == '.' || r == '\'' || r == '’':
			// "U.S." -> "us", "China's" -> "chinas": punctuation inside a word
			// does not split it.
		default:
			hyphen = true
		}
	}
	return b.String()
}
