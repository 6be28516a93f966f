package cli

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserGraphPage opens the site's graph page of the default site
// over http, from file:// (the zip) and in the single file: the script
// draws the most linked briefs; choosing a type, a tag, or both draws
// exactly the briefs that have them (the choice kept in the address, a
// reload keeps it); Clear draws all again; a brief listed under the
// drawing opens. Without JavaScript the overview by type and its list
// show, and the filter does not. At 390 px the page does not scroll
// sideways. A node of a brief's own graph leads to its brief over http,
// from file:// and in the single file.
func TestBrowserGraphPage(t *testing.T) {
	srv := serveDefault(t)
	root := filepath.Join(unzip(t, filepath.Join(bundle(t), "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")
	for _, c := range []struct{ name, url, hash, scope, brief, operator string }{
		{"http", srv.URL + "/graph/", "", "document", srv.URL + "/mines/mountain-pass/", srv.URL + "/companies/mp-materials/"},
		{"zip", "file://" + filepath.Join(root, "graph/index.html"), "", "document",
			"file://" + filepath.Join(root, "mines/mountain-pass/index.html"), "file://" + filepath.Join(root, "companies/mp-materials/index.html")},
		{"single", "file://" + single, "#p-graph", `document.getElementById("p-graph")`,
			"file://" + single + "#p-mines--mountain-pass", "file://" + single + "#p-companies--mp-materials"},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := browser.New(t)
			problems := browser.Problems(t, ctx)
			graphFilters(t, ctx, c.url, c.hash, c.scope)
			graphOnPhone(t, ctx, c.url, c.hash, c.scope)
			if p := problems(); len(p) > 0 {
				t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
			}
			// A brief's own graph links to the briefs, in every form.
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 800), chromedp.Navigate(c.brief),
				chromedp.Click(`svg.graph-wide a[href*="mp-materials"]`, chromedp.NodeVisible)); err != nil {
				t.Fatal(err)
			}
			if c.hash == "" { // a page loads
				if err := chromedp.Do(ctx, chromedp.WaitVisible(`article.brief h1`)); err != nil {
					t.Fatal(err)
				}
			}
			waitFor(t, ctx, "MP Materials from Mountain Pass's graph", `location.href === `+strconv.Quote(c.operator))
		})
	}
	t.Run("without JavaScript", func(t *testing.T) {
		ctx := browser.New(t)
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 800), chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}), chromedp.Navigate(srv.URL+"/graph/")); err != nil {
			t.Fatal(err)
		}
		got := evalString(t, ctx, `[
			document.querySelectorAll("svg.graph-arcs a[href]").length,
			document.querySelectorAll(".graph-groups-list li").length,
			document.querySelector("form.graph-filter").getBoundingClientRect().height,
			document.querySelector(".graph-nojs").getBoundingClientRect().height > 0,
			document.documentElement.scrollWidth].join(" ")`)
		if got != "6 7 0 true 390" {
			t.Errorf("types linked, groups listed, filter's height, note shown, page width = %s; want 6 7 0 true 390", got)
		}
	})
}

