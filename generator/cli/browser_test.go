package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
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
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }

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

	// The single file opens at its front page, nothing focused.
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+single), chromedp.WaitReady(`#p-home a[href="#p-mines--mountain-pass"]`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // scripts ran, fonts and layout settled
	if got := eval(`String(scrollY) + " " + document.activeElement.tagName`); got != "0 BODY" {
		t.Errorf("the single file opened at scroll and focus %q, want the top with nothing focused (0 BODY)", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`#p-home a[href="#p-mines--mountain-pass"]`, chromedp.NodeVisible)); err != nil {
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

// TestBrowserSortTables clicks the header of a query table on the default
// site's world page: the rows reorder by the numbers, both ways, over http
// and from file://, and a CSV download link is offered.
func TestBrowserSortTables(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	srv := serveDefault(t)
	zipRoot := filepath.Join(unzip(t, filepath.Join(bundle(t), "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")

	// keys lists the table's reserves column, as numbers, in row order.
	keys := func() []float64 {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[...document.querySelectorAll("table[data-source=query] tbody tr")].map(r => +r.cells[1].dataset.sort)`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	sorted := func(v []float64, desc bool) bool {
		for i := 1; i < len(v); i++ {
			if desc && v[i] > v[i-1] || !desc && v[i] < v[i-1] {
				return false
			}
		}
		return len(v) >= 2
	}
	for _, page := range []string{srv.URL + "/countries/world/", "file://" + filepath.Join(zipRoot, "countries/world/index.html")} {
		if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
			t.Fatal(err)
		}
		before := keys()
		if !sorted(before, true) {
			t.Fatalf("%s: the query sorts by reserves, descending: %v", page, before)
		}
		header := `table[data-source=query] th:nth-child(2) button.sort`
		if err := chromedp.Do(ctx, chromedp.Click(header, chromedp.NodeVisible)); err != nil {
			t.Fatalf("%s: %v", page, err)
		}
		if got := keys(); !sorted(got, false) || len(got) != len(before) {
			t.Errorf("%s: after one click = %v, want ascending", page, got)
		}
		if err := chromedp.Do(ctx, chromedp.Click(header, chromedp.NodeVisible)); err != nil {
			t.Fatal(err)
		}
		if got := keys(); !sorted(got, true) {
			t.Errorf("%s: after two clicks = %v, want descending", page, got)
		}
		aria, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("table[data-source=query] th:nth-child(2)").getAttribute("aria-sort")`))
		if aria != "descending" {
			t.Errorf("%s: aria-sort = %q", page, aria)
		}
		csv, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const a = document.querySelector("table[data-source=query]").nextElementSibling; a.click(); return decodeURIComponent(a.href.split(",").slice(1).join(",")) })()`))
		if !strings.Contains(csv, "Country,Reserves (MCS 2026),Mine production 2025") || !strings.Contains(csv, `China,"44,000,000 t REO"`) {
			t.Errorf("%s: CSV = %q", page, csv)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// evalString evaluates a JavaScript expression that yields a string in the
// page, failing the test on error.
func evalString(t *testing.T, ctx context.Context, expr string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return s
}

// TestBrowserSourcesFilter types into the sources page's filter, over
// http and in the single file from file://: only the matching sources stay,
// the letters without any hide, the count says how many; emptied, all come
// back.
func TestBrowserSourcesFilter(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	srv := serveDefault(t)
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")

	for _, c := range []struct{ url, page string }{
		{srv.URL + "/sources/", "document"},
		{"file://" + single + "#p-sources", `document.getElementById("p-sources")`},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(c.url)); err != nil {
			t.Fatal(err)
		}
		count := func() (shown, groups int) {
			t.Helper()
			v, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`(() => { const p = `+c.page+`;
				return [p.querySelectorAll(".source-list > li:not([hidden])").length, p.querySelectorAll(".source-group:not([hidden])").length] })()`))
			if err != nil || len(v) != 2 {
				t.Fatalf("%s: %v %v", c.url, v, err)
			}
			return v[0], v[1]
		}
		all, letters := count()
		if all < 100 || letters < 10 {
			t.Fatalf("%s: %d sources in %d groups before filtering", c.url, all, letters)
		}
		typeIn := func(s string) {
			t.Helper()
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const i = `+c.page+`.querySelector("form.source-filter input"); i.value = `+strconv.Quote(s)+`; i.dispatchEvent(new Event("input")); return true })()`)); err != nil {
				t.Fatal(err)
			}
		}
		typeIn("usgs mineral commodity")
		shown, groups := count()
		if shown == 0 || shown > all/4 || groups >= letters {
			t.Errorf("%s: filtered to %d sources in %d groups (of %d in %d)", c.url, shown, groups, all, letters)
		}
		texts, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...`+c.page+`.querySelectorAll(".source-list > li:not([hidden])")].map(li => li.textContent)`))
		for _, text := range texts {
			if l := strings.ToLower(text); !strings.Contains(l, "usgs") && !strings.Contains(l, "u.s. geological") {
				t.Errorf("%s: a source without USGS stayed: %s", c.url, strings.Join(strings.Fields(text), " "))
			}
		}
		if n, _ := chromedp.Run(ctx, chromedp.Evaluate[string](c.page+`.querySelector(".source-count").textContent`)); n != strconv.Itoa(shown)+" sources" && n != "1 source" {
			t.Errorf("%s: count says %q, %d shown", c.url, n, shown)
		}
		typeIn("")
		if shown, groups := count(); shown != all || groups != letters {
			t.Errorf("%s: emptied filter shows %d in %d, want %d in %d", c.url, shown, groups, all, letters)
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserPlainTables: a Markdown table in a brief gets its figure
// columns right-aligned at build time, and its headers sort it (figures as
// numbers, whatever their separators, units or currency; blanks last).
func TestBrowserPlainTables(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	src := t.TempDir()
	note := "| Mine | Output | Note |\n|---|---|---|\n| A | 900,000 t | x |\n| B | 1,500,000 t | y |\n| C | n/a | z |\n| D | ~12,000 t | w |\n"
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "content", "mines.md"), []byte(note), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	var stderr strings.Builder
	if code := Main(context.Background(), []string{"build", "--src", src, "--out", out}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr.String())
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/mines/"), chromedp.WaitVisible(`.prose th button.sort`)); err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	if a := eval(`[...document.querySelectorAll(".prose tr > :nth-child(2)")].map(c => getComputedStyle(c).textAlign).join(" ")`); a != "right right right right right" {
		t.Errorf("figure column aligned %q, want right", a)
	}
	if a := eval(`getComputedStyle(document.querySelector(".prose td:nth-child(3)")).textAlign`); a == "right" {
		t.Error("a text column is right-aligned")
	}
	mines := func() string {
		return eval(`[...document.querySelectorAll(".prose tbody tr")].map(r => r.cells[0].textContent).join("")`)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`.prose th:nth-child(2) button.sort`, chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	if got := mines(); got != "DABC" {
		t.Errorf("ascending by output: %s, want DABC (12,000 < 900,000 < 1,500,000, n/a last)", got)
	}
	if err := chromedp.Do(ctx, chromedp.Click(`.prose th:nth-child(2) button.sort`, chromedp.NodeVisible)); err != nil {
		t.Fatal(err)
	}
	if got := mines(); got != "BADC" {
		t.Errorf("descending by output: %s, want BADC", got)
	}
	if eval(`String(!!document.querySelector(".prose table + a.csv"))`) != "true" {
		t.Error("no CSV link after the table")
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// serveDefault builds this repository's site and serves it over HTTP on
// 127.0.0.1 until the test ends.
func serveDefault(t *testing.T) *httptest.Server {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var stderr strings.Builder
	if code := Main(context.Background(), []string{"build", "--src", "../..", "--out", out}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr.String())
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv
}
