package build

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// pageKinds are eleven kinds of page of the default site.
var pageKinds = map[string]string{
	"home":     "",
	"brief":    "mines/mountain-pass/",
	"section":  "countries/",
	"type":     "types/mine/",
	"tag":      "tags/africa/",
	"tags":     "tags/",
	"timeline": "timeline/",
	"sources":  "sources/",
	"search":   "search/?q=magnet",
	"graph":    "graph/",
	"404":      "404.html",
}

// TestBrowserBudgets holds the default site to its reading budgets, on eleven
// kinds of page: a brief page is 60 KB or less transferred, compressed as
// GitHub Pages sends it (without the search index and the link previews'
// data, loaded only when searching or pointing at a link); no page scrolls sideways at
// 390 px; axe-core finds no serious or critical violation, in the light
// and the dark theme.
func TestBrowserBudgets(t *testing.T) {
	base := serveUnder(t, "/")
	ctx := browser.New(t) // after the build: its time limit is for the browser
	// What the page loaded, but the search index (loaded when searching)
	// and the link previews' data (loaded when a link is pointed at).
	const loaded = `performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource"))
		.map(e => e.name).filter(n => !/search-index\.js|\/search\/(terms|text)-|preview-index\.js|\/preview\/\d+\.js/.test(n))`
	// weight is the bytes a server that compresses (as GitHub Pages does)
	// sends for urls.
	weight := func(urls []string) int {
		t.Helper()
		n := 0
		for _, u := range urls {
			resp, err := http.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			var z bytes.Buffer
			w := gzip.NewWriter(&z)
			if _, err := io.Copy(w, resp.Body); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			w.Close()
			n += z.Len()
		}
		return n
	}
	do(t, ctx, chromedp.EmulateViewport(390, 800))
	for kind, page := range pageKinds {
		do(t, ctx, chromedp.Navigate(base+page))
		if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s page (%s) scrolls sideways at 390 px: %d px wide", kind, page, w)
		}
		if kind == "brief" {
			urls := must(t, ctx, chromedp.Evaluate[[]string](loaded))
			if n := weight(urls); n > 60<<10 || len(urls) < 3 {
				t.Errorf("a brief page weighs %d KB in %d files, want 60 KB or less", n>>10, len(urls))
			} else {
				t.Logf("a brief page weighs %.1f KB compressed, in %d files", float64(n)/1024, len(urls))
			}
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1366, 800))
	for _, s := range []string{"light", "dark"} {
		do(t, ctx, colorScheme(s))
		for kind, page := range pageKinds {
			do(t, ctx, chromedp.Navigate(base+page))
			vs, err := browser.Axe(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s page (%s), %s theme: %s", kind, page, s, strings.TrimSpace(v.String()))
				}
			}
		}
	}
}
