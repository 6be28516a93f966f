package build

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

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
	return serveBuilt(t, prefix, Options{})
}

// serveBuilt is serveUnder for a build with opts.
func serveBuilt(t *testing.T, prefix string, opts Options) string {
	t.Helper()
	mem := output.NewMem()
	res, err := Build(context.Background(), os.DirFS("../.."), lodestone.Theme, output.Minify(mem), opts)
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

// TestBrowserCharts loads the default site's charts at a phone's width and
// on a wide screen, light and dark: one drawing shows at each width, its
// text is at least 11 px as rendered, missing values read "n/a", and every
// bar and line stands 3:1 or more against the page.
func TestBrowserCharts(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	// The smallest text of the visible drawings, in CSS px as rendered,
	// and how many drawings show.
	const measure = `(() => {
		const svgs = [...document.querySelectorAll("figure.chart svg")].filter(s => s.getBoundingClientRect().width > 0);
		let least = 1e9;
		for (const s of svgs) {
			const k = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
			for (const t of s.querySelectorAll("text")) least = Math.min(least, parseFloat(getComputedStyle(t).fontSize) * k);
		}
		return [svgs.length, document.querySelectorAll("figure.chart").length, least];
	})()`
	// The lowest contrast of a bar, line or point against the page.
	const contrast = `(() => {
		const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
		const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4 }); return .2126 * r + .7152 * g + .0722 * b };
		const bg = lum(getComputedStyle(document.body).backgroundColor);
		let least = 99;
		for (const el of document.querySelectorAll("figure.chart .bar rect, figure.chart polyline, figure.chart circle")) {
			const st = getComputedStyle(el), c = el.tagName === "polyline" ? st.stroke : st.fill;
			const l = lum(c), r = (Math.max(l, bg) + .05) / (Math.min(l, bg) + .05);
			least = Math.min(least, r);
		}
		return least;
	})()`
	for _, c := range []struct {
		w      int64
		scheme string
	}{{390, "light"}, {390, "dark"}, {1366, "light"}, {1366, "dark"}} {
		do(t, ctx, chromedp.EmulateViewport(c.w, 800), colorScheme(c.scheme))
		for _, page := range []string{"countries/world/", "concepts/prices/"} {
			do(t, ctx, chromedp.Navigate(base+page))
			m := must(t, ctx, chromedp.Evaluate[[]float64](measure))
			if m[1] == 0 {
				t.Fatalf("%s: no chart", page)
			}
			if m[0] != m[1] {
				t.Errorf("%s at %d px: %v drawings show for %v charts", page, c.w, m[0], m[1])
			}
			if m[2] < 11 {
				t.Errorf("%s at %d px: chart text is %.1f px as rendered, want 11 or more", page, c.w, m[2])
			}
			if r := must(t, ctx, chromedp.Evaluate[float64](contrast)); r < 3 {
				t.Errorf("%s at %d px, %s: a bar or line stands %.2f:1 against the page, want 3:1", page, c.w, c.scheme, r)
			}
		}
	}
	do(t, ctx, chromedp.EmulateViewport(1366, 800), colorScheme("light"), chromedp.Navigate(base+"concepts/prices/"))
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("figure.chart details.chart-data table tbody tr").length`)); n == 0 {
		t.Error("no table of the figures under the charts")
	}
}

// TestBrowserChartKinds loads the default site's time series (NdPr prices)
// and stacked bars (production by country) at a phone's width and on a
// wide screen, light and dark: each drawing fits the page and no text runs
// out of it; the time series' points have their values on hover and its
// end labels, like the values inside the stacked parts, stand 4.5:1 or
// more against what is behind them; both have their figures as a table.
func TestBrowserChartKinds(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	// What runs out of the visible drawings of sel: text past the
	// viewBox, or the drawing past the window.
	const overflow = `((sel) => {
		const out = [];
		for (const f of document.querySelectorAll(sel)) {
			for (const s of f.querySelectorAll("svg")) {
				const r = s.getBoundingClientRect();
				if (r.width === 0) continue;
				if (r.right > innerWidth + 0.5) out.push(s.getAttribute("class") + " ends at " + r.right);
				for (const t of s.querySelectorAll("text")) {
					const b = t.getBoundingClientRect();
					if (b.left < r.left - 0.5 || b.top < r.top - 0.5 || b.right > r.right + 0.5 || b.bottom > r.bottom + 0.5)
						out.push(JSON.stringify(t.textContent) + " at " + [b.left - r.left, b.top - r.top, b.width, b.height].map(Math.round));
				}
			}
		}
		return out;
	})`
	// The lowest contrast of a value label against what is behind it: the
	// page for the time series' end labels, its part for a stacked value.
	const contrast = `(() => {
		const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
		const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4 }); return .2126 * r + .7152 * g + .0722 * b };
		const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + .05) / (Math.min(x, y) + .05) };
		const page = getComputedStyle(document.body).backgroundColor;
		let least = 99, n = 0;
		for (const t of document.querySelectorAll("figure.chart-timeseries text.value.end")) {
			least = Math.min(least, ratio(getComputedStyle(t).fill, page)); n++;
		}
		for (const t of document.querySelectorAll("figure.chart-stacked text.value.inside")) {
			const part = t.previousElementSibling.querySelector("rect");
			least = Math.min(least, ratio(getComputedStyle(t).fill, getComputedStyle(part).fill)); n++;
		}
		return [least, n];
	})()`
	for _, c := range []struct {
		w      int64
		scheme string
	}{{390, "light"}, {390, "dark"}, {1366, "light"}, {1366, "dark"}} {
		do(t, ctx, chromedp.EmulateViewport(c.w, 800), colorScheme(c.scheme))
		for _, pg := range []struct{ page, sel string }{
			{"concepts/prices/", "figure.chart-timeseries"},
			{"countries/world/", "figure.chart-stacked"},
		} {
			do(t, ctx, chromedp.Navigate(base+pg.page))
			if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(pg.sel+" svg")+`).length`)); n != 2 {
				t.Fatalf("%s: %d drawings of %s, want 2", pg.page, n, pg.sel)
			}
			if out := must(t, ctx, chromedp.Evaluate[[]string](overflow+`(`+strconv.Quote(pg.sel)+`)`)); len(out) > 0 {
				t.Errorf("%s at %d px: runs out of its drawing: %v", pg.page, c.w, out)
			}
			if must(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > innerWidth`)) {
				t.Errorf("%s at %d px: the page scrolls sideways", pg.page, c.w)
			}
			if r := must(t, ctx, chromedp.Evaluate[[]float64](contrast)); r[1] == 0 || r[0] < 4.5 {
				t.Errorf("%s at %d px, %s: %v value labels, the lowest %.2f:1 against what is behind it, want 4.5:1", pg.page, c.w, c.scheme, r[1], r[0])
			}
		}
	}
	do(t, ctx, chromedp.Navigate(base+"concepts/prices/"))
	// Every point of the time series has its date and value on hover, and
	// the table has a row per quote.
	ts := must(t, ctx, chromedp.Evaluate[[]int](`(() => {
		const f = document.querySelector("figure.chart-timeseries"), s = f.querySelector("svg.chart-wide");
		return [s.querySelectorAll("circle").length, s.querySelectorAll("g.point > title").length,
			f.querySelectorAll("details.chart-data > table tbody tr").length, f.querySelectorAll("details.chart-data > table > thead th").length];
	})()`))
	if ts[0] < 40 || ts[0] != ts[1] || ts[2] < 20 || ts[3] != 3 {
		t.Errorf("time series: %d points, %d titles, %d table rows of %d columns; want a title per point, a row per quote, date, Low and High", ts[0], ts[1], ts[2], ts[3])
	}
	// Its points are spaced as the dates are: the two quotes of February
	// 2022 (two days apart) nearly touch, the gap to October 2023 is wide.
	gaps := must(t, ctx, chromedp.Evaluate[[]float64](`(() => {
		const cs = [...document.querySelectorAll("figure.chart-timeseries svg.chart-wide g.point.s0 circle")].map(c => +c.getAttribute("cx"));
		return [cs[1] - cs[0], cs[3] - cs[2]];
	})()`))
	if gaps[0] > 2 || gaps[1] < 100 {
		t.Errorf("time series spacing: 16 to 18 February 2022 is %.1f apart, 11 March 2022 to October 2023 %.1f; want them as far apart as the dates", gaps[0], gaps[1])
	}
	do(t, ctx, chromedp.Navigate(base+"countries/world/"))
	st := must(t, ctx, chromedp.Evaluate[string](`(() => {
		const f = document.querySelector("figure.chart-stacked");
		return [...f.querySelectorAll("details.chart-data tbody tr")].map(r => r.cells[0].textContent + "=" + r.cells[1].textContent).join("; ")
			+ " | " + [...f.querySelectorAll("svg.chart-wide .legend")].map(t => t.textContent).join(", ")
			+ " | " + [...f.querySelectorAll("svg.chart-wide .total")].map(t => t.textContent).join(", ");
	})()`))
	for _, want := range []string{"China=270,000; ", "Other countries=1,000; Total=384,000", "| China, Australia, United States, Burma (Myanmar), Others (13) |", "| 384k, 389.31k"} {
		if !strings.Contains(st, want) {
			t.Errorf("stacked chart lacks %q: %s", want, st)
		}
	}
}

