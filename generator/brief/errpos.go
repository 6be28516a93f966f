package brief

// Positions of front-matter mistakes.
//
// yaml.v3 and BurntSushi/toml report a syntax error as a line only, and that
// line is where the parser noticed the problem (yaml.v3 often reports the
// line of the enclosing mapping, counted from 0), not where the writer went
// wrong. So the parser is run again on prefixes of the front matter to find
// the shortest one that fails with the same problem: its last character is
// where the mistake became certain. A few common mistakes are then moved to
// where the writer has to fix them: the opening quote or bracket that is
// never closed, the tab that indents, the colon without a space after it.
// Every position is a byte offset into the front matter, turned into a line
// and column by diag.Lines, so it always lies inside the file.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"gopkg.in/yaml.v3"
)

// maxSearch bounds the front matter (in bytes) that is parsed again to place
// an error: a few dozen parses of it at most.
const maxSearch = 128 << 10

// shortestFailing returns the length of the shortest prefix of src for which
// fails is true, given that it is true for src: it searches whole lines first,
// then the characters of the line found. Both are binary searches, so src is
// parsed some 2·log₂(len) times. If fails is not monotonic the answer is still
// a prefix at which it turns true.
func shortestFailing(src []byte, fails func([]byte) bool) int {
	var ends []int // prefix lengths that end a line
	for i, c := range src {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] != len(src) {
		ends = append(ends, len(src))
	}
	i := sort.Search(len(ends), func(i int) bool { return fails(src[:ends[i]]) })
	if i == len(ends) {
		return len(src)
	}
	start := 0
	if i > 0 {
		start = ends[i-1]
	}
	var cuts []int // prefix lengths that end a character of the line
	for k := start; k < ends[i]; {
		_, n := utf8.DecodeRune(src[k:])
		k += n
		cuts = append(cuts, k)
	}
	j := sort.Search(len(cuts), func(j int) bool { return fails(src[:cuts[j]]) })
	if j == len(cuts) {
		return ends[i]
	}
	return cuts[j]
}

// lastRune returns the offset of the last character of src[:k].
func lastRune(src []byte, k int) int {
	if k <= 0 {
		return 0
	}
	_, n := utf8.DecodeLastRune(src[:k])
	return k - n
}

// lineAt returns the bounds of the line (ended by "\n") around offset off.
func lineAt(src []byte, off int) (start, end int) {
	start = bytes.LastIndexByte(src[:off], '\n') + 1
	end = len(src)
	if i := bytes.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	return start, end
}

// indentEnd returns the offset of the first character of the line starting
// at start that is neither a space nor a tab.
func indentEnd(src []byte, start int) int {
	for start < len(src) && (src[start] == ' ' || src[start] == '\t') {
		start++
	}
	return start
}

const quoteColonHint = ` (a value that contains ": " must be quoted, e.g. title: "NdPr: the basics")`

var yamlLine = regexp.MustCompile(`^(?:yaml: )?(?:line (\d+): )?`)

// yamlProblem splits a yaml.v3 error into the line it names (0 if none) and
// the problem.
func yamlProblem(err error) (line int, problem string) {
	msg := err.Error()
	m := yamlLine.FindStringSubmatch(msg)
	line, _ = strconv.Atoi(m[1])
	return line, msg[len(m[0]):]
}

// YAMLError turns a yaml.v3 syntax error in a YAML document whose first line
// is line first of file into a diagnostic at the line yaml.v3 names, without
// a column. YAMLErrorAt, given the document, does better.
func YAMLError(file string, first int, err error) diag.Diagnostic {
	return YAMLErrorAt(file, first, nil, err)
}

