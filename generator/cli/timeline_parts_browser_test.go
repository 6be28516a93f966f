package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// TestBrowserTimelineParts reads a timeline in parts (2,400 events, more
// than one page holds) over http, from file:// (the zip) and in the single
// file: the timeline page lists the parts and leads to them; on the second
// part the tag filter shows that part's events of the tag and counts them
// against the part's; the parts lead to each other. The timeline page and
// a part read at 1366 and 390 px in both themes: no sideways scroll, no
// serious or critical axe-core violation.
func TestBrowserTimelineParts(t *testing.T) {
	src := t.TempDir()
	if err := os.MkdirAll(filepath.Join(src, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 300 {
		var b strings.Builder
		tag := []string{"alpha", "beta"}[i%2]
		fmt.Fprintf(&b, "---\ntitle: Note %d\ntags: [%s]\nevents:\n", i, tag)
		for j := range 8 {
			fmt.Fprintf(&b, "  - date: %d-0%d-1%d\n    title: Event %d of note %d.\n", 1990+(i*8+j)%36, 1+j%9, j%9, j, i)
		}
		b.WriteString("---\nText.\n")
		if err := os.WriteFile(filepath.Join(src, "content", fmt.Sprintf("n%03d.md", i)), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) {
		t.Helper()
		var stderr strings.Builder
		if code := Main(context.Background(), args, &stderr, &stderr); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	run("build", "--src", src, "--out", out)
	parts, err := filepath.Glob(filepath.Join(out, "timeline", "*", "index.html"))
	if err != nil || len(parts) != 2 {
		t.Fatalf("%d parts of the timeline, want 2 for 2,400 events: %v", len(parts), parts)
	}
	first, second := filepath.Base(filepath.Dir(parts[0])), filepath.Base(filepath.Dir(parts[1]))
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	zipped := t.TempDir()
	run("bundle", "--src", src, "--out", zipped)
	root := filepath.Join(unzip(t, filepath.Join(zipped, filepath.Base(src)+".zip"), t.TempDir()), filepath.Base(src))
	single := t.TempDir()
	run("bundle", "--src", src, "--out", single, "--single")
	singleFile := "file://" + filepath.Join(single, filepath.Base(src)+".html")

	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	do := func(a ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, a...); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		name, index, part string
		scope             func(part string) string // the part's element
	}{
		{"http", srv.URL + "/timeline/", srv.URL + "/timeline/" + second + "/", func(string) string { return "document" }},
		{"zip", "file://" + filepath.Join(root, "timeline", "index.html"), "file://" + filepath.Join(root, "timeline", second, "index.html"), func(string) string { return "document" }},
		{"single", singleFile + "#p-timeline", singleFile + "#p-timeline--" + second, func(p string) string { return `document.getElementById("p-timeline--` + p + `")` }},
	} {
		t.Run(c.name, func(t *testing.T) {
			do(chromedp.EmulateViewport(1366, 800), chromedp.Navigate(c.index))
			// Only the timeline page lists the parts (in the single file
			// too), so the document is its scope.
			parts := `[...document.querySelectorAll(".tl-parts li a")]`
			links := eval(parts + `.map(a => a.textContent).join(" | ")`)
			if want := strings.ReplaceAll(first, "-", "–") + " | " + strings.ReplaceAll(second, "-", "–"); links != want {
				t.Fatalf("the timeline page lists the parts %q, want %q", links, want)
			}
			// Follow the second part's link.
			eval(`(() => { ` + parts + `[1].click(); return "" })()`)
			scope := c.scope(second)
			waitFor(t, ctx, "the second part", `location.href.includes(`+strconv.Quote(second)+`) && `+scope+`.querySelector("form.timeline-filter:not([hidden])")`)
			rows := `[...` + scope + `.querySelectorAll(".timeline .events li")]`
			visible := rows + `.filter(li => li.offsetParent !== null)`
			num := func(expr string) int {
				t.Helper()
				n, err := strconv.Atoi(eval(`String(` + expr + `)`))
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			all := num(rows + `.length`)
			if all == 0 || all > 2000 {
				t.Fatalf("the second part shows %d events", all)
			}
			eval(`(() => { const f = ` + scope + `.querySelector("select[name=tag]"); f.value = "alpha"; f.dispatchEvent(new Event("change", {bubbles: true})); return "" })()`)
			shown, wrong := num(visible+`.length`), num(visible+`.filter(li => !li.dataset.tags.split("|").includes("alpha")).length`)
			if shown == 0 || shown == all || wrong != 0 {
				t.Errorf("tag alpha: %d of %d events shown, %d without the tag", shown, all, wrong)
			}
			if got, want := eval(scope+`.querySelector("form.timeline-filter output").value`), fmt.Sprintf("%d of %d events", shown, all); got != want {
				t.Errorf("the count says %q, want %q", got, want)
			}
			if got := eval(`(` + scope + `.querySelector("nav.pager a[rel=prev]") || {}).textContent || ""`); !strings.Contains(got, "Previous") {
				t.Errorf("the second part does not lead back to the first (%q)", got)
			}
		})
	}

	for _, width := range []int64{1366, 390} {
		for _, scheme := range []string{"light", "dark"} {
			for _, url := range []string{srv.URL + "/timeline/", srv.URL + "/timeline/" + first + "/"} {
				do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
						Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
					})
					return err
				}), chromedp.EmulateViewport(width, 800), chromedp.Navigate(url))
				if w := eval(`String(document.documentElement.scrollWidth)`); w != strconv.Itoa(int(width)) {
					t.Errorf("%s at %d px is %s px wide", url, width, w)
				}
				vs, err := browser.Axe(ctx, "")
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range vs {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s, %d px, %s theme: %s", url, width, scheme, strings.TrimSpace(v.String()))
					}
				}
			}
		}
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}
