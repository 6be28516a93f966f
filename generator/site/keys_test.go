package site

import "testing"

func TestNearMiss(t *testing.T) {
	tests := []struct {
		key, known string
		want       bool
	}{
		{"titel", "title", true},     // two letters swapped
		{"tpye", "type", true},       // swapped, in a short key
		{"daet", "date", true},       // swapped
		{"Date", "date", true},       // case only
		{"sumary", "summary", true},  // one letter missing
		{"sumarry", "summary", true}, // two edits in a long key
		{"operater", "operator", true},
		{"date", "date", false}, // the same key
		{"name", "date", false}, // two edits in a short key
		{"time", "type", false}, // two edits in a short key
		{"tgas", "tags", true},  // swapped
		{"slugs", "slug", true}, // one added
		{"id", "tags", false},   // far
		{"summaries", "summary", false},
		{"稀土日期", "稀土日", true}, // runes, not bytes
	}
	for _, tt := range tests {
		if got := NearMiss(tt.key, tt.known); got != tt.want {
			t.Errorf("NearMiss(%q, %q) = %v, want %v", tt.key, tt.known, got, tt.want)
		}
	}
}

// TestSuggestKeys: keys other tools read are never near misses, even one
// letter from a known key; a brief's type narrows the schema fields a key
// is compared with.
func TestSuggestKeys(t *testing.T) {
	c := newKeyChecker(map[string]TypeDecl{
		"mine":    {Fields: map[string]FieldDecl{"operator": {Kind: "string"}}},
		"country": {Fields: map[string]FieldDecl{"reserves_t": {Kind: "number"}}},
	})
	tests := []struct{ key, typ, want string }{
		{"titel", "", "title"},
		{"tag", "", ""},       // Obsidian's old key, not a typo of tags
		{"alias", "", ""},     // likewise for aliases
		{"source", "", ""},    // a common key of its own
		{"published", "", ""}, // Quartz, Jekyll
		{"created", "", ""},
		{"Created", "", ""},
		{"data", "", ""},
		{"operater", "mine", "operator"},
		{"operater", "", "operator"}, // no type: every type's fields
		{"reserve_t", "mine", ""},    // not a field of mine
		{"reserve_t", "country", "reserves_t"},
		{"reserve_t", "unknowntype", "reserves_t"},
		{"operator", "country", ""}, // a field of another type: known
		{"mood", "", ""},
	}
	for _, tt := range tests {
		if got := c.suggest(tt.key, tt.typ); got != tt.want {
			t.Errorf("suggest(%q, %q) = %q, want %q", tt.key, tt.typ, got, tt.want)
		}
	}
}
