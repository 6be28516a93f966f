package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserBriefingPages opens the pages a briefing adds: the cover of
// a --root single-file bundle and the "What changed" page of a build with
// --since, from file:// at 1366 and 390 px in both themes. Each shows
// what it is for (the root brief, its key figure; the figure changed, old
// → new), nothing scrolls sideways at 390 px, and axe-core finds no
// serious or critical violation.
func TestBrowserBriefingPages(t *testing.T) {
	if browser.Path() == "" {
		t.Skip("browser test skipped: no Chromium found (apt-get install chromium, or set LODESTONE_CHROMIUM)")
	}
	dir, first, _ := diffRepo(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1780272000") // 2026-06-01
	run := func(args ...string) {
		t.Helper()
		var stderr bytes.Buffer
		if code := Main(context.Background(), args, &stderr, &stderr); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
	}
	single := t.TempDir()
	run("bundle", "--src", dir, "--out", single, "--single", "--root", "Alpha", "--since", first)
	files, _ := filepath.Glob(filepath.Join(single, "*.html"))
	if len(files) != 1 {
		t.Fatalf("bundle wrote %v", files)
	}
	site := filepath.Join(t.TempDir(), "public")
	run("build", "--src", dir, "--out", site, "--since", first, "--base-url", "https://example.org/")

	ctx := browser.New(t)
	str := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	for _, page := range []struct {
		name, url, ready, text string
		want                   []string
	}{
		{"cover", "file://" + files[0] + "#p-home", "#p-home h1", `document.querySelector("#p-home").innerText`,
			[]string{"Briefing pack", "Alpha", "120 t REO"}},
		{"what changed", "file://" + filepath.Join(site, "changes", "index.html"), "main h1", `document.querySelector("main").innerText`,
			[]string{"Alpha", "100 t REO", "120 t REO", "Gamma"}},
	} {
		for _, width := range []int64{1366, 390} {
			for _, scheme := range []string{"light", "dark"} {
				if err := chromedp.Do(ctx,
					chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
							Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
						})
						return err
					}),
					chromedp.EmulateViewport(width, 800),
					chromedp.Navigate(page.url), chromedp.WaitVisible(page.ready)); err != nil {
					t.Fatalf("%s: %v", page.name, err)
				}
				text := str(page.text)
				for _, w := range page.want {
					if !strings.Contains(text, w) {
						t.Errorf("%s: the page does not show %q:\n%s", page.name, w, text)
					}
				}
				if w := str(`String(document.documentElement.scrollWidth)`); width == 390 && w != "390" {
					t.Errorf("%s at 390 px scrolls sideways: %s px wide", page.name, w)
				}
				vs, err := browser.Axe(ctx, "")
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range vs {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s, %d px, %s theme: %s", page.name, width, scheme, strings.TrimSpace(v.String()))
					}
				}
			}
		}
	}
}
