package slug

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMake checks slugs are valid, lower-case path segments: no separators,
// no dots or spaces, no leading or trailing or doubled hyphens.
func FuzzMake(f *testing.F) {
	for _, s := range []string{"Mountain Pass", "稀土 产业链", "../../etc/passwd", "a\\b/c", "CON.", " trailing. ", "é\u0301", "🦄 emoji", "%2e%2e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Make(s)
		if !utf8.ValidString(out) && utf8.ValidString(s) {
			t.Fatalf("Make(%q) = %q: invalid UTF-8", s, out)
		}
		if strings.ContainsAny(out, "/\\. \t\n?#%&") || strings.HasPrefix(out, "-") || strings.HasSuffix(out, "-") || strings.Contains(out, "--") {
			t.Fatalf("Make(%q) = %q", s, out)
		}
		if len(out) > MaxLen {
			t.Fatalf("Make(%q) = %q: %d bytes, more than %d", s, out, len(out), MaxLen)
		}
		if Make(out) != out {
			t.Fatalf("Make is not idempotent on %q: %q then %q", s, out, Make(out))
		}
	})
}
