package render

import (
	"bytes"
	"html/template"
	"testing"
)

// escapers are the Go escapers, each with the template whose output for a
// string it must give (between the template's fixed start and end).
var escapers = []struct {
	name       string
	tmpl       string
	start, end string
	append     func([]byte, string) []byte
}{
	{"text", `<p>{{.}}</p>`, `<p>`, `</p>`, appendText},
	{"title", `<title>{{.}}</title>`, `<title>`, `</title>`, appendText},
	{"attribute", `<a title="{{.}}">`, `<a title="`, `">`, appendText},
	{"url", `<a href="{{.}}">`, `<a href="`, `">`, appendURL},
	{"url path", `<a href="https://doi.org/{{.}}">`, `<a href="https://doi.org/`, `">`, appendURLPath},
	{"fragment", `<a href="#{{.}}">`, `<a href="#`, `">`, appendFragment},
}

// urlTricky are URLs with schemes safe and not, escapes and characters a
// URL may not hold.
var urlTricky = []string{"../a/", "https://ex.org/a?b=c&d=e#f", "javascript:alert(1)", "JavaScript:x", "MAILTO:a@b", "Http://x", "data:text/html,x",
	"a/b:c", "/x:y", "%41%zz%4", "%", "50%", "a b", "é/稀土/", "tel:+1", "x#y?z", "[ipv6]", "a'b\"c", "k\u212Aelvin:x", "\x00\x7f\xff"}

// TestEscapers: each Go escaper writes what html/template writes in its
// context, for strings with every character escaped in one of them.
func TestEscapers(t *testing.T) {
	for _, e := range escapers {
		tmpl := template.Must(template.New(e.name).Parse(e.tmpl))
		for _, s := range append(append([]string{}, tricky...), urlTricky...) {
			checkEscaper(t, e.name, tmpl, e.start, e.end, e.append, s)
		}
	}
}

// FuzzEscapers: the same for any string.
func FuzzEscapers(f *testing.F) {
	for _, s := range append(append([]string{}, tricky...), urlTricky...) {
		f.Add(s)
	}
	tmpls := make([]*template.Template, len(escapers))
	for i, e := range escapers {
		tmpls[i] = template.Must(template.New(e.name).Parse(e.tmpl))
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i, e := range escapers {
			checkEscaper(t, e.name, tmpls[i], e.start, e.end, e.append, s)
		}
	})
}

func checkEscaper(t *testing.T, name string, tmpl *template.Template, start, end string, add func([]byte, string) []byte, s string) {
	t.Helper()
	var want bytes.Buffer
	if err := tmpl.Execute(&want, s); err != nil {
		t.Fatal(err)
	}
	if got := start + string(add(nil, s)) + end; got != want.String() {
		t.Errorf("%s %q:\n got %s\nwant %s", name, s, got, want.String())
	}
}
