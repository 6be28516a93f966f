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

// mathSite writes a site whose "euler" brief has inline and displayed
// math (one formula over several lines), a mermaid diagram and a Go code
// block, and whose "plain" brief has none of them, with the files of
// extra added; it returns the site's folder.
func mathSite(t *testing.T, extra map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"lodestone.yaml":   "title: Math test\n",
		"content/index.md": "---\ntitle: Math test\n---\nSee [[Euler]] and [[Plain]].\n",
		"content/euler.md": `---
title: Euler
---
Euler's identity $e^{i\pi} + 1 = 0$, with $a_b*c_d$ and \(\alpha_1\); money: $5 and $6; and $\ce{Nd2O3}$.

$$
\begin{aligned}
\sum_{n=1}^\infty \frac{1}{n^2} &= \frac{\pi^2}{6} \\
\int_0^1 x\,dx &= \tfrac12
\end{aligned}
$$

` + "```mermaid\ngraph TD\n  A[Start] --> B[End]\n```\n\n```go\npackage main\n\nfunc main() { println(\"hi\") }\n```\n",
		"content/plain.md": "---\ntitle: Plain\n---\nNo math, no diagram, no code: $5 and $6.\n",
	}
	for name, data := range extra {
		files[name] = data
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// builtMathSite builds the site in dir and bundles it as one file: it
// returns the URL of a server of the site and the single file's path.
func builtMathSite(t *testing.T, dir string) (srvURL, single string) {
	t.Helper()
	out := filepath.Join(dir, "public")
	run(t, "build", "--src", dir, "--out", out)
	dist := filepath.Join(dir, "dist")
	run(t, "bundle", "--src", dir, "--out", dist, "--single")
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	t.Cleanup(srv.Close)
	return srv.URL, filepath.Join(dist, "math-test.html")
}

// run runs the command line, failing the test unless it succeeds.
func run(t *testing.T, args ...string) {
	t.Helper()
	var stderr strings.Builder
	if code := Main(context.Background(), args, &stderr, &stderr); code != 0 {
		t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
	}
}

// waitFor polls expr in the page until it is "true", for up to 20 s. An
// evaluation that fails because the page is being replaced (a click that
// navigates) is tried again, with the next page.
func waitFor(t *testing.T, ctx context.Context, what, expr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(!!(`+expr+`))`))
		if err == nil && s == "true" {
			return
		}
		if err != nil && !strings.Contains(err.Error(), "navigated or closed") && !strings.Contains(err.Error(), "context was destroyed") {
			t.Fatalf("%s: %v", expr, err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after 20 s: %s (%v)", what, expr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// checkTypeset checks the euler brief, inside scope (a CSS selector), once
// KaTeX and mermaid are done: every formula typeset with KaTeX's fonts
// loaded, no TeX left as text, the diagram drawn, the code highlighted and
// coloured.
func checkTypeset(t *testing.T, ctx context.Context, where, scope string) {
	t.Helper()
	q := func(sel string) string { return `document.querySelector("` + scope + ` ` + sel + `")` }
	qa := func(sel string) string { return `document.querySelectorAll("` + scope + ` ` + sel + `")` }
	waitFor(t, ctx, where+": KaTeX", qa(".math .katex")+`.length === `+qa(".math")+`.length && `+qa(".math")+`.length > 0`)
	waitFor(t, ctx, where+": mermaid", q("pre.mermaid svg"))
	waitFor(t, ctx, where+": KaTeX fonts", `[...document.fonts].some(f => f.family.includes("KaTeX_Main") && f.status === "loaded")`)
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	if n := eval(`String(` + qa(".math") + `.length)`); n != "5" {
		t.Errorf("%s: %s formulas, want 5", where, n)
	}
	if n := eval(`String(` + qa(".katex-error") + `.length)`); n != "0" {
		t.Errorf("%s: KaTeX could not read %s formulas (\\ce needs mhchem)", where, n)
	}
	if n := eval(`String(` + qa(".math-display .katex-display") + `.length)`); n != "1" {
		t.Errorf("%s: %s displayed formulas, want 1", where, n)
	}
	// What a reader sees: the page's text without KaTeX's MathML copy.
	seen := eval(`(() => { const c = ` + q(".prose") + `.cloneNode(true); c.querySelectorAll(".katex-mathml").forEach(e => e.remove()); return c.textContent })()`)
	for _, raw := range []string{"$$", `\frac`, `\sum`, `\pi`, `\alpha`, `a_b`, `\(`, `\begin`, `\ce`} {
		if strings.Contains(seen, raw) {
			t.Errorf("%s: %q is still in the text: %s", where, raw, seen)
		}
	}
	if !strings.Contains(seen, "money: $5 and $6;") {
		t.Errorf("%s: the dollars of money are not text as written: %s", where, seen)
	}
	// The TeX reached KaTeX as written (KaTeX keeps it in its MathML).
	if tex := eval(q(".math-display annotation") + `.textContent`); !strings.Contains(tex, `\\`) || !strings.Contains(tex, `x\,dx`) {
		t.Errorf("%s: displayed TeX lost its backslashes: %q", where, tex)
	}
	if tex := eval(qa(".math-inline annotation") + `[1].textContent`); tex != "a_b*c_d" {
		t.Errorf("%s: inline TeX = %q, want a_b*c_d", where, tex)
	}
	if n := eval(`String(` + qa("pre.chroma code.language-go span.kd") + `.length)`); n == "0" {
		t.Errorf("%s: no keyword token in the Go code", where)
	}
	kw, plain := eval(`getComputedStyle(`+q("pre.chroma span.kd")+`).color`), eval(`getComputedStyle(`+q("pre.chroma code")+`).color`)
	if kw == plain {
		t.Errorf("%s: keywords are not coloured (%s, like the code)", where, kw)
	}
}

// TestBrowserMathDiagramsCode builds a site with math, a mermaid diagram
// and Go code, and opens the brief over HTTP, from the unzipped bundle
// through file:// and in the single-file bundle: KaTeX typeset every
// formula (no $$ or TeX left in the text, its fonts loaded), mermaid drew
// an SVG, the code has coloured token spans, and nothing went wrong in
// the console. A page without math or diagrams loads neither library, and
// a single file of a site without them has neither.
func TestBrowserMathDiagramsCode(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	dir := mathSite(t, nil)
	out := filepath.Join(dir, "public")
	run(t, "build", "--src", dir, "--out", out)
	dist := filepath.Join(dir, "dist")
	run(t, "bundle", "--src", dir, "--out", dist)
	run(t, "bundle", "--src", dir, "--out", dist, "--single")
	root := filepath.Join(unzip(t, filepath.Join(dist, "math-test.zip"), t.TempDir()), "math-test")
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }

	for where, u := range map[string]string{
		"http":    srv.URL + "/euler/",
		"zip":     "file://" + filepath.Join(root, "euler", "index.html"),
		"single":  "file://" + filepath.Join(dist, "math-test.html") + "#p-euler",
		"http #2": srv.URL + "/euler/", // a second load, from the cache
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		scope := "main"
		if where == "single" {
			scope = "#p-euler"
		}
		checkTypeset(t, ctx, where, scope)
	}

	// A page without them loads neither library, nor the code colours.
	for where, u := range map[string]string{
		"http plain": srv.URL + "/plain/",
		"zip plain":  "file://" + filepath.Join(root, "plain", "index.html"),
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(u), chromedp.WaitVisible(`article.brief h1`)); err != nil {
			t.Fatal(err)
		}
		if got := eval(`[typeof katex, typeof mermaid, String(document.querySelectorAll('script[src*="vendor/"], link[href*="vendor/"], link[href*="code.css"]').length)].join(" ")`); got != "undefined undefined 0" {
			t.Errorf("%s: katex, mermaid, vendored files = %s, want undefined undefined 0", where, got)
		}
	}

	// A single file of a site without math or diagrams carries neither.
	plain := t.TempDir()
	run(t, "bundle", "--src", mathSite(t, map[string]string{"content/euler.md": "Nothing special.\n"}), "--out", plain, "--single")
	b, err := os.ReadFile(filepath.Join(plain, "math-test.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, lib := range []string{"katex.render", "KaTeX_Main", "__esbuild_esm_mermaid", "mermaid.initialize", ".chroma .k"} {
		if strings.Contains(string(b), lib) {
			t.Errorf("the single file of a site without math, diagrams or code has %q", lib)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(plain, "math-test.html"))); err != nil {
		t.Fatal(err)
	}
	if got := eval(`typeof katex + " " + typeof mermaid`); got != "undefined undefined" {
		t.Errorf("single file without math: %s", got)
	}

	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// TestBrowserMathDiagramVectors puts script in math and diagrams: HTML in
// TeX, KaTeX's \href, \url and \htmlData to javascript:, mermaid labels
// with HTML, click callbacks (to a function the page happens to have) and
// javascript: links, and a diagram that asks for securityLevel "loose".
// Over HTTP and in the single file, once everything is drawn and every
// node clicked, nothing ran.
func TestBrowserMathDiagramVectors(t *testing.T) {
	ctx := browser.New(t)
	dir := mathSite(t, map[string]string{"content/evil.md": `---
title: Evil
---
Inline $<img src=x onerror=window.__xss=1>$ and $$</span><script>window.__xss=1</script>$$.

A link $\href{javascript:window.__xss=1}{click me}$, $\url{javascript:window.__xss=1}$,
$\htmlData{onclick=window.__xss=1}{x}$ and \(\htmlClass{x" onmouseover="window.__xss=1}{y}\).

$$
</div><img src=x onerror=window.__xss=1>
$$

` + "```mermaid\ngraph TD\n  A[\"<img src=x onerror=window.__xss=1>\"] --> B[\"<script>window.__xss=1</script>\"]\n  click A callback \"Tooltip\"\n  click B \"javascript:window.__xss=1\"\n```\n\n" +
		"```mermaid\n%%{init: {\"securityLevel\": \"loose\", \"flowchart\": {\"htmlLabels\": true}}}%%\ngraph TD\n  C[\"<img src=x onerror=window.__xss=1>\"] --> D\n  click C callback\n  click D href \"javascript:window.__xss=1\"\n```\n\n" +
		"```mermaid\nsequenceDiagram\n  Alice->>Bob: <img src=x onerror=window.__xss=1>\n  link Alice: Evil @ javascript:window.__xss=1\n```\n",
	})
	srvURL, single := builtMathSite(t, dir)
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }

	for where, u := range map[string]string{
		"http":   srvURL + "/evil/",
		"single": "file://" + single + "#p-evil",
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
			t.Fatal(err)
		}
		scope := "main"
		if where == "single" {
			scope = "#p-evil"
		}
		// A global function a diagram's click might name.
		eval(`window.callback = function () { window.__xss = 1 }; "ok"`)
		waitFor(t, ctx, where+": KaTeX", `[...document.querySelectorAll("`+scope+` .math")].every(e => e.querySelector(".katex, .katex-error"))`)
		waitFor(t, ctx, where+": mermaid", `document.querySelectorAll("`+scope+` pre.mermaid").length === 3 && document.querySelectorAll("`+scope+` pre.mermaid svg").length === 3`)
		// Click, hover and focus everything drawn.
		eval(`(() => { for (const e of document.querySelectorAll("` + scope + ` .math *, ` + scope + ` pre.mermaid *")) { for (const type of ["click", "mouseover", "mouseenter", "focus"]) e.dispatchEvent(new MouseEvent(type, {bubbles: true})); if (e.click) e.click() } return "ok" })()`)
		time.Sleep(300 * time.Millisecond)
		if v := eval(`String(window.__xss)`); v != "undefined" {
			t.Errorf("%s: injected script ran (window.__xss = %s)", where, v)
		}
		for _, sel := range []string{"img", "script", "foreignObject", "a[href^=javascript]", "[onerror]", "[onclick]", "[onmouseover]"} {
			if n := eval(`String(document.querySelectorAll("` + scope + ` .prose ` + sel + `").length)`); n != "0" {
				t.Errorf("%s: %s %s in the page", where, n, sel)
			}
		}
	}
}
