package bib

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// A BibTeX file is a sequence of entries, @type{key, field = value, …}
// (or with parentheses), with anything between them a comment. A value is
// {text with balanced braces}, "text", a number or an @string name,
// joined by #. @comment, @preamble and @string entries are understood;
// every other type is a work. Field values are LaTeX: braces, accents
// (\'e, {\"o}), special letters (\ss, \o), escaped characters (\&) and
// text commands (\emph{…}) become plain Unicode text.

// ParseBibTeX reads a BibTeX or BibLaTeX file (file is its slash path from
// the site root, for positions). A syntax error leaves out the entry it is
// in and reading goes on at the next @ that starts a line.
func ParseBibTeX(file string, b []byte) ([]brief.Source, diag.List) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	p := &bibParser{file: file, src: b, lines: diag.NewLines(b, 1), macros: map[string]string{}}
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		p.macros[m] = strconv.Itoa(i + 1)
	}
	var out []brief.Source
	seen := map[string]diag.Pos{}
	for {
		i := bytes.IndexByte(p.src[p.pos:], '@')
		if i < 0 {
			break
		}
		p.pos += i
		start := p.pos
		if !p.startsEntry() && !p.lineStart(start) {
			p.pos++ // an @ in a comment between entries ("mail me@x.org")
			continue
		}
		e, err := p.entry()
		if err != nil {
			p.diags.Notef(p.at(err.off), "bibliography: %s; the entry is left out", err.msg)
			p.pos = p.resync(start + 1)
			continue
		}
		if e == nil {
			continue // @comment, @preamble, @string
		}
		pos := p.at(e.keyOff)
		if first, dup := seen[e.key]; dup {
			p.diags.Notef(pos, "bibliography: key %q is defined twice (first at line %d); this entry is left out", e.key, first.Line)
			continue
		}
		seen[e.key] = pos
		s := e.source()
		s.Pos = p.at(start)
		if s.Title == "" {
			p.diags.Notef(pos, "bibliography: entry %q has no title; add title = {…}", e.key)
			s.Title = e.key
		}
		out = append(out, s)
	}
	return out, p.diags
}

type bibParser struct {
	file   string
	src    []byte
	pos    int
	lines  *diag.Lines
	diags  diag.List
	macros map[string]string // @string names, lower-case
}

// bibErr is a syntax error at byte offset off.
type bibErr struct {
	off int
	msg string
}

func (p *bibParser) errf(off int, format string, args ...any) *bibErr {
	return &bibErr{off: off, msg: fmt.Sprintf(format, args...)}
}

func (p *bibParser) at(off int) diag.Pos {
	line, col := p.lines.Pos(off)
	return diag.Pos{File: p.file, Line: line, Col: col}
}

// resync returns the offset of the next @ at the start of a line (after
// spaces) from off on, or the end.
func (p *bibParser) resync(off int) int {
	for off < len(p.src) {
		i := bytes.IndexByte(p.src[off:], '@')
		if i < 0 {
			return len(p.src)
		}
		off += i
		if p.lineStart(off) {
			return off
		}
		off++
	}
	return len(p.src)
}

// startsEntry reports whether the @ at p.pos starts an entry: @type
// then { or (.
func (p *bibParser) startsEntry() bool {
	save := p.pos
	defer func() { p.pos = save }()
	p.pos++
	p.ws()
	if p.ident() == "" {
		return false
	}
	p.ws()
	c := p.peek()
	return c == '{' || c == '('
}

// lineStart reports whether only spaces are before off on its line.
func (p *bibParser) lineStart(off int) bool {
	for off > 0 && (p.src[off-1] == ' ' || p.src[off-1] == '\t') {
		off--
	}
	return off == 0 || p.src[off-1] == '\n' || p.src[off-1] == '\r'
}

func (p *bibParser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

func (p *bibParser) ws() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r', '\f':
			p.pos++
		default:
			return
		}
	}
}

