package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/internal/vault"
)

// vaultPages are the pages of the fixture vault the browser test opens:
// each with its section id in the single file and the natural widths of
// the images it shows (so that each is the file meant).
var vaultPages = []struct {
	url, id string
	images  []int // the images' natural widths, in order
}{
	{"materials/ndfeb/", "materials--ndfeb", []int{48, 200, 64}},       // Attachments/ (a name with spaces, %20), images/
	{"materials/smco/", "materials--smco", []int{50}},                  // Materials/assets/ beside the note
	{"physics/hysteresis/", "physics--hysteresis", []int{80}},          // ![alt|320](name) found in images/
	{"supply-chain/recycling/", "supply-chain--recycling", []int{240}}, // an Excalidraw drawing's exported SVG
	{"journal/2024-03-12/", "journal--2024-03-12", []int{64}},          // ![[name|200]] in a task list
	{"稀土/稀土元素/", "稀土--稀土元素", []int{72}},                                // a Chinese file name in 稀土/assets/
	{"稀土/白云鄂博/", "稀土--白云鄂博", []int{72}},                                // ![](assets/稀土产量.png)
	{"physics/maxwell-equations/", "physics--maxwell-equations", nil},  // math from here on
	{"physics/coercivity/", "physics--coercivity", nil},
	{"physics/demagnetising-field/", "physics--demagnetising-field", nil},
	{"稀土/矫顽力/", "稀土--矫顽力", nil},
	{"supply-chain/separation/", "supply-chain--separation", nil}, // mermaid
	{"稀土/分离工艺/", "稀土--分离工艺", nil},
	{"code/demagnetisation-curve/", "code--demagnetisation-curve", nil}, // Go
	{"code/fit-bh-loop/", "code--fit-bh-loop", nil},                     // Python and shell
	{"reference/callouts/", "reference--callouts", nil},
	{"reference/block-embeds/", "reference--block-embeds", nil},
}

