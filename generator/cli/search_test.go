package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/search"
)

// tokenSamples are strings both tokenizers must split the same way.
var tokenSamples = []string{
	"Rare Earth Reserves, by Country", "companies classes magnets us bus", "Réunion São Paulo Ærø",
	"NdFeB and NdPr; 45X credit, MCS-2025", "稀土产业链", "钕镨氧化物", "钕", "NdPr 氧化物 oxide", "NdPr氧化物",
	"ネオジム磁石", "희토류 자석", "Ünïcödé façade naïve", "½ ² ٣ 10,000 t", "it's U.S. policy", "",
}

// TestBrowserSearch types queries into the search box of the default site,
// over http under a /repo/ prefix and from the unzipped offline bundle via
// file://, and checks the expected brief comes first; opens the search page
// with ?q=稀土; moves through results with the keyboard; and checks the
// browser's tokenizer agrees with the Go one.
func TestBrowserSearch(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	out := filepath.Join(t.TempDir(), "public")
	var stderr strings.Builder
	if code := Main(context.Background(), []string{"build", "--src", srcDir(), "--out", out}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr.String())
	}
	srv := httptest.NewServer(http.StripPrefix("/repo", http.FileServer(http.Dir(out))))
	defer srv.Close()
	zipRoot := filepath.Join(unzip(t, filepath.Join(bundle(t), "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")

	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	// waitFor polls expr; errors (the page navigating away mid-call) count
	// as not yet.
	waitFor := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(!!(`+expr+`))`))
			if err == nil && v == "true" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: not true within 5s: %s", what, expr)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	firstHit := `(document.querySelector(".search-results li[role=option] .title") || {}).textContent || ""`

	for _, home := range []string{srv.URL + "/repo/", "file://" + filepath.Join(zipRoot, "index.html")} {
		if err := chromedp.Do(ctx, chromedp.Navigate(home)); err != nil {
			t.Fatal(err)
		}
		// The browser and Go split text into the same terms.
		samples, _ := json.Marshal(tokenSamples)
		got := eval(`JSON.stringify(` + string(samples) + `.map(s => LodestoneSearch.tokens(s, true).join(" ")))`)
		var browserTokens []string
		_ = json.Unmarshal([]byte(got), &browserTokens)
		for i, s := range tokenSamples {
			if want := strings.Join(search.Tokens(s, true), " "); i >= len(browserTokens) || browserTokens[i] != want {
				t.Errorf("%s: tokens(%q): browser %q, Go %q", home, s, browserTokens, want)
				break
			}
		}
		// "/" focuses the box; typing shows results as you type (prefix).
		if err := chromedp.Do(ctx, chromedp.KeyEvent("/"), chromedp.KeyEvent("Mountain Pa")); err != nil {
			t.Fatal(err)
		}
		if f := eval(`document.activeElement.name`); f != "q" {
			t.Errorf("%s: / did not focus the search box (%q)", home, f)
		}
		waitFor("results for Mountain Pa", firstHit+` === "Mountain Pass mine"`)
		// CJK: an alias in Chinese.
		for _, qw := range [][2]string{{"芒廷帕斯", "Mountain Pass mine"}, {"钕镨", "NdPr oxide"}, {"NdPr 氧化物", "NdPr oxide"}} {
			q, want := qw[0], qw[1]
			eval(`(() => { const i = document.querySelector("form.search input"); i.value = ` + jsString(q) + `; i.dispatchEvent(new Event("input")); return "" })()`)
			waitFor("first result for "+q, firstHit+` === `+jsString(want))
		}
		// Keyboard: arrow down, Enter opens the first result.
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		waitFor("Enter opened the brief", `document.querySelector("article.brief h1") && document.querySelector("article.brief h1").textContent === "NdPr oxide"`)

		// The search page reads ?q= and lists the Chinese-aliased briefs.
		page := home + "search/"
		if strings.HasPrefix(home, "file://") {
			page = "file://" + filepath.Join(zipRoot, "search", "index.html")
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(page+"?q="+url.QueryEscape("稀土"))); err != nil {
			t.Fatal(err)
		}
		waitFor("search page results", `document.querySelectorAll(".search-page-results li[role=option]").length >= 3`)
		titles := eval(`[...document.querySelectorAll(".search-page-results .title")].map(e => e.textContent).join("|")`)
		for _, want := range []string{"Rare earth processing chain", "China's rare earth export controls", "World reserves and production"} {
			if !strings.Contains(titles, want) {
				t.Errorf("%s?q=稀土 lacks %s: %s", page, want, titles)
			}
		}
		if f := eval(`document.activeElement.closest("form.search-page") ? "search box" : document.activeElement.tagName`); f != "search box" {
			t.Errorf("%s: focus in %s, want the search box", page, f)
		}
		if marked := eval(`document.querySelector(".search-page-results mark") ? document.querySelector(".search-page-results mark").textContent : ""`); marked != "稀土" {
			t.Errorf("%s: highlighted %q, want 稀土", page, marked)
		}
	}
	// The single-file bundle searches its inline index and jumps in-page.
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+single), chromedp.Click(`form.search input`, chromedp.NodeVisible), chromedp.KeyEvent("芒廷帕斯")); err != nil {
		t.Fatal(err)
	}
	waitFor("single-file result", firstHit+` === "Mountain Pass mine"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor("single-file jump", `location.hash === "#p-mines--mountain-pass"`)

	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
