package cli

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// Heights of the timeline page of the default site before compact rows
// (issue 14: 172 events, measured in Chromium), and the most it may take
// now.
const (
	timelineBeforeWide, timelineMaxWide   = 20758, 8000
	timelineBeforePhone, timelineMaxPhone = 32558, 14000
)

// TestBrowserTimeline reads the timeline page of the default site over
// http at 1366 and 390 px: it is less than half as tall as before, no date
// wraps or repeats its heading's year, and the event that two briefs give
// is one row linking both. Then, over http, from file:// (the zip) and in
// the single file, it filters by type, text and date range and by a drag
// across the overview strip: the visible rows, the year index and the
// address follow, and reloading the address restores the filters.
func TestBrowserTimeline(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	srv := serveDefault(t)
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }

	for _, c := range []struct {
		width       int64
		before, max int
	}{{1366, timelineBeforeWide, timelineMaxWide}, {390, timelineBeforePhone, timelineMaxPhone}} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(c.width, 800), chromedp.Navigate(srv.URL+"/timeline/")); err != nil {
			t.Fatal(err)
		}
		h, _ := strconv.Atoi(eval(`String(document.documentElement.scrollHeight)`))
		t.Logf("timeline page at %d px: %d px tall (before: %d)", c.width, h, c.before)
		if h > c.max {
			t.Errorf("at %d px the timeline is %d px tall, want at most %d (it was %d)", c.width, h, c.max, c.before)
		}
		if w := eval(`[...document.querySelectorAll(".timeline .events time")].filter(t => t.getClientRects().length > 1 || t.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(t).lineHeight)).map(t => t.textContent).join(", ")`); w != "" {
			t.Errorf("at %d px these dates wrap: %s", c.width, w)
		}
		if w := eval(`[...document.querySelectorAll(".timeline section.year")].flatMap(s => [...s.querySelectorAll("time")].filter(t => t.textContent.includes(s.dataset.year) && !/c\.|–/.test(t.textContent) && !t.querySelector(".vh")).map(t => t.textContent)).join(", ")`); w != "" {
			t.Errorf("dates repeat their heading's year: %s", w)
		}
		if sw := eval(`String(document.documentElement.scrollWidth)`); sw != strconv.Itoa(int(c.width)) {
			t.Errorf("at %d px the page is %s px wide", c.width, sw)
		}
	}

	root := filepath.Join(unzip(t, filepath.Join(bundle(t), "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")
	single := filepath.Join(bundle(t, "--single"), "ndpr-knowledge-base.html")
	for _, c := range []struct{ name, url, hash, scope string }{
		{"http", srv.URL + "/timeline/", "", "document"},
		{"zip", "file://" + filepath.Join(root, "timeline/index.html"), "", "document"},
		{"single", "file://" + single, "#p-timeline", `document.getElementById("p-timeline")`},
	} {
		t.Run(c.name, func(t *testing.T) {
			timelineFilters(t, ctx, c.url, c.hash, c.scope)
		})
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// timelineFilters checks the timeline's filters on the page at url (with
// the fragment hash), whose timeline page is the element scope.
func timelineFilters(t *testing.T, ctx context.Context, url, hash, scope string) {
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	do := func(a ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a...); err != nil {
			t.Fatal(err)
		}
	}
	do(chromedp.EmulateViewport(1366, 800), chromedp.Navigate(url+hash))
	rows := `[...` + scope + `.querySelectorAll(".tl-page .timeline .events li")]`
	visible := rows + `.filter(li => li.offsetParent !== null)`
	count := func(expr string) int {
		t.Helper()
		n, err := strconv.Atoi(eval(`String(` + expr + `.length)`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	search := func() string { t.Helper(); return eval(`decodeURIComponent(location.search)`) }
	all := count(rows)
	if all < 150 || count(visible) != all {
		t.Fatalf("%d rows, %d visible before filtering", all, count(visible))
	}
	if h := eval(`location.hash`); h != hash {
		t.Errorf("the fragment is %q, want %q", h, hash)
	}

	// The event is given by one brief (a second copy would be a warning:
	// see duplicateEvents), and its row links it.
	dup := rows + `.filter(li => li.querySelector("summary, .ev-title").textContent.trim() === "DoD-MP Materials partnership")`
	if n := count(dup); n != 1 {
		t.Errorf("the DoD–MP partnership is %d rows, want 1", n)
	} else if got := eval(dup + `[0].querySelector(".ev-briefs").textContent`); got != "US Defense Department support for rare earths" {
		t.Errorf("the DoD–MP partnership links %q", got)
	}

	change := func(sel, v string) {
		t.Helper()
		eval(`(() => { const f = ` + scope + `.querySelector(` + strconv.Quote(sel) + `); f.value = ` + strconv.Quote(v) + `; f.dispatchEvent(new Event("change", {bubbles: true})); return "" })()`)
	}
	// By type.
	change("select[name=type]", "mine")
	mines := count(rows + `.filter(li => li.dataset.type.split(" ").includes("mine"))`)
	if n, wrong := count(visible), count(visible+`.filter(li => !li.dataset.type.split(" ").includes("mine"))`); n != mines || wrong != 0 || n == all || n == 0 {
		t.Errorf("type mine: %d of %d visible, %d mine events, %d others", n, all, mines, wrong)
	}
	if s := search(); s != "?type=mine" {
		t.Errorf("type mine: the address's query is %q", s)
	}
	if got := eval(scope + `.querySelector("form.timeline-filter output").value`); got != strconv.Itoa(mines)+" of "+strconv.Itoa(all)+" events" {
		t.Errorf("count = %q", got)
	}
	change("select[name=type]", "")

	// By text, typed.
	do(chromedp.SendKeys(chromedp.JSPath(scope+`.querySelector("input[name=text]")`), "Lynas"))
	lynas := count(visible)
	if wrong := count(visible + `.filter(li => !li.textContent.toLowerCase().includes("lynas"))`); lynas == 0 || lynas >= all/2 || wrong != 0 {
		t.Errorf("text Lynas: %d visible, %d without the word", lynas, wrong)
	}
	if s := search(); s != "?text=Lynas" {
		t.Errorf("text Lynas: the address's query is %q", s)
	}

	// And by a date range: the rows, the year index and the address follow.
	change("input[name=from]", "2020")
	change("input[name=to]", "2022-06")
	n := count(visible)
	if wrong := count(visible + `.filter(li => li.dataset.to.slice(0, 4) < "2020" || li.dataset.from.slice(0, 7) > "2022-06")`); n == 0 || n >= lynas || wrong != 0 {
		t.Errorf("Lynas from 2020 to 2022-06: %d visible (%d without the dates), %d rows without them", n, wrong, lynas)
	}
	if s := search(); s != "?text=Lynas&from=2020&to=2022-06" {
		t.Errorf("the address's query is %q", s)
	}
	years := func() (index, sections string) {
		t.Helper()
		return eval(`[...` + scope + `.querySelectorAll("nav.years li")].filter(li => !li.hidden).map(li => li.textContent).join(" ")`),
			eval(`[...` + scope + `.querySelectorAll(".timeline section.year")].filter(s => !s.hidden).map(s => s.dataset.year).join(" ")`)
	}
	index, secs := years()
	if index != secs || index == "" || strings.Contains(index, "2019") || strings.Contains(index, "2023") {
		t.Errorf("year index %q, years shown %q", index, secs)
	}

	// Reloading the address restores the filters.
	do(chromedp.Reload())
	if got := eval(`[...` + scope + `.querySelectorAll("form.timeline-filter [name=text], [name=from], [name=to]")].map(f => f.value).join(" ")`); got != "Lynas 2020 2022-06" {
		t.Errorf("after reload the filters are %q", got)
	}
	if m := count(visible); m != n {
		t.Errorf("after reload %d rows visible, want %d", m, n)
	}
	if i, _ := years(); i != index {
		t.Errorf("after reload the year index is %q, want %q", i, index)
	}
	if h := eval(`location.hash`); h != hash {
		t.Errorf("after reload the fragment is %q, want %q", h, hash)
	}

	// Clear, then drag across the overview from 2010 to 2012.
	do(chromedp.Click(chromedp.JSPath(scope + `.querySelector("form.timeline-filter button[type=reset]")`)))
	// The form resets its fields after its reset event: the filter applies
	// in the next task, so look until it has (or a second has passed).
	for deadline := time.Now().Add(time.Second); count(visible) != all && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if m, s := count(visible), search(); m != all || s != "" {
		t.Errorf("after Clear: %d of %d visible, query %q", m, all, s)
	}
	bar := func(y int) chromedp.JSPath {
		return chromedp.JSPath(scope + `.querySelector('.tl-bars > [data-year="` + strconv.Itoa(y) + `"]')`)
	}
	do(chromedp.DragAndDrop(bar(2010), bar(2012)))
	if s := search(); s != "?from=2010&to=2012" {
		t.Errorf("after a drag from 2010 to 2012 the query is %q", s)
	}
	if m, wrong := count(visible), count(visible+`.filter(li => li.dataset.to.slice(0, 4) < "2010" || li.dataset.from.slice(0, 4) > "2012")`); m == 0 || m == all || wrong != 0 {
		t.Errorf("after a drag from 2010 to 2012: %d visible, %d outside", m, wrong)
	}
	if got := eval(`[...` + scope + `.querySelectorAll(".tl-bars > .in-range")].map(b => b.dataset.year).join(" ")`); got != "2010 2011 2012" {
		t.Errorf("the strip marks %q", got)
	}
	// A click chooses one year.
	do(chromedp.Click(bar(2015)))
	if s := search(); s != "?from=2015&to=2015" {
		t.Errorf("after a click on 2015 the query is %q", s)
	}
	if h := eval(`location.hash`); h != hash {
		t.Errorf("after the strip the fragment is %q, want %q", h, hash)
	}
	do(chromedp.Click(chromedp.JSPath(scope + `.querySelector("form.timeline-filter button[type=reset]")`)))
}
