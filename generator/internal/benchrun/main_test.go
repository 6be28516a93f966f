package main

import (
	"testing"
	"time"
)

func TestPairedRatio(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b []time.Duration
		want float64
	}{
		{"odd", []time.Duration{2, 9, 6}, []time.Duration{1, 3, 2}, 3},          // ratios 2, 3, 3
		{"slow round", []time.Duration{2, 20, 3}, []time.Duration{1, 10, 1}, 2}, // 2, 2, 3: not 20/3
		{"even: upper middle", []time.Duration{1, 2, 3, 4}, []time.Duration{1, 1, 1, 1}, 3},
		{"no runs", nil, nil, 0},
		{"zero skipped", []time.Duration{5, 4}, []time.Duration{0, 2}, 2},
		{"unequal lengths", []time.Duration{4, 6, 100}, []time.Duration{2, 3}, 2},
	} {
		if got := pairedRatio(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: pairedRatio = %v, want %v", tc.name, got, tc.want)
		}
	}
}
