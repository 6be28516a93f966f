package markdown

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// numberColumns right-aligns the columns of a Markdown table that hold
// only numbers (and blanks, dashes or n/a), unless the writer chose an
// alignment: figures line up by their last digit, as in print.
type numberColumns struct{}

// numberCell reports whether s is a figure as writers put one in a table
// cell: an optional sign or approximation, currency, digits with
// separators, an optional scale or unit. It is the regular expression
//
//	^[~≈<>±+\-−]?\s?(?:US\$|A\$|C\$|\$|€|£|¥|CNY|USD)?\s?\d[\d,. \x{202F}]*(?:%|‰|k|m|bn|t|kt|Mt|x|×)?$
//
// (kept in the test, which compares the two) read by hand: each optional
// part starts with what no later part can, so one pass decides, and every
// cell of every table goes through it (the expression took 2% of a build).
func numberCell(s string) bool {
	if r, n := utf8.DecodeRuneInString(s); strings.ContainsRune("~≈<>±+-−", r) {
		s = s[n:]
	}
	s = cutSpace(s)
	for _, c := range currencies {
		if s != "" && s[0] == c[0] && strings.HasPrefix(s, c) {
			s = s[len(c):]
			break
		}
	}
	s = cutSpace(s)
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	i := 1
	for i < len(s) {
		if c := s[i]; '0' <= c && c <= '9' || c == ',' || c == '.' || c == ' ' {
			i++
		} else if strings.HasPrefix(s[i:], "\u202f") {
			i += len("\u202f")
		} else {
			break
		}
	}
	s = s[i:]
	switch s {
	case "", "%", "‰", "k", "m", "bn", "t", "kt", "Mt", "x", "×":
		return true
	}
	return false
}

var currencies = []string{"US$", "A$", "C$", "$", "€", "£", "¥", "CNY", "USD"}

// cutSpace drops one leading \s of a regular expression (ASCII space, tab,
// newline, form feed or carriage return).
func cutSpace(s string) string {
	if s != "" && strings.IndexByte(" \t\n\f\r", s[0]) >= 0 {
		return s[1:]
	}
	return s
}

// blankCell is a cell that says there is no figure.
func blankCell(s string) bool {
	switch strings.ToLower(s) {
	case "", "-", "–", "—", "n/a", "na", "n.a.", "?", "…":
		return true
	}
	return false
}

func (numberColumns) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if bytes.IndexByte(src, '|') < 0 {
		return // no table
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		t, ok := n.(*extast.Table)
		if !ok {
			return blocksOnly(n), nil
		}
		cols := len(t.Alignments)
		numbers := make([]int, cols)
		other := make([]bool, cols)
		for row := t.FirstChild(); row != nil; row = row.NextSibling() {
			if _, head := row.(*extast.TableHeader); head {
				continue
			}
			i := 0
			for c := row.FirstChild(); c != nil && i < cols; c, i = c.NextSibling(), i+1 {
				s := strings.TrimSpace(string(appendCellText(nil, c, src)))
				switch {
				case blankCell(s):
				case numberCell(s):
					numbers[i]++
				default:
					other[i] = true
				}
			}
		}
		for i := range cols {
			if numbers[i] == 0 || other[i] || t.Alignments[i] != extast.AlignNone {
				continue
			}
			t.Alignments[i] = extast.AlignRight
			for row := t.FirstChild(); row != nil; row = row.NextSibling() {
				if c := nthChild(row, i); c != nil {
					if cell, ok := c.(*extast.TableCell); ok {
						cell.Alignment = extast.AlignRight
					}
				}
			}
		}
		return ast.WalkSkipChildren, nil
	})
}

// blocksOnly is the walk status of a walker that looks for blocks (tables,
// quotes): the children of a block whose children are inlines (a
// paragraph, a heading, a table cell) hold none, and it need not visit
// them.
func blocksOnly(n ast.Node) ast.WalkStatus {
	if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
		return ast.WalkSkipChildren
	}
	return ast.WalkContinue
}

func nthChild(n ast.Node, i int) ast.Node {
	c := n.FirstChild()
	for ; c != nil && i > 0; i-- {
		c = c.NextSibling()
	}
	return c
}

// appendCellText appends the text of a table cell.
func appendCellText(b []byte, n ast.Node, src []byte) []byte {
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b = append(b, t.Segment.Value(src)...)
		}
		return ast.WalkContinue, nil
	})
	return b
}
