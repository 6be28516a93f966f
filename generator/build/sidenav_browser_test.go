package build

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// sideNavShape measures a page's side navigation against its text: the
// navigation's left, right, top and bottom, the text's left and bottom,
// and the page's width as scrolled.
const sideNavShape = `(() => {
	const n = document.querySelector("nav.sidenav").getBoundingClientRect();
	const m = document.querySelector("main").getBoundingClientRect();
	return [n.left, n.right, n.top, n.bottom, m.left, m.bottom, document.documentElement.scrollWidth];
})()`

// TestBrowserSideNav reads the default site with its side navigation: at
// 1366 px a column left of the text that stays in view while the text
// scrolls, the page's own section open and the page marked; sections
// the reader opens or closes stay so on the next page; at 390 px it
// comes after the text, without sideways scrolling.
func TestBrowserSideNav(t *testing.T) {
	ctx := browser.New(t)
	base := serveUnder(t, "/")
	do(t, ctx, chromedp.EmulateViewport(1366, 800), chromedp.Navigate(base+"mines/mountain-pass/"),
		run(`localStorage.removeItem("lodestone-nav")`), chromedp.Reload())
	s := must(t, ctx, chromedp.Evaluate[[]float64](sideNavShape))
	if s[1] > s[4] || s[0] < 0 || s[1]-s[0] < 150 {
		t.Errorf("at 1366 px the navigation (%.0f–%.0f) is not a column left of the text (from %.0f)", s[0], s[1], s[4])
	}
	if s[2] > 200 {
		t.Errorf("at 1366 px the navigation starts %.0f px down", s[2])
	}
	state := `(() => [...document.querySelectorAll("nav.sidenav details")].filter(d => d.open).map(d => d.dataset.key).join(" ") + " | " +
		(document.querySelector("nav.sidenav a[aria-current=page]") || {textContent: ""}).textContent)()`
	if got := must(t, ctx, chromedp.Evaluate[string](state)); got != "mines/ | Mountain Pass mine" {
		t.Errorf("open sections | marked page: %q, want %q", got, "mines/ | Mountain Pass mine")
	}
	// The text scrolls; the navigation stays.
	do(t, ctx, run(`window.scrollTo(0, 4000)`))
	if s := must(t, ctx, chromedp.Evaluate[[]float64](sideNavShape)); s[2] < -1 || s[2] > 5 {
		t.Errorf("after scrolling the text, the navigation's top is at %.0f px, want 0", s[2])
	}
	// Open Policy and Concepts, close Mines: on the next page (a concept)
	// Policy is still open and Mines still closed.
	do(t, ctx, run(`window.scrollTo(0, 0)`),
		chromedp.Click(`nav.sidenav details[data-key="policy/"] > summary`, chromedp.NodeVisible),
		chromedp.Click(`nav.sidenav details[data-key="mines/"] > summary`, chromedp.NodeVisible),
		chromedp.Click(`nav.sidenav details[data-key="concepts/"] > summary`, chromedp.NodeVisible),
		chromedp.Click(`nav.sidenav a[href$="concepts/ndpr-oxide/"]`, chromedp.NodeVisible),
		chromedp.WaitVisible(`nav.sidenav`, chromedp.NodeVisible))
	if got := must(t, ctx, chromedp.Evaluate[string](state)); got != "concepts/ policy/ | NdPr oxide" {
		t.Errorf("on the next page, open sections | marked page: %q, want %q", got, "concepts/ policy/ | NdPr oxide")
	}
	// The page's own section opens even when the reader closed it.
	do(t, ctx, chromedp.Click(`nav.sidenav details[data-key="concepts/"] > summary`, chromedp.NodeVisible), chromedp.Reload(), chromedp.WaitVisible(`nav.sidenav`, chromedp.NodeVisible))
	if got := must(t, ctx, chromedp.Evaluate[string](state)); got != "concepts/ policy/ | NdPr oxide" {
		t.Errorf("after closing the page's own section and reloading: %q", got)
	}

	do(t, ctx, chromedp.EmulateViewport(390, 800), chromedp.Navigate(base+"mines/mountain-pass/"))
	s = must(t, ctx, chromedp.Evaluate[[]float64](sideNavShape))
	if s[2] < s[5] {
		t.Errorf("at 390 px the navigation (top %.0f) is not after the text (bottom %.0f)", s[2], s[5])
	}
	if s[6] > 390 {
		t.Errorf("at 390 px the page is %.0f px wide", s[6])
	}
}