// YAMLErrorAt turns the error yaml.v3 returned for src, a YAML document whose
// first line is line first of file, into a diagnostic at the line and column
// of the mistake, with a hint for the common ones: an unclosed quote or
// bracket, a tab that indents, a colon without a space after it or a value
// with ": " in it, a value starting with @. With a nil src it gives only the
// line yaml.v3 names.
func YAMLErrorAt(file string, first int, src []byte, err error) diag.Diagnostic {
	n, problem := yamlProblem(err)
	if src == nil {
		msg := problem
		switch {
		case strings.Contains(problem, "mapping values are not allowed"):
			msg += quoteColonHint
		case strings.Contains(problem, "cannot start any token"):
			msg += " (a value starting with @ or ` must be quoted, e.g. - \"@name\")"
		}
		return diag.Diagnostic{Pos: diag.Pos{File: file, Line: first + max(n, 1) - 1}, Msg: msg}
	}
	lines := diag.NewLines(src, first)
	at := func(off int, msg string) diag.Diagnostic {
		line, col := lines.Pos(off)
		return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: msg}
	}
	if len(src) > maxSearch {
		line, col := newYAMLLines(src, first).pos(max(n, 1), 1)
		return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: problem}
	}
	fails := func(p []byte) bool {
		var n yaml.Node
		err := yaml.Unmarshal(p, &n)
		if err == nil {
			return false
		}
		_, q := yamlProblem(err)
		return q == problem
	}
	k := shortestFailing(src, fails)
	if len(flowStack(src)) == 0 && len(flowStack(src[:k])) > 0 {
		// Every bracket is closed, but the prefix ends inside one: find
		// the shortest prefix that fails once its brackets are closed too,
		// not merely for ending early.
		k = shortestFailing(src, func(p []byte) bool {
			stack := flowStack(p)
			q := append([]byte(nil), p...)
			for i := len(stack) - 1; i >= 0; i-- {
				q = append(q, map[byte]byte{'[': ']', '{': '}'}[p[stack[i]]])
			}
			return fails(q)
		})
	}
	off := lastRune(src, k)
	start, end := lineAt(src, off)
	ind := indentEnd(src, start)
	if tab := bytes.IndexByte(src[start:ind], '\t'); tab >= 0 && off <= ind &&
		(strings.Contains(problem, "tab") || strings.Contains(problem, "cannot start any token")) {
		return at(start+tab, "a tab indents this line, and tabs can't indent YAML; indent with spaces")
	}
	for off > ind && off < len(src) && src[off] == ' ' {
		off-- // "- " is noticed at the space: point at the "-"
	}
	c := byte(0)
	if off < len(src) {
		c = src[off]
	}
	switch {
	case c == '\t':
		return at(off, problem+" (a tab cannot start anything here; use spaces)")

	case strings.Contains(problem, "cannot start any token"):
		w := word(src[off:end])
		return at(off, fmt.Sprintf("%s (a value starting with %c must be quoted: %q)", problem, c, w))

	case strings.Contains(problem, "control characters"):
		r, _ := utf8.DecodeRune(src[off:])
		return at(off, fmt.Sprintf("%s (U+%04X here; delete it)", problem, r))

	case problem == "found unexpected end of stream" && (c == '"' || c == '\''):
		return at(off, fmt.Sprintf("the quote %c here is never closed; end the value with %c", c, c))

	case strings.HasPrefix(problem, "did not find expected ',' or "):
		closer := problem[len(problem)-2]
		opener := map[byte]byte{']': '[', '}': '{'}[closer]
		if o := unclosedFlow(src, opener, off); o >= 0 {
			return at(o, fmt.Sprintf("the %c here is never closed; close it with %c", opener, closer))
		}
		i := off
		for i > 0 && i < len(src) && isBlank(src[i]) {
			i--
		}
		if i < len(src) && src[i] == ':' { // "{a: 1 b: 2}": point at b
			for i > 0 && !isBlank(src[i-1]) && !bytes.ContainsAny(src[i-1:i], ",[{") {
				i--
			}
			off = i
		}
		return at(off, problem+" (separate the items with commas)")

	case strings.Contains(problem, "mapping values are not allowed"):
		// The colon at off is the first of its line: the line's key was
		// read as part of a value that began above it.
		if !bytes.Contains(src[ind:off], []byte(": ")) && ind < off && !bytes.ContainsAny(src[ind:ind+1], "-?\"'[{") {
			if p := prevLine(src, start); p >= 0 {
				ps, pe := lineAt(src, p)
				prev := src[ps:pe]
				if i := colonWithoutSpace(prev); i >= 0 {
					key := strings.TrimSpace(string(prev[:i]))
					return at(ps+i, fmt.Sprintf("%q needs a space after the colon: write %s: %s",
						strings.TrimSpace(string(prev)), key, strings.TrimSpace(string(prev[i+1:]))))
				}
				if bytes.Contains(prev, []byte(": ")) && ind-start > indentEnd(src, ps)-ps {
					return at(ind, "this line is indented more than the key above it; "+
						`keys of one mapping line up (and a value that goes on over lines and contains ": " must be quoted)`)
				}
			}
		}
		return at(off, problem+quoteColonHint)

	case strings.Contains(problem, "could not find expected ':'"):
		if i := colonWithoutSpace(src[start:end]); i >= 0 && off <= start+i {
			line := strings.TrimSpace(string(src[start:end]))
			key, val, _ := strings.Cut(line, ":")
			return at(start+i, fmt.Sprintf("%q needs a space after the colon: write %s: %s", line, key, val))
		}
		return at(off, problem+" (write key: value, with a space after the colon)")

	case strings.HasPrefix(problem, "unknown anchor"):
		if i := bytes.LastIndexByte(src[start:min(off+1, len(src))], '*'); i >= 0 {
			off = start + i
		}
		return at(off, problem+" (a value starting with * must be quoted)")

	case strings.HasPrefix(problem, "did not find expected"):
		if o := max(unclosedFlow(src, '[', off), unclosedFlow(src, '{', off)); o >= 0 {
			return at(o, fmt.Sprintf("the %c here is never closed; close it with %c", src[o], map[byte]byte{'[': ']', '{': '}'}[src[o]]))
		}
		if off > start && src[off-1] == '\'' && c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return at(off-1, problem+` (this ' ends the quoted value; write a ' inside '…' as '')`)
		}
		switch {
		case c == ':' && off == ind:
			return at(off, problem+" (a value with no key before its colon)")
		case c == ']' || c == '}':
			return at(off, fmt.Sprintf("%s (nothing opened this %c; remove it)", problem, c))
		case off == ind && (strings.Contains(problem, "key") || strings.Contains(problem, "indicator")):
			return at(off, problem+" (this line's indentation does not match the lines above it)")
		}
	}
	return at(off, problem)
}

