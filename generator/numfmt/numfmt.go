// Package numfmt writes numbers for readers: thousands separators, at most
// three decimals. Query tables, data tables and charts share it.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Format writes n with thousands separators and at most three
// decimals: 44000000 -> "44,000,000", 0.255 -> "0.255".
func Format(n float64) string {
	if math.IsInf(n, 0) || math.IsNaN(n) {
		return strconv.FormatFloat(n, 'g', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(n), 'f', -1, 64)
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if hasFrac && len(frac) > 3 {
		s = strconv.FormatFloat(math.Abs(n), 'f', 3, 64)
		intPart, frac, _ = strings.Cut(s, ".")
		frac = strings.TrimRight(frac, "0")
		hasFrac = frac != ""
	}
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
