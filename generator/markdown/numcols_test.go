package markdown

import (
	"regexp"
	"testing"
)

// numberCellRE is what numberCell reads by hand.
var numberCellRE = regexp.MustCompile(`^[~≈<>±+\-−]?\s?(?:US\$|A\$|C\$|\$|€|£|¥|CNY|USD)?\s?\d[\d,. \x{202F}]*(?:%|‰|k|m|bn|t|kt|Mt|x|×)?$`)

var numberCells = []string{
	"", "1", "12,345", "1 234", "1\u202f234", "3.5%", "~40%", "≈ 12", "< 5", "±0.3", "+12", "-3", "−3", "US$ 60", "US$60", "A$1.2bn",
	"C$ 3", "$", "$5", "€ 5", "£5m", "¥300", "CNY 12", "USD12", "USD 12 k", "5 kt", "5kt", "12 Mt", "3x", "3×", "4‰", "60 t",
	"5 mt", "5MT", "a5", "5a", "5 %%", "~~5", "~ ~5", "  5", "\t5", "5\t", "5 ", "$$5", "US$$5", "5-6", "2024", "Q3", "1.", ".5",
	"~", "+", "−", "~US$", "USD", "5bn", "5 bn", "5 b", "5 n", "٣", "5\u00a0t", "€", "CNY", "x", "×5", "5 × 3",
}

func TestNumberCell(t *testing.T) {
	for _, s := range numberCells {
		if got, want := numberCell(s), numberCellRE.MatchString(s); got != want {
			t.Errorf("numberCell(%q) = %v, the expression says %v", s, got, want)
		}
	}
}

func FuzzNumberCell(f *testing.F) {
	for _, s := range numberCells {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := numberCell(s), numberCellRE.MatchString(s); got != want {
			t.Errorf("numberCell(%q) = %v, the expression says %v", s, got, want)
		}
	})
}