// word returns the start of b up to the first space or flow indicator, for
// quoting in a message.
func word(b []byte) string {
	i := bytes.IndexAny(b, " \t\r,[]{}")
	if i < 0 {
		i = len(b)
	}
	s := string(b[:i])
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return s
}

// prevLine returns an offset inside the last line before the one starting at
// start that is neither blank nor a comment, or -1 if there is none.
func prevLine(src []byte, start int) int {
	for start > 0 {
		s, _ := lineAt(src, start-1)
		t := bytes.TrimSpace(src[s : start-1])
		if len(t) > 0 && t[0] != '#' {
			return start - 2
		}
		start = s
	}
	return -1
}

// colonWithoutSpace returns the offset in line of the colon in "key:value",
// a line with a colon but no ": " that is not a list item, or -1.
func colonWithoutSpace(line []byte) int {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || bytes.Contains(t, []byte(": ")) || bytes.ContainsAny(t[:1], "-?#\"'[{") || t[len(t)-1] == ':' {
		return -1
	}
	return bytes.IndexByte(line, ':')
}

// unclosedFlow returns the offset of the innermost bracket open (one of [
// and {) that is still open at the end of YAML src and lies at or before
// limit, or -1.
func unclosedFlow(src []byte, open byte, limit int) int {
	stack := flowStack(src)
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i] <= limit && src[stack[i]] == open {
			return stack[i]
		}
	}
	return -1
}

