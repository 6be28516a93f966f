package build

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// TestHostileInput builds briefs made to hurt parsers: very deep nesting
// of quotes, lists, brackets and emphasis, and a 5 MB brief. The build must
// finish, keep the other briefs, and say which file is odd, if anything.
func TestHostileInput(t *testing.T) {
	big := strings.Repeat("A line of an enormous brief about [[ok]] and rare earths.\n\n", 5<<20/60)
	src := fstest.MapFS{
		"content/ok.md":       {Data: []byte("# Fine\n")},
		"content/quotes.md":   {Data: []byte(strings.Repeat(">", 10000) + " deep\n")},
		"content/brackets.md": {Data: []byte(strings.Repeat("[", 10000) + "x" + strings.Repeat("]", 10000) + "\n")},
		"content/lists.md":    {Data: []byte(strings.Repeat("- ", 5000) + "item\n")},
		"content/emph.md":     {Data: []byte(strings.Repeat("*a ", 20000) + "\n")},
		"content/wikis.md":    {Data: []byte(strings.Repeat("[[", 20000) + "\n" + strings.Repeat("![[", 5000) + "\n")},
		"content/big.md":      {Data: []byte(big)},
	}
	start := time.Now()
	mem := output.NewMem()
	res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("errors:\n%v", res.Diags)
	}
	for _, page := range []string{"ok/index.html", "quotes/index.html", "brackets/index.html", "lists/index.html", "emph/index.html", "wikis/index.html", "big/index.html"} {
		if _, ok := mem.File(page); !ok {
			t.Errorf("missing %s", page)
		}
	}
	t.Logf("built in %s", time.Since(start).Round(time.Millisecond))
}

// TestNastyVault builds a generated vault of 2,000 notes that mixes
// everything the hardening covers. It must not crash; its errors are the
// ones expected (invalid UTF-8, links out of the content folder,
// case-only and NFC/NFD name collisions), and it logs the counts of every
// kind of diagnostic.
func TestNastyVault(t *testing.T) {
	src := fstest.MapFS{}
	for name, data := range corpus.Nasty(2000) {
		src[name] = &fstest.MapFile{Data: data}
	}
	start := time.Now()
	res, err := Build(context.Background(), src, lodestone.Theme, output.NewMem(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, d := range res.Diags {
		msg := d.Msg
		if i := strings.IndexAny(msg, "\"(0123456789"); i > 0 {
			msg = msg[:i]
		}
		sev := "error"
		if d.Severity == diag.Warning {
			sev = "warning"
		}
		counts[sev+": "+strings.TrimSpace(msg)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t.Logf("%5d  %s", counts[k], k)
	}
	t.Logf("%d diagnostics in %s", len(res.Diags), time.Since(start).Round(time.Millisecond))
	for _, k := range keys {
		if strings.HasPrefix(k, "error: ") && !strings.HasPrefix(k, "error: invalid UTF-") && !strings.HasPrefix(k, "error: link:") && !strings.HasPrefix(k, "error: output path") {
			t.Errorf("unexpected kind of error: %s", k)
		}
	}
	for _, want := range []string{"error: invalid UTF-", "error: link:", "warning: embed: no brief matches", "warning: raw HTML: removed <script> element", "warning: empty file"} {
		found := false
		for k := range counts {
			found = found || strings.HasPrefix(k, want)
		}
		if !found {
			t.Errorf("no %q diagnostic", want)
		}
	}
}

// TestNastyVaultRenders builds the same vault without the notes whose errors
// stop a build (invalid UTF-8, links out of the folder), so every page is
// rendered: nothing may crash, and there are pages for the odd names.
func TestNastyVaultRenders(t *testing.T) {
	src := fstest.MapFS{}
	for name, data := range corpus.Nasty(2000) {
		if strings.HasPrefix(name, "content/bad/") || strings.HasPrefix(name, "content/broken/") {
			continue
		}
		src[name] = &fstest.MapFile{Data: data}
	}
	mem := output.NewMem()
	start := time.Now()
	res, err := Build(context.Background(), src, lodestone.Theme, output.Minify(mem), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		e, w := res.Diags.Count()
		t.Fatalf("%d errors, %d warnings; first: %v", e, w, res.Diags[0])
	}
	_, w := res.Diags.Count()
	t.Logf("%s: %d warnings in %s", res.Summary(), w, time.Since(start).Round(time.Millisecond))
	for _, page := range []string{"odd/con-1/index.html", "odd/a-b-1/index.html", "odd/what-13/index.html", "odd/café-85/index.html", "xss/x8/index.html", "obs/o9/index.html"} {
		if _, ok := mem.File(page); !ok {
			names := mem.Names()
			t.Errorf("missing %s (have e.g. %v)", page, names[:min(8, len(names))])
		}
	}
	for _, name := range mem.Names() {
		b, _ := mem.File(name)
		if strings.Contains(string(b), "<script>alert(1)</script>") {
			t.Errorf("%s carries the script payload as markup", name)
		}
	}
}
