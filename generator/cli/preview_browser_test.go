package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/preview"
)

// mpSummary is the start of MP Materials' summary (content/companies/mp-materials.md).
const mpSummary = "Las Vegas-based owner of the Mountain Pass mine since 2017"

// previewShown is a JavaScript expression: the visible link preview's
// title, or "".
const previewShown = `(() => { const b = document.querySelector(".link-preview"); return b && !b.hidden ? b.querySelector(".lp-title").textContent : "" })()`

// TestBrowserLinkPreviews opens Mountain Pass mine over http, from the
// unzipped bundle (file://) and in the single file, and previews its link
// to MP Materials: hovering the link shows a card with the title and
// summary (and the link is described by it), moving away closes it;
// focusing the link from the keyboard shows it, Escape closes it and
// leaves the focus on the link; a long press on a touch screen shows it
// without following the link, while a tap still follows it. At 390 px
// the card stays inside the window, and axe-core finds no serious or
// critical violation with the card open, in the light and dark themes.
// Links outside the text (breadcrumbs) and external links show none.
func TestBrowserLinkPreviews(t *testing.T) {
	if browser.Path() == "" {
		browser.New(t) // skips, or fails where a browser is required
	}
	srv := serveDefault(t)
	zipRoot := filepath.Join(unzip(t, filepath.Join(bundle(t), "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")

	// Each part has a browser (and a time limit) of its own.
	for _, c := range []struct {
		name, url, link, home string
	}{
		{"http", srv.URL + "/mines/mountain-pass/", `.prose a.wikilink[href="../../companies/mp-materials/"]`, ""},
		{"file", "file://" + filepath.Join(zipRoot, "mines/mountain-pass/index.html"), `.prose a.wikilink[href="../../companies/mp-materials/index.html"]`, ""},
		{"single", "file://" + single + "#p-mines--mountain-pass", `#p-mines--mountain-pass .prose a.wikilink[href="#p-companies--mp-materials"]`, "#p-mines--mountain-pass"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := browser.New(t)
			problems := browser.Problems(t, ctx)
			eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
			do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
				t.Helper()
				if err := chromedp.Do(ctx, steps...); err != nil {
					t.Fatalf("%s: %v", what, err)
				}
			}
			link := `document.querySelector(` + strconv.Quote(c.link) + `)`
			do("open", chromedp.EmulateViewport(1366, 800), chromedp.Navigate(c.url), chromedp.WaitReady(c.link))
			centre := func(sel string) (float64, float64) { t.Helper(); return centre(t, ctx, sel) }
			waitTitle := func(how, want string) {
				t.Helper()
				deadline := time.Now().Add(5 * time.Second)
				for {
					got := eval(previewShown)
					if got == want {
						return
					}
					if time.Now().After(deadline) {
						t.Fatalf("%s: preview shows %q, want %q", how, got, want)
					}
					time.Sleep(50 * time.Millisecond)
				}
			}
			away := chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 2, 400)

			// Hover.
			hover(t, ctx, c.link)
			waitTitle("hover", "MP Materials")
			if s := eval(`document.querySelector(".link-preview").textContent`); !strings.Contains(s, mpSummary) {
				t.Errorf("the preview lacks the summary: %q", s)
			}
			if d := eval(`String(` + link + `.getAttribute("aria-describedby"))`); d != "link-preview" {
				t.Errorf("the link's aria-describedby = %q while its preview shows", d)
			}
			if r := eval(`document.querySelector(".link-preview").getAttribute("role")`); r != "tooltip" {
				t.Errorf("role = %q", r)
			}
			// Into the card and out: it stays while the pointer is over it.
			bx, by := centre(".link-preview")
			do("into the card", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, bx, by))
			time.Sleep(400 * time.Millisecond)
			if got := eval(previewShown); got != "MP Materials" {
				t.Errorf("the card closed when the pointer moved onto it: %q", got)
			}
			do("away", away)
			waitTitle("pointer left", "")
			if d := eval(`String(` + link + `.getAttribute("aria-describedby"))`); d != "null" {
				t.Errorf("aria-describedby = %q after the preview closed", d)
			}

			// Keyboard: Tab onto the link from the focusable element before it.
			do("focus before", runJS(`const all = [...document.querySelectorAll("a[href], button, input, summary, [tabindex]")].filter(e => e.tabIndex >= 0 && e.getClientRects().length); all[all.indexOf(`+link+`) - 1].focus()`))
			do("tab", chromedp.KeyEvent(kb.Tab))
			if eval(`String(document.activeElement === `+link+`)`) != "true" {
				t.Fatalf("Tab focused %s", eval(`document.activeElement.outerHTML.slice(0, 200)`))
			}
			waitTitle("keyboard focus", "MP Materials")
			do("escape", chromedp.KeyEvent(kb.Escape))
			waitTitle("Escape", "")
			if eval(`String(document.activeElement === `+link+`)`) != "true" {
				t.Error("Escape moved the focus off the link")
			}
			do("tab on", chromedp.KeyEvent(kb.Tab))
			time.Sleep(400 * time.Millisecond)
			if got := eval(previewShown); got == "MP Materials" {
				t.Error("the preview stayed after the focus left the link")
			}

			// Touch: a long press shows the card and stays on the page; a tap follows the link.
			do("touch on", runJS(`document.activeElement.blur()`), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1})
				return err
			}))
			before := eval(`location.href`)
			x, y := centre(c.link)
			touch := func(typ input.DispatchTouchEventType, pts ...*input.TouchPoint) chromedp.Action[chromedp.Void] {
				return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
					return err
				})
			}
			one, id := 1.0, 0.0
			pt := &input.TouchPoint{X: x, Y: y, RadiusX: &one, RadiusY: &one, Force: &one, ID: &id}
			do("press", touch(input.DispatchTouchEventTypeTouchStart, pt))
			time.Sleep(800 * time.Millisecond)
			do("release", touch(input.DispatchTouchEventTypeTouchEnd))
			waitTitle("long press", "MP Materials")
			time.Sleep(300 * time.Millisecond) // a navigation would have started
			if after := eval(`location.href`); after != before {
				t.Errorf("the long press followed the link: %s -> %s", before, after)
			}
			do("tap", chromedp.TapXY(x, y))
			deadline := time.Now().Add(5 * time.Second)
			for eval(`location.href`) == before && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			if after := eval(`location.href`); !strings.Contains(after, "mp-materials") {
				t.Errorf("a tap after the long press did not follow the link: %s", after)
			}
			do("touch off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: false})
				return err
			}))

			// A phone: the card of each link of the text fits in the window.
			do("phone", chromedp.EmulateViewport(390, 800), chromedp.Navigate(c.url), chromedp.WaitReady(c.link))
			n := 0
			for i := range 8 {
				sel := c.home + ` .prose a.wikilink:not(.broken)`
				has := eval(`String(document.querySelectorAll(` + strconv.Quote(sel) + `).length > ` + strconv.Itoa(i) + `)`)
				if has != "true" {
					break
				}
				do("mark", runJS(`document.querySelectorAll(`+strconv.Quote(sel)+`).forEach(a => a.removeAttribute("data-probe")); document.querySelectorAll(`+strconv.Quote(sel)+`)[`+strconv.Itoa(i)+`].setAttribute("data-probe", "")`))
				if eval(`String(document.querySelector("[data-probe]").getAttribute("href").includes("mountain-pass"))`) == "true" {
					continue // the page itself: no preview
				}
				hover(t, ctx, "[data-probe]")
				waitFor(t, ctx, "the preview at 390 px", `document.querySelector("[data-probe]").getAttribute("aria-describedby") === "link-preview" && `+previewShown+` !== ""`)
				if got := eval(`(() => { const r = document.querySelector(".link-preview").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, document.documentElement.clientWidth, innerHeight].map(Math.round).join(" ") })()`); !fits(got) {
					t.Errorf("at 390 px the preview of link %d is out of the window: left top right bottom width height = %s", i, got)
				}
				n++
			}
			if n < 5 {
				t.Errorf("only %d links previewed at 390 px", n)
			}
			if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
				t.Errorf("the page scrolls sideways with a preview open: %s px wide", w)
			}

			// No preview on the breadcrumbs, nor on an external link.
			for _, sel := range []string{c.home + ` .crumbs a`, c.home + ` .sources a[href^="http"]`} {
				hover(t, ctx, sel)
				time.Sleep(700 * time.Millisecond)
				if got := eval(previewShown); got != "" {
					t.Errorf("%s shows a preview: %q", sel, got)
				}
			}
			if p := problems(); len(p) > 0 {
				t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
			}
		})
	}

	// axe-core with the card open, in both themes.
	t.Run("axe", func(t *testing.T) {
		ctx := browser.New(t)
		problems := browser.Problems(t, ctx)
		eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
		do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		do("open", chromedp.EmulateViewport(1366, 800), chromedp.Navigate(srv.URL+"/mines/mountain-pass/"))
		for _, scheme := range []string{"light", "dark"} {
			do(scheme, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
				})
				return err
			}))
			hover(t, ctx, `.prose a.wikilink[href="../../companies/mp-materials/"]`)
			waitFor(t, ctx, "the preview of MP Materials", previewShown+` === "MP Materials"`)
			vs, err := browser.Axe(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s theme, preview open: %s", scheme, strings.TrimSpace(v.String()))
				}
			}
			if fg, bg := eval(`getComputedStyle(document.querySelector(".link-preview")).color`), eval(`getComputedStyle(document.querySelector(".link-preview")).backgroundColor`); fg == bg {
				t.Errorf("%s theme: the card's text and background are both %s", scheme, fg)
			}
		}
		if p := problems(); len(p) > 0 {
			t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
		}
	})
}

