package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// payload tries to run script wherever it lands: as markup, inside a
// <script> element, and inside an attribute.
const payload = `</script><script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'><svg onload=window.__xss=1>`

// TestBrowserNoScriptInjection puts the payload in every front-matter value
// that reaches a page (title, summary, tags, aliases, type, events, sources,
// unknown fields), in a heading and in the text, builds the site, and opens
// its pages, its search results and its single-file bundle: the payload must
// show as text and never run.
func TestBrowserNoScriptInjection(t *testing.T) {
	ctx := browser.New(t)
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	q := strings.ReplaceAll(payload, `"`, `\"`)
	write("content/evil.md", `---
title: "Evil `+q+`"
summary: "`+q+`"
type: "`+q+`"
tags: ["`+q+`"]
aliases: ["`+q+`"]
colour: "`+q+`"
events:
  - {date: 2020, title: "`+q+`", note: "`+q+`"}
sources:
  - {title: "`+q+`", url: "javascript:window.__xss=1", publisher: "`+q+`"}
---
## Heading `+payload+`

Text `+payload+` and [a link](javascript:window.__xss=1) and [[Evil `+payload+`]].
`)
	write("content/index.md", "# Home\n\n[[evil]]\n")
	out := filepath.Join(dir, "public")
	var stderr strings.Builder
	if code := Main(context.Background(), []string{"build", "--src", dir, "--out", out}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr.String())
	}
	if code := Main(context.Background(), []string{"bundle", "--src", dir, "--single", "--out", filepath.Join(dir, "dist")}, &stderr, &stderr); code != 0 {
		t.Fatalf("bundle: %d\n%s", code, stderr.String())
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	check := func(where string) {
		t.Helper()
		time.Sleep(150 * time.Millisecond) // let any injected handler fire
		if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__xss)`)); err != nil || v != "undefined" {
			t.Errorf("%s: injected script ran (window.__xss = %s, %v)", where, v, err)
		}
	}
	for _, page := range []string{"", "evil/", "tags/", "timeline/", "types/", "sources/"} {
		entries, _ := os.ReadDir(filepath.Join(out, "tags"))
		if page == "tags/" && len(entries) > 0 {
			page = "tags/" + entries[0].Name() + "/"
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+page)); err != nil {
			t.Fatal(err)
		}
		check(page)
	}
	// The payload is visible as text on the brief's page.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/evil/")); err != nil {
		t.Fatal(err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text(`article.brief h1`, chromedp.NodeVisible)); err != nil || !strings.Contains(h1, "<script>window.__xss=1</script>") {
		t.Errorf("title not shown as text: %q %v", h1, err)
	}
	// Search: the index and the result snippets.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=evil")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(ok => { const w = () => document.querySelector(".search-page-results li") ? ok("") : setTimeout(w, 20); w() })`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	check("search results")
	// The single-file bundle, which inlines the index and scripts.
	singles, _ := filepath.Glob(filepath.Join(dir, "dist", "*.html"))
	if len(singles) != 1 {
		t.Fatalf("single files: %v", singles)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+singles[0])); err != nil {
		t.Fatal(err)
	}
	check("single file")
}