// ident reads a name: an entry type, a field or @string name.
func (p *bibParser) ident() string {
	start := p.pos
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == ':' || c == '.' || c == '+' || c == '/' || c >= 0x80 {
			p.pos++
			continue
		}
		break
	}
	return string(p.src[start:p.pos])
}

// field is one field of an entry, its value as written (LaTeX).
type field struct {
	value string
	off   int
}

type rawEntry struct {
	typ, key string
	keyOff   int
	fields   map[string]field
}

// entry reads the entry at p.pos (an @): a work, or nil for @comment,
// @preamble and @string.
func (p *bibParser) entry() (*rawEntry, *bibErr) {
	p.pos++ // @
	p.ws()
	typOff := p.pos
	typ := strings.ToLower(p.ident())
	if typ == "" {
		return nil, p.errf(typOff, "expected an entry type after @, as in @article{key, title = {…}}")
	}
	p.ws()
	openOff := p.pos
	var closer byte
	switch p.peek() {
	case '{':
		closer = '}'
	case '(':
		closer = ')'
	default:
		return nil, p.errf(p.pos, "expected { after @%s", typ)
	}
	p.pos++
	switch typ {
	case "comment", "preamble":
		if _, err := p.balanced(openOff, closer); err != nil {
			return nil, err
		}
		return nil, nil
	case "string":
		p.ws()
		nameOff := p.pos
		name := strings.ToLower(p.ident())
		if name == "" {
			return nil, p.errf(nameOff, "expected a name in @string{name = {…}}")
		}
		p.ws()
		if p.peek() != '=' {
			return nil, p.errf(p.pos, "expected = after @string name %q", name)
		}
		p.pos++
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		p.ws()
		if p.peek() != closer {
			return nil, p.errf(p.pos, "expected %q to close @string %q", string(closer), name)
		}
		p.pos++
		p.macros[name] = v
		return nil, nil
	}
	p.ws()
	e := &rawEntry{typ: typ, keyOff: p.pos, fields: map[string]field{}}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == ',' || c == closer || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '{' || c == '}' || c == '"' || c == '@' {
			break
		}
		p.pos++
	}
	e.key = string(p.src[e.keyOff:p.pos])
	if e.key == "" {
		return nil, p.errf(e.keyOff, "expected a citation key after @%s{", typ)
	}
	p.ws()
	switch p.peek() {
	case closer:
		p.pos++
		return e, nil
	case ',':
		p.pos++
	default:
		return nil, p.errf(p.pos, "expected , after the key %q", e.key)
	}
	for {
		p.ws()
		if p.peek() == closer {
			p.pos++
			return e, nil
		}
		nameOff := p.pos
		name := strings.ToLower(p.ident())
		if name == "" {
			if p.pos >= len(p.src) {
				return nil, p.errf(openOff, "entry %q is not closed: no %q before the end of the file", e.key, string(closer))
			}
			return nil, p.errf(nameOff, "expected a field name or %q in entry %q, found %q", string(closer), e.key, p.runeAt())
		}
		p.ws()
		if p.peek() != '=' {
			return nil, p.errf(p.pos, "expected = after the field name %q in entry %q", name, e.key)
		}
		p.pos++
		valueOff := p.pos
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if _, dup := e.fields[name]; dup {
			p.diags.Notef(p.at(nameOff), "bibliography: field %q given twice in entry %q; the first is kept", name, e.key)
		} else {
			e.fields[name] = field{value: v, off: valueOff}
		}
		p.ws()
		switch p.peek() {
		case ',':
			p.pos++
		case closer:
			p.pos++
			return e, nil
		default:
			if p.pos >= len(p.src) {
				return nil, p.errf(openOff, "entry %q is not closed: no %q before the end of the file", e.key, string(closer))
			}
			if p.peek() == '@' {
				return nil, p.errf(openOff, "entry %q is not closed: no %q before the next entry, at line %d", e.key, string(closer), p.at(p.pos).Line)
			}
			return nil, p.errf(p.pos, "expected , or %q after the value of %q in entry %q, found %q", string(closer), name, e.key, p.runeAt())
		}
	}
}

