package build

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// colorScheme emulates the system's light or dark theme.
func colorScheme(s string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}},
		})
		return err
	})
}

// headerShape measures the site header: its height, and how many rows its
// visible parts (title, search, links, buttons) stand in.
const headerShape = `(() => {
	const h = document.querySelector(".site-header");
	const parts = [...h.querySelectorAll(".site-title, form.search, .menu-button, nav li, .theme-button")]
		.map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0 && r.bottom <= h.getBoundingClientRect().bottom + 1);
	const rows = [];
	for (const r of parts) {
		const mid = (r.top + r.bottom) / 2;
		if (!rows.some(m => Math.abs(m - mid) < 12)) rows.push(mid);
	}
	return [h.getBoundingClientRect().height, rows.length, parts.length];
})()`

// TestBrowserHeader measures the site header: one row at 1366 and 1024 px
// (all the site's links in it at 1366), and at 390 px a header of 64 px
// or less whose links sit in a drawer that the keyboard opens, enters and
// closes with Escape; without JavaScript the links show in the header.
func TestBrowserHeader(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	const page = "mines/mountain-pass/"
	for _, c := range []struct {
		w        int64
		maxH     float64
		allLinks bool
	}{{1366, 64, true}, {1024, 64, false}, {390, 64, false}} {
		do(t, ctx, chromedp.EmulateViewport(c.w, 800), chromedp.Navigate(base+page))
		m := must(t, ctx, chromedp.Evaluate[[]float64](headerShape))
		t.Logf("%d px: header %.0f px tall, %v rows", c.w, m[0], m[1])
		if m[1] != 1 {
			t.Errorf("at %d px the header has %v rows, want 1", c.w, m[1])
		}
		if m[0] > c.maxH {
			t.Errorf("at %d px the header is %.0f px tall, want %.0f or less", c.w, m[0], c.maxH)
		}
		links := must(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll(".site-header nav a")].filter(a => a.getBoundingClientRect().width > 0).length`))
		if c.allLinks && links != 10 {
			t.Errorf("at %d px %d links show in the header, want 10", c.w, links)
		}
		if !c.allLinks && links != 0 {
			t.Errorf("at %d px %d links show with the drawer closed", c.w, links)
		}
		if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > int(c.w) {
			t.Errorf("at %d px the page is %d px wide", c.w, w)
		}
	}
	// The drawer, by keyboard: from the search box, Tab reaches the menu
	// button; Enter opens; Tab enters the links; Escape closes and gives
	// the focus back.
	do(t, ctx, chromedp.Focus(".site-header input[type=search]"), chromedp.KeyEvent(kb.Tab))
	if f := must(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`)); f != "menu-button" {
		t.Fatalf("Tab from the search box focuses %q, not the menu button", f)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter))
	state := func() string {
		t.Helper()
		return must(t, ctx, chromedp.Evaluate[string](`(() => { const b = document.querySelector(".site-header .menu-button"); return b.getAttribute("aria-expanded") + " " + [...document.querySelectorAll(".site-header nav a")].filter(a => a.getBoundingClientRect().width > 0).length })()`))
	}
	if s := state(); s != "true 10" {
		t.Errorf("after Enter on the menu button: expanded, links shown = %s, want true 10", s)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Tab))
	if f := must(t, ctx, chromedp.Evaluate[string](`document.activeElement.closest(".drawer") ? document.activeElement.textContent : ""`)); f != "Analysis" {
		t.Errorf("Tab after opening focuses %q, not the first link", f)
	}
	do(t, ctx, chromedp.KeyEvent(kb.Escape))
	if s := state(); s != "false 0" {
		t.Errorf("after Escape: expanded, links shown = %s, want false 0", s)
	}
	if f := must(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`)); f != "menu-button" {
		t.Errorf("after Escape the focus is on %q, not the menu button", f)
	}
	// A click elsewhere closes it too.
	do(t, ctx, chromedp.Click(".menu-button"), chromedp.MouseClickXY(195, 780))
	if s := state(); s != "false 0" {
		t.Errorf("after a click outside: %s, want false 0", s)
	}
	// Without JavaScript the links are in the header.
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}), chromedp.Navigate(base+page))
	if n := must(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll(".site-header nav a")].filter(a => a.getBoundingClientRect().width > 0).length`)); n != 10 {
		t.Errorf("without JavaScript %d links show on a phone, want 10", n)
	}
}

