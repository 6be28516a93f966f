package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserFactIDs clicks the fact id MP-011 in the Mountain Pass brief
// of the default site: it lands on MP-011's entry on the facts page, the
// entry in view and :target, with its source and the briefs that cite it
// — over http, in the zip from file:// and in the single file.
func TestBrowserFactIDs(t *testing.T) {
	srv := serveDefault(t)
	root := filepath.Join(unzip(t, filepath.Join(bundle(t), "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")
	ctx := browser.New(t) // after the builds: its time limit is for the browser
	problems := browser.Problems(t, ctx)
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }

	for _, c := range []struct {
		where, url, link, target string
	}{
		{"http", srv.URL + "/mines/mountain-pass/", `.prose a.fact-ref[href="../../facts/#MP-011"]`, "MP-011"},
		{"zip", "file://" + filepath.Join(root, "mines", "mountain-pass", "index.html"), `.prose a.fact-ref[href="../../facts/index.html#MP-011"]`, "MP-011"},
		{"single file", "file://" + single + "#p-mines--mountain-pass", `#p-mines--mountain-pass .prose a.fact-ref[href="#p-facts__MP-011"]`, "p-facts__MP-011"},
	} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(c.url), chromedp.Click(c.link, chromedp.NodeVisible)); err != nil {
			t.Fatalf("%s: %v", c.where, err)
		}
		waitFor(t, ctx, c.where+": the facts page entry", `(document.querySelector(":target") || {}).id === "`+c.target+`"`)
		if got := eval(`(() => { const r = document.getElementById("` + c.target + `").getBoundingClientRect(); return String(r.top >= 0 && r.top < innerHeight / 2 && r.bottom > 0) })()`); got != "true" {
			t.Errorf("%s: the entry %s is not in view after the click", c.where, c.target)
		}
		text := eval(`document.getElementById("` + c.target + `").textContent`)
		for _, want := range []string{"MP-011", "2008", "Chevron sells the mine", "Source: Molycorp Inc., Molycorp Mountain Pass", "verified", "Cited in: Molycorp, Mountain Pass mine"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the entry says %q, without %q", c.where, text, want)
			}
		}
		if bg := eval(`getComputedStyle(document.getElementById("` + c.target + `")).backgroundColor`); bg == "rgba(0, 0, 0, 0)" {
			t.Errorf("%s: the entry linked to is not marked", c.where)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}
