package data

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name, file, src string
		cols, rows      string
		err             string
	}{
		{"csv", "data/r.csv", "country, reserves_t\nChina,44000000\n\"Korea, South\",\"1,000\"\n", "country|reserves_t", "China,44000000;Korea, South,1,000", ""},
		{"csv with BOM and CRLF", "data/r.csv", "\ufeffa,b\r\n1,2\r\n", "a|b", "1,2", ""},
		{"yaml", "data/r.yaml", "- {country: China, reserves_t: 44000000}\n- {country: Brazil, note: big}\n", "country|reserves_t|note", "China,44000000,;Brazil,,big", ""},
		{"ragged csv", "data/r.csv", "a,b\n1,2\n3\n", "", "", "data/r.csv:3:1: bad CSV: row has 1 cell, the header has 2"},
		{"bad quote", "data/r.csv", "a,b\n1,\"x\"y\n", "", "", `data/r.csv:2:5: bad CSV: extraneous or missing " in quoted-field`},
		{"empty csv", "data/r.csv", "", "", "", "data/r.csv:1: bad CSV: empty file; the first row names the columns"},
		{"yaml not a list", "data/r.yml", "a: 1\n", "", "", "data/r.yml:1:1: data: expected a list of rows (- column: value)"},
		{"yaml nested", "data/r.yml", "- a: [1, 2]\n", "", "", "data/r.yml:1:6: data: a: expected a single value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, d := Parse(tt.file, []byte(tt.src))
			if tt.err != "" {
				if d == nil || d.Error() != tt.err {
					t.Fatalf("error = %v, want %s", d, tt.err)
				}
				return
			}
			if d != nil {
				t.Fatal(d)
			}
			var rows []string
			for _, r := range tab.Rows {
				rows = append(rows, strings.Join(r, ","))
			}
			if got := strings.Join(tab.Columns, "|"); got != tt.cols {
				t.Errorf("columns %q, want %q", got, tt.cols)
			}
			if got := strings.Join(rows, ";"); got != tt.rows {
				t.Errorf("rows %q, want %q", got, tt.rows)
			}
		})
	}
}
