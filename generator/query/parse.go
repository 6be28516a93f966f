// Package query implements Lodestone's subset of the Obsidian Dataview query
// language, evaluated at build time:
//
//	TABLE reserves_t AS "Reserves", production_t FROM #country AND "countries"
//	    WHERE reserves_t > 1000000 AND type = "country" SORT reserves_t DESC LIMIT 10
//	LIST FROM #policy OR [[China]] WHERE jurisdiction = "EU" SORT date ASC
//
// FROM combines #tag, "folder", [[Brief]] (briefs that link to it) and
// outgoing([[Brief]]) (briefs it links to) with AND, OR, - (not) and
// parentheses. WHERE takes comparisons (= != < <= > >=), contains(),
// icontains(), and, or, not and parentheses. Keywords are case-insensitive.
//
// Parse reports the first error with the byte offset where it was found and
// what was expected. Evaluation works on any Record; the site stage supplies
// records for briefs and resolves the FROM sources that name briefs.
package query

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query is a parsed query.
type Query struct {
	List    bool     // LIST rather than TABLE
	NoID    bool     // TABLE WITHOUT ID: no first column linking to the brief
	Columns []Column // TABLE columns, or the one LIST expression (may be empty)
	From    Source   // nil: every brief
	Where   Expr     // nil: no filter
	Sort    []SortKey
	Limit   int // 0: no limit
}

// Column is one TABLE column.
type Column struct {
	Expr  Expr
	Label string // AS "Label", or the expression as written
	Named bool   // the label came from AS
}

// SortKey is one SORT key.
type SortKey struct {
	Expr Expr
	Desc bool
}

// Source is a FROM term.
type Source interface{ source() }

// Tag is #tag in FROM: briefs with the tag (or a nested tag below it).
type Tag struct{ Name string }

// Folder is "folder" in FROM: briefs below the folder of content/.
type Folder struct{ Path string }

// Incoming is [[Brief]] in FROM: briefs that link to Brief.
type Incoming struct {
	Name string
	Pos  int
}

// Outgoing is outgoing([[Brief]]) in FROM: briefs that Brief links to.
type Outgoing struct {
	Name string
	Pos  int
}

// Not, And and Or combine sources.
type (
	NotSource struct{ X Source }
	AndSource struct{ X, Y Source }
	OrSource  struct{ X, Y Source }
)

func (Tag) source()       {}
func (Folder) source()    {}
func (Incoming) source()  {}
func (Outgoing) source()  {}
func (NotSource) source() {}
func (AndSource) source() {}
func (OrSource) source()  {}

// Expr is an expression.
type Expr interface{ expr() }

// Field reads a field of the record: "reserves_t", "file.name".
type Field struct{ Name string }

// Literal is a constant.
type Literal struct{ V Value }

// Binary is a comparison or and/or.
type Binary struct {
	Op   string // "=", "!=", "<", "<=", ">", ">=", "and", "or"
	X, Y Expr
}

// Unary is not.
type Unary struct{ X Expr }

// Call is a function call: contains(a, b), icontains(a, b), lower(a), length(a).
type Call struct {
	Func string
	Args []Expr
}

func (Field) expr()   {}
func (Literal) expr() {}
func (Binary) expr()  {}
func (Unary) expr()   {}
func (Call) expr()    {}

// Error is a parse error at byte offset Pos of the query text.
type Error struct {
	Pos int
	Msg string
}

func (e *Error) Error() string { return e.Msg }

// functions lists the functions and their argument counts.
var functions = map[string]int{"contains": 2, "icontains": 2, "lower": 1, "length": 1, "date": 1}

type token struct {
	kind string // "ident", "string", "number", "tag", "link", "op", "eof"
	text string
	pos  int
}

type parser struct {
	src  string
	toks []token
	i    int
}

// Parse parses a query.
func Parse(src string) (q *Query, err error) {
	p := &parser{src: src}
	if err := p.lex(); err != nil {
		return nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*Error)
			if !ok {
				panic(r)
			}
			q, err = nil, e
		}
	}()
	return p.query(), nil
}

func (p *parser) fail(t token, format string, args ...any) {
	got := t.text
	if t.kind == "eof" {
		got = "the end of the query"
	} else {
		got = strconv.Quote(got)
	}
	panic(&Error{Pos: t.pos, Msg: fmt.Sprintf(format, args...) + ", got " + got})
}

func (p *parser) peek() token { return p.toks[p.i] }
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != "eof" {
		p.i++
	}
	return t
}

