package query

import (
	"slices"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
)

// Record is what expressions read: one brief's fields. Get returns a Null
// Value for a field the brief does not have.
type Record interface {
	Get(field string) Value
}

// Eval computes e for r. Comparisons of values that cannot be compared are
// false, as in Dataview; they are not errors.
func Eval(e Expr, r Record) Value {
	switch e := e.(type) {
	case Literal:
		return e.V
	case Field:
		return r.Get(e.Name)
	case Unary:
		return BoolV(!Eval(e.X, r).Truthy())
	case Binary:
		switch e.Op {
		case "and":
			return BoolV(Eval(e.X, r).Truthy() && Eval(e.Y, r).Truthy())
		case "or":
			return BoolV(Eval(e.X, r).Truthy() || Eval(e.Y, r).Truthy())
		}
		x, y := Eval(e.X, r), Eval(e.Y, r)
		c, ok := Compare(x, y)
		if !ok {
			return BoolV(e.Op == "!=" && (x.Kind != Null || y.Kind != Null))
		}
		switch e.Op {
		case "=":
			return BoolV(c == 0)
		case "!=":
			return BoolV(c != 0)
		case "<":
			return BoolV(c < 0)
		case "<=":
			return BoolV(c <= 0)
		case ">":
			return BoolV(c > 0)
		case ">=":
			return BoolV(c >= 0)
		}
	case Call:
		args := make([]Value, len(e.Args))
		for i, a := range e.Args {
			args[i] = Eval(a, r)
		}
		switch e.Func {
		case "contains", "icontains":
			return BoolV(contains(args[0], args[1], e.Func == "icontains"))
		case "lower":
			return Str(strings.ToLower(args[0].Text()))
		case "length":
			switch args[0].Kind {
			case List:
				return Num(float64(len(args[0].List)))
			case String:
				return Num(float64(len([]rune(args[0].Str))))
			}
			return Num(0)
		case "date":
			if args[0].Kind == Date {
				return args[0]
			}
			text := args[0].Text()
			if args[0].Kind == Number {
				text = strconv.FormatFloat(args[0].Num, 'f', -1, 64) // date(2025)
			}
			if d, err := brief.ParseDate(text); err == nil {
				return DateV(d)
			}
			return Value{}
		}
	}
	return Value{}
}

func contains(hay, needle Value, fold bool) bool {
	norm := func(s string) string {
		if fold {
			return strings.ToLower(s)
		}
		return s
	}
	switch hay.Kind {
	case List:
		return slices.ContainsFunc(hay.List, func(v Value) bool {
			if fold && v.Kind == String && needle.Kind == String {
				return strings.EqualFold(v.Str, needle.Str)
			}
			c, ok := Compare(v, needle)
			return ok && c == 0
		})
	case String:
		return strings.Contains(norm(hay.Str), norm(needle.Text()))
	case LinkKind:
		return strings.Contains(norm(hay.Link.Title), norm(needle.Text()))
	}
	return false
}

// Filter returns the records for which the query's WHERE holds, sorted by
// its SORT keys (stably, so equal keys keep the given order) and cut to its
// LIMIT.
func (q *Query) Filter(rs []Record) []Record {
	var out []Record
	for _, r := range rs {
		if q.Where == nil || Eval(q.Where, r).Truthy() {
			out = append(out, r)
		}
	}
	if len(q.Sort) > 0 {
		type keyed struct {
			r    Record
			keys []Value
		}
		ks := make([]keyed, len(out))
		for i, r := range out {
			ks[i] = keyed{r: r, keys: make([]Value, len(q.Sort))}
			for j, s := range q.Sort {
				ks[i].keys[j] = Eval(s.Expr, r)
			}
		}
		slices.SortStableFunc(ks, func(a, b keyed) int {
			for i, s := range q.Sort {
				ka, kb := a.keys[i], b.keys[i]
				c := SortCompare(ka, kb)
				if s.Desc && ka.Kind != Null && kb.Kind != Null {
					c = -c
				}
				if c != 0 {
					return c
				}
			}
			return 0
		})
		for i := range ks {
			out[i] = ks[i].r
		}
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}