// TestBrowserBreadcrumbs opens a page of every kind: each has breadcrumbs
// from Home to itself, and every link of the breadcrumbs and of the header
// leads to a page that exists and whose heading is the link's label (so
// header and breadcrumbs name a page alike). /types/ lists the types.
func TestBrowserBreadcrumbs(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/repo/")
	do(t, ctx, chromedp.EmulateViewport(1366, 800))
	pages := []string{"mines/mountain-pass/", "policy/", "types/", "types/policy/", "tags/", "tags/china/", "timeline/", "sources/", "search/", "concepts/ndpr-oxide/"}
	checked := map[string]bool{}
	for _, p := range pages {
		do(t, ctx, chromedp.Navigate(base+p))
		crumbs := must(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main nav.crumbs li")].map(li => li.textContent)`))
		h1 := must(t, ctx, chromedp.Evaluate[string](`document.querySelector("h1").textContent`))
		if len(crumbs) < 2 || crumbs[0] != "Home" || crumbs[len(crumbs)-1] != h1 {
			t.Errorf("%s: breadcrumbs %q, want Home … %q", p, crumbs, h1)
		}
		// Every link's target, fetched: it exists and its h1 is the label.
		bad := must(t, ctx, chromedp.Evaluate[[]string](`(async () => {
			const bad = [];
			for (const a of document.querySelectorAll("main nav.crumbs a, .site-header nav a")) {
				if (a.textContent === "Home") continue;
				const r = await fetch(a.href);
				if (!r.ok) { bad.push(a.textContent + " -> " + a.href + ": " + r.status); continue; }
				const d = new DOMParser().parseFromString(await r.text(), "text/html");
				const h = d.querySelector("h1");
				if (!h || h.textContent !== a.textContent) bad.push(a.textContent + " -> " + a.href + ": h1 " + (h && h.textContent));
			}
			return bad;
		})()`, chromedp.EvalAwaitPromise))
		for _, b := range bad {
			if !checked[b] {
				t.Errorf("%s: %s", p, b)
				checked[b] = true
			}
		}
	}
	// A brief's breadcrumbs pass through its section, which the header marks.
	do(t, ctx, chromedp.Navigate(base+"policy/china-quotas/"))
	if got := must(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("nav.crumbs a")].map(a => a.textContent).join(" › ") + " | " + document.querySelector(".site-header a[aria-current]").textContent`)); got != "Home › Policy | Policy" {
		t.Errorf("crumbs | marked header item = %q", got)
	}
	do(t, ctx, chromedp.Navigate(base+"types/"))
	if got := must(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("main ul.types a")].map(a => a.textContent).join(", ")`)); got != "Analyses, Companies, Concepts, Countries, Mines, Policies" {
		t.Errorf("/types/ lists %q", got)
	}
}

// themeProbe records, when <body> is first inserted (before the page can
// be painted), the data-theme of <html>: the chosen theme must be set by
// then.
const themeProbe = `new MutationObserver((_, o) => { if (document.body) { window.__themeAtBody = document.documentElement.getAttribute("data-theme") || "none"; o.disconnect(); } }).observe(document, {childList: true, subtree: true});`

// styleOf lists the colours of every element of the page (and the
// colour variables of charts and callouts), to compare two themes.
const styleOf = `[...document.querySelectorAll("body *")].map(e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor, s.borderTopColor, s.fill, s.stroke, s.getPropertyValue("--chart-1"), s.getPropertyValue("--callout")].join(" ") }).join("\n")`

