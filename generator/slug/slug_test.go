package slug

import "testing"

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
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
