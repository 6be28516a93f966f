package render

import (
	"slices"
	"testing"
)

func TestIndexOrder(t *testing.T) {
	titles := []string{"Note 10", "zebra", "Éclair", "note 2", "2024 review", "Apple", "稀土", "eagle", "Note 2b", "_draft", "Note 02"}
	slices.SortStableFunc(titles, func(a, b string) int { return naturalCompare(indexKey(a), indexKey(b)) })
	want := []string{"2024 review", "_draft", "Apple", "eagle", "Éclair", "note 2", "Note 02", "Note 2b", "Note 10", "zebra", "稀土"}
	if !slices.Equal(titles, want) {
		t.Errorf("sorted: %q\nwant    %q", titles, want)
	}
}
