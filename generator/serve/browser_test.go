package serve

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

func longBrief(body string) string {
	var b strings.Builder
	b.WriteString("---\ntitle: Beta\n---\n")
	for i := range 80 {
		fmt.Fprintf(&b, "Paragraph %d of a long brief, so that the page scrolls.\n\n", i)
	}
	b.WriteString(body + "\n")
	return b.String()
}

// TestBrowserLiveReload opens a brief, edits its Markdown on disk and waits
// for the visible text to change with no navigation by the test, then checks
// the scroll position survived the reload. Then it breaks the front matter
// and sees the note published with the warning in a corner panel; breaks the
// site's settings and sees the build-failed overlay with file:line; fixes
// both and sees overlay and panel go.
func TestBrowserLiveReload(t *testing.T) {
	ctx := browser.New(t)
	files := map[string]string{"content/b.md": longBrief("<p>marker: first version</p>\n\nFirst version.")}
	s := start(t, files, Options{})
	if err := chromedp.Do(ctx, chromedp.Navigate(s.base+"b/")); err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		return err == nil && v
	}
	waitFor := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(8 * time.Second)
		for !eval(expr) {
			if time.Now().After(deadline) {
				html, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText.slice(0, 500) : ""`))
				t.Fatalf("%s: not true within 8s: %s\npage: %s", what, expr, html)
			}
			time.Sleep(25 * time.Millisecond)
		}
	}
	waitFor("first version shown", `document.body.innerText.includes("First version.")`)
	// Wait until the page listens for builds, then scroll down.
	waitFor("event stream open", `window.__lodestoneLive > 0`)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.scrollTo(0, 900); window.__marker = "same document"; 1`)); err != nil {
		t.Fatal(err)
	}
	waitFor("scrolled", `window.scrollY > 850`)

	s.write("content/b.md", longBrief("Second version."))
	waitFor("edit shown without navigation", `document.body.innerText.includes("Second version.")`)
	if eval(`window.__marker === "same document"`) {
		t.Error("the text changed without a reload: the test's premise is wrong")
	}
	waitFor("scroll kept", `Math.abs(window.scrollY - 900) < 5`)

	// Break the front matter: the note is published from its body, and a
	// panel in a corner lists the warning with file:line:col.
	s.write("content/b.md", "---\ntitle: Beta\ndate: 2025-13-01\n---\nBroken.\n")
	waitFor("note published", `document.body.innerText.includes("Broken.")`)
	waitFor("warnings panel shown", `!!document.getElementById("lodestone-warnings")`)
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const d = document.getElementById("lodestone-warnings"); d.open = true; return d.innerText })()`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"1 warning", "content/b.md:3:7", `date "2025-13-01" is not a date`} {
		if !strings.Contains(text, want) {
			t.Errorf("warnings panel lacks %q:\n%s", want, text)
		}
	}
	if eval(`!!document.getElementById("lodestone-overlay")`) {
		t.Error("a problem in one note shows the build-failed overlay")
	}

	// Break the site's settings: an overlay with file:line:col, the page
	// below still the last good one.
	s.write("lodestone.yaml", "title: [Unclosed\n")
	waitFor("overlay shown", `!!document.getElementById("lodestone-overlay")`)
	text, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("lodestone-overlay").innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"lodestone.yaml:1:", "title: [Unclosed"} {
		if !strings.Contains(text, want) {
			t.Errorf("overlay lacks %q:\n%s", want, text)
		}
	}
	if !eval(`document.body.innerText.includes("Broken.")`) {
		t.Error("the last good page is not under the overlay")
	}

	s.write("lodestone.yaml", "title: Fixed\n")
	s.write("content/b.md", longBrief("Third version, fixed."))
	waitFor("recovered", `document.body.innerText.includes("Third version, fixed.") && !document.getElementById("lodestone-overlay") && !document.getElementById("lodestone-warnings")`)
}
