// Package diag holds positioned diagnostics: errors and warnings that point at
// a file, line and column, collected across a whole build and reported at once.
//
// A Diagnostic prints as "path:line:col: message" (with "warning: " before the
// message for warnings), the form editors and terminals turn into links. Line
// and column are 1-based; a zero line or column is left out of the output.
package diag

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported but does not fail the build (unless promoted by --strict).
	Warning
)

// Pos is a position in a source file. File is slash-separated and relative to
// the site root, e.g. "content/mines/mountain-pass.md".
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, leaving out zero parts.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}

// Diagnostic is one positioned message.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	Msg      string
	// Kind groups diagnostics that --strict may promote, e.g. "link".
	Kind string
}

// Error implements error.
func (d Diagnostic) Error() string {
	prefix := ""
	if d.Severity == Warning {
		prefix = "warning: "
	}
	if d.Pos.File == "" {
		return prefix + d.Msg
	}
	return d.Pos.String() + ": " + prefix + d.Msg
}

// List collects diagnostics. The zero value is ready to use. A List is not
// safe for concurrent use; give each worker its own and Merge them.
type List []Diagnostic

// Errorf adds an error at pos.
func (l *List) Errorf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Msg: fmt.Sprintf(format, args...)})
}

// Warnf adds a warning at pos.
func (l *List) Warnf(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)})
}

// Note is the Kind of a problem confined to one note: the note is
// published with what could be read, and the build goes on. It is a
// warning; --strict (for CI and publishing) makes it an error.
const Note = "note"

// Notef adds a problem confined to one note at pos (see Note).
func (l *List) Notef(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Warning, Kind: Note, Msg: fmt.Sprintf(format, args...)})
}

// Outside is the Kind of an error about a path that leaves the site
// folder (../../etc/passwd): never read, and an error even where other
// problems of a note are confined to it.
const Outside = "outside"

// Outsidef adds an error of kind Outside at pos.
func (l *List) Outsidef(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Kind: Outside, Msg: fmt.Sprintf(format, args...)})
}

// Audience is the Kind of an error about a published page that points to
// a brief its audience may not read (--audience public): an error even
// where other problems of a note are confined to it, since publishing the
// page as it could be read would show what the reference names.
const Audience = "audience"

// Audiencef adds an error of kind Audience at pos.
func (l *List) Audiencef(pos Pos, format string, args ...any) {
	*l = append(*l, Diagnostic{Pos: pos, Severity: Error, Kind: Audience, Msg: fmt.Sprintf(format, args...)})
}

// Confine turns the errors in l into problems confined to one note (see
// Note), for a stage whose every error concerns only the note it reads;
// errors of kind Outside and Audience stay errors.
func (l List) Confine() {
	for i := range l {
		if l[i].Severity == Error && l[i].Kind != Outside && l[i].Kind != Audience {
			l[i].Severity, l[i].Kind = Warning, Note
		}
	}
}

// Add appends d.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// Merge appends all of other.
func (l *List) Merge(other List) { *l = append(*l, other...) }

// Sort orders the list by file, line, column, then message, so that output
// does not depend on the order in which parallel workers finished.
func (l List) Sort() {
	slices.SortStableFunc(l, func(a, b Diagnostic) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Msg, b.Msg),
		)
	})
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	n, _ := l.Count()
	return n > 0
}

// Promote turns warnings of the given kind into errors (used by --strict).
func (l List) Promote(kind string) {
	for i := range l {
		if l[i].Severity == Warning && (kind == "" || l[i].Kind == kind) {
			l[i].Severity = Error
		}
	}
}

// Without returns the list without the warnings of the given kind.
func (l List) Without(kind string) List {
	var out List
	for _, d := range l {
		if d.Severity == Warning && d.Kind == kind {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Error implements error by joining all diagnostics, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Lines maps byte offsets in a file to 1-based line and column numbers.
// Columns count Unicode code points, as editors do.
type Lines struct {
	src    []byte
	starts []int
	// first is the line number of src[0] in the original file.
	first int
}

// NewLines indexes src, whose first byte is on line first of its file.
func NewLines(src []byte, first int) *Lines {
	starts := make([]int, 1, 1+bytes.Count(src, []byte{'\n'}))
	for off := 0; ; {
		i := bytes.IndexByte(src[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		starts = append(starts, off)
	}
	return &Lines{src: src, starts: starts, first: first}
}

// Pos returns the line and column of byte offset off.
func (l *Lines) Pos(off int) (line, col int) {
	if off < 0 {
		return l.first, 0
	}
	off = min(off, len(l.src))
	i, found := slices.BinarySearch(l.starts, off)
	if !found {
		i--
	}
	col = 1 + utf8.RuneCount(l.src[l.starts[i]:off])
	return l.first + i, col
}

// Lines returns the list as lines for a terminal: every error, and of
// each kind of warning the first few (shown at most); the rest of a kind
// are counted in one line. Warnings are of one kind when their messages
// are the same up to the first quoted part (`link: no brief matches`).
// shown <= 0 lists everything.
func (l List) Lines(shown int) []string {
	kindOf := func(d Diagnostic) string {
		k, _, _ := strings.Cut(d.Msg, `"`)
		return strings.TrimSpace(k)
	}
	seen := map[string]int{}
	for _, d := range l {
		if d.Severity == Warning {
			seen[kindOf(d)]++
		}
	}
	var out []string
	printed := map[string]int{}
	for _, d := range l {
		if d.Severity != Warning || shown <= 0 {
			out = append(out, d.Error())
			continue
		}
		k := kindOf(d)
		printed[k]++
		switch n := printed[k]; {
		case n <= shown:
			out = append(out, d.Error())
		case n == shown+1:
			out = append(out, fmt.Sprintf("warning: %d more like %q (--verbose lists them all)", seen[k]-shown, k))
		}
	}
	return out
}
