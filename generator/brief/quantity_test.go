package brief

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// TestQuantities: numbers with a unit in the prose, scale words applied,
// with the words before them back to the sentence's start or the last
// number in the same unit; not in code, quoted figures, fact ids or words.
func TestQuantities(t *testing.T) {
	md := markdown.New(markdown.Options{FigureUnits: []string{"%", "production", "t"}})
	for _, c := range []struct{ name, text, want string }{
		{"scale word", "China holds reserves of 40 million t REO.", "40000000 t [china holds reserves of] 1:25"},
		{"thousands separators", "Output was 270,000 t in 2024.", "270000 t [output was] 1:12"},
		{"decimal and percent", "US reserves are 1.9 million t, about 2.5% of the world.", "1900000 t [us reserves are] 1:17; 2.5 % [us reserves are 1 9 million t about] 1:38"},
		{"a sentence ends", "Mines closed. Reserves of 44 million t remain.", "44000000 t [reserves of] 1:27"},
		{"the last number in the unit", "Reserves fell from 21 million t to 11 million t.", "21000000 t [reserves fell from] 1:20; 11000000 t [to] 1:36"},
		{"a year is no quantity of t", "Its 2024 production of 270,000 t.", "2024 production [its] 1:5; 270000 t [its 2024 production of] 1:24"},
		{"code, figures and ids", "Reserves of `44 t` and `= this.reserves_t` and MP-011 t.", ""},
		{"glued to a word", "Version v2 t and x1.5 t.", ""},
		{"no words before", "44 million t.", ""},
	} {
		b, diags := Parse("content/a.md", "a.md", []byte(c.text), md)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		var got []string
		for _, q := range b.Quantities {
			got = append(got, fmt.Sprintf("%s %s [%s] %d:%d", strconv.FormatFloat(q.Value, 'f', -1, 64), q.Unit, strings.Join(q.Before, " "), q.Pos.Line, q.Pos.Col))
		}
		if s := strings.Join(got, "; "); s != c.want {
			t.Errorf("%s: %q\n got %s\nwant %s", c.name, c.text, s, c.want)
		}
	}
}