func (p *bibParser) runeAt() string {
	r, _ := utf8.DecodeRune(p.src[p.pos:])
	return string(r)
}

// value reads a field value: parts joined by #.
func (p *bibParser) value() (string, *bibErr) {
	var b strings.Builder
	for {
		p.ws()
		off := p.pos
		switch c := p.peek(); {
		case c == '{':
			p.pos++
			s, err := p.balanced(off, '}')
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case c == '"':
			p.pos++
			s, err := p.quoted(off)
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case c >= '0' && c <= '9':
			for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
				p.pos++
			}
			b.Write(p.src[off:p.pos])
		default:
			name := strings.ToLower(p.ident())
			if name == "" {
				if p.pos >= len(p.src) {
					return "", p.errf(off, "expected a value before the end of the file")
				}
				return "", p.errf(off, "expected a value ({…}, \"…\", a number or an @string name), found %q", p.runeAt())
			}
			v, ok := p.macros[name]
			if !ok {
				return "", p.errf(off, "unknown @string name %q; put the value in braces, {%s}", name, name)
			}
			b.WriteString(v)
		}
		p.ws()
		if p.peek() != '#' {
			return b.String(), nil
		}
		p.pos++
	}
}

// balanced reads up to the closer that matches the opening bracket at
// openOff (p.pos is just after it), braces nested inside, and returns what
// is between.
func (p *bibParser) balanced(openOff int, closer byte) (string, *bibErr) {
	start, depth := p.pos, 0
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.src) && (p.src[p.pos+1] == '{' || p.src[p.pos+1] == '}'):
			p.pos += 2
			continue
		case c == closer && depth == 0:
			s := string(p.src[start:p.pos])
			p.pos++
			return s, nil
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 {
				return "", p.errf(p.pos, "unexpected }: the %q of line %d is not closed yet", string(p.src[openOff]), p.at(openOff).Line)
			}
			depth--
		}
		p.pos++
	}
	return "", p.errf(openOff, "unclosed %q: no matching %q before the end of the file", string(p.src[openOff]), string(closer))
}

// quoted reads a "…" value (p.pos is after the opening quote); quotes
// inside braces do not end it.
func (p *bibParser) quoted(openOff int) (string, *bibErr) {
	start, depth := p.pos, 0
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.src):
			p.pos += 2
			continue
		case c == '"' && depth == 0:
			s := string(p.src[start:p.pos])
			p.pos++
			return s, nil
		case c == '{':
			depth++
		case c == '}':
			if depth == 0 {
				return "", p.errf(p.pos, "unexpected } in a \"…\" value")
			}
			depth--
		}
		p.pos++
	}
	return "", p.errf(openOff, "unclosed \": no matching \" before the end of the file")
}

// source turns an entry into a source.
func (e *rawEntry) source() brief.Source {
	get := func(names ...string) string {
		for _, n := range names {
			if f, ok := e.fields[n]; ok {
				if s := latexText(f.value); s != "" {
					return s
				}
			}
		}
		return ""
	}
	s := brief.Source{
		ID:          e.key,
		Title:       get("title"),
		Container:   get("journaltitle", "journal", "booktitle", "maintitle", "series"),
		Publisher:   get("publisher", "institution", "organization", "school"),
		Pages:       dashes(get("pages")),
		Note:        get("note", "addendum"),
		ShortAuthor: get("shortauthor"),
		URL:         latexURL(e.fields["url"].value),
		DOI:         cleanDOI(latexURL(e.fields["doi"].value)),
	}
	if s.URL == "" {
		if h := get("howpublished"); strings.HasPrefix(h, "http://") || strings.HasPrefix(h, "https://") {
			s.URL = h
		}
	}
	names := e.fields["author"].value
	if names == "" {
		names = e.fields["editor"].value
	}
	s.Authors = bibNames(names)
	s.Date = get("date")
	if s.Date == "" {
		s.Date = get("year")
		if m := monthNumber(get("month")); s.Date != "" && m > 0 {
			s.Date += fmt.Sprintf("-%02d", m)
		}
	}
	return s
}