// TestBrowserVault builds the fixture vault (generator/internal/vault) as
// its owner would and opens it in Chromium, over HTTP from 127.0.0.1 and
// as the single-file bundle from file://. On every page it opens: every
// image is decoded (naturalWidth > 0), every formula is typeset by KaTeX
// and no $$, \(, \[ or TeX command is left in the text, every mermaid
// diagram is an SVG with its labels, code has coloured token spans,
// callouts carry their family's class and colour, a block embed shows
// the block and nothing else of its note, and the links between the
// Chinese notes land on the right note and heading. Nothing is reported
// in the console.
func TestBrowserVault(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	dir := filepath.Join(t.TempDir(), "Magnet Garden")
	if err := vault.Write(dir); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "public")
	run(t, "build", "--src", dir, "--out", out)
	dist := filepath.Join(dir, "dist")
	run(t, "bundle", "--src", dir, "--out", dist, "--single")
	single := filepath.Join(dist, "magnet-garden.html")
	srv := httptest.NewServer(http.FileServer(http.Dir(out)))
	defer srv.Close()

	for _, where := range []string{"http", "single"} {
		t.Run(where, func(t *testing.T) {
			for _, p := range vaultPages {
				u, scope := srv.URL+"/"+p.url, "main"
				if where == "single" {
					u, scope = "file://"+single+"#p-"+p.id, "#p-"+p.id
				}
				if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
					t.Fatal(err)
				}
				checkVaultPage(t, ctx, where+" "+p.url, scope, p.images)
			}
			checkVaultChineseLinks(t, ctx, where, srv.URL, single)
		})
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// checkVaultPage checks what is in scope on the page open in ctx: images,
// math, diagrams, code, callouts and block embeds, as far as it has them.
func checkVaultPage(t *testing.T, ctx context.Context, where, scope string, images []int) {
	t.Helper()
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	all := func(sel string) string { return `[...document.querySelectorAll(` + jsString(scope+" "+sel) + `)]` }
	count := func(sel string) int {
		t.Helper()
		var n int
		if err := json.Unmarshal([]byte(eval(`String(`+all(sel)+`.length)`)), &n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Images: each scrolled to (they load lazily), each decoded, each the
	// file meant (its width).
	if n := count(".prose img"); n != len(images) {
		t.Errorf("%s: %d images, want %d", where, n, len(images))
	}
	if len(images) > 0 {
		eval(`(` + all(".prose img") + `.forEach(i => i.scrollIntoView()), "")`)
		loaded := all(".prose img") + `.every(i => i.complete && i.naturalWidth > 0)`
		deadline := time.Now().Add(10 * time.Second)
		for eval(`String(`+loaded+`)`) != "true" {
			if time.Now().After(deadline) {
				t.Errorf("%s: images not shown: %s", where, eval(`JSON.stringify(`+all(".prose img")+`.map(i => [i.getAttribute("src").slice(0, 80), i.naturalWidth]))`))
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		want, _ := json.Marshal(images)
		if got := eval(`JSON.stringify(` + all(".prose img") + `.map(i => i.naturalWidth))`); got != string(want) {
			t.Errorf("%s: images %s wide, want %s", where, got, want)
		}
	}

	// Math: typeset, and nothing of the TeX left for the reader.
	if n := count(".math"); n > 0 {
		waitFor(t, ctx, where+": KaTeX", all(".math")+`.every(m => m.querySelector(".katex"))`)
		if e := count(".katex-error"); e > 0 {
			t.Errorf("%s: KaTeX could not read %d formulas: %s", where, e, eval(all(".katex-error")+`.map(e => e.title).join("; ")`))
		}
		// The page as a reader sees it (innerText leaves out KaTeX's
		// MathML copy of the TeX, which is not rendered).
		text := eval(`document.querySelector(` + jsString(scope) + `).innerText`)
		for _, raw := range []string{"$$", `\(`, `\)`, `\[`, `\]`} {
			if strings.Contains(text, raw) {
				t.Errorf("%s: %q is still in the text", where, raw)
			}
		}
		prose := eval(`(() => { const c = document.querySelector(` + jsString(scope+" .prose") + `).cloneNode(true); c.querySelectorAll(".katex-mathml").forEach(e => e.remove()); return c.textContent })()`)
		for _, raw := range []string{`\frac`, `\begin`, `\mathrm`, `\nabla`, `\partial`, `\,`, `\\`, `a_b`, `H_{cJ}`} {
			if strings.Contains(prose, raw) {
				t.Errorf("%s: %q is still in the text", where, raw)
			}
		}
		// The TeX reached KaTeX as written: aligned rows kept their \\.
		if tex := eval(all(".math-display annotation") + `.map(a => a.textContent).join("\n")`); strings.Contains(tex, `\begin{aligned}`) && !strings.Contains(tex, `\\`) {
			t.Errorf("%s: displayed TeX lost its \\\\: %q", where, tex)
		}
	}

	// Diagrams: drawn as SVG, with their labels.
	if n := count("pre.mermaid"); n > 0 {
		waitFor(t, ctx, where+": mermaid", all("pre.mermaid")+`.every(m => m.querySelector("svg"))`)
		labels := eval(all("pre.mermaid svg") + `.map(s => s.textContent).join(" ")`)
		if !strings.Contains(labels, "NdPr oxide") && !strings.Contains(labels, "氧化镨钕") {
			t.Errorf("%s: the diagram lacks its labels: %q", where, labels)
		}
		// js/diagrams.js asks for labels as SVG text (mermaid's default is
		// HTML in a foreignObject).
		if n := count("pre.mermaid svg foreignObject"); n > 0 {
			t.Errorf("%s: %d labels are HTML in a foreignObject, not SVG text", where, n)
		}
	}

	// Code: token spans in a colour of their own.
	if n := count("pre.chroma"); n > 0 {
		for _, lang := range []string{"go", "python"} {
			sel := "pre.chroma code.language-" + lang
			if count(sel) == 0 {
				continue
			}
			got := eval(`(() => { const code = document.querySelector(` + jsString(scope+" "+sel) + `), plain = getComputedStyle(code).color;
				const spans = [...code.querySelectorAll("span[class]")];
				return spans.length + " " + spans.filter(s => getComputedStyle(s).color !== plain).length })()`)
			var spans, coloured int
			if _, err := fmt.Sscan(got, &spans, &coloured); err != nil || spans < 10 || coloured < 5 {
				t.Errorf("%s: %s code has %q token spans, coloured", where, lang, got)
			}
		}
	}

	// Callouts: every family by its class, each its own colour; aliases
	// mapped; the folded ones closed.
	if n := count(".callout"); n > 10 {
		var looks []struct{ Class, Colour string }
		if err := json.Unmarshal([]byte(eval(`JSON.stringify(`+all(".callout")+`.map(c => ({Class: c.classList[1], Colour: getComputedStyle(c).borderLeftColor})))`)), &looks); err != nil {
			t.Fatal(err)
		}
		colours := map[string]string{}
		for _, l := range looks {
			if c, ok := colours[l.Class]; ok && c != l.Colour {
				t.Errorf("%s: two colours for %s: %s and %s", where, l.Class, c, l.Colour)
			}
			colours[l.Class] = l.Colour
		}
		families := make([]string, 0, len(colours))
		seen := map[string]string{}
		for class, colour := range colours {
			families = append(families, class)
			if other, ok := seen[colour]; ok && class != "callout-my-custom-type" && other != "callout-my-custom-type" {
				t.Errorf("%s: %s and %s have the same colour %s", where, class, other, colour)
			}
			seen[colour] = class
		}
		slices.Sort(families)
		want := []string{"callout-abstract", "callout-bug", "callout-danger", "callout-example", "callout-failure", "callout-info", "callout-my-custom-type", "callout-note", "callout-question", "callout-quote", "callout-success", "callout-tip", "callout-todo", "callout-warning"}
		if !slices.Equal(families, want) {
			t.Errorf("%s: callout classes %v, want %v", where, families, want)
		}
		if got := eval(all("details.callout") + `.map(d => d.classList[1] + (d.open ? " open" : " closed")).join(", ")`); got != "callout-question closed, callout-tip open, callout-bug closed" {
			t.Errorf("%s: foldable callouts: %s", where, got)
		}
		if got := eval(`document.querySelector(` + jsString(scope+" .callout-warning .callout-bug") + `) ? "nested" : "flat"`); got != "nested" {
			t.Errorf("%s: the bug callout is not nested in the warning", where)
		}
	}

	// Block embeds: the block, nothing else of its note.
	if strings.Contains(scope, "block-embeds") || strings.HasSuffix(where, "block-embeds/") {
		got := eval(all(".embed-note") + `.map(e => [...e.children].slice(1).map(c => c.tagName + ":" + c.innerText.trim().replace(/\s+/g, " ").slice(0, 40)).join("+")).join(" | ")`)
		want := "P:The coercivity comes from the grain boun | OL:Crack the concentrate (sulphuric acid ro | UL:Solvent extraction, cascade by cascade | DIV:Corrosion Bare NdFeB rusts; every commer"
		if got != want {
			t.Errorf("%s: block embeds show\n%s\nwant\n%s", where, got, want)
		}
		text := eval(all(".embed-note") + `.map(e => e.innerText).join(" ")`)
		for _, other := range []string{"Microstructure", "What I still don't understand", "Temperature", "Separation factor"} {
			if strings.Contains(text, other) {
				t.Errorf("%s: a block embed shows %q, from outside the block", where, other)
			}
		}
	}
}

// checkVaultChineseLinks follows links between the Chinese notes: from
// 稀土元素 to 钕铁硼 (a wikilink), and from there to a heading of 矫顽力
// ([[矫顽力#温度系数]]), landing on the right note and heading.
func checkVaultChineseLinks(t *testing.T, ctx context.Context, where, base, single string) {
	t.Helper()
	eval := func(expr string) string { t.Helper(); return evalString(t, ctx, expr) }
	start, scope := base+"/稀土/稀土元素/", "main"
	if where == "single" {
		start, scope = "file://"+single+"#p-稀土--稀土元素", "#p-稀土--稀土元素"
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(start)); err != nil {
		t.Fatal(err)
	}
	click := func(scope, text string) {
		t.Helper()
		sel := `[...document.querySelectorAll(` + jsString(scope+" .prose a.wikilink") + `)].find(a => a.textContent === ` + jsString(text) + `)`
		if eval(`String(!!(`+sel+`))`) != "true" {
			t.Fatalf("%s: no link %q in %s", where, text, scope)
		}
		eval(`(` + sel + `.click(), "")`)
		time.Sleep(200 * time.Millisecond)
	}
	heading := func(sel string) string {
		t.Helper()
		return eval(`document.querySelector(` + jsString(sel) + `)?.textContent ?? "none"`)
	}
	hash := func() string {
		t.Helper()
		h, err := url.PathUnescape(eval(`location.hash`))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}

	click(scope, "钕铁硼")
	if where == "single" {
		if h := hash(); h != "#p-稀土--钕铁硼" {
			t.Errorf("single: after the click the hash is %q", h)
		}
		if got := heading(`#p-稀土--钕铁硼 h1`); got != "钕铁硼" {
			t.Errorf("single: the section's h1 is %q", got)
		}
		scope = "#p-稀土--钕铁硼"
	} else {
		waitFor(t, ctx, "http: the page of 钕铁硼", `document.querySelector("article.brief h1")?.textContent === "钕铁硼"`)
		if p, _ := url.PathUnescape(eval(`location.pathname`)); p != "/稀土/钕铁硼/" {
			t.Errorf("http: after the click the path is %q", p)
		}
	}
	click(scope, "矫顽力 › 温度系数")
	target := "#温度系数"
	if where == "single" {
		target = "#p-稀土--矫顽力__温度系数"
	} else {
		waitFor(t, ctx, "http: the page of 矫顽力", `document.querySelector("article.brief h1")?.textContent === "矫顽力"`)
	}
	if h := hash(); h != target {
		t.Errorf("%s: the heading link's hash is %q, want %q", where, h, target)
	}
	if got := heading(target); got != "温度系数" {
		t.Errorf("%s: the heading link lands on %q", where, got)
	}
	inView := eval(`(() => { const r = document.getElementById(` + jsString(target[1:]) + `).getBoundingClientRect(); return String(r.top >= -2 && r.top < innerHeight) })()`)
	if inView != "true" {
		t.Errorf("%s: the heading %s is not in view", where, target)
	}
}
