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
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

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

// MaxLen is the longest slug in bytes. File systems allow 255 bytes in one
// name; a slug also becomes a folder of temporary names and a bundle's
// "name-root.zip".
const MaxLen = 200

// Make returns the slug of s, or "" if s has no letters or digits. It is in
// Unicode normal form C, so "café" typed on macOS (decomposed) and on Linux
// give the same slug, and names Windows reserves (con, nul, com1…) get "-1"
// appended so the output unzips everywhere. A slug longer than MaxLen bytes
// is cut at a letter boundary and given a hash of the whole slug, so long
// names that share a beginning still differ, and the same name always gives
// the same slug.
func Make(s string) string {
	out := clean(s)
	if windowsReserved[out] {
		out += "-1"
	}
	if len(out) > MaxLen {
		out = shorten(out)
	}
	return out
}

// Anchor returns the slug of a heading for its id and for the #fragment of
// links to it: Make without the changes file names need (no "-1" after
// names Windows reserves, no length limit), so "## Con" gets id="con".
func Anchor(s string) string {
	return clean(s)
}

// clean is make1 on the NFC form of s, repeated until nothing changes:
// dropping an apostrophe or a symbol between two combining marks can leave
// them out of canonical order, and the slug of a slug must be itself.
func clean(s string) string {
	out := make1(norm.NFC.String(s))
	for range 4 {
		next := make1(norm.NFC.String(out))
		if next == out {
			break
		}
		out = next
	}
	return out
}

// shorten cuts s to MaxLen bytes: a prefix ending at a rune boundary, a
// hyphen, and 8 hex digits of s's SHA-256.
func shorten(s string) string {
	sum := sha256.Sum256([]byte(s))
	suffix := "-" + hex.EncodeToString(sum[:4])
	cut := MaxLen - len(suffix)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], "-") + suffix
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
