package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// calloutFamilies are the callout families, as the fixture writes them.
var calloutFamilies = []string{"note", "abstract", "info", "todo", "tip", "success", "question", "warning", "failure", "danger", "bug", "example", "quote"}

// calloutSite writes a site with a page of callouts: one of each family,
// an unknown type, a folded one, an open foldable one with another nested
// in it, a wikilink in a title.
func calloutSite(t *testing.T) string {
	t.Helper()
	var page strings.Builder
	page.WriteString("---\ntitle: Callouts\n---\nEvery family of callout.\n\n")
	page.WriteString("> [!note] A note with a [[target|link to the target]]\n> Body of the note, with a [link](https://example.org), `code` and *emphasis*.\n\n")
	for _, f := range calloutFamilies[1:] {
		page.WriteString("> [!" + strings.ToUpper(f[:1]) + f[1:] + "]\n> The body of a callout of family " + f + ".\n\n")
	}
	page.WriteString("> [!custom] An unknown type\n> Looks like a note.\n\n")
	page.WriteString("> [!faq]- A folded question\n> The hidden answer.\n\n")
	page.WriteString("> [!tip]+ Open, foldable\n> > [!warning] Nested warning\n> > Inside the tip.\n")
	dir := t.TempDir()
	for name, data := range map[string]string{
		"lodestone.yaml":      "title: Callout test\n",
		"content/callouts.md": page.String(),
		"content/target.md":   "---\ntitle: Target\n---\nThe target.\n",
	} {
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

// calloutLook is what the browser shows of one callout.
type calloutLook struct {
	Class, Border, Title, Background, Icon string
	IconW, IconH                           float64
}

// TestBrowserCallouts opens a page of callouts from file://, as built and
// in the single-file bundle, in light and dark mode: each family has its
// own colour and icon (drawn, not empty), an unknown type looks like a
// note, light and dark differ, the link in a title is a link, and axe-core
// finds no WCAG A/AA violation in any callout (colour contrast included,
// folded bodies opened for it). Printed, a folded callout shows its body.
func TestBrowserCallouts(t *testing.T) {
	ctx := browser.New(t)
	problems := browser.Problems(t, ctx)
	src := calloutSite(t)
	var stderr bytes.Buffer
	if code := Main(context.Background(), []string{"build", "--strict", "--src", src}, &stderr, &stderr); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr.String())
	}
	single := t.TempDir()
	if code := Main(context.Background(), []string{"bundle", "--single", "--src", src, "--out", single}, &stderr, &stderr); code != 0 {
		t.Fatalf("bundle --single: exit %d\n%s", code, stderr.String())
	}
	singles, _ := filepath.Glob(filepath.Join(single, "*.html"))
	if len(singles) != 1 {
		t.Fatalf("bundle --single wrote %v", singles)
	}

	media := func(params emulation.SetEmulatedMediaParams) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, params)
			return err
		})
	}
	scheme := func(s string) emulation.SetEmulatedMediaParams {
		return emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: s}}}
	}

	for _, where := range []struct{ name, url, scope string }{
		{"site", "file://" + filepath.Join(src, "public", "callouts", "index.html"), "main"},
		{"single file", "file://" + singles[0], "#p-callouts"},
	} {
		t.Run(where.name, func(t *testing.T) {
			byScheme := map[string]map[string]calloutLook{}
			for _, s := range []string{"light", "dark"} {
				if err := chromedp.Do(ctx, media(scheme(s)), chromedp.Navigate(where.url)); err != nil {
					t.Fatal(err)
				}
				looks := calloutLooks(t, ctx, where.scope)
				byScheme[s] = checkCalloutLooks(t, s, looks)

				// The wikilink in the first title is a link to the target.
				if href := evalString(t, ctx, `document.querySelector(`+jsString(where.scope+` .callout-note > .callout-title a.wikilink`)+`)?.getAttribute("href") ?? "none"`); !strings.Contains(href, "target") {
					t.Errorf("%s: the wikilink in the title links to %q", s, href)
				}

				// axe-core, with the folded callouts opened so their bodies count.
				evalString(t, ctx, `(document.querySelectorAll("details.callout").forEach(d => d.open = true), "")`)
				vs, err := browser.Axe(ctx, where.scope+" .callout")
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range vs {
					t.Errorf("%s: axe-core: %s", s, v)
				}
			}
			for _, f := range calloutFamilies {
				if l, d := byScheme["light"][f], byScheme["dark"][f]; l.Title == d.Title || l.Background == d.Background {
					t.Errorf("%s: the same colours in light and dark mode: %+v", f, l)
				}
			}

			// Printed, a folded callout shows its body.
			if err := chromedp.Do(ctx, media(scheme("light")), chromedp.Navigate(where.url), media(emulation.SetEmulatedMediaParams{Media: "print"})); err != nil {
				t.Fatal(err)
			}
			folded := jsString(where.scope + ` details.callout:not([open]) > p`)
			if got := evalString(t, ctx, `(() => { const p = document.querySelector(`+folded+`); return p ? p.textContent + " " + p.checkVisibility() : "none" })()`); got != "The hidden answer. true" {
				t.Errorf("print: the folded callout's body is not shown: %q", got)
			}
			if err := chromedp.Do(ctx, media(emulation.SetEmulatedMediaParams{Media: "screen"})); err != nil {
				t.Fatal(err)
			}
			if got := evalString(t, ctx, `String(document.querySelector(`+folded+`).checkVisibility())`); got != "false" {
				t.Errorf("screen: the folded callout's body is visible")
			}
		})
	}
	if p := problems(); len(p) > 0 {
		t.Errorf("browser reported problems:\n%s", strings.Join(p, "\n"))
	}
}

