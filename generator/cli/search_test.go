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

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
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
	scheme := func(s string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}}})
			return err
		})
	}

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
		// The brief opened carries the query and marks it in its text.
		if q := eval(`new URLSearchParams(location.search).get("q") || ""`); q != "NdPr 氧化物" {
			t.Errorf("%s: the brief opened from a result has ?q=%q", home, q)
		}
		waitFor("query marked on the brief", `[...document.querySelectorAll(".prose mark.search-hit")].some(m => m.textContent === "NdPr")`)

		// A misspelt query finds the brief; the brief marks the words
		// meant, whole.
		if err := chromedp.Do(ctx, chromedp.KeyEvent("/"), chromedp.KeyEvent("mountian pass")); err != nil {
			t.Fatal(err)
		}
		waitFor("results for mountian pass", firstHit+` === "Mountain Pass mine"`)
		// The list's snippets wrap: none is clipped at the list's edge.
		if clipped := eval(`[...document.querySelectorAll(".search-results .hit span")].filter(e => e.getBoundingClientRect().right > document.querySelector(".search-results").getBoundingClientRect().right).map(e => e.textContent).join(" | ")`); clipped != "" {
			t.Errorf("%s: results clipped at the list's edge: %s", home, clipped)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
			t.Fatal(err)
		}
		waitFor("Enter opened Mountain Pass mine", `document.querySelector("article.brief h1") && document.querySelector("article.brief h1").textContent === "Mountain Pass mine"`)
		waitFor("typo marked on the brief", `document.querySelector(".prose mark.search-hit")`)
		if marks := eval(`[...new Set([...document.querySelectorAll(".prose mark.search-hit")].map(m => m.textContent.toLowerCase()))].sort().join(" ")`); marks != "mountain pass" {
			t.Errorf("%s: marked on the brief opened for mountian pass: %q, want mountain and pass", home, marks)
		}

		// Nothing found: one line that says so, not a numbered result.
		eval(`(() => { const i = document.querySelector("form.search input"); i.value = "xyzzyq"; i.dispatchEvent(new Event("input")); return "" })()`)
		waitFor("empty state", `document.querySelector(".search-results .none") && !document.querySelector(".search-results").hidden`)
		if none := eval(`document.querySelector(".search-results").textContent`); !strings.HasPrefix(none, "No briefs match “xyzzyq”.") || eval(`String(document.querySelectorAll(".search-results li[role=option]").length)`) != "0" {
			t.Errorf("%s: empty state of the search box: %q", home, none)
		}

		// The search page reads ?q= and lists the Chinese-aliased briefs.
		page := home + "search/"
		if strings.HasPrefix(home, "file://") {
			page = "file://" + filepath.Join(zipRoot, "search", "index.html")
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(page+"?q="+url.QueryEscape("稀土"))); err != nil {
			t.Fatal(err)
		}
		waitFor("search page results", `document.querySelectorAll(".search-page-results > li").length >= 3`)
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

		// Snippets start and end at word boundaries: each is a piece of
		// its brief's text that cuts no word in half.
		if err := chromedp.Do(ctx, chromedp.Navigate(page+"?q="+url.QueryEscape("magnet"))); err != nil {
			t.Fatal(err)
		}
		waitFor("results for magnet", `document.querySelectorAll(".search-page-results > li").length >= 10`)
		if cut := eval(snippetCuts); cut != "" {
			t.Errorf("%s?q=magnet: snippets cut words in half:\n%s", page, cut)
		}
		// In dark mode, marked text keeps a contrast of 4.5:1 or more.
		if err := chromedp.Do(ctx, scheme("dark"), chromedp.Navigate(page+"?q="+url.QueryEscape("rare earth"))); err != nil {
			t.Fatal(err)
		}
		waitFor("results for rare earth", `document.querySelectorAll(".search-page-results mark").length >= 10`)
		if low := eval(markContrast); low != "" {
			t.Errorf("%s: dark mode: marks under 4.5:1: %s", page, low)
		}
		brief := strings.Replace(page, "search", "mines/mountain-pass", 1)
		if err := chromedp.Do(ctx, chromedp.Navigate(brief+"?q=mountain")); err != nil {
			t.Fatal(err)
		}
		waitFor("marks on the brief", `document.querySelectorAll(".prose mark.search-hit").length >= 3`)
		if low := eval(markContrast); low != "" {
			t.Errorf("%s?q=mountain: dark mode: marks under 4.5:1: %s", brief, low)
		}
		if err := chromedp.Do(ctx, scheme("light")); err != nil {
			t.Fatal(err)
		}
		// Nothing found, on the search page: the count says so, the list
		// is empty.
		if err := chromedp.Do(ctx, chromedp.Navigate(page+"?q=xyzzyq")); err != nil {
			t.Fatal(err)
		}
		waitFor("empty search page", `document.querySelector(".search-count").textContent.startsWith("No briefs match “xyzzyq”.")`)
		if n := eval(`String(document.querySelectorAll(".search-page-results li").length)`); n != "0" {
			t.Errorf("%s?q=xyzzyq: %s items in the result list", page, n)
		}
	}
	// The single-file bundle searches its inline index (misspelt too),
	// jumps in-page and marks the query in the section it jumped to.
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+single), chromedp.Click(`form.search input`, chromedp.NodeVisible), chromedp.KeyEvent("mountian pass")); err != nil {
		t.Fatal(err)
	}
	waitFor("single-file result", firstHit+` === "Mountain Pass mine"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor("single-file jump", `location.hash === "#p-mines--mountain-pass"`)
	waitFor("single-file marks", `document.querySelector("#p-mines--mountain-pass .prose mark.search-hit")`)
	if n := eval(`String(document.querySelectorAll(".bundle-page:not(#p-mines--mountain-pass) mark.search-hit").length)`); n != "0" {
		t.Errorf("single file: %s marks outside the section opened", n)
	}

	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// snippetCuts, evaluated on the search page, lists the snippets that are
// not a piece of their brief's text starting and ending at word boundaries
// (CJK characters are words of their own), "" when all are.
const snippetCuts = `(() => {
	const ix = window.LODESTONE_SEARCH, word = /[\p{L}\p{Nd}]/u, cjk = /\p{Script=Han}/u;
	const inWord = (s, i) => i > 0 && i < s.length && word.test(s[i - 1]) && word.test(s[i]) && !cjk.test(s[i - 1]) && !cjk.test(s[i]);
	const bad = [];
	for (const li of document.querySelectorAll(".search-page-results > li")) {
		const title = li.querySelector(".title").textContent;
		const d = ix.docs.findIndex(doc => doc[1] === title);
		const s = li.querySelector(".snippet").textContent.replace(/^…/, "").replace(/…$/, "");
		const full = ix.x[d], at = full.indexOf(s);
		if (at < 0 || inWord(full, at) || inWord(full, at + s.length)) bad.push(title + ": " + s);
	}
	return bad.join("\n");
})()`

// markContrast lists the marks in the page whose text has a contrast under
// 4.5:1 with the mark's background, "" when there are none.
const markContrast = `(() => {
	const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
	const lum = c => { const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
	const low = [];
	for (const m of document.querySelectorAll("mark")) {
		const st = getComputedStyle(m), a = lum(st.color), b = lum(st.backgroundColor);
		const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		if (ratio < 4.5 || rgb(st.backgroundColor)[3] === 0) low.push(m.textContent + " " + ratio.toFixed(2) + ":1 (" + st.color + " on " + st.backgroundColor + ")");
	}
	return low.length ? low.length + " marks: " + low.slice(0, 3).join(", ") : "";
})()`

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
