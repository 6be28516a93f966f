package markdown

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// autoLinkCases are places where a bare URL or address does or does not
// become a link: after each character linkify steps over, at a line's
// head, after a tab, in emphasis, and near misses.
var autoLinkCases = []string{
	"see https://example.org/a?b=c.",
	"see http://example.org and ftp://files.example.org/x",
	"(www.example.com) and *www.example.com* and _www.example.com_ and ~www.example.com~",
	"http://at.line.head\nwww.second.line.head",
	"a\twww.after.a.tab and\thttps://tab.example",
	"mail a.b+c@example.co.uk. or x_y@z.org, not a@b or @c.org",
	"foo@bar.baz at the head\n(first.last@example.com)",
	"*mail@example.com* ~mail@example.com",
	"HTTP://upper.case.example www.x and wwwx.y.z ftp:/one.slash h",
	"a word with @ in it, an@ and x @y.z and a@b.c@d.e",
	"> quoted https://q.example.org\n\n- listed www.l.example",
	"[a link https://inside.example](https://out.example) and <https://angle.example>",
	"`code https://not.example` then https://yes.example",
	"trailing http://example.org/path_(x) and http://example.org/).",
	"",
	" ",
	"*",
	"(",
	"h",
	"w@",
}

func autoLinkHTML(t testing.TB, ext goldmark.Extender, src string) string {
	t.Helper()
	var b bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(ext)).Convert([]byte(src), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAutoLinksAsGFM: goldmark's GFM extension and ours make the same
// page of every case, and the cases do make links.
func TestAutoLinksAsGFM(t *testing.T) {
	links := 0
	for _, src := range autoLinkCases {
		want := autoLinkHTML(t, extension.GFM, src)
		if got := autoLinkHTML(t, gfm, src); got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
		links += strings.Count(want, "<a href=")
	}
	if links < 20 {
		t.Errorf("the cases make %d links; they should make at least 20", links)
	}
}

// FuzzAutoLinks: our GFM extension makes the page goldmark's makes, and so
// does the one without a link finder wherever mayHaveAutoLinks allows it.
func FuzzAutoLinks(f *testing.F) {
	for _, src := range autoLinkCases {
		f.Add(src)
	}
	// Sources with nothing for the link finder (mayHaveAutoLinks).
	for _, src := range []string{"plain *words* (in parens) and ~~struck~~", "HTTP://EXAMPLE.COM and WWW.EXAMPLE.COM", "mailto:nobody ftp.example.com", "| a | b |\n|---|---|\n| www | x |", "- [ ] task\n- [x] done"} {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		want := autoLinkHTML(t, extension.GFM, src)
		if got := autoLinkHTML(t, gfm, src); got != want {
			t.Errorf("%q:\n got %s\nwant %s", src, got, want)
		}
		// Where mayHaveAutoLinks says there is no link to find, GFM
		// without its link finder makes the same page, but for white
		// space at the end of a line: goldmark keeps a space or carriage
		// return there (before a tab, or the spaces of a hard line break)
		// when a parser is triggered at it, as the link finder is at every
		// space, and drops it, as CommonMark says, when none is. A browser
		// shows the two alike.
		if !mayHaveAutoLinks([]byte(src)) {
			if got := autoLinkHTML(t, gfmNoLinks, src); lineEnds(got) != lineEnds(want) {
				t.Errorf("%q, without the link finder:\n got %s\nwant %s", src, got, want)
			}
		}
	})
}

// lineEnds is html without white space (spaces, tabs, carriage returns)
// before its line breaks.
func lineEnds(html string) string {
	return regexp.MustCompile(`[ \t\r]+(\n|<br>)`).ReplaceAllString(html, "$1")
}