// centre scrolls the element sel selects into the middle of the window
// and returns the centre of its first box.
func centre(t *testing.T, ctx context.Context, sel string) (float64, float64) {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const a = document.querySelector(`+strconv.Quote(sel)+`); a.scrollIntoView({block: "center"}); const r = a.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2] })()`))
	if err != nil || len(v) != 2 {
		t.Fatalf("centre of %s: %v %v", sel, v, err)
	}
	return v[0], v[1]
}

// hover moves the mouse off every link (to the left margin), waits until
// no preview shows, then onto the element sel selects.
func hover(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 2, 400)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "no preview", previewShown+` === ""`)
	x, y := centre(t, ctx, sel)
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y)); err != nil {
		t.Fatal(err)
	}
}

// fits reports whether "left top right bottom width height" has the box
// inside the window.
func fits(s string) bool {
	var l, tp, r, b, w, h int
	if n, _ := fmt.Sscan(s, &l, &tp, &r, &b, &w, &h); n != 6 {
		return false
	}
	return l >= 0 && tp >= 0 && r <= w && b <= h && r > l
}

// TestBrowserLinkPreviewShards builds a flat vault large enough for the
// previews' data to be split into shards and hovers links over http: each
// card comes from the shard that Go and JavaScript agree holds it.
func TestBrowserLinkPreviewShards(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	src := t.TempDir()
	if err := corpus.Write(src, corpus.Flat(800, corpus.StyleWiki)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	var stderr strings.Builder
	if code := Main(context.Background(), []string{"build", "--src", src, "--out", out}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr.String())
	}
	shards, _ := filepath.Glob(filepath.Join(out, "preview", "*.js"))
	if len(shards) < 2 {
		t.Fatalf("%d shards: the data of 800 notes should be split", len(shards))
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/note-00007/")); err != nil {
		t.Fatal(err)
	}
	titles, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".prose a.wikilink")].map(a => a.getAttribute("href"))`))
	if err != nil || len(titles) < 3 {
		t.Fatalf("links: %v %v", titles, err)
	}
	for i, href := range titles {
		want := "Note " + strings.TrimSuffix(strings.TrimPrefix(href, "../note-"), "/")
		if err := chromedp.Do(ctx, runJS(`document.querySelectorAll("[data-probe]").forEach(a => a.removeAttribute("data-probe")); document.querySelectorAll(".prose a.wikilink")[`+strconv.Itoa(i)+`].setAttribute("data-probe", "")`)); err != nil {
			t.Fatal(err)
		}
		hover(t, ctx, "[data-probe]")
		waitFor(t, ctx, "the preview of "+want, previewShown+` === `+strconv.Quote(want))
	}
	loaded := evalString(t, ctx, `performance.getEntriesByType("resource").map(e => e.name).filter(n => n.includes("/preview/")).length + ""`)
	if n, _ := strconv.Atoi(loaded); n < 1 || n > len(titles) {
		t.Errorf("%s shards loaded for %d links", loaded, len(titles))
	}
	// JavaScript names the shard of a key as Go does, Unicode included.
	for _, key := range []string{"", "note-00001/", "稀土/产业链/", "emoji-😀/", "café/"} {
		got := evalString(t, ctx, `String(LodestonePreviews.shard(`+strconv.Quote(key)+`, 97))`)
		if want := strconv.Itoa(preview.Shard(key, 97)); got != want {
			t.Errorf("shard of %q: JavaScript %s, Go %s", key, got, want)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}
