package build

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// localGraphLook measures the local graph of the page: how many drawings
// show, how many nodes link out of the one that does, the smallest text as
// rendered (CSS px), labels that cross the drawing's edge or each other,
// the lowest contrast of a mark (3:1 wanted) and of a label (4.5:1) against
// the page, and the relation labels shown.
const localGraphLook = `(() => {
	const fig = document.querySelector("figure.graph-local");
	if (!fig) return JSON.stringify({shown: -1});
	const svgs = [...fig.querySelectorAll(":scope > svg")].filter(s => s.getBoundingClientRect().width > 0);
	const r = {shown: svgs.length, links: 0, least: 1e9, outside: [], overlaps: [], mark: 99, text: 99, caps: []};
	if (svgs.length !== 1) return JSON.stringify(r);
	const s = svgs[0], box = s.getBoundingClientRect(), k = box.width / s.viewBox.baseVal.width;
	r.klass = s.getAttribute("class");
	r.links = s.querySelectorAll("a[href]").length;
	const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
	const lum = c => { const [R, G, B] = rgb(c).map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4 }); return .2126 * R + .7152 * G + .0722 * B };
	const bg = lum(getComputedStyle(document.body).backgroundColor);
	const ratio = c => { const l = lum(c); return (Math.max(l, bg) + .05) / (Math.min(l, bg) + .05) };
	const rects = [];
	for (const t of s.querySelectorAll("text")) {
		const st = getComputedStyle(t);
		r.least = Math.min(r.least, parseFloat(st.fontSize) * k);
		r.text = Math.min(r.text, ratio(st.fill));
		const b = t.getBoundingClientRect();
		if (b.left < box.left - 1 || b.right > box.right + 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1) r.outside.push(t.textContent);
		rects.push([b, t.textContent]);
	}
	for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) {
		const a = rects[i][0], b = rects[j][0];
		const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
		if (w > 1 && h > 1) r.overlaps.push(rects[i][1] + " / " + rects[j][1]);
	}
	for (const m of s.querySelectorAll("a > circle, a > path")) {
		const st = getComputedStyle(m);
		r.mark = Math.min(r.mark, m.classList.contains("g-none") ? ratio(st.stroke) : ratio(st.fill));
	}
	r.caps = [...s.querySelectorAll("a")].filter(a => a.querySelector(".cap")).map(a => a.querySelector(".cap").textContent.trim() + " " + a.textContent.replace(/\u00a0/g, " "));
	return JSON.stringify(r);
})()`

type graphLook struct {
	Shown, Links int
	Klass        string
	Least, Mark  float64
	Text         float64
	Outside      []string
	Overlaps     []string
	Caps         []string
}

// TestBrowserLocalGraph reads the local graph of three briefs of the
// default site at 1366 and 390 px, light and dark, with and without
// JavaScript: one drawing shows (the wide one on a wide screen, the
// narrow one on a phone), with its text 11 px or more as rendered, no
// label past the drawing's edge or on another label, marks 3:1 and labels
// 4.5:1 against the page, the typed relations named ("operated by"); axe
// finds nothing serious in it (light on a wide screen, dark on a phone); its links lead to the briefs, without
// JavaScript too; the page does not scroll sideways; printed, the wide
// drawing shows.
func TestBrowserLocalGraph(t *testing.T) {
	base := serveUnder(t, "/")
	noJS := func(off bool) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
			return err
		})
	}
	pages := []string{"mines/mountain-pass/", "companies/mp-materials/", "concepts/ndpr-oxide/"}
	ctx := browser.New(t)
	for _, c := range []struct {
		w      int64
		scheme string
		js     bool
		want   string
	}{
		{1366, "light", true, "graph-wide"},
		{1366, "dark", false, "graph-wide"},
		{390, "dark", true, "graph-narrow"},
		{390, "light", false, "graph-narrow"},
	} {
		do(t, ctx, chromedp.EmulateViewport(c.w, 800), colorScheme(c.scheme), noJS(!c.js))
		for _, page := range pages {
			do(t, ctx, chromedp.Navigate(base+page))
			var l graphLook
			if err := json.Unmarshal([]byte(must(t, ctx, chromedp.Evaluate[string](localGraphLook))), &l); err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("%s at %d px, %s", page, c.w, c.scheme)
			if !c.js {
				where += ", no JavaScript"
			}
			if l.Shown != 1 || l.Klass != c.want {
				t.Errorf("%s: %d drawings show (%q), want the one %s", where, l.Shown, l.Klass, c.want)
				continue
			}
			if l.Links < 10 {
				t.Errorf("%s: %d briefs linked from the graph, want 10 or more", where, l.Links)
			}
			if l.Least < 11 {
				t.Errorf("%s: text %.1f px as rendered, want 11 or more", where, l.Least)
			}
			if len(l.Outside) > 0 {
				t.Errorf("%s: labels past the drawing's edge: %q", where, l.Outside)
			}
			if len(l.Overlaps) > 0 {
				t.Errorf("%s: labels on each other: %q", where, l.Overlaps)
			}
			if l.Mark < 3 || l.Text < 4.5 {
				t.Errorf("%s: contrast %.2f:1 for marks (want 3), %.2f:1 for labels (want 4.5)", where, l.Mark, l.Text)
			}
			if w := must(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > int(c.w) {
				t.Errorf("%s: the page is %d px wide", where, w)
			}
			if page == "mines/mountain-pass/" && !contains(l.Caps, "operated by operated by MP Materials") {
				t.Errorf("%s: relations named %q, want MP Materials operating the mine", where, l.Caps)
			}
			if page == "companies/mp-materials/" && !contains(l.Caps, "operated by Mountain Pass mine operated by") {
				t.Errorf("%s: relations named %q, want Mountain Pass on the left, operated by MP Materials", where, l.Caps)
			}
			if page != pages[0] || !c.js {
				continue // axe-core runs only where scripts do
			}
			vs, err := browser.Axe(ctx, "figure.graph-local")
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("%s: %s", where, strings.TrimSpace(v.String()))
				}
			}
		}
		// A node is a link to its brief.
		do(t, ctx, chromedp.Navigate(base+"mines/mountain-pass/"),
			chromedp.Click(`figure.graph-local svg.`+c.want+` a[href$="companies/mp-materials/"]`, chromedp.NodeVisible),
			chromedp.WaitVisible(`article.brief h1`))
		if loc := must(t, ctx, chromedp.Location()); loc != base+"companies/mp-materials/" {
			t.Errorf("at %d px (JavaScript %v), the graph's MP Materials led to %s", c.w, c.js, loc)
		}
	}
	do(t, ctx, noJS(false), chromedp.Navigate(base+"mines/mountain-pass/"),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}))
	if got := must(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("figure.graph-local > svg")].map(s => getComputedStyle(s).display).join(" ")`)); got != "block none" {
		t.Errorf("printed, the drawings display %q, want the wide one only", got)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