// TestBrowserThemeToggle: the header's button switches the theme, which
// persists across reloads and pages and is set before the first paint; a
// chosen theme looks exactly like the system's same theme, both ways, on
// pages with charts, callouts, code and marks; choosing the system's own
// theme forgets the choice; axe-core finds nothing serious on the header
// in either theme, on a wide screen and in the open drawer on a phone.
func TestBrowserThemeToggle(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: themeProbe})
		return err
	}))
	bg := func() string {
		t.Helper()
		return must(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).backgroundColor + " " + document.documentElement.getAttribute("data-theme") + " " + window.__themeAtBody + " " + document.querySelector(".theme-button").getAttribute("aria-pressed")`))
	}
	const light, dark = "rgb(253, 253, 252)", "rgb(22, 24, 26)"
	do(t, ctx, chromedp.EmulateViewport(1366, 800), colorScheme("light"), chromedp.Navigate(base))
	if got := bg(); got != light+" null none false" {
		t.Errorf("system light, no choice: %s", got)
	}
	do(t, ctx, chromedp.Click(".theme-button", chromedp.NodeVisible))
	if got := bg(); got != dark+" dark none true" {
		t.Errorf("after the click: %s", got)
	}
	do(t, ctx, chromedp.Reload())
	if got := bg(); got != dark+" dark dark true" {
		t.Errorf("after a reload: %s (background, attribute, attribute when <body> came, pressed)", got)
	}
	do(t, ctx, chromedp.Navigate(base+"mines/mountain-pass/"))
	if got := bg(); got != dark+" dark dark true" {
		t.Errorf("on another page: %s", got)
	}
	// A chosen theme is the system's same theme, element by element.
	for _, p := range []string{"concepts/prices/", "companies/mp-materials/", "concepts/light-and-heavy-rare-earths/", "mines/mountain-pass/?q=mountain"} {
		look := func(system, choice string) string {
			t.Helper()
			do(t, ctx, colorScheme(system), chromedp.Navigate(base+p), run(`localStorage.removeItem("lodestone-theme"); `+choiceJS(choice)))
			return must(t, ctx, chromedp.Evaluate[string](styleOf))
		}
		if a, b := look("dark", ""), look("light", "dark"); a != b {
			t.Errorf("%s: chosen dark on a light system differs from a dark system", p)
		}
		if a, b := look("light", ""), look("dark", "light"); a != b {
			t.Errorf("%s: chosen light on a dark system differs from a light system", p)
		}
	}
	// Choosing the system's theme again forgets the choice.
	do(t, ctx, colorScheme("light"), chromedp.Navigate(base), run(`localStorage.setItem("lodestone-theme", "dark")`), chromedp.Reload(), chromedp.Click(".theme-button", chromedp.NodeVisible))
	if got := must(t, ctx, chromedp.Evaluate[string](`String(localStorage.getItem("lodestone-theme")) + " " + document.documentElement.hasAttribute("data-theme")`)); got != "null false" {
		t.Errorf("back to the system's theme: stored, attribute = %s", got)
	}
	// axe-core on the header, both themes, wide and in the phone's drawer.
	for _, theme := range []string{"light", "dark"} {
		for _, w := range []int64{1366, 390} {
			do(t, ctx, chromedp.EmulateViewport(w, 800), colorScheme("light"), chromedp.Navigate(base+"mines/mountain-pass/"),
				run(choiceJS(theme)))
			if w == 390 {
				do(t, ctx, chromedp.Click(".menu-button"))
			}
			vs, err := browser.Axe(ctx, ".site-header")
			if err != nil {
				t.Fatal(err)
			}
			crumbs, err := browser.Axe(ctx, "nav.crumbs")
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range append(vs, crumbs...) {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s theme, %d px: %s", theme, w, v)
				}
			}
		}
	}
}

// choiceJS sets the theme a reader would choose ("" for none), as the
// head script does.
func choiceJS(theme string) string {
	if theme == "" {
		return `document.documentElement.removeAttribute("data-theme")`
	}
	return `document.documentElement.setAttribute("data-theme", "` + theme + `")`
}

// run evaluates a script for its effect.
func run(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(() => { "+js+"; return true })()"))
		return err
	})
}