// graphFilters checks the graph page's script on the page at url (with
// the fragment hash), whose graph page is the element scope.
func graphFilters(t *testing.T, ctx context.Context, url, hash, scope string) {
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	do := func(a ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a...); err != nil {
			t.Fatal(err)
		}
	}
	count := func(expr string) int {
		t.Helper()
		n, err := strconv.Atoi(eval(`String(` + expr + `)`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	view := scope + `.querySelector(".graph-view")`
	drawn := view + `.querySelectorAll("svg.graph-sub circle").length`
	listed := view + `.querySelectorAll(".graph-list li").length`
	// want counts the briefs of the data with type ty and tag tg ("": any).
	want := func(ty, tg string) int {
		t.Helper()
		return count(`(() => { const d = LodestoneGraph, ti = d.types.indexOf(` + strconv.Quote(ty) + `), gi = d.tags.indexOf(` + strconv.Quote(tg) + `);
			return d.nodes.filter(n => (` + strconv.Quote(ty) + ` === "" || n[2] === ti) && (` + strconv.Quote(tg) + ` === "" || n[3].includes(gi))).length })()`)
	}
	change := func(name, v string) {
		t.Helper()
		eval(`(() => { const f = ` + scope + `.querySelector("form.graph-filter select[name=` + name + `]"); f.value = ` + strconv.Quote(v) + `; f.dispatchEvent(new Event("change", {bubbles: true})); return "" })()`)
	}
	search := func() string { t.Helper(); return eval(`decodeURIComponent(location.search)`) }

	do(chromedp.EmulateViewport(1366, 800), chromedp.Navigate(url+hash))
	waitFor(t, ctx, "the first drawing", view+`.hasAttribute("data-drawn")`)
	all := want("", "")
	if all < 50 {
		t.Fatalf("the graph's data has %d briefs", all)
	}
	if n, l := count(drawn), count(listed); n != all || l != all {
		t.Errorf("at first %d briefs drawn and %d listed, want all %d (fewer than the limit)", n, l, all)
	}
	if h := eval(`location.hash`); h != hash {
		t.Errorf("the fragment is %q, want %q", h, hash)
	}

	// A type: only its briefs, each coloured as the type.
	change("type", "mine")
	mines := want("mine", "")
	mineClass := eval(`"g" + (LodestoneGraph.types.indexOf("mine") % 6)`)
	if n, wrong := count(drawn), count(`[...`+view+`.querySelectorAll("svg.graph-sub circle")].filter(c => c.getAttribute("class") !== "`+mineClass+`").length`); n != mines || wrong != 0 || mines == 0 {
		t.Errorf("type mine: %d drawn (%d not mines), want %d", n, wrong, mines)
	}
	if out := eval(scope + `.querySelector("form.graph-filter output").textContent`); !strings.HasPrefix(out, strconv.Itoa(mines)+" briefs, ") {
		t.Errorf("type mine: the count says %q", out)
	}
	if s := search(); s != "?type=mine" {
		t.Errorf("type mine: the address's query is %q", s)
	}
	// A tag, the most used; then both.
	tag := eval(`(() => { const d = LodestoneGraph, n = d.tags.map(() => 0); d.nodes.forEach(x => x[3].forEach(i => n[i]++)); return d.tags[n.indexOf(Math.max(...n))] })()`)
	change("type", "")
	change("tag", tag)
	if n, w := count(drawn), want("", tag); n != w || w < 3 {
		t.Errorf("tag %s: %d drawn, want %d", tag, n, w)
	}
	change("type", "country")
	if n, w := count(drawn), want("country", tag); n != w {
		t.Errorf("tag %s and type country: %d drawn, want %d", tag, n, w)
	}
	if s := search(); s != "?type=country&tag="+tag {
		t.Errorf("tag and type: the address's query is %q", s)
	}
	// A reload keeps the choice.
	do(chromedp.Reload())
	waitFor(t, ctx, "the drawing after a reload", view+`.hasAttribute("data-drawn")`)
	if got := eval(scope + `.querySelector("select[name=type]").value + " " + ` + scope + `.querySelector("select[name=tag]").value`); got != "country "+tag || count(drawn) != want("country", tag) {
		t.Errorf("after a reload the choice is %q with %d drawn", got, count(drawn))
	}
	// Clear: all again.
	eval(`(() => { ` + scope + `.querySelector("form.graph-filter button[type=reset]").click(); return "" })()`)
	waitFor(t, ctx, "all briefs again", drawn+` === `+strconv.Itoa(all))
	if s := search(); s != "" {
		t.Errorf("cleared: the address's query is %q", s)
	}
	// Zoom in: the view box shrinks.
	before := eval(view + `.querySelector("svg.graph-sub").getAttribute("viewBox")`)
	eval(`(() => { ` + view + `.querySelector("button[data-zoom=in]").click(); return "" })()`)
	if after := eval(view + `.querySelector("svg.graph-sub").getAttribute("viewBox")`); after == before {
		t.Errorf("zooming in left the view box at %s", after)
	}
}

// graphOnPhone opens the graph page at url (with the fragment hash), whose
// graph page is the element scope, at a phone's width: nothing sticks out,
// and a brief listed under the drawing opens.
func graphOnPhone(t *testing.T, ctx context.Context, url, hash, scope string) {
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	do := func(a ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a...); err != nil {
			t.Fatal(err)
		}
	}
	count := func(expr string) int {
		t.Helper()
		n, err := strconv.Atoi(eval(`String(` + expr + `)`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	view := scope + `.querySelector(".graph-view")`
	do(chromedp.EmulateViewport(390, 800), chromedp.Navigate(url+hash))
	waitFor(t, ctx, "the drawing on a phone", view+`.hasAttribute("data-drawn")`)
	if w := count(`document.documentElement.scrollWidth`); w > 390 {
		t.Errorf("at 390 px the page is %d px wide", w)
	}
	// A brief listed opens.
	first := eval(view + `.querySelector(".graph-list li a").textContent`)
	eval(`(() => { const d = ` + view + `.querySelector(".graph-list"); d.open = true; d.querySelector("li a").click(); return "" })()`)
	if hash == "" {
		do(chromedp.WaitVisible(`article.brief h1`))
		if h1 := eval(`document.querySelector("article.brief h1").textContent`); h1 != first {
			t.Errorf("the brief listed first, %q, opened %q", first, h1)
		}
	} else {
		waitFor(t, ctx, "the brief's section", `location.hash.startsWith("#p-") && location.hash !== "#p-graph" && document.querySelector(location.hash + " h1").textContent === `+strconv.Quote(first))
	}
}