// keyword reports whether the next token is the keyword kw, and takes it.
func (p *parser) keyword(kw string) bool {
	t := p.peek()
	if t.kind == "ident" && strings.EqualFold(t.text, kw) {
		p.i++
		return true
	}
	return false
}

func (p *parser) op(o string) bool {
	t := p.peek()
	if t.kind == "op" && t.text == o {
		p.i++
		return true
	}
	return false
}

var clauses = []string{"FROM", "WHERE", "SORT", "LIMIT"}

func (p *parser) atClause() bool {
	t := p.peek()
	if t.kind == "eof" {
		return true
	}
	for _, c := range clauses {
		if t.kind == "ident" && strings.EqualFold(t.text, c) {
			return true
		}
	}
	return false
}

func (p *parser) query() *Query {
	q := &Query{}
	switch {
	case p.keyword("TABLE"):
		if p.keyword("WITHOUT") {
			if !p.keyword("ID") {
				p.fail(p.peek(), "expected ID after WITHOUT")
			}
			q.NoID = true
		}
		for !p.atClause() {
			start := p.peek().pos
			e := p.expr()
			label := strings.TrimSpace(p.src[start:p.peek().pos])
			named := false
			if p.keyword("AS") {
				named = true
				t := p.next()
				if t.kind != "string" && t.kind != "ident" {
					p.fail(t, `expected a quoted label after AS, as in AS "Reserves"`)
				}
				label = t.text
			}
			q.Columns = append(q.Columns, Column{Expr: e, Label: strings.TrimSuffix(label, ","), Named: named})
			if !p.op(",") {
				break
			}
		}
	case p.keyword("LIST"):
		q.List = true
		if !p.atClause() {
			q.Columns = append(q.Columns, Column{Expr: p.expr()})
		}
	default:
		p.fail(p.peek(), "expected TABLE or LIST")
	}
	if p.keyword("FROM") {
		q.From = p.sourceOr()
	}
	if p.keyword("WHERE") {
		q.Where = p.expr()
	}
	if p.keyword("SORT") {
		for {
			k := SortKey{Expr: p.expr()}
			if p.keyword("DESC") {
				k.Desc = true
			} else {
				p.keyword("ASC")
			}
			q.Sort = append(q.Sort, k)
			if !p.op(",") {
				break
			}
		}
	}
	if p.keyword("LIMIT") {
		t := p.next()
		n, err := strconv.Atoi(t.text)
		if t.kind != "number" || err != nil || n < 0 {
			p.fail(t, "expected a whole number after LIMIT")
		}
		q.Limit = n
	}
	if t := p.peek(); t.kind != "eof" {
		p.fail(t, "expected FROM, WHERE, SORT, LIMIT or the end of the query")
	}
	return q
}

func (p *parser) sourceOr() Source {
	s := p.sourceAnd()
	for p.keyword("OR") {
		s = OrSource{X: s, Y: p.sourceAnd()}
	}
	return s
}

func (p *parser) sourceAnd() Source {
	s := p.sourceTerm()
	for p.keyword("AND") {
		s = AndSource{X: s, Y: p.sourceTerm()}
	}
	return s
}

func (p *parser) sourceTerm() Source {
	t := p.next()
	switch {
	case t.kind == "op" && (t.text == "-" || t.text == "!"):
		return NotSource{X: p.sourceTerm()}
	case t.kind == "op" && t.text == "(":
		s := p.sourceOr()
		if !p.op(")") {
			p.fail(p.peek(), "expected )")
		}
		return s
	case t.kind == "tag":
		return Tag{Name: t.text}
	case t.kind == "string":
		return Folder{Path: strings.Trim(t.text, "/")}
	case t.kind == "link":
		return Incoming{Name: t.text, Pos: t.pos}
	case t.kind == "ident" && strings.EqualFold(t.text, "outgoing"):
		if !p.op("(") {
			p.fail(p.peek(), "expected ( after outgoing")
		}
		l := p.next()
		if l.kind != "link" {
			p.fail(l, "expected [[Brief]] inside outgoing()")
		}
		if !p.op(")") {
			p.fail(p.peek(), "expected )")
		}
		return Outgoing{Name: l.text, Pos: l.pos}
	}
	p.fail(t, `expected #tag, "folder", [[Brief]] or outgoing([[Brief]])`)
	return nil
}

func (p *parser) expr() Expr {
	x := p.and()
	for p.keyword("OR") || p.op("||") {
		x = Binary{Op: "or", X: x, Y: p.and()}
	}
	return x
}

func (p *parser) and() Expr {
	x := p.not()
	for p.keyword("AND") || p.op("&&") {
		x = Binary{Op: "and", X: x, Y: p.not()}
	}
	return x
}