// TestBrowserTOC opens a long brief: on a wide screen its table of contents
// stands beside the text, stays in view while the reader scrolls, and marks
// the section being read; every section heading has a link to itself that
// shows on focus; on a phone the contents sit closed above the text and the
// page does not scroll sideways.
func TestBrowserTOC(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	const page = "mines/mountain-pass/"
	do(t, ctx, chromedp.EmulateViewport(1366, 800), chromedp.Navigate(base+page))
	type box struct{ Left, Right, Top float64 }
	rect := func(sel string) box {
		t.Helper()
		v := must(t, ctx, chromedp.Evaluate[[]float64](`(() => { const r = document.querySelector(`+strconv.Quote(sel)+`).getBoundingClientRect(); return [r.left, r.right, r.top] })()`))
		return box{v[0], v[1], v[2]}
	}
	if !must(t, ctx, chromedp.Evaluate[bool](`document.querySelector("details.toc").open`)) {
		t.Fatal("the contents are closed on a wide screen")
	}
	toc, art := rect("details.toc"), rect("article.brief")
	if toc.Left < art.Right {
		t.Errorf("the contents (left %.0f) are not beside the text (right %.0f)", toc.Left, art.Right)
	}
	n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("details.toc li a[href^='#']").length`))
	if n < 4 {
		t.Fatalf("%d entries in the contents", n)
	}
	// Scroll to the longest section (so that the next heading is well
	// below): it is marked, and the contents are in view.
	target := must(t, ctx, chromedp.Evaluate[string](`(() => {
		const ids = [...document.querySelectorAll("details.toc li a")].map(a => a.hash.slice(1));
		const tops = ids.map(id => document.getElementById(id).getBoundingClientRect().top);
		let best = 1;
		for (let i = 1; i < ids.length - 1; i++) if (tops[i + 1] - tops[i] > tops[best + 1] - tops[best]) best = i;
		return ids[best];
	})()`))
	must(t, ctx, chromedp.Evaluate[bool](`document.getElementById(`+strconv.Quote(target)+`).scrollIntoView(), window.scrollBy(0, 10), true`))
	// The mark follows the scroll a frame or two later: on a loaded
	// machine that can take a while, so wait for it (up to 5 s).
	cur := ""
	for deadline := time.Now().Add(5 * time.Second); ; {
		time.Sleep(100 * time.Millisecond)
		cur = must(t, ctx, chromedp.Evaluate[string](`(document.querySelector("details.toc a[aria-current]") || {hash: ""}).hash.slice(1)`))
		if cur == target || time.Now().After(deadline) {
			break
		}
	}
	if cur != target {
		t.Errorf("after scrolling to #%s the contents mark #%s", target, cur)
	}
	if top := rect("details.toc").Top; top < 0 || top > 100 {
		t.Errorf("the contents scrolled away (top %.0f)", top)
	}
	// Heading links: one per section heading, shown on focus.
	if must(t, ctx, chromedp.Evaluate[bool](`[...document.querySelectorAll(".prose h2[id]")].some(h => !h.querySelector("a.anchor[href='#" + h.id + "']"))`)) {
		t.Error("a section heading has no link to itself")
	}
	// (A headless window has no focus unless it is emulated.)
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
		return err
	}))
	op := must(t, ctx, chromedp.Evaluate[string](`(() => { const a = document.querySelector(".prose h2 a.anchor"); const before = getComputedStyle(a).opacity; a.focus(); return before + " " + getComputedStyle(a).opacity })()`))
	if op != "0 1" {
		t.Errorf("heading link opacity before and on focus: %s, want 0 1", op)
	}

	do(t, ctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(base+page))
	if must(t, ctx, chromedp.Evaluate[bool](`document.querySelector("details.toc").open`)) {
		t.Error("the contents are open on a phone")
	}
	if toc, art := rect("details.toc"), rect("article.brief"); toc.Top > art.Top {
		t.Error("on a phone the contents are not above the text")
	}
	if must(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > 390`)) {
		t.Error("the page scrolls sideways at 390 px")
	}
}

