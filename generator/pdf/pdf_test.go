package pdf

import (
	"strings"
	"testing"
)

// TestHeader: the running header shows the title and date as text, never
// as markup (a brief's title is the site's text).
func TestHeader(t *testing.T) {
	h := header(`<img src=x onerror=alert(1)> & "Co"`, "1 May 2026")
	if strings.Contains(h, "<img") {
		t.Errorf("title not escaped: %s", h)
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt; &amp; &#34;Co&#34;", "as of 1 May 2026"} {
		if !strings.Contains(h, want) {
			t.Errorf("header lacks %q: %s", want, h)
		}
	}
}

// TestFindNone: with nothing on PATH, Find finds nothing and Print says
// what to install.
func TestFindNone(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	if p := Find(); p != "" {
		t.Fatalf("Find() = %q", p)
	}
	_, err := Print(t.Context(), "file:///nowhere.html", Options{})
	if err != ErrNoChromium || !strings.Contains(err.Error(), "apt-get install chromium") {
		t.Errorf("Print: %v", err)
	}
}

// TestStrings reads PDF strings: literal with escapes and nesting, hex,
// and UTF-16 with a byte order mark.
func TestStrings(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`(Alpha \(Mine\) \101)`, "Alpha (Mine) A"},
		{`(a (nested) b)`, "a (nested) b"},
		{`<416C706861>`, "Alpha"},
		{`<FEFF00430068006900AD006E0061>`, "Chi\u00adna"},
		{`(\376\377\000A\000b)`, "Ab"},
	} {
		if got, ok := pdfString([]byte(c.in)); !ok || got != c.want {
			t.Errorf("pdfString(%s) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}
