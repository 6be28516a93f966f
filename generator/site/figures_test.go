package site

import (
	"strings"
	"testing"
)

// TestNames: the words before a number name a figure when its name's
// words stand together, near the number, after nothing or after a word
// that leaves the figure as it is; a qualifying word makes it another.
func TestNames(t *testing.T) {
	own := map[string]bool{"china": true, "prc": true}
	for _, c := range []struct {
		name, name0, before string
		want                bool
	}{
		{"alone", "reserve", "reserve of", true},
		{"after the brief's name", "reserve", "usgs has put china s reserve at", true},
		{"after a verb", "reserve", "china has reserve of", true},
		{"qualified", "reserve", "its monazite reserve of", false},
		{"qualified, bracketed", "reserve", "jorc compliant or equivalent reserve of", false},
		{"too far", "reserve", "similar reserve figure mined an estimated", false},
		{"two words, any order", "production 2024", "its 2024 production of", true},
		{"one word missing", "mine production 2024", "production of", false},
		{"not there", "reserve", "output was", false},
	} {
		if got := names(strings.Fields(c.name0), strings.Fields(c.before), own); got != c.want {
			t.Errorf("%s: names(%q, %q) = %v, want %v", c.name, c.name0, c.before, got, c.want)
		}
	}
}
