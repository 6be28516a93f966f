package cli

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserDiagramTheme switches the theme with the header's button on
// a page with a mermaid diagram, over http and in the single file: the
// diagram is drawn again in the other theme's colours (a node's fill
// changes, and its label stays legible: its text colour changes too).
func TestBrowserDiagramTheme(t *testing.T) {
	ctx := browser.New(t)
	dir := mathSite(t, nil)
	srvURL, single := builtMathSite(t, dir)
	for where, c := range map[string]struct{ url, scope string }{
		"http":   {srvURL + "/euler/", "main"},
		"single": {"file://" + single + "#p-euler", "#p-euler"},
	} {
		node := `document.querySelector("` + c.scope + ` pre.mermaid svg .node rect, ` + c.scope + ` pre.mermaid svg .node polygon")`
		label := `document.querySelector("` + c.scope + ` pre.mermaid svg .node text, ` + c.scope + ` pre.mermaid svg .node .nodeLabel")`
		look := `getComputedStyle(` + node + `).fill + " / " + getComputedStyle(` + label + `).fill`
		// The theme is chosen before the page loads (a fragment change
		// would not load it again).
		for i, step := range []chromedp.Action[chromedp.Void]{chromedp.EmulateViewport(1366, 800), chromedp.Navigate(c.url),
			runJS(`localStorage.setItem("lodestone-theme", "light")`), chromedp.Navigate("about:blank"), chromedp.Navigate(c.url)} {
			if err := chromedp.Do(ctx, step); err != nil {
				t.Fatal(where, i, err)
			}
		}
		waitFor(t, ctx, where+": diagram drawn", node)
		light := evalString(t, ctx, look)
		if err := chromedp.Do(ctx, runJS(`document.querySelector(".theme-button").click()`)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, where+": drawn again", node+` && `+look+` !== `+jsString(light))
		dark := evalString(t, ctx, look)
		t.Logf("%s: light %s, dark %s", where, light, dark)
		if err := chromedp.Do(ctx, runJS(`document.querySelector(".theme-button").click()`)); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, where+": light again", node+` && `+look+` === `+jsString(light))
		if n := evalString(t, ctx, `String(document.querySelectorAll("`+c.scope+` pre.mermaid svg").length)`); n != "1" {
			t.Errorf("%s: %s diagrams after two switches, want 1", where, n)
		}
	}
}
