package markdown

import "testing"

var hrefCases = []struct{ dest, want string }{
	{"../note-00001/", "../note-00001/"},
	{"./", "./"},
	{"#fn:1", "#fn:1"},
	{"../a/b.html#Intro", "../a/b.html#Intro"},
	{"../a b/", "../a%20b/"},
	{"../R&D/", "../R&amp;D/"},
	{"../a\"b/", "../a%22b/"},
	{"../née/", "../n%C3%A9e/"},
	{"javascript:alert(1)", ""},
	{"java\tscript:alert(1)", ""},
	{"https://example.com/x?a=1&b=2", "https://example.com/x?a=1&amp;b=2"},
	{"../100%/", "../100%25/"},
}

// TestHref checks Href on plain relative links (its fast path) and on
// what needs escaping or is unsafe.
func TestHref(t *testing.T) {
	plain := 0
	for _, c := range hrefCases {
		if got := Href(c.dest); got != c.want {
			t.Errorf("Href(%q) = %q, want %q", c.dest, got, c.want)
		}
		if plainHref(c.dest) {
			plain++
		}
	}
	if plain < 3 || plain == len(hrefCases) {
		t.Errorf("%d of %d cases take the fast path; the cases should try both", plain, len(hrefCases))
	}
}

// FuzzHref checks that the fast path gives what escaping gives.
func FuzzHref(f *testing.F) {
	for _, c := range hrefCases {
		f.Add(c.dest)
	}
	f.Fuzz(func(t *testing.T, dest string) {
		if plainHref(dest) {
			if want := href(dest); dest != want {
				t.Errorf("plain %q: escaping gives %q", dest, want)
			}
		}
		if got, want := Href(dest), href(dest); got != want {
			t.Errorf("Href(%q) = %q, want %q", dest, got, want)
		}
	})
}