func (p *parser) not() Expr {
	if p.keyword("NOT") || p.op("!") {
		return Unary{X: p.not()}
	}
	return p.cmp()
}

func (p *parser) cmp() Expr {
	x := p.primary()
	t := p.peek()
	if t.kind == "op" {
		switch t.text {
		case "=", "!=", "<", "<=", ">", ">=":
			p.i++
			return Binary{Op: t.text, X: x, Y: p.primary()}
		}
	}
	return x
}

func (p *parser) primary() Expr {
	t := p.next()
	switch t.kind {
	case "number":
		n, _ := strconv.ParseFloat(t.text, 64)
		return Literal{V: Num(n)}
	case "string":
		return Literal{V: Str(t.text)}
	case "op":
		switch t.text {
		case "(":
			x := p.expr()
			if !p.op(")") {
				p.fail(p.peek(), "expected )")
			}
			return x
		case "-":
			n := p.next()
			if n.kind != "number" {
				p.fail(n, "expected a number after -")
			}
			v, _ := strconv.ParseFloat(n.text, 64)
			return Literal{V: Num(-v)}
		}
	case "ident":
		switch strings.ToLower(t.text) {
		case "true":
			return Literal{V: BoolV(true)}
		case "false":
			return Literal{V: BoolV(false)}
		case "null":
			return Literal{}
		}
		if p.op("(") {
			name := strings.ToLower(t.text)
			n, ok := functions[name]
			if !ok {
				p.fail(t, "expected a field or one of the functions contains, icontains, lower, length, date")
			}
			var args []Expr
			for !p.op(")") {
				if len(args) > 0 && !p.op(",") {
					p.fail(p.peek(), "expected , or )")
				}
				args = append(args, p.expr())
			}
			if len(args) != n {
				word := "arguments"
				if n == 1 {
					word = "argument"
				}
				panic(&Error{Pos: t.pos, Msg: fmt.Sprintf("%s() takes %d %s, got %d", name, n, word, len(args))})
			}
			return Call{Func: name, Args: args}
		}
		for _, c := range clauses {
			if strings.EqualFold(t.text, c) {
				p.fail(t, "expected a field, a value or (")
			}
		}
		return Field{Name: t.text}
	}
	p.fail(t, "expected a field, a value or (")
	return nil
}

// lex splits the query into tokens.
func (p *parser) lex() error {
	s := p.src
	for i := 0; i < len(s); {
		c := s[i]
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case c == '"' || c == '\'':
			j := i + 1
			var b strings.Builder
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return &Error{Pos: i, Msg: "unterminated string: expected a closing " + string(c)}
			}
			p.toks = append(p.toks, token{"string", b.String(), i})
			i = j + 1
		case c == '#':
			j := i + 1
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '/') {
					break
				}
				j += n
			}
			if j == i+1 {
				return &Error{Pos: i, Msg: "expected a tag name after #"}
			}
			p.toks = append(p.toks, token{"tag", s[i+1 : j], i})
			i = j
		case strings.HasPrefix(s[i:], "[["):
			end := strings.Index(s[i:], "]]")
			if end < 0 {
				return &Error{Pos: i, Msg: "expected ]] to close the link"}
			}
			name, _, _ := strings.Cut(s[i+2:i+end], "|")
			p.toks = append(p.toks, token{"link", strings.TrimSpace(name), i})
			i += end + 2
		case c >= '0' && c <= '9' || c == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == '_') {
				j++
			}
			p.toks = append(p.toks, token{"number", strings.ReplaceAll(s[i:j], "_", ""), i})
			i = j
		case unicode.IsLetter(r) || c == '_':
			j := i
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.' || r == '-' && j+1 < len(s) && s[j+1] != ' ') {
					break
				}
				j += n
			}
			p.toks = append(p.toks, token{"ident", strings.TrimSuffix(s[i:j], "."), i})
			i = j
		default:
			two := ""
			if i+1 < len(s) {
				two = s[i : i+2]
			}
			switch two {
			case "!=", "<=", ">=", "&&", "||":
				p.toks = append(p.toks, token{"op", two, i})
				i += 2
				continue
			}
			switch c {
			case '=', '<', '>', '(', ')', ',', '-', '!':
				p.toks = append(p.toks, token{"op", string(c), i})
				i++
			default:
				return &Error{Pos: i, Msg: fmt.Sprintf("unexpected character %q", r)}
			}
		}
	}
	// The end is where the text ends, not after trailing blank lines.
	p.toks = append(p.toks, token{"eof", "", len(strings.TrimRightFunc(s, unicode.IsSpace))})
	return nil
}
