package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserThemeSingleFile opens the single-file bundle from file://: it
// has the site's header (one row at 1366 px) and breadcrumbs, and its
// theme button switches to dark, which a reload keeps, set before <body>.
func TestBrowserThemeSingleFile(t *testing.T) {
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")
	ctx := browser.New(t)
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 800), chromedp.Navigate("file://"+single)); err != nil {
		t.Fatal(err)
	}
	if got := eval(`String(new Set([...document.querySelectorAll(".site-header .site-title, .site-header nav li, .theme-button")].map(e => Math.round(e.getBoundingClientRect().top / 20))).size) + " " + document.querySelectorAll(".site-header nav a").length + " " + document.querySelectorAll("nav.crumbs").length`); !strings.HasPrefix(got, "1 10 ") || got == "1 10 0" {
		t.Errorf("header rows, links, breadcrumbs = %s", got)
	}
	if err := chromedp.Do(ctx, runJS(`document.querySelector(".theme-button").click()`)); err != nil {
		t.Fatal(err)
	}
	// The choice is made (and stored) before the reload: a CI run once
	// reloaded into the light theme.
	waitFor(t, ctx, "the dark theme chosen", `document.documentElement.getAttribute("data-theme") === "dark" && localStorage.getItem("lodestone-theme") === "dark"`)
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+single)); err != nil {
		t.Fatal(err)
	}
	if got := eval(`getComputedStyle(document.body).backgroundColor + " " + document.documentElement.getAttribute("data-theme") + " " + document.querySelector(".theme-button").getAttribute("aria-pressed")`); got != "rgb(22, 24, 26) dark true" {
		t.Errorf("after choosing dark and a reload: %s", got)
	}
}

// runJS evaluates a script for its effect.
func runJS(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(() => { "+js+"; return true })()"))
		return err
	})
}
