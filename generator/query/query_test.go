package query

import (
	"fmt"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
)

type rec map[string]Value

func (r rec) Get(f string) Value { return r[f] }

func date(s string) Value {
	d, err := brief.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return DateV(d)
}

var countries = []Record{
	rec{"file.name": Str("china"), "type": Str("country"), "reserves_t": Num(44_000_000), "date": date("2025-01"), "tags": ListV([]Value{Str("asia")})},
	rec{"file.name": Str("brazil"), "type": Str("country"), "reserves_t": Num(21_000_000), "date": date("2025")},
	rec{"file.name": Str("vietnam"), "type": Str("country"), "reserves_t": Num(3_500_000), "date": date("2024-02-01"), "tags": ListV([]Value{Str("asia")})},
	rec{"file.name": Str("mountain-pass"), "type": Str("mine"), "capacity_t": Num(40_000)},
	rec{"file.name": Str("world"), "type": Str("country")},
}

func names(rs []Record) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Get("file.name").Str)
	}
	return strings.Join(out, " ")
}

func TestFilter(t *testing.T) {
	tests := []struct{ q, want string }{
		{`TABLE reserves_t WHERE type = "country" SORT reserves_t DESC`, "china brazil vietnam world"},
		{`TABLE reserves_t AS "Reserves" WHERE reserves_t > 10000000 SORT reserves_t ASC`, "brazil china"},
		{`LIST WHERE type = "country" AND reserves_t >= 3500000 SORT file.name LIMIT 2`, "brazil china"},
		{`list where contains(tags, "asia") sort file.name`, "china vietnam"},
		{`LIST WHERE icontains(file.name, "IN")`, "china mountain-pass"},
		{`LIST WHERE not (type = "country")`, "mountain-pass"},
		{`LIST WHERE !contains(tags, "asia") AND type != "mine"`, "brazil world"},
		{`LIST WHERE date >= "2025" SORT date DESC`, "china brazil"},
		{`LIST WHERE date < date(2025) `, "vietnam"},
		{`LIST WHERE reserves_t = null`, "mountain-pass world"},
		{`LIST WHERE reserves_t > "5,000,000" OR capacity_t`, "china brazil mountain-pass"},
		{`LIST SORT reserves_t DESC, file.name`, "china brazil vietnam mountain-pass world"},
		{`LIST WHERE length(tags) = 1 SORT file.name DESC`, "vietnam china"},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			q, err := Parse(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := names(q.Filter(countries)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseShape(t *testing.T) {
	src := `TABLE WITHOUT ID reserves_t AS "Reserves (t)", production_t FROM #country AND ("countries" OR [[China]]) AND -outgoing([[World]]) WHERE x > 1 SORT x DESC LIMIT 10`
	q, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprintf("%d|%s|%s|%d|%v", len(q.Columns), q.Columns[0].Label, q.Columns[1].Label, q.Limit, q.Sort[0].Desc); got != "2|Reserves (t)|production_t|10|true" {
		t.Errorf("got %s", got)
	}
	want := AndSource{X: AndSource{X: Tag{"country"}, Y: OrSource{X: Folder{"countries"}, Y: Incoming{Name: "China", Pos: strings.Index(src, "[[China")}}}, Y: NotSource{X: Outgoing{Name: "World", Pos: strings.Index(src, "[[World")}}}
	if fmt.Sprint(q.From) != fmt.Sprint(want) {
		t.Errorf("FROM = %v\nwant %v", q.From, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		q   string
		pos int
		msg string
	}{
		{`SELECT x`, 0, `expected TABLE or LIST, got "SELECT"`},
		{`TABLE x FROM`, 12, `expected #tag, "folder", [[Brief]] or outgoing([[Brief]]), got the end of the query`},
		{`TABLE x WHERE y >`, 17, `expected a field, a value or (, got the end of the query`},
		{`LIST WHERE (a = 1`, 17, `expected ), got the end of the query`},
		{`LIST LIMIT many`, 11, `expected a whole number after LIMIT, got "many"`},
		{`LIST WHERE a = "open`, 15, `unterminated string: expected a closing "`},
		{`LIST WHERE contains(a)`, 11, `contains() takes 2 arguments, got 1`},
		{`LIST WHERE lower(a, b)`, 11, `lower() takes 1 argument, got 2`},
		{`LIST WHERE frob(a)`, 11, `expected a field or one of the functions contains, icontains, lower, length, date, got "frob"`},
		{`LIST FROM #a WHERE x SORT y BOGUS`, 28, `expected FROM, WHERE, SORT, LIMIT or the end of the query, got "BOGUS"`},
		{`TABLE x AS 5`, 11, `expected a quoted label after AS, as in AS "Reserves", got "5"`},
		{`LIST FROM [[open`, 10, `expected ]] to close the link`},
		{`LIST WHERE a ~ b`, 13, `unexpected character '~'`},
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			_, err := Parse(tt.q)
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("err = %v", err)
			}
			if e.Pos != tt.pos || e.Msg != tt.msg {
				t.Errorf("got %d %q, want %d %q", e.Pos, e.Msg, tt.pos, tt.msg)
			}
		})
	}
}
