package markdown

import "testing"

// TestParseFigureRef: Dataview's inline query of a field of this brief or
// of a linked one is a figure reference; any other expression is not.
func TestParseFigureRef(t *testing.T) {
	for _, c := range []struct {
		name, code   string
		brief, field string
		ok           bool
	}{
		{"this", "= this.reserves_t", "", "reserves_t", true},
		{"another brief", "= [[China]].reserves_t", "China", "reserves_t", true},
		{"no space, .value", "=[[MP Materials]].capacity_t.value", "MP Materials", "capacity_t", true},
		{"a path and Unicode", "= [[countries/中国]].储量", "countries/中国", "储量", true},
		{"trailing space", "= this.region ", "", "region", true},
		{"file metadata", "= this.file.name", "", "", false},
		{"a function", "= date(today)", "", "", false},
		{"a label", "= [[China|PRC]].reserves_t", "", "", false},
		{"a heading", "= [[China#Reserves]].reserves_t", "", "", false},
		{"no equals sign", "this.reserves_t", "", "", false},
		{"arithmetic", "= this.a + this.b", "", "", false},
	} {
		brief, field, ok := ParseFigureRef(c.code)
		if ok != c.ok || brief != c.brief || field != c.field {
			t.Errorf("%s: ParseFigureRef(%q) = %q, %q, %v; want %q, %q, %v", c.name, c.code, brief, field, ok, c.brief, c.field, c.ok)
		}
	}
}
