package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
)

// payload tries to run script wherever it lands: as markup, inside a
// <script> element, and inside an attribute.
const payload = `</script><script>window.__xss=1</script><img src=x onerror="window.__xss=1">"'><svg onload=window.__xss=1>`

// TestBrowserNoScriptInjection puts the payload in every front-matter value
// that reaches a page (title, summary, tags, aliases, type, events, sources,
// unknown fields), in a heading, in the text, in math and in a mermaid
// diagram, builds the site, and opens
// its pages, its search results, the previews of links to it and its
// single-file bundle: the payload must show as text and never run.
func TestBrowserNoScriptInjection(t *testing.T) {
	ctx := browser.New(t)
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	q := strings.ReplaceAll(payload, `"`, `\"`)
	write("content/evil.md", `---
title: "Evil `+q+`"
summary: "`+q+`"
type: "`+q+`"
tags: ["`+q+`"]
aliases: ["`+q+`"]
colour: "`+q+`"
events:
  - {date: 2020, title: "`+q+`", note: "`+q+`"}
sources:
  - {title: "`+q+`", url: "javascript:window.__xss=1", publisher: "`+q+`"}
---
## Heading `+payload+`

Text `+payload+` and [a link](javascript:window.__xss=1) and [[Evil `+payload+`]].

Math $`+payload+`$, \(`+payload+`\) and $$`+payload+`$$.

$$
`+payload+`
$$

`+"```mermaid\ngraph TD\n  A[\""+strings.ReplaceAll(payload, `"`, "#quot;")+"\"] --> B\n  click A \"javascript:window.__xss=1\"\n```\n")
	write("content/index.md", "# Home\n\n[[evil]]\n")
	out := filepath.Join(dir, "public")
	var stderr strings.Builder
	if code := Main(context.Background(), []string{"build", "--src", dir, "--out", out}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr.String())
	}
	if code := Main(context.Background(), []string{"bundle", "--src", dir, "--single", "--out", filepath.Join(dir, "dist")}, &stderr, &stderr); code != 0 {
		t.Fatalf("bundle: %d\n%s", code, stderr.String())
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	check := func(where string) {
		t.Helper()
		time.Sleep(150 * time.Millisecond) // let any injected handler fire
		if v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`String(window.__xss)`)); err != nil || v != "undefined" {
			t.Errorf("%s: injected script ran (window.__xss = %s, %v)", where, v, err)
		}
	}
	for _, page := range []string{"", "evil/", "tags/", "timeline/", "types/", "sources/"} {
		entries, _ := os.ReadDir(filepath.Join(out, "tags"))
		if page == "tags/" && len(entries) > 0 {
			page = "tags/" + entries[0].Name() + "/"
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"+page)); err != nil {
			t.Fatal(err)
		}
		check(page)
	}
	// The payload is visible as text on the brief's page.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/evil/")); err != nil {
		t.Fatal(err)
	}
	if h1, err := chromedp.Run(ctx, chromedp.Text(`article.brief h1`, chromedp.NodeVisible)); err != nil || !strings.Contains(h1, "<script>window.__xss=1</script>") {
		t.Errorf("title not shown as text: %q %v", h1, err)
	}
	// Search: the index and the result snippets.
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/search/?q=evil")); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(ok => { const w = () => document.querySelector(".search-page-results li") ? ok("") : setTimeout(w, 20); w() })`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	check("search results")
	// The preview of a link to the brief, over http and in the single file.
	previewed := func(where, link string) {
		t.Helper()
		hover(t, ctx, link)
		waitFor(t, ctx, where+": the preview", previewShown+` !== ""`)
		check(where + " preview")
		text, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[".lp-title", ".lp-type", ".lp-summary", ".lp-text"].map(s => document.querySelector(".link-preview " + s).textContent).concat([document.querySelectorAll(".link-preview script, .link-preview img, .link-preview svg").length + ""])`))
		if err != nil {
			t.Fatal(err)
		}
		for i, part := range text[:4] {
			if !strings.Contains(part, "<script>window.__xss=1</script>") {
				t.Errorf("%s: preview part %d not shown as text: %q", where, i, part)
			}
		}
		if text[4] != "0" {
			t.Errorf("%s: the preview has %s elements from the payload", where, text[4])
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	previewed("home page", ".prose a.wikilink")
	// The single-file bundle, which inlines the index and scripts.
	singles, _ := filepath.Glob(filepath.Join(dir, "dist", "*.html"))
	if len(singles) != 1 {
		t.Fatalf("single files: %v", singles)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+singles[0])); err != nil {
		t.Fatal(err)
	}
	check("single file")
	previewed("single file", "#p-home .prose a.wikilink")
}

// vector is one record of testdata/xss-vectors.txt.
type vector struct {
	N     int    // its number, from 1, which its payload reports
	Kind  string // "html" or "md"
	Title string // "source: title"
	Body  string
}

// readVectors reads the records of a vectors file: a header line
// "-- KIND SOURCE: TITLE --", then the vector, up to the next header. Each
// literal "xss()" becomes "xss(N)".
func readVectors(t *testing.T, name string) []vector {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	var body []string
	flush := func() {
		if len(vs) > 0 {
			v := &vs[len(vs)-1]
			v.Body = strings.ReplaceAll(strings.TrimRight(strings.Join(body, "\n"), "\n"), "xss()", fmt.Sprintf("xss(%d)", v.N))
		}
		body = nil
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --") {
			kind, title, ok := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(line, "-- "), " --"), " ")
			if !ok || kind != "html" && kind != "md" {
				t.Fatalf("%s: bad header %q", name, line)
			}
			flush()
			vs = append(vs, vector{N: len(vs) + 1, Kind: kind, Title: title})
			continue
		}
		body = append(body, line)
	}
	flush()
	return vs
}

// placeVector writes v into a brief body: Markdown vectors as written, raw
// HTML vectors twice, as a block of their own and in one of several Markdown
// contexts (a paragraph, a callout, a quote, a list item, a table cell, a
// footnote, an HTML block around Markdown), chosen by the vector's number.
func placeVector(b *strings.Builder, v vector) {
	fmt.Fprintf(b, "\n\n### Vector %d\n\n", v.N)
	b.WriteString(v.Body)
	if v.Kind == "md" {
		return
	}
	prefix := func(first, rest string) string {
		lines := strings.Split(v.Body, "\n")
		for i := range lines {
			if i == 0 {
				lines[i] = first + lines[i]
			} else {
				lines[i] = rest + lines[i]
			}
		}
		return strings.Join(lines, "\n")
	}
	oneLine := !strings.Contains(v.Body, "\n")
	b.WriteString("\n\n")
	switch ctx := v.N % 7; {
	case ctx == 0 && oneLine:
		fmt.Fprintf(b, "Text before %s text after.", v.Body)
	case ctx == 1:
		fmt.Fprintf(b, "> [!note] Vector %d\n%s", v.N, prefix("> ", "> "))
	case ctx == 2:
		b.WriteString(prefix("> ", "> "))
	case ctx == 3:
		b.WriteString(prefix("- item ", "  "))
	case ctx == 4 && oneLine:
		fmt.Fprintf(b, "| vector | cell |\n|---|---|\n| %d | %s |", v.N, strings.ReplaceAll(v.Body, "|", `\|`))
	case ctx == 5 && oneLine:
		fmt.Fprintf(b, "Note[^v%d].\n\n[^v%d]: %s", v.N, v.N, v.Body)
	default:
		fmt.Fprintf(b, "<div class=\"wrap\">\n\n%s\n\n</div>", v.Body)
	}
}

// xssHook runs in every document and frame before the page's own scripts:
// xss(n) records that vector n ran (in the top page, or through a message
// from a frame of another origin), and alert, confirm and prompt count too.
const xssHook = `(() => {
  const record = n => { (window.__xss = window.__xss || []).push(n === undefined ? -1 : n) };
  window.xss = n => { try { if (window.top !== window) { window.top.xss(n); return } } catch (e) { try { window.top.postMessage({xss: n === undefined ? -1 : n}, "*") } catch (e2) {} ; return } record(n) };
  window.addEventListener("message", e => { if (e.data && typeof e.data === "object" && "xss" in e.data) record(e.data.xss) });
  window.alert = window.confirm = window.prompt = () => window.xss(-2);
})()`

// xssProbe lists, in the current page, every event-handler attribute
// (except the single file's own search form) and every attribute whose URL
// resolves to javascript:, vbscript: or data: (except inlined data:image
// pictures); then it fires common events at every element and clicks every
// link whose URL is javascript:. It returns what it found.
const xssProbe = `(() => {
  const found = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "cite", "dynsrc", "lowsrc"];
  const all = [...document.querySelectorAll("*")];
  for (const el of all) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase();
      if (n.startsWith("on") && !el.matches("form.search[data-single]")) found.push("handler <" + el.localName + " " + n + "=" + JSON.stringify(a.value) + ">");
      if (!urlAttrs.includes(n)) continue;
      let p = "";
      try { p = new URL(a.value, document.baseURI).protocol } catch (e) { continue }
      if (p === "javascript:" || p === "vbscript:" || p === "data:" && !(el.localName === "img" && n === "src" && /^data:image\//i.test(a.value.trim()))) {
        found.push("url <" + el.localName + " " + n + "=" + JSON.stringify(a.value) + ">");
      }
    }
  }
  for (const el of all) {
    for (const type of ["mouseover", "mouseenter", "mousedown", "mouseout", "focus", "blur", "toggle", "animationstart", "load", "error"]) {
      try { el.dispatchEvent(new Event(type)) } catch (e) {}
    }
    if (el.localName === "a" && /^\s*javascript:/i.test(el.href || "")) {
      try { el.click() } catch (e) {}
    }
  }
  return found;
})()`

// TestBrowserRawHTMLVectors builds a site with raw_html: true whose briefs
// carry the vectors of testdata/xss-vectors.txt (from the OWASP cheat sheet,
// html5sec and DOMPurify's tests) as raw HTML in many Markdown contexts and
// as Markdown links, images and autolinks, then opens every brief page, the
// search page, the timeline and the single-file bundle in Chromium: no
// vector may run, before or after events are fired, and no page may keep an
// event-handler attribute or a javascript:, vbscript: or data: link.
func TestBrowserRawHTMLVectors(t *testing.T) {
	vectors := readVectors(t, filepath.Join("testdata", "xss-vectors.txt"))
	if len(vectors) < 150 {
		t.Fatalf("only %d vectors", len(vectors))
	}
	ctx := browser.New(t)
	dir := t.TempDir()
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lodestone.yaml", "title: XSS vectors\nraw_html: true\n")
	var home strings.Builder // links to every vector page, to preview them
	home.WriteString("# Home\n\nThe vector pages:")
	yamlQuote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	const perPage = 24
	var pages []string
	var summarised []bool // by page: whether it has a summary
	for i := 0; i < len(vectors); i += perPage {
		chunk := vectors[i:min(i+perPage, len(vectors))]
		name := fmt.Sprintf("page-%02d", len(pages)+1)
		pages = append(pages, "vectors/"+name+"/")
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Vectors %d to %d\ntags: [vectors]\n", chunk[0].N, chunk[len(chunk)-1].N)
		fmt.Fprintf(&home, " [[vectors/%s]]", name)
		var summary []string // the one-line HTML vectors, for the link previews
		for _, v := range chunk {
			if v.Kind == "html" && strings.IndexFunc(v.Body, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
				summary = append(summary, v.Body)
			}
		}
		if len(summary) > 0 {
			fmt.Fprintf(&b, "summary: %s\n", yamlQuote(strings.Join(summary, " ")))
		}
		summarised = append(summarised, len(summary) > 0)
		events := "events:\n"
		for _, v := range chunk {
			if v.Kind == "html" && strings.IndexFunc(v.Body, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 { // YAML takes no control characters
				events += fmt.Sprintf("  - date: %d\n    title: %s\n", 2000+v.N%20, yamlQuote(v.Body))
			}
		}
		if events != "events:\n" {
			b.WriteString(events)
		}
		b.WriteString("---\nvectorpage text for search.")
		for _, v := range chunk {
			placeVector(&b, v)
		}
		write("content/vectors/"+name+".md", b.String()+"\n")
	}
	write("content/index.md", home.String()+"\n")
	var emb strings.Builder
	emb.WriteString("---\ntitle: Embedded vectors\n---\nvectorpage embedded.")
	for _, v := range vectors[:perPage] {
		placeVector(&emb, v)
	}
	write("content/vectors/embedded.md", emb.String()+"\n")

	out := filepath.Join(dir, "public")
	var stderr strings.Builder
	if code := Main(context.Background(), []string{"build", "--src", dir, "--out", out}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: %d\n%s", code, stderr.String())
	}
	if code := Main(context.Background(), []string{"bundle", "--src", dir, "--single", "--out", filepath.Join(dir, "dist")}, &stderr, &stderr); code != 0 {
		t.Fatalf("bundle: %d\n%s", code, stderr.String())
	}
	singles, _ := filepath.Glob(filepath.Join(dir, "dist", "*.html"))
	if len(singles) != 1 {
		t.Fatalf("single files: %v", singles)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/x.js", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		_, _ = io.WriteString(w, "xss(-3)")
	})
	mux.Handle("/", http.FileServer(http.Dir(out)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: xssHook}); err != nil {
		t.Fatal(err)
	}
	ran := map[int]bool{}
	executions := 0
	var problems []string
	calls := func(where string) {
		t.Helper()
		ns, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`typeof window.xss === "function" ? (window.__xss || []).splice(0) : null`))
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if ns == nil {
			t.Fatalf("%s: the xss hook is missing, the test would see nothing", where)
		}
		for _, n := range ns {
			ran[n] = true
			executions++
			problems = append(problems, fmt.Sprintf("%s: script ran: %s", where, describe(vectors, n)))
		}
	}
	// visit opens url, then waits until the JavaScript expression ready (if
	// any) holds, fires the probe and collects executions and problems.
	visit := func(where, url, ready string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if ready != "" {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(ok => { const w = () => (`+ready+`) ? ok("") : setTimeout(w, 20); w() })`, chromedp.EvalAwaitPromise)); err != nil {
				t.Fatalf("%s: waiting for %s: %v", where, ready, err)
			}
		}
		calls(where) // on load
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](xssProbe))
		if err != nil {
			t.Fatalf("%s: probe: %v", where, err)
		}
		for _, f := range found {
			problems = append(problems, where+": "+f)
		}
		time.Sleep(300 * time.Millisecond) // let handlers, timers and javascript: links fire
		calls(where)
	}
	for _, p := range pages {
		visit(p, srv.URL+"/"+p, "")
	}
	visit("vectors/embedded/", srv.URL+"/vectors/embedded/", "")
	visit("search results", srv.URL+"/search/?q=vectorpage", `document.querySelector(".search-page-results li")`)
	visit("search for a payload", srv.URL+"/search/?q="+url.QueryEscape(`<img src=x onerror=xss(0)>"><svg onload=xss(0)>`), "")
	visit("timeline", srv.URL+"/timeline/", `document.querySelector(".timeline .events li")`)
	visit("single file", "file://"+singles[0], "")
	// The previews of links to every vector page, whose summary holds the
	// vectors, over http and in the single file.
	for _, c := range []struct{ where, url, links string }{
		{"previews", srv.URL + "/", ".prose a.wikilink"},
		{"previews in the single file", "file://" + singles[0], "#p-home .prose a.wikilink"},
	} {
		visit(c.where, c.url, "")
		for i := range pages {
			if err := chromedp.Do(ctx, runJS(`document.querySelectorAll("[data-probe]").forEach(a => a.removeAttribute("data-probe")); document.querySelectorAll(`+strconv.Quote(c.links)+`)[`+strconv.Itoa(i)+`].setAttribute("data-probe", "")`)); err != nil {
				t.Fatal(err)
			}
			hover(t, ctx, "[data-probe]")
			waitFor(t, ctx, c.where, `document.querySelector("[data-probe]").getAttribute("aria-describedby") === "link-preview"`)
			if n := evalString(t, ctx, `document.querySelectorAll(".link-preview .lp-summary").length + ""`); n != "1" && summarised[i] {
				t.Errorf("%s: the preview of %s has no summary: %s", c.where, pages[i], evalString(t, ctx, `document.querySelector(".link-preview").innerHTML`))
			}
		}
		time.Sleep(300 * time.Millisecond)
		calls(c.where)
		found, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](xssProbe))
		if err != nil {
			t.Fatalf("%s: probe: %v", c.where, err)
		}
		for _, f := range found {
			problems = append(problems, c.where+": "+f)
		}
	}

	t.Logf("%d vectors on %d brief pages (each raw HTML vector twice), opened with the search, timeline and single-file pages: %d executions of %d vectors, %d problems",
		len(vectors), len(pages), executions, len(ran), len(problems))
	if len(problems) > 0 {
		const show = 60
		if len(problems) > show {
			problems = append(problems[:show], fmt.Sprintf("… and %d more", len(problems)-show))
		}
		t.Errorf("%d vectors ran; problems:\n%s", len(ran), strings.Join(problems, "\n"))
	}
}

// describe names vector n for a failure message.
func describe(vectors []vector, n int) string {
	switch {
	case n >= 1 && n <= len(vectors):
		return fmt.Sprintf("vector %d (%s)", n, vectors[n-1].Title)
	case n == -2:
		return "alert/confirm/prompt"
	case n == -3:
		return "an injected <script src=/x.js>"
	}
	return fmt.Sprintf("an encoded payload (%d)", n)
}
