package query

import "testing"

// FuzzParse: the query parser never panics, and errors point inside the query.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`TABLE a AS "A", b FROM #t AND ("f" OR [[X]]) AND -outgoing([[Y]]) WHERE a > 1 AND contains(t, "x") SORT a DESC LIMIT 3`,
		`LIST`, `LIST WHERE`, `TABLE x FROM #`, `LIST WHERE a = "open`, `LIST FROM [[`, `((((`, `LIST WHERE !!!!a`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			e, ok := err.(*Error)
			if !ok || e.Pos < 0 || e.Pos > len(s) {
				t.Fatalf("Parse(%q): %v", s, err)
			}
			return
		}
		q.Filter([]Record{rec{"a": Num(1)}, rec{}})
	})
}
