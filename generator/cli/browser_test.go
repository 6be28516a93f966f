package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserBundles opens the offline bundles from disk through file://, in
// a Chromium started without --allow-file-access-from-files: the unzipped
// site (follow a link to a brief, see its text) and the single file (follow
// an in-page link, see the brief), with no console errors in either.
func TestBrowserBundles(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	out := bundle(t)
	root := filepath.Join(unzip(t, filepath.Join(out, "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")

	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel, chromedp.NodeVisible))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	eval := func(expr string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return s
	}

	// The unzipped site.
	if err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+filepath.Join(root, "index.html")),
		chromedp.Click(`a[href="mines/mountain-pass/index.html"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`article.brief h1`),
	); err != nil {
		t.Fatal(err)
	}
	if h1 := text(`article.brief h1`); h1 != "Mountain Pass mine" {
		t.Errorf("after the click: h1 = %q", h1)
	}
	if loc := eval(`location.href`); !strings.HasSuffix(loc, "/ndpr-knowledge-base/mines/mountain-pass/index.html") {
		t.Errorf("location %s", loc)
	}
	if d := eval(`getComputedStyle(document.querySelector('.meta')).display`); d != "grid" {
		t.Errorf("stylesheet not applied from file://: .meta display %q", d)
	}
	// And on to another brief through a wikilink.
	if err := chromedp.Do(ctx,
		chromedp.Click(`.prose a.wikilink[href="../../companies/mp-materials/index.html"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`#backlinks-h`),
	); err != nil {
		t.Fatal(err)
	}
	if h1 := text(`article.brief h1`); h1 != "MP Materials" {
		t.Errorf("after the wikilink: h1 = %q", h1)
	}

	// The single file.
	if err := chromedp.Do(ctx,
		chromedp.Navigate("file://"+single),
		chromedp.Click(`#p-home a[href="#p-mines--mountain-pass"]`, chromedp.NodeVisible),
	); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the jump settle
	if h := eval(`location.hash`); h != "#p-mines--mountain-pass" {
		t.Errorf("hash after the click = %q", h)
	}
	inView := eval(`(() => { const r = document.getElementById("p-mines--mountain-pass").getBoundingClientRect(); return String(r.top >= -2 && r.top < innerHeight) })()`)
	if inView != "true" {
		t.Error("the Mountain Pass section is not in view after the click")
	}
	if h1 := text(`#p-mines--mountain-pass h1`); h1 != "Mountain Pass mine" {
		t.Errorf("single file section h1 = %q", h1)
	}
	if d := eval(`getComputedStyle(document.querySelector('.meta')).display`); d != "grid" {
		t.Errorf("inlined stylesheet not applied: .meta display %q", d)
	}

	// Printed, the single file drops the navigation, starts each brief on a
	// new page, keeps table rows whole and shows where external links go.
	if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	for expr, want := range map[string]string{
		`getComputedStyle(document.querySelector('.site-header')).display`:                                                      "none",
		`getComputedStyle(document.querySelector('.bundle-page.kind-brief')).breakBefore`:                                       "page",
		`getComputedStyle(document.querySelector('tr')).breakInside`:                                                            "avoid",
		`String(getComputedStyle(document.querySelector('.sources a[href^="http"]'), '::after').content.startsWith('" <http'))`: "true",
	} {
		if got := eval(expr); got != want {
			t.Errorf("print: %s = %q, want %q", expr, got, want)
		}
	}

	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}
