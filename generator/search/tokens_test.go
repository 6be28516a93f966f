package search

import (
	"strings"
	"testing"
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
