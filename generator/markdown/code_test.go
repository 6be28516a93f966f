package markdown

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// TestCodeCSS checks that static/css/code.css is what CodeCSS makes of
// chroma's styles; -update writes it.
func TestCodeCSS(t *testing.T) {
	const file = "../../static/css/code.css"
	want, err := CodeCSS()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what CodeCSS makes (chroma changed?): go test ./generator/markdown -run TestCodeCSS -update", file)
	}
}

// The chroma styles of static/css/code.css.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// CodeCSS is static/css/code.css: the colours of highlighted code, from
// chroma's lightStyle, and from darkStyle when the reader's system is
// dark (but never in print). TestCodeCSS checks the file is up to date;
// go test ./generator/markdown -run TestCodeCSS -update writes it.
func CodeCSS() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("/* Highlighted code (generator/markdown/code.go), generated from chroma's\n   \"" + lightStyle + "\" and \"" + darkStyle + "\" styles: do not edit. The background is the\n   site's (--code-bg). */\n")
	light, err := tokenCSS(lightStyle)
	if err != nil {
		return nil, err
	}
	b.Write(light)
	dark, err := tokenCSS(darkStyle)
	if err != nil {
		return nil, err
	}
	// The dark style applies when the system is dark and the reader did
	// not choose light, or when the reader chose dark (<html
	// data-theme>, set by js/header.js).
	for _, when := range []struct{ media, root string }{
		{"screen and (prefers-color-scheme: dark)", `:root:not([data-theme="light"])`},
		{"screen", `:root[data-theme="dark"]`},
	} {
		b.WriteString("@media " + when.media + " {\n")
		// Undo the light rules first: the dark style leaves some tokens in
		// the text's colour, which the light style gives a dark one.
		b.WriteString("  " + when.root + " .chroma [class] { color: inherit; background-color: transparent; font-weight: inherit; font-style: inherit; text-decoration: inherit }\n")
		for line := range bytes.Lines(dark) {
			fmt.Fprintf(&b, "  %s %s", when.root, line)
		}
		b.WriteString("}\n")
	}
	return b.Bytes(), nil
}

// tokenCSS is the rules of a chroma style for token classes (".chroma
// .k"), without those for the wrapper and line numbers.
func tokenCSS(style string) ([]byte, error) {
	var css, b bytes.Buffer
	if err := chtml.New(chtml.WithClasses(true), chtml.WithCSSComments(false)).WriteCSS(&css, styles.Get(style)); err != nil {
		return nil, err
	}
	for line := range bytes.Lines(css.Bytes()) {
		sel, _, _ := bytes.Cut(line, []byte(" {"))
		cls, ok := bytes.CutPrefix(sel, []byte(".chroma ."))
		if ok && isTokenClass(string(cls)) {
			b.Write(line)
		}
	}
	return b.Bytes(), nil
}

// isTokenClass reports whether cls is the class of a kind of token.
func isTokenClass(cls string) bool {
	for t, c := range chroma.StandardTypes {
		if c == cls && (t > 0 || t == chroma.Error) {
			return true
		}
	}
	return false
}