// flowStack scans YAML src for flow collections ([…] and {…}) and quoted
// values, roughly as a YAML scanner does, and returns the offsets of the
// brackets still open at its end, outermost first.
func flowStack(src []byte) []int {
	var stack []int
	tokenStart := true // at a place where a value may start
	for i := 0; i < len(src); i++ {
		c := src[i]
		flow := len(stack) > 0
		switch {
		case c == '\n' || c == '\r':
			tokenStart = true
		case c == ' ' || c == '\t':
		case c == '#' && (i == 0 || isBlank(src[i-1])):
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case tokenStart && (c == '"' || c == '\''):
			for i++; i < len(src); i++ {
				if c == '"' && src[i] == '\\' {
					i++
				} else if src[i] == c {
					if c == '\'' && i+1 < len(src) && src[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
			tokenStart = false
		case (tokenStart || flow) && (c == '[' || c == '{'):
			stack = append(stack, i)
			tokenStart = true
		case flow && c == ',':
			tokenStart = true
		case flow && (c == ']' || c == '}'):
			stack = stack[:len(stack)-1]
			tokenStart = false
		case (c == '-' || c == '?' || c == ':') && (i+1 == len(src) || isBlank(src[i+1])), flow && c == ':':
			tokenStart = true
		default:
			tokenStart = false
		}
	}
	return stack
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// yamlLines converts yaml.v3 node positions to file positions: yaml.v3
// counts a lone "\r" and the Unicode line and paragraph separators as line
// breaks, the file (like diag.Lines) only "\n".
type yamlLines struct {
	line, col []int // file position of the start of each YAML line
}

func newYAMLLines(src []byte, first int) yamlLines {
	y := yamlLines{line: []int{first}, col: []int{1}}
	line, col := first, 1
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		i += n
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		if r == '\n' || r == '\r' && (i == len(src) || src[i] != '\n') || r == '\u0085' || r == '\u2028' || r == '\u2029' {
			y.line, y.col = append(y.line, line), append(y.col, col)
		}
	}
	return y
}

// pos returns the file position of 1-based YAML line and column.
func (y yamlLines) pos(line, col int) (int, int) {
	i := min(max(line, 1), len(y.line)) - 1
	return y.line[i], y.col[i] + max(col, 1) - 1
}

// relocate moves every node of n to its position in the file.
func (y yamlLines) relocate(n *yaml.Node) {
	if n.Line > 0 {
		n.Line, n.Column = y.pos(n.Line, n.Column)
	}
	for _, c := range n.Content {
		y.relocate(c)
	}
}

// duplicateKeys reports every key that a mapping in n (at any depth) sets a
// second time, at the second one, and removes the first, so the last value
// counts. Aliases are not followed: their targets are visited where written.
func duplicateKeys(file string, n *yaml.Node, diags *diag.List) {
	if n.Kind == yaml.MappingNode {
		last := map[string]int{}  // key → index in Content of its last setting
		first := map[string]int{} // key → line of its first setting
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
				continue
			}
			if j, ok := last[k.Value]; ok {
				diags.Errorf(diag.Pos{File: file, Line: k.Line, Col: k.Column},
					"front matter: %s: duplicate key; first set on line %d", k.Value, first[k.Value])
				n.Content[j], n.Content[j+1] = nil, nil
			} else {
				first[k.Value] = k.Line
			}
			last[k.Value] = i
		}
		n.Content = compact(n.Content)
	}
	for _, c := range n.Content {
		duplicateKeys(file, c, diags)
	}
}

func compact(nodes []*yaml.Node) []*yaml.Node {
	out := nodes[:0]
	for _, n := range nodes {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

var tomlNear = regexp.MustCompile(`^Near line (\d+) \(last key parsed '[^']*'\): `)

// tomlError places a BurntSushi/toml error in src, a TOML document whose
// first line is line first of file.
func tomlError(file string, first int, src []byte, err error) diag.Diagnostic {
	msg := err.Error()
	n := 1
	if m := tomlNear.FindStringSubmatch(msg); m != nil {
		n, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	lines := diag.NewLines(src, first)
	at := func(off int, msg string) diag.Diagnostic {
		line, col := lines.Pos(off)
		return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: "front matter (toml): " + msg}
	}
	if len(src) > maxSearch {
		return at(lineStart(src, n), msg)
	}
	k := shortestFailing(src, func(p []byte) bool {
		var v map[string]any
		_, err := toml.Decode(string(p), &v)
		return err != nil && tomlNear.ReplaceAllString(err.Error(), "") == msg
	})
	off := lastRune(src, k)
	start, end := lineAt(src, off)
	switch {
	case strings.Contains(msg, "cannot contain newlines"):
		if q := unclosedQuote(src[start:end]); q >= 0 {
			return at(start+q, msg+` (close the quote on the same line, or use """ for text over several lines)`)
		}
	case strings.HasSuffix(msg, "has already been defined."):
		key := msg[strings.IndexByte(msg, '\'')+1 : strings.LastIndexByte(msg, '\'')]
		key = key[strings.LastIndexByte(key, '.')+1:]
		ind := indentEnd(src, start)
		re := regexp.MustCompile(`(?m)^[ \t]*\[*[ \t]*["']?` + regexp.QuoteMeta(key) + `["']?[ \t]*[=\]]`)
		if loc := re.FindIndex(src[:start]); loc != nil {
			line, _ := lines.Pos(loc[0])
			return at(ind, fmt.Sprintf("%s: duplicate key; first set on line %d", key, line))
		}
		return at(ind, key+": duplicate key")
	case strings.Contains(msg, "terminator") && strings.Contains(msg, `but got '\x00' instead`):
		// Noticed at the end: point at the bracket that is never closed.
		msg = strings.Replace(msg, `but got '\x00' instead`, "but the front matter ended", 1)
		if o := tomlOpen(src); o >= 0 {
			return at(o, fmt.Sprintf("%s (the %c here is never closed)", msg, src[o]))
		}
	}
	// A value the message quotes is pointed at from its start.
	if i := strings.IndexByte(msg, '"'); i >= 0 {
		if v, err := strconv.QuotedPrefix(msg[i:]); err == nil {
			if v, err := strconv.Unquote(v); err == nil && len(v) > 1 && bytes.HasSuffix(src[:k], []byte(v)) {
				off = k - len(v)
			}
		}
	}
	return at(off, msg)
}

// tomlOpen returns the offset of the innermost bracket ([ or {) still open
// at the end of TOML src, or -1.
func tomlOpen(src []byte) int {
	var stack []int
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			for i++; i < len(src) && src[i] != c && src[i] != '\n'; i++ {
				if c == '"' && src[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			stack = append(stack, i)
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
	if len(stack) == 0 {
		return -1
	}
	return stack[len(stack)-1]
}

// lineStart returns the offset of the start of 1-based line n of src, or of
// its last line.
func lineStart(src []byte, n int) int {
	off := 0
	for ; n > 1; n-- {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
	}
	return off
}

// unclosedQuote returns the offset of the quote that opens a TOML string
// which line does not close, or -1.
func unclosedQuote(line []byte) int {
	open := -1
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case open >= 0 && line[open] == '"' && c == '\\':
			i++
		case open >= 0 && c == line[open]:
			open = -1
		case open < 0 && c == '#':
			return -1
		case open < 0 && (c == '"' || c == '\''):
			open = i
		}
	}
	return open
}

// jsonError places an encoding/json error in src, a JSON document whose
// first line is line first of file.
func jsonError(file string, first int, src []byte, err error) diag.Diagnostic {
	off := 0
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		off = int(syn.Offset) - 1
	case errors.As(err, &typ):
		off = int(typ.Offset) - 1
	}
	off = min(max(off, 0), len(src))
	msg := err.Error()
	prev := len(bytes.TrimRightFunc(src[:off], unicode.IsSpace)) - 1 // the last character before off
	switch {
	case strings.Contains(msg, `'\n' in string literal`) || strings.Contains(msg, `'\r' in string literal`) ||
		strings.Contains(msg, "unexpected end of JSON input"):
		if o := jsonOpen(src, off); o >= 0 {
			off, msg = o, fmt.Sprintf("%s (the %c here is never closed)", msg, src[o])
		}
	case strings.Contains(msg, "looking for beginning of") && prev >= 0 && src[prev] == ',':
		off, msg = prev, msg+" (no comma after the last item)"
	case strings.Contains(msg, "after object key:value pair") || strings.Contains(msg, "after array element"):
		if prev >= 0 {
			off, msg = prev+1, msg+" (a comma is missing here)"
		}
	}
	line, col := diag.NewLines(src, first).Pos(off)
	return diag.Diagnostic{Pos: diag.Pos{File: file, Line: line, Col: col}, Msg: "front matter (json): " + msg}
}

// jsonOpen returns the offset of the quote of the string that is open at
// limit in JSON src or, when none is, of the innermost bracket still open
// there; or -1.
func jsonOpen(src []byte, limit int) int {
	var stack []int
	str := -1
	for i := 0; i < limit && i < len(src); i++ {
		c := src[i]
		switch {
		case str >= 0 && c == '\\':
			i++
		case str >= 0 && c == '"':
			str = -1
		case str >= 0:
		case c == '"':
			str = i
		case c == '{' || c == '[':
			stack = append(stack, i)
		case (c == '}' || c == ']') && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if str >= 0 {
		return str
	}
	if len(stack) > 0 {
		return stack[len(stack)-1]
	}
	return -1
}

// jsonDuplicate finds the first key that an object of the valid JSON
// document src sets twice, with the offsets of both, or returns "".
func jsonDuplicate(src []byte) (key string, first, second int) {
	type frame struct {
		keys    map[string]int // nil for an array
		wantKey bool
	}
	var stack []*frame
	dec := json.NewDecoder(bytes.NewReader(src))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", 0, 0
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.wantKey {
			at := quoteStart(src, int(dec.InputOffset())-1)
			if f, dup := top.keys[s]; dup {
				return s, f, at
			}
			top.keys[s], top.wantKey = at, false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{keys: map[string]int{}, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].keys != nil {
			stack[len(stack)-1].wantKey = true // a value ended
		}
	}
}

// quoteStart returns the offset of the quote opening the JSON string whose
// closing quote is at end.
func quoteStart(src []byte, end int) int {
	for i := end - 1; i >= 0; i-- {
		if src[i] != '"' {
			continue
		}
		n := 0
		for j := i - 1; j >= 0 && src[j] == '\\'; j-- {
			n++
		}
		if n%2 == 0 {
			return i
		}
	}
	return max(end, 0)
}