// calloutLooks reads the colours and icon of every callout in scope.
func calloutLooks(t *testing.T, ctx context.Context, scope string) []calloutLook {
	t.Helper()
	js := `JSON.stringify([...document.querySelectorAll(` + jsString(scope+" .callout") + `)].map(c => {
		const title = c.querySelector(":scope > .callout-title"), icon = title.querySelector(".callout-icon");
		const r = icon.getBoundingClientRect(), cs = getComputedStyle(c), is = getComputedStyle(icon);
		return {Class: c.className, Border: cs.borderLeftColor, Background: cs.backgroundColor,
			Title: getComputedStyle(title).color, Icon: is.maskImage || is.webkitMaskImage, IconW: r.width, IconH: r.height};
	}))`
	var looks []calloutLook
	if err := json.Unmarshal([]byte(evalString(t, ctx, js)), &looks); err != nil {
		t.Fatal(err)
	}
	return looks
}

// checkCalloutLooks checks one colour scheme and returns the look of each
// family.
func checkCalloutLooks(t *testing.T, scheme string, looks []calloutLook) map[string]calloutLook {
	t.Helper()
	byFamily := map[string]calloutLook{}
	var custom *calloutLook
	for i, l := range looks {
		if l.IconW < 8 || l.IconH < 8 || !strings.HasPrefix(l.Icon, `url("data:image/svg+xml,`) {
			t.Errorf("%s: %s: icon %.0fx%.0f, %.40q", scheme, l.Class, l.IconW, l.IconH, l.Icon)
		}
		if l.Title != l.Border {
			t.Errorf("%s: %s: title %s, border %s: want the family's colour for both", scheme, l.Class, l.Title, l.Border)
		}
		fam := strings.TrimPrefix(strings.Fields(l.Class)[1], "callout-")
		if fam == "custom" {
			custom = &looks[i]
			continue
		}
		if markdown.CalloutFamily(fam) != fam {
			t.Errorf("%s: unexpected class %q", scheme, l.Class)
			continue
		}
		if _, seen := byFamily[fam]; !seen {
			byFamily[fam] = l
		}
	}
	if len(byFamily) != len(calloutFamilies) {
		t.Fatalf("%s: found families %v, want %d", scheme, byFamily, len(calloutFamilies))
	}
	colours, icons := map[string]string{}, map[string]string{}
	for _, f := range calloutFamilies {
		l := byFamily[f]
		if g, ok := colours[l.Title]; ok {
			t.Errorf("%s: %s and %s have the same colour %s", scheme, g, f, l.Title)
		}
		colours[l.Title] = f
		if g, ok := icons[l.Icon]; ok {
			t.Errorf("%s: %s and %s have the same icon", scheme, g, f)
		}
		icons[l.Icon] = f
	}
	if custom == nil {
		t.Errorf("%s: no callout of the unknown type", scheme)
	} else if n := byFamily["note"]; custom.Title != n.Title || custom.Background != n.Background || custom.Icon != n.Icon {
		t.Errorf("%s: the unknown type looks like %+v, not like a note %+v", scheme, *custom, n)
	}
	return byFamily
}