// monthNumber reads a month field: 1–12 or a month's name; 0 if neither.
func monthNumber(s string) int {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && n >= 1 && n <= 12 {
		return n
	}
	s = strings.ToLower(strings.TrimSpace(s))
	for i, m := range []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"} {
		if len(s) >= 3 && strings.HasPrefix(s, m) {
			return i + 1
		}
	}
	return 0
}

// bibNames splits a BibTeX name list ("A and B and others") into names:
// "Family, Given", "Given Family" or "Given von Family"; a name in braces
// ({U.S. Geological Survey}) is one piece. "others" is left out.
func bibNames(s string) []brief.Name {
	var out []brief.Name
	for _, raw := range splitTop(s, isAnd) {
		raw = strings.TrimSpace(raw)
		if raw == "" || strings.EqualFold(raw, "others") {
			continue
		}
		if strings.HasPrefix(raw, "{") && matchingBrace(raw, 0) == len(raw)-1 {
			out = append(out, brief.Name{Family: latexText(raw[1 : len(raw)-1])})
			continue
		}
		parts := splitTop(raw, func(s string, i int) int {
			if s[i] == ',' {
				return 1
			}
			return 0
		})
		if len(parts) > 1 {
			given := parts[len(parts)-1]
			out = append(out, brief.Name{Family: latexText(parts[0]), Given: latexText(given)})
			continue
		}
		words := splitTop(raw, func(s string, i int) int {
			if s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '~' {
				return 1
			}
			return 0
		})
		words = deleteEmpty(words)
		if len(words) == 1 {
			out = append(out, brief.Name{Family: latexText(words[0])})
			continue
		}
		// The family name is the last word and the lower-case words (von,
		// van der, de) just before it, never the first word.
		f := len(words) - 1
		for f > 1 && startsLower(words[f-1]) {
			f--
		}
		out = append(out, brief.Name{Family: latexText(strings.Join(words[f:], " ")), Given: latexText(strings.Join(words[:f], " "))})
	}
	return out
}

func deleteEmpty(words []string) []string {
	out := words[:0]
	for _, w := range words {
		if strings.TrimSpace(w) != "" {
			out = append(out, w)
		}
	}
	return out
}

func startsLower(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsLower(r)
}

// isAnd returns the length of " and " at s[i], as a separator of names.
func isAnd(s string, i int) int {
	if !isSpaceByte(s[i]) {
		return 0
	}
	j := i
	for j < len(s) && isSpaceByte(s[j]) {
		j++
	}
	if j+3 >= len(s) || !strings.EqualFold(s[j:j+3], "and") || !isSpaceByte(s[j+3]) {
		return 0
	}
	j += 3
	for j < len(s) && isSpaceByte(s[j]) {
		j++
	}
	return j - i
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// splitTop splits s at the separators sep finds (sep returns a
// separator's length at i, or 0) outside braces.
func splitTop(s string, sep func(s string, i int) int) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); {
		switch s[i] {
		case '{':
			depth++
		case '}':
			depth = max(depth-1, 0)
		}
		if depth == 0 {
			if n := sep(s, i); n > 0 {
				out = append(out, s[start:i])
				i += n
				start = i
				continue
			}
		}
		i++
	}
	return append(out, s[start:])
}

// matchingBrace returns the index of the } that closes the { at s[open],
// or -1.
func matchingBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// latexURL is a URL field's value: braces gone, \_ \% \& \# \~ unescaped,
// spaces trimmed.
func latexURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '{', '}':
		case '\\':
			if i+1 < len(s) {
				i++
				b.WriteByte(s[i])
			}
		default:
			b.WriteByte(c)
		}
	}
	return strings.TrimSpace(b.String())
}
