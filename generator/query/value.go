package query

import (
	"cmp"
	"github.com/lodestone-ssg/lodestone/generator/numfmt"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
)

// Kind is the type of a Value.
type Kind int

// The kinds of values.
const (
	Null Kind = iota
	String
	Number
	Bool
	Date
	List
	LinkKind
)

// Value is a field value or the result of an expression.
type Value struct {
	Kind Kind
	Str  string
	Num  float64
	Bool bool
	Date brief.Date
	List []Value
	Link *Link
}

// Link is a reference to a page.
type Link struct {
	Title string
	URL   string // site URL of the page
}

// Constructors.
func Str(s string) Value       { return Value{Kind: String, Str: s} }
func Num(n float64) Value      { return Value{Kind: Number, Num: n} }
func BoolV(b bool) Value       { return Value{Kind: Bool, Bool: b} }
func DateV(d brief.Date) Value { return Value{Kind: Date, Date: d} }
func ListV(vs []Value) Value   { return Value{Kind: List, List: vs} }
func LinkV(title, url string) Value {
	return Value{Kind: LinkKind, Link: &Link{Title: title, URL: url}}
}

// FromAny converts a decoded front-matter value (as yaml.v3 decodes into
// any) to a Value. Strings that are dates stay strings; comparisons with a
// date convert them.
func FromAny(x any) Value {
	switch v := x.(type) {
	case nil:
		return Value{}
	case string:
		return Str(v)
	case bool:
		return BoolV(v)
	case int:
		return Num(float64(v))
	case int64:
		return Num(float64(v))
	case uint64:
		return Num(float64(v))
	case float64:
		return Num(v)
	case brief.Date:
		return DateV(v)
	case []any:
		out := make([]Value, len(v))
		for i, e := range v {
			out[i] = FromAny(e)
		}
		return ListV(out)
	}
	return Value{}
}

// Truthy reports whether v counts as true in WHERE.
func (v Value) Truthy() bool {
	switch v.Kind {
	case Bool:
		return v.Bool
	case String:
		return v.Str != ""
	case Number:
		return v.Num != 0
	case List:
		return len(v.List) > 0
	case Date:
		return !v.Date.IsZero()
	case LinkKind:
		return true
	}
	return false
}

// Text is v as plain text.
func (v Value) Text() string {
	switch v.Kind {
	case String:
		return v.Str
	case Number:
		return numfmt.Format(v.Num)
	case Bool:
		return strconv.FormatBool(v.Bool)
	case Date:
		return v.Date.String()
	case LinkKind:
		return v.Link.Title
	case List:
		parts := make([]string, len(v.List))
		for i, e := range v.List {
			parts[i] = e.Text()
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// Compare orders two values of compatible kinds. ok is false when they
// cannot be compared (then the comparison is false, as in Dataview). A
// string compared with a date is read as a date; with a number, as a number.
func Compare(a, b Value) (int, bool) {
	if a.Kind == Null || b.Kind == Null {
		if a.Kind == b.Kind {
			return 0, true
		}
		return 0, false
	}
	if a.Kind == String && b.Kind == Date {
		d, err := brief.ParseDate(a.Str)
		if err != nil {
			return 0, false
		}
		a = DateV(d)
	}
	if a.Kind == Date && b.Kind == String {
		d, err := brief.ParseDate(b.Str)
		if err != nil {
			return 0, false
		}
		b = DateV(d)
	}
	if a.Kind == String && b.Kind == Number {
		n, err := strconv.ParseFloat(strings.ReplaceAll(a.Str, ",", ""), 64)
		if err != nil {
			return 0, false
		}
		a = Num(n)
	}
	if a.Kind == Number && b.Kind == String {
		n, err := strconv.ParseFloat(strings.ReplaceAll(b.Str, ",", ""), 64)
		if err != nil {
			return 0, false
		}
		b = Num(n)
	}
	if a.Kind == LinkKind && b.Kind == String {
		return strings.Compare(strings.ToLower(a.Link.Title), strings.ToLower(b.Str)), true
	}
	if a.Kind == String && b.Kind == LinkKind {
		return strings.Compare(strings.ToLower(a.Str), strings.ToLower(b.Link.Title)), true
	}
	if a.Kind != b.Kind {
		return 0, false
	}
	switch a.Kind {
	case String:
		return strings.Compare(a.Str, b.Str), true
	case Number:
		return cmp.Compare(a.Num, b.Num), true
	case Bool:
		switch {
		case a.Bool == b.Bool:
			return 0, true
		case !a.Bool:
			return -1, true
		}
		return 1, true
	case Date:
		return a.Date.Compare(b.Date), true
	case LinkKind:
		return strings.Compare(a.Link.URL, b.Link.URL), true
	case List:
		for i := range min(len(a.List), len(b.List)) {
			if c, ok := Compare(a.List[i], b.List[i]); !ok || c != 0 {
				return c, ok
			}
		}
		return cmp.Compare(len(a.List), len(b.List)), true
	}
	return 0, false
}

// SortCompare orders values for SORT: nulls last, then by Compare, and
// values of different kinds by kind.
func SortCompare(a, b Value) int {
	switch {
	case a.Kind == Null && b.Kind == Null:
		return 0
	case a.Kind == Null:
		return 1
	case b.Kind == Null:
		return -1
	}
	if c, ok := Compare(a, b); ok {
		return c
	}
	return cmp.Compare(a.Kind, b.Kind)
}
