package build

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserBudgetsFacts holds the default site's facts page to the
// budgets of TestBrowserBudgets (in a test of its own: axe-core takes
// several seconds over its 391 entries, in each theme): no sideways
// scrolling at 390 px, with an entry linked to and marked, and no serious
// or critical axe-core violation in either theme.
func TestBrowserBudgetsFacts(t *testing.T) {
	base := serveUnder(t, "/")
	ctx := browser.New(t)
	const page = "facts/#MP-011"
	do(t, ctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(base+page))
	if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
		t.Errorf("the facts page scrolls sideways at 390 px: %d px wide", w)
	}
	if n := must(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".fact-list > li[id]").length`)); n < 380 {
		t.Errorf("the facts page has %d entries", n)
	}
	do(t, ctx, chromedp.EmulateViewport(1366, 800))
	for _, s := range []string{"light", "dark"} {
		do(t, ctx, colorScheme(s), chromedp.Navigate(base+page))
		vs, err := browser.Axe(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			if v.Impact == "serious" || v.Impact == "critical" {
				t.Errorf("facts page, %s theme: %s", s, strings.TrimSpace(v.String()))
			}
		}
	}
}
