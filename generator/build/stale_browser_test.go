package build

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// staleDate is a build date at which the default site's reserves (as of
// February or May 2026, USGS MCS 2026; stale_after 1 year) are stale.
var staleDate = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)

// TestBrowserStaleFigures builds the default site as of 2030 and reads
// it over http and as the single file: a stale figure's badge shows in
// its brief's metadata and leads to the stale figures page, which lists
// every stale figure with its brief (followed back), as-of date and age;
// at 390 px nothing scrolls sideways, and axe-core finds no serious or
// critical violation on either page in either theme.
func TestBrowserStaleFigures(t *testing.T) {
	base := serveBuilt(t, "/", Options{Now: staleDate})
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	str := func(expr string) string { t.Helper(); return must(t, ctx, chromedp.Evaluate[string](expr)) }
	num := func(expr string) int { t.Helper(); return must(t, ctx, chromedp.Evaluate[int](expr)) }

	do(t, ctx, chromedp.EmulateViewport(1366, 800), chromedp.Navigate(base+"countries/china/"), chromedp.WaitVisible(`.meta .stale-badge`))
	badge := `document.querySelector(".meta .stale-badge")`
	if got := str(badge + `.textContent`); got != "stale (3 years 11 months old; older than 1 year)" {
		t.Errorf("the badge reads %q", got)
	}
	if got := str(badge + `.closest("dd").textContent`); !strings.HasPrefix(got, "44,000,000 t REO (as of February 2026) stale") {
		t.Errorf("the figure with its badge reads %q", got)
	}
	if got := str(`getComputedStyle(` + badge + `).borderTopStyle`); got != "solid" {
		t.Errorf("the badge is not drawn as one: border %q", got)
	}
	do(t, ctx, chromedp.Click(`.meta .stale-badge`, chromedp.NodeVisible), chromedp.WaitVisible(`table.stale-list`))
	if got := str(`location.pathname`); got != "/stale/" {
		t.Errorf("the badge led to %s", got)
	}
	rows := `[...document.querySelectorAll("table.stale-list tbody tr")]`
	if n := num(rows + `.length`); n != 8 {
		t.Errorf("the stale page lists %d figures, want the 8 reserves", n)
	}
	china := rows + `.find(r => r.cells[2].textContent === "China")`
	if got := str(`[...` + china + `.cells].map(c => c.textContent).join(" | ")`); got != "Reserves (MCS 2026) | 44,000,000 t REO | China | February 2026 | 3 years 11 months" {
		t.Errorf("China's row: %q", got)
	}
	do(t, ctx, chromedp.EmulateViewport(390, 800), chromedp.Reload())
	if w := num(`document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("the stale page scrolls sideways at 390 px: %d px wide", w)
	}
	do(t, ctx, chromedp.EmulateViewport(1366, 800))
	do(t, ctx, chromedp.Click(`table.stale-list a[href="../countries/china/"]`, chromedp.NodeVisible), chromedp.WaitVisible(`article.brief h1`))
	if got := str(`document.querySelector("article.brief h1").textContent`); got != "China" {
		t.Errorf("China's row led to %q", got)
	}
	// A figure quoted from China's brief in the analysis: its value linked
	// to China, its as-of date and source, and the badge.
	do(t, ctx, chromedp.Navigate(base+"analysis/"), chromedp.WaitVisible(`.prose .figure .stale-badge`))
	quote := `document.querySelector(".prose .figure")`
	if got := str(quote + `.textContent`); got != "44,000,000 t REO (as of February 2026; U.S. Geological Survey (USGS) 2026) stale (3 years 11 months old; older than 1 year)" {
		t.Errorf("the quoted figure reads %q", got)
	}
	if got := str(quote + `.querySelector("a.figure-value").getAttribute("href")`); got != "../countries/china/" {
		t.Errorf("the quoted figure links %q", got)
	}
	do(t, ctx, chromedp.Click(`.prose .figure .stale-badge`, chromedp.NodeVisible), chromedp.WaitVisible(`table.stale-list`))
	if got := str(`location.pathname`); got != "/stale/" {
		t.Errorf("the quoted figure's badge led to %s", got)
	}
	for _, page := range []string{"stale/", "countries/china/", "analysis/"} {
		for _, s := range []string{"light", "dark"} {
			do(t, ctx, colorScheme(s), chromedp.Navigate(base+page))
			vs, err := browser.Axe(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s, %s theme: %s", page, s, strings.TrimSpace(v.String()))
				}
			}
		}
	}

	// The single file: the badge is an in-page link to the page's copy.
	mem := output.NewMem()
	res, err := Build(context.Background(), os.DirFS("../.."), lodestone.Theme, output.MinifyAll(mem), Options{Now: staleDate, Offline: true, Single: true})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	page, _ := mem.File(SingleName)
	file := filepath.Join(t.TempDir(), SingleName)
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, colorScheme("light"), chromedp.Navigate("file://"+file+"#p-countries--china"), chromedp.WaitVisible(`#p-countries--china .meta .stale-badge`))
	do(t, ctx, chromedp.Click(`#p-countries--china .meta .stale-badge`, chromedp.NodeVisible))
	time.Sleep(100 * time.Millisecond) // let the jump settle
	if got := str(`location.hash`); got != "#p-stale" {
		t.Errorf("in the single file the badge led to %q", got)
	}
	if got := str(`document.querySelector("#p-analysis .prose .figure .stale-badge").getAttribute("href")`); got != "#p-stale" {
		t.Errorf("in the single file the quoted figure's badge links %q", got)
	}
	if n := num(`document.querySelectorAll("#p-stale table.stale-list tbody tr").length`); n != 8 {
		t.Errorf("the single file's stale page lists %d figures", n)
	}
	if got := str(`String(document.getElementById("p-stale").getBoundingClientRect().top < innerHeight)`); got != "true" {
		t.Error("the stale page is not in view after the click")
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}
