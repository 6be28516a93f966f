package render

import "strings"

// Escapers that append to a byte slice what html/template writes for a
// string in one context of a page: the Go-drawn pages (briefpage.go) must
// match the templates they stand in for byte for byte. FuzzEscapers checks
// each against html/template itself.

// appendText appends s as html/template escapes it in text or in a quoted
// attribute value (its htmlEscaper and attrEscaper: NUL and " & ' + < >,
// nothing else).
func appendText(dst []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		if !textEscapes[s[i]] {
			continue // most bytes: one look-up, not the switch's compares
		}
		var repl string
		switch s[i] {
		case 0:
			repl = "\uFFFD"
		case '"':
			repl = "&#34;"
		case '&':
			repl = "&amp;"
		case '\'':
			repl = "&#39;"
		case '+':
			repl = "&#43;"
		case '<':
			repl = "&lt;"
		case '>':
			repl = "&gt;"
		default:
			continue
		}
		dst = append(dst, s[last:i]...)
		dst = append(dst, repl...)
		last = i + 1
	}
	return append(dst, s[last:]...)
}

// textEscapes marks the bytes appendText replaces.
var textEscapes = [256]bool{0: true, '"': true, '&': true, '\'': true, '+': true, '<': true, '>': true}

// appendURL appends s as html/template writes it as a whole URL attribute
// (href="{{.}}"): a URL with a scheme other than http, https or mailto
// becomes "#ZgotmplZ"; then what a URL may not hold is %-escaped (escapes
// already there are kept) and the rest escaped for the attribute.
func appendURL(dst []byte, s string) []byte {
	if !safeScheme(s) {
		return append(dst, "#ZgotmplZ"...)
	}
	return appendURLPart(dst, s, true)
}

// appendURLPath appends s as html/template writes it inside a URL
// attribute after a fixed start without ? or # (href="https://doi.org/{{.}}"):
// as appendURL, but no scheme is checked.
func appendURLPath(dst []byte, s string) []byte { return appendURLPart(dst, s, true) }

// appendFragment appends s as html/template writes it after the # of a
// URL attribute (href="#{{.}}"): every byte but letters, digits and -._~
// %-escaped.
func appendFragment(dst []byte, s string) []byte { return appendURLPart(dst, s, false) }

// safeScheme reports whether s has no scheme, or http, https or mailto
// (html/template's isSafeURL).
func safeScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/':
			return true
		case ':':
			p := s[:i]
			return strings.EqualFold(p, "http") || strings.EqualFold(p, "https") || strings.EqualFold(p, "mailto")
		}
	}
	return true
}

const hexDigits = "0123456789abcdef"

// appendURLPart is html/template's URL normaliser (norm) or escaper, then
// its attribute escaper.
func appendURLPart(dst []byte, s string, norm bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				dst = append(dst, c)
				continue
			}
		case '&':
			if norm {
				dst = append(dst, "&amp;"...)
				continue
			}
		case '+':
			if norm {
				dst = append(dst, "&#43;"...)
				continue
			}
		case '-', '.', '_', '~':
			dst = append(dst, c)
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				dst = append(dst, c)
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				dst = append(dst, c)
				continue
			}
		}
		dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
	}
	return dst
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
