package bib

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// accents are LaTeX's accent commands and the combining marks they add.
var accents = map[string]rune{
	"'": '\u0301', "`": '\u0300', "^": '\u0302', "\"": '\u0308', "~": '\u0303', "=": '\u0304', ".": '\u0307',
	"u": '\u0306', "v": '\u030C', "H": '\u030B', "c": '\u0327', "k": '\u0328', "r": '\u030A', "d": '\u0323', "b": '\u0331',
}

// letters are LaTeX commands that stand for a character or a word.
var letters = map[string]string{
	"ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å",
	"l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ",
	"textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
	"textquotedblleft": "“", "textquotedblright": "”", "textregistered": "®", "texttrademark": "™",
	"copyright": "©", "textcopyright": "©", "textasciitilde": "~", "textbackslash": "\\", "textunderscore": "_",
	"dots": "…", "ldots": "…", "textellipsis": "…", "S": "§", "P": "¶", "pounds": "£", "euro": "€",
	"texteuro": "€", "textdegree": "°", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "slash": "/",
	"space": " ", "quad": " ", "qquad": " ", "newline": " ", "par": " ", "and": ",",
}

// dropped are commands without an argument that print nothing.
var dropped = map[string]bool{"protect": true, "relax": true, "noopsort": true, "nocase": true, "bibitemsep": true, "hskip": true, "vskip": true, "nolinkurl": true, "unskip": true, "ignorespaces": true}

// latexText turns a field's LaTeX into plain text: braces dropped,
// accents and special letters as Unicode (NFC), escaped characters
// unescaped, "--" and "---" as dashes, ~ as a space, text commands
// (\emph{…}, \textit{…}) reduced to their text, other commands dropped,
// runs of white space as one space.
func latexText(s string) string {
	if !strings.ContainsAny(s, "{}\\~-$`'") {
		return strings.Join(strings.Fields(s), " ")
	}
	var b strings.Builder
	latexInto(&b, s)
	return norm.NFC.String(strings.Join(strings.Fields(b.String()), " "))
}

func latexInto(b *strings.Builder, s string) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '{' || c == '}' || c == '$':
			i++
		case c == '~':
			b.WriteByte(' ')
			i++
		case c == '-' && strings.HasPrefix(s[i:], "---"):
			b.WriteString("—")
			i += 3
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			b.WriteString("–")
			i += 2
		case c == '`' && strings.HasPrefix(s[i:], "``"):
			b.WriteString("“")
			i += 2
		case c == '\'' && strings.HasPrefix(s[i:], "''"):
			b.WriteString("”")
			i += 2
		case c == '\\':
			i = command(b, s, i+1)
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
		}
	}
}

// command writes the command that starts at s[i] (after its backslash)
// and returns where what follows it starts.
func command(b *strings.Builder, s string, i int) int {
	if i >= len(s) {
		return i
	}
	name := ""
	j := i
	if isLetter(s[j]) {
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		name = s[i:j]
		for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
			j++ // TeX skips the spaces after a command's name
		}
	} else {
		_, size := utf8.DecodeRuneInString(s[j:])
		name = s[j : j+size]
		j += size
	}
	if mark, ok := accents[name]; ok && (len(name) > 1 || !isLetter(name[0]) || j < len(s) && (s[j] == '{' || isLetter(s[j]) || s[j] == '\\')) {
		base, next := accentArg(s, j)
		if base == "" {
			return next // no letter to put it on: the accent goes
		}
		r, size := utf8.DecodeRuneInString(base)
		b.WriteRune(r)
		b.WriteRune(mark)
		b.WriteString(base[size:])
		return next
	}
	if t, ok := letters[name]; ok {
		if j+1 < len(s) && s[j] == '{' && s[j+1] == '}' {
			j += 2 // \ss{}
		}
		b.WriteString(t)
		return j
	}
	switch name {
	case "&", "%", "$", "#", "_", "{", "}", "/", "@":
		b.WriteString(name)
	case "\\", " ", ",", ";", ":", "!":
		b.WriteByte(' ')
	case "-":
		// a hyphenation point: nothing
	}
	// Any other command with an argument (\emph{…}, \textit{…}, \url{…})
	// is dropped: its argument's braces go, its text stays. One without
	// (\alpha) is its name.
	if len(name) > 1 && isLetter(name[0]) && (j >= len(s) || s[j] != '{') && !dropped[name] {
		b.WriteString(name)
		if j > 0 && j < len(s) && s[j-1] == ' ' {
			b.WriteByte(' ')
		}
	}
	return j
}

// accentArg returns the letter an accent applies to, as text, and where
// what follows it starts: {e}, {\i}, \i or e. Anything else ({ab}) gets
// no accent: "" and j.
func accentArg(s string, j int) (string, int) {
	if j >= len(s) {
		return "", j
	}
	group := s[j] == '{'
	k := j
	if group {
		k++
	}
	if k >= len(s) {
		return "", j
	}
	var base string
	next := k
	if s[k] == '\\' {
		n := k + 1
		for n < len(s) && isLetter(s[n]) {
			n++
		}
		switch s[k+1 : n] {
		case "i":
			base = "i"
		case "j":
			base = "j"
		default:
			return "", j
		}
		next = n
		for !group && next < len(s) && s[next] == ' ' {
			next++
		}
	} else {
		r, size := utf8.DecodeRuneInString(s[k:])
		if r == '{' || r == '}' || r == '\\' {
			return "", j
		}
		base, next = s[k:k+size], k+size
	}
	if group {
		if next >= len(s) || s[next] != '}' {
			return "", j
		}
		next++
	}
	return base, next
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
