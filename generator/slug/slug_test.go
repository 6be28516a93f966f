package slug

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"unicode/utf8"
)

func hash8(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}

// TestMakeLong: long names get slugs of at most MaxLen bytes, valid UTF-8,
// different for names that share their first MaxLen bytes.
func TestMakeLong(t *testing.T) {
	seen := map[string]string{}
	for i := range 50 {
		name := strings.Repeat("稀土 ", 100) + string(rune('a'+i%26)) + strings.Repeat("x", i)
		s := Make(name)
		if len(s) > MaxLen || !utf8.ValidString(s) {
			t.Fatalf("Make(long) = %q (%d bytes)", s, len(s))
		}
		if prev, ok := seen[s]; ok {
			t.Fatalf("%q and %q share the slug %q", prev, name, s)
		}
		seen[s] = name
	}
}

func TestMake(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ascii", "Mountain Pass", "mountain-pass"},
		{"punctuation runs", "  NdPr -- oxide (2025)! ", "ndpr-oxide-2025"},
		{"apostrophe and dots", "China's U.S. quota", "chinas-us-quota"},
		{"accents kept", "Réunion Île", "réunion-île"},
		{"cjk kept", "稀土 产业链", "稀土-产业链"},
		{"mixed", "NdPr 氧化物", "ndpr-氧化物"},
		{"underscores", "rare_earth_elements", "rare-earth-elements"},
		{"only symbols", "!!! ???", ""},
		{"digits", "MCS 2025", "mcs-2025"},
		{"nfd and nfc agree", "cafe\u0301", "café"},
		{"windows reserved", "CON", "con-1"},
		{"windows reserved com", "com3", "com3-1"},
		{"not reserved", "console", "console"},
		{"url specials", "a&b#c?d%e+f", "a-b-c-d-e-f"},
		{"trailing dots and spaces", "notes. . ", "notes"},
		{"emoji", "🦄 unicorn", "unicorn"},
		{"just fits", strings.Repeat("a", MaxLen), strings.Repeat("a", MaxLen)},
		{"too long", strings.Repeat("a", MaxLen+1), strings.Repeat("a", MaxLen-9) + "-" + hash8(strings.Repeat("a", MaxLen+1))},
		{"too long, cut inside a letter", strings.Repeat("Ⱥ", 126), strings.Repeat("ⱥ", 63) + "-" + hash8(strings.Repeat("ⱥ", 126))},
		{"too long, no hyphen before the hash", strings.Repeat("a", MaxLen-10) + " tail of the name", strings.Repeat("a", MaxLen-10) + "-" + hash8(strings.Repeat("a", MaxLen-10)+"-tail-of-the-name")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
