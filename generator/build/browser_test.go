package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// serveUnder builds the repo's content/ into memory and serves it on
// 127.0.0.1 under prefix (e.g. "/repo/"), as GitHub Pages serves a project
// site: directory URLs get their index.html.
func serveUnder(t *testing.T, prefix string) string {
	t.Helper()
	mem := output.NewMem()
	res, err := Build(context.Background(), os.DirFS("../.."), lodestone.Theme, output.Minify(mem), Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		b, ok := mem.File(p)
		if !ok {
			http.NotFound(w, r)
			return
		}
		switch path.Ext(p) {
		case ".html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case ".css":
			w.Header().Set("Content-Type", "text/css")
		}
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

func must[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserNavigation opens the home page under a /repo/ prefix, follows a
// brief link and a wikilink by clicking, and checks the stylesheet applied
// and the backlinks are there — relative links working in a real browser.
func TestBrowserNavigation(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/repo/")
	do(t, ctx, chromedp.Navigate(base))
	if title := must(t, ctx, chromedp.Title()); title != "NdPr knowledge base" {
		t.Errorf("home title %q", title)
	}
	do(t, ctx,
		chromedp.Click(`a[href="mines/mountain-pass/"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`article.brief h1`),
	)
	if h1 := must(t, ctx, chromedp.Text(`article.brief h1`)); h1 != "Mountain Pass mine" {
		t.Errorf("h1 after click = %q", h1)
	}
	do(t, ctx,
		chromedp.Click(`.prose a.wikilink[href="../../companies/mp-materials/"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`#backlinks-h`),
	)
	if url := must(t, ctx, chromedp.Location()); url != base+"companies/mp-materials/" {
		t.Errorf("wikilink went to %s", url)
	}
	if bl := must(t, ctx, chromedp.Text(`.backlinks`)); !strings.Contains(bl, "Mountain Pass mine") {
		t.Errorf("backlinks of MP Materials lack Mountain Pass: %q", bl)
	}
	if d := must(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector('.meta')).display`)); d != "grid" {
		t.Errorf("stylesheet not applied under the prefix: .meta display = %q", d)
	}
}

// TestBrowserPhoneTables loads pages with tables at a phone's width: the page
// itself must not scroll sideways; a wide table scrolls inside itself.
func TestBrowserPhoneTables(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	do(t, ctx, chromedp.EmulateViewport(360, 740, chromedp.EmulateScale(2)))
	anyScrolls := false
	for _, page := range []string{"countries/world/", "countries/united-states/", "mines/mountain-pass/", "concepts/processing-chain/"} {
		// Navigate returns after the load event; the page is complete.
		do(t, ctx, chromedp.Navigate(base+page))
		if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('table').length`)); n == 0 {
			t.Errorf("%s: no table", page)
		}
		if must(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > 360 || [...document.querySelectorAll('table')].some(t => t.getBoundingClientRect().right > 360)`)) {
			t.Errorf("%s: the page scrolls sideways at 360px", page)
		}
		if must(t, ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll('table')].some(t => t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX == 'auto')`)) {
			anyScrolls = true
		}
	}
	if !anyScrolls {
		t.Error("no table is wider than a phone: the test no longer exercises sideways scrolling")
	}
}

// TestBrowserDarkMode checks the theme follows prefers-color-scheme.
func TestBrowserDarkMode(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	bg := func(scheme string) string {
		do(t, ctx,
			chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
				})
				return err
			}),
			chromedp.Navigate(base),
		)
		return must(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor`))
	}
	light, dark := bg("light"), bg("dark")
	if light != "rgb(253, 253, 252)" || dark != "rgb(22, 24, 26)" {
		t.Errorf("background light %s, dark %s", light, dark)
	}
}
