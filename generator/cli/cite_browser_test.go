package cli

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// citeShown is a JavaScript expression: the text of the visible citation
// card, or "".
const citeShown = `(() => { const b = document.querySelector(".cite-card"); return b && !b.hidden ? b.textContent : "" })()`

// TestBrowserCitations opens World (content/countries/world.md, which
// cites the MCS 2026 chapter of data/references.bib with a page locator)
// over http and in the single file from file://. Hovering the citation
// "[1, p. 153]" shows the full reference (authors, title, book, pages) in a
// card that describes the link; moving away closes it; focusing it from
// the keyboard shows it and Escape closes it. The reference list links back
// to each citation of the work (↩ a b): following "b" brings the second
// citation into view, and the citation leads to its reference. At 390 px
// the card stays inside the window; axe-core finds no serious or critical
// violation with it open, in the light and dark themes.
func TestBrowserCitations(t *testing.T) {
	if browser.Path() == "" {
		browser.New(t) // skips, or fails where a browser is required
	}
	srv := serveDefault(t)
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")
	for _, c := range []struct {
		name, url, prefix string // prefix: of the page's ids
	}{
		{"http", srv.URL + "/countries/world/", ""},
		{"single", "file://" + single + "#p-countries--world", "p-countries--world__"},
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
			cite := "#" + c.prefix + "cite-1-1"
			citeJS := `document.getElementById(` + strconv.Quote(c.prefix+"cite-1-1") + `)`
			away := chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 2, 400)
			do("open", chromedp.EmulateViewport(1366, 800), chromedp.Navigate(c.url), chromedp.WaitReady(cite))
			if got := eval(citeJS + `.textContent`); got != "[1, p. 153]" {
				t.Errorf("the citation reads %q, want [1, p. 153]", got)
			}

			// Hover: the full reference.
			x, y := centre(t, ctx, cite)
			do("hover", away, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
			waitFor(t, ctx, "the card on hover", citeShown+` !== ""`)
			card := eval(citeShown)
			for _, w := range []string{"Shelby N. Johnston", "U.S. Geological Survey (USGS)", "Rare Earths", "Mineral Commodity Summaries 2026", "pp. 152–153", "2026-02-06"} {
				if !strings.Contains(card, w) {
					t.Errorf("the card lacks %q: %q", w, card)
				}
			}
			if strings.Contains(card, "↩") {
				t.Errorf("the card shows the backlinks: %q", card)
			}
			if d := eval(`String(` + citeJS + `.getAttribute("aria-describedby"))`); d != "cite-card" {
				t.Errorf("aria-describedby = %q while the card shows", d)
			}
			if r := eval(`document.querySelector(".cite-card").getAttribute("role")`); r != "tooltip" {
				t.Errorf("role = %q", r)
			}
			do("away", away)
			waitFor(t, ctx, "the card closed", citeShown+` === ""`)

			// Keyboard: Tab onto the citation, Escape.
			do("focus before", runJS(`const all = [...document.querySelectorAll("a[href], button, input, summary, [tabindex]")].filter(e => e.tabIndex >= 0 && e.getClientRects().length); all[all.indexOf(`+citeJS+`) - 1].focus()`))
			do("tab", chromedp.KeyEvent(kb.Tab))
			if eval(`String(document.activeElement === `+citeJS+`)`) != "true" {
				t.Fatalf("Tab focused %s", eval(`document.activeElement.outerHTML.slice(0, 200)`))
			}
			waitFor(t, ctx, "the card on keyboard focus", citeShown+`.includes("Mineral Commodity Summaries 2026")`)
			do("escape", chromedp.KeyEvent(kb.Escape))
			waitFor(t, ctx, "the card closed by Escape", citeShown+` === ""`)

			// Backlinks: ↩ a b c on the reference (World cites the MCS 2026
			// chapter three times), each to its citation.
			back := `document.querySelectorAll("#` + c.prefix + `ref-1 .ref-back a")`
			if got := eval(`[...` + back + `].map(a => a.textContent + " " + a.getAttribute("href")).join(", ")`); got != "a #"+c.prefix+"cite-1-1, b #"+c.prefix+"cite-1-2, c #"+c.prefix+"cite-1-3" {
				t.Errorf("backlinks of reference 1: %q", got)
			}
			do("follow b", runJS(back+`[1].click()`))
			waitFor(t, ctx, "the second citation in view", `location.hash === "#`+c.prefix+`cite-1-2" && (() => { const r = document.getElementById("`+c.prefix+`cite-1-2").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight })()`)
			do("follow the citation", runJS(`document.getElementById("`+c.prefix+`cite-1-2").click()`))
			waitFor(t, ctx, "the reference in view", `location.hash === "#`+c.prefix+`ref-1" && (() => { const r = document.getElementById("`+c.prefix+`ref-1").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight })()`)

			// A phone: the card fits in the window, nothing scrolls sideways.
			do("phone", chromedp.EmulateViewport(390, 800), chromedp.Navigate(c.url), chromedp.WaitReady(cite))
			x, y = centre(t, ctx, cite)
			do("hover at 390 px", away, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
			waitFor(t, ctx, "the card at 390 px", citeShown+` !== ""`)
			if got := eval(`(() => { const r = document.querySelector(".cite-card").getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, document.documentElement.clientWidth, innerHeight].map(Math.round).join(" ") })()`); !fits(got) {
				t.Errorf("at 390 px the card is out of the window: left top right bottom width height = %s", got)
			}
			if w := eval(`String(document.documentElement.scrollWidth)`); w != "390" {
				t.Errorf("the page scrolls sideways with the card open: %s px wide", w)
			}
			if p := problems(); len(p) > 0 {
				t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
			}
		})
	}

	t.Run("axe", func(t *testing.T) {
		ctx := browser.New(t)
		do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			if err := chromedp.Do(ctx, steps...); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		}
		do("open", chromedp.EmulateViewport(1366, 800), chromedp.Navigate(srv.URL+"/countries/world/"), chromedp.WaitReady("#cite-1-1"))
		for _, scheme := range []string{"light", "dark"} {
			do(scheme, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
				})
				return err
			}))
			x, y := centre(t, ctx, "#cite-1-1")
			do("hover", chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 2, 400), chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y))
			waitFor(t, ctx, "the card", citeShown+` !== ""`)
			vs, err := browser.Axe(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s theme, card open: %s", scheme, strings.TrimSpace(v.String()))
				}
			}
		}
	})
}
