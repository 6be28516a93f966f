package brief

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/yuin/goldmark/ast"
)

// Quantity is a number with a unit in the prose ("reserves of 44 million t
// REO"): its value (scale words applied), the word after it, and the words
// before it in its sentence. The site stage compares quantities with the
// brief's typed figures: a number written beside a figure's name, in the
// figure's unit, must be the figure's value.
type Quantity struct {
	Value float64
	// Unit is the word after the number (and its scale word), lower-cased:
	// "t" for "44 million t REO", "%" for "40%".
	Unit string
	// Before holds the words before the number, lower-cased, back to the
	// start of its sentence, the previous number in the same unit, or
	// maxBefore words, whichever is nearest; nearest last.
	Before []string
	// Text is the number as written, with its scale word ("44 million").
	Text string
	Pos  diag.Pos
}

// maxBefore is how many words before a number may name what it counts.
const maxBefore = 8

var scales = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

// quantities finds the quantities of a paragraph (its text, not its code,
// math, links' addresses or quoted figures).
func (b *Brief) quantities(n ast.Node, src []byte) []Quantity {
	if !hasDigit(n, src) {
		return nil // most paragraphs: nothing to look at
	}
	var buf []byte
	type span struct{ at, src int } // buf[at:] comes from src[src:]
	var spans []span
	brk := func() { buf = append(buf, 0) }
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || c == n {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			seg := c.Segment
			spans = append(spans, span{len(buf), seg.Start})
			buf = append(buf, src[seg.Start:seg.Stop]...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				buf = append(buf, ' ')
			}
		case *ast.String:
			brk()
		case *ast.Emphasis, *ast.Link:
			return ast.WalkContinue, nil
		default:
			if c.Kind().String() == "WikiLink" {
				return ast.WalkContinue, nil // its label is text
			}
			brk()
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var out []Quantity
	text := string(buf)
	lastEnd := map[string]int{} // the end of the last number in each unit
	for i := 0; i < len(text); {
		if !isDigitByte(text[i]) || i > 0 && numberGlue(text[:i]) {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		num, end := readNumber(text, i)
		if end == i {
			i++
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
		j := end // the end of the number, its scale word and unit
		written := num
		unit := ""
		if j < len(text) && text[j] == '%' {
			unit = "%"
			j++
		} else {
			w, k := nextWord(text, j)
			if f, ok := scales[strings.ToLower(w)]; ok {
				v *= f
				written = text[i:k]
				w, k = nextWord(text, k)
			}
			if w != "" {
				unit, j = strings.ToLower(w), k
			}
		}
		if err == nil && unit != "" {
			from := max(sentenceStart(text, i), lastEnd[unit])
			before := wordsOf(text[from:i])
			if len(before) > maxBefore {
				before = before[len(before)-maxBefore:]
			}
			if len(before) > 0 {
				k := len(spans) - 1
				for k > 0 && spans[k].at > i {
					k--
				}
				out = append(out, Quantity{Value: v, Unit: unit, Before: before, Text: written, Pos: b.pos(spans[k].src + i - spans[k].at)})
			}
			lastEnd[unit] = j
		}
		i = max(end, i+1)
	}
	return out
}

func isDigitByte(c byte) bool { return '0' <= c && c <= '9' }

// hasDigit reports whether the text of paragraph n holds a digit.
func hasDigit(n ast.Node, src []byte) bool {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for _, c := range src[seg.Start:seg.Stop] {
			if isDigitByte(c) {
				return true
			}
		}
	}
	return lines.Len() == 0
}

// numberGlue reports whether a digit after before continues a word or a
// number ("MP-011", "x2", "1.5", "v1").
func numberGlue(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' || r == ',' || r == '$' || r == '€' || r == '£' || r == '/' {
		return true
	}
	return false
}

// readNumber reads "44", "44,000,000", "1.9" or "44 000" (no: a space
// ends it) from text[i:]: thousands separated by commas in groups of three.
func readNumber(text string, i int) (string, int) {
	j := i
	for j < len(text) && isDigitByte(text[j]) {
		j++
	}
	for j+4 <= len(text) && text[j] == ',' && allDigits(text[j+1:j+4]) && (j+4 == len(text) || !isDigitByte(text[j+4])) {
		j += 4
	}
	if j+1 < len(text) && text[j] == '.' && isDigitByte(text[j+1]) {
		j++
		for j < len(text) && isDigitByte(text[j]) {
			j++
		}
	}
	// A number glued to letters or more digits ("2025a", "1.2.3") is not one.
	if j < len(text) {
		r, _ := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || r == '.' && j+1 < len(text) && isDigitByte(text[j+1]) || r == '-' && j+1 < len(text) && isDigitByte(text[j+1]) {
			return "", i
		}
	}
	return text[i:j], j
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigitByte(s[i]) {
			return false
		}
	}
	return true
}

// nextWord returns the word (of letters) after spaces at text[j:] and
// where it ends; "" and j if no word follows.
func nextWord(text string, j int) (string, int) {
	k := j
	for k < len(text) {
		if text[k] == ' ' {
			k++
		} else if strings.HasPrefix(text[k:], "\u00a0") {
			k += len("\u00a0")
		} else {
			break
		}
	}
	start := k
	for k < len(text) {
		r, size := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsLetter(r) {
			break
		}
		k += size
	}
	if k == start {
		return "", j
	}
	return text[start:k], k
}

// sentenceStart is where the sentence that holds text[i] starts: after
// the last ". ", "! ", "? ", "; " or break before i.
func sentenceStart(text string, i int) int {
	for k := i - 1; k >= 0; k-- {
		switch text[k] {
		case 0:
			return k + 1
		case '.', '!', '?', ';', ':':
			if k+1 < len(text) && text[k+1] == ' ' {
				return k + 1
			}
		}
	}
	return 0
}

// wordsOf cuts text into lower-case words of letters and digits
// ("China's" gives "china", "s").
func wordsOf(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