// TestBrowserStickyTableHeader scrolls a long table of the default site
// (the MCS 2026 table of World reserves and production) until its header
// row is above the window while its rows still fill it: the header row is
// still read at the window's top, over the table's columns, also after the
// table is scrolled sideways on a phone; a click on it sorts the table;
// it is hidden from assistive technology and the tab order, gone when the
// table is, and not printed.
func TestBrowserStickyTableHeader(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	const table = `[...document.querySelectorAll(".prose table")].find(t => t.tBodies[0] && t.tBodies[0].rows.length >= 15)`
	// What is drawn at the window's top over the table's first header
	// cell, and the real cell's text.
	const atTop = `(() => {
		const t = ` + table + `, th = t.tHead.rows[0].cells[0], r = th.getBoundingClientRect();
		const x = Math.min(Math.max(r.left + 5, 1), innerWidth - 1);
		const e = document.elementFromPoint(x, 4), cell = e && e.closest("th");
		return [cell ? cell.textContent.trim() : (e ? e.tagName + ": " + e.textContent.trim().slice(0, 40) : "nothing"),
			th.textContent.trim(), cell && cell.closest(".sticky-head") ? "copy" : "not a copy"];
	})()`
	waitTop := func(want string) []string {
		t.Helper()
		var got []string
		for range 20 {
			got = must(t, ctx, chromedp.Evaluate[[]string](atTop))
			if (got[0] == got[1]) == (want == "header") {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		return got
	}
	for _, w := range []int64{390, 1366} {
		do(t, ctx, chromedp.EmulateViewport(w, 700), chromedp.Navigate(base+"countries/world/"))
		// The header scrolled 150 px above the window; rows fill it.
		must(t, ctx, chromedp.Evaluate[bool](`(() => { const t = `+table+`; scrollTo(0, scrollY + t.getBoundingClientRect().top + 150); return true })()`))
		if got := waitTop("header"); got[0] != got[1] || got[2] != "copy" {
			t.Fatalf("at %d px, the header row scrolled away: %q is at the window's top, want the header %q", w, got[0], got[1])
		}
		// Its cells stand over the table's columns.
		if d := must(t, ctx, chromedp.Evaluate[float64](`(() => {
			const t = `+table+`, a = t.tHead.rows[0].cells, b = document.querySelector(".sticky-head:not([hidden]) tr").cells;
			let worst = 0;
			for (let i = 0; i < a.length; i++) {
				const x = a[i].getBoundingClientRect(), y = b[i].getBoundingClientRect();
				worst = Math.max(worst, Math.abs(x.left - y.left), Math.abs(x.width - y.width));
			}
			return worst;
		})()`)); d > 1 {
			t.Errorf("at %d px, the fixed header's cells are %.1f px off the table's columns", w, d)
		}
		if w == 390 {
			// Scrolled sideways, the header follows the columns.
			if !must(t, ctx, chromedp.Evaluate[bool](`(() => { const t = `+table+`; t.scrollLeft = 200; return t.scrollLeft > 100 })()`)) {
				t.Fatal("the table does not scroll sideways at 390 px")
			}
			if d := poll(t, ctx, `(() => {
				const t = `+table+`, a = t.tHead.rows[0].cells[2], b = document.querySelector(".sticky-head:not([hidden]) tr").cells[2];
				return Math.round(Math.abs(a.getBoundingClientRect().left - b.getBoundingClientRect().left));
			})()`, 0); d > 1 {
				t.Errorf("after scrolling the table sideways its fixed header is %d px off", d)
			}
		}
	}
	// Hidden from assistive technology; nothing in it takes focus.
	if s := must(t, ctx, chromedp.Evaluate[string](`(() => {
		const h = document.querySelector(".sticky-head:not([hidden])");
		return h.getAttribute("aria-hidden") + " " + [...h.querySelectorAll("button, a")].filter(e => e.tabIndex >= 0).length;
	})()`)); s != "true 0" {
		t.Errorf("the fixed header: aria-hidden and focusable elements %q, want \"true 0\"", s)
	}
	// A click on its header sorts the table.
	do(t, ctx, chromedp.Click(`.sticky-head:not([hidden]) th:nth-child(2) button`, chromedp.NodeVisible))
	if s := must(t, ctx, chromedp.Evaluate[string](`(`+table+`).tHead.rows[0].cells[1].getAttribute("aria-sort") || ""`)); s != "ascending" {
		t.Errorf("a click on the fixed header left the column's sort %q, want ascending", s)
	}
	// Printed, only the real header; at the page's top, only the real one.
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	}))
	if n := must(t, ctx, chromedp.Evaluate[int](`[...document.querySelectorAll(".sticky-head")].filter(h => h.getBoundingClientRect().height > 0).length`)); n != 0 {
		t.Errorf("%d fixed headers print", n)
	}
	do(t, ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""})
		return err
	}))
	must(t, ctx, chromedp.Evaluate[bool](`scrollTo(0, 0), true`))
	if n := poll(t, ctx, `document.querySelectorAll(".sticky-head:not([hidden])").length`, 0); n != 0 {
		t.Errorf("%d fixed headers show at the page's top", n)
	}
}

// poll evaluates expr until it gives want or two seconds pass, and returns
// its last value (scroll handlers run on the next animation frame).
func poll(t *testing.T, ctx context.Context, expr string, want int) int {
	t.Helper()
	var got int
	for range 40 {
		if got = must(t, ctx, chromedp.Evaluate[int](expr)); got == want {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return got
}
