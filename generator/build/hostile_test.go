package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/source"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
)

// TestHostileInput builds briefs made to hurt parsers: very deep nesting
// of quotes, lists, brackets and emphasis, and a 5 MB brief. The build must
// finish, keep the other briefs, and say which file is odd, if anything.
// Nothing here depends on time: a loaded machine builds the same site.
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
	for _, file := range []string{"content/quotes.md", "content/lists.md"} {
		if !slices.ContainsFunc(res.Diags, func(d diag.Diagnostic) bool {
			return d.Pos.File == file && strings.Contains(d.Msg, "nesting deeper than 100 levels")
		}) {
			t.Errorf("no warning about the nesting of %s:\n%v", file, res.Diags)
		}
	}
}

// pathological are briefs of about 100 KB that made the work of parsing grow
// with the square of their size (see markdown.Limits); limit says whether
// each meets a limit, with a warning.
var pathological = []struct {
	name  string
	body  string
	limit bool
}{
	{"dashes", strings.Repeat("- ", 50_000) + "x\n", true},
	{"link-openers", strings.Repeat("[a](", 25_000) + "\n", true},
	{"brackets", strings.Repeat("[", 100_000) + "\n", true},
	{"brackets-closed", strings.Repeat("[", 50_000) + strings.Repeat("]", 50_000) + "\n", true},
	{"emphasis", strings.Repeat("*a ", 30_000) + "\n", false},
	{"unmatched-emphasis", strings.Repeat("a*_", 33_000) + "\n", true},
	{"quotes", strings.Repeat(">", 100_000) + " x\n", true},
	{"list-3000-levels", strings.Repeat("- ", 3000) + "x\n", true},
	{"list-indented-316-levels", indented(316), true},
	{"embeds", strings.Repeat("![[", 33_000) + "\n", true},
	{"wikilinks", strings.Repeat("[[", 50_000) + "\n", true},
	{"citations", strings.Repeat("[@a ", 25_000) + "]\n", true},
	{"callouts-nested-440", nestedCallouts(440), true},
	{"callouts-3000", strings.Repeat("> [!note]\n", 3000) + strings.Repeat("> [!note] ", 3000) + "\n", true},
	{"strong-nested", strings.Repeat("**a ", 12_500) + strings.Repeat(" a**", 12_500) + "\n", false},
	{"underscores-nested", strings.Repeat("_a ", 16_000) + strings.Repeat(" a_", 16_000) + "\n", false},
	{"table-row-of-pipes", "|a|b|\n|-|-|\n" + strings.Repeat("|", 100_000) + "\n", false},
	{"table-25000-columns", strings.Repeat("|a", 25_000) + "\n" + strings.Repeat("|-", 25_000) + "\n|x|\n", false},
	{"footnote-refs", strings.Repeat("[^1]", 20_000) + "\n\n[^1]: A note.\n", false},
	{"footnote-defs-and-refs", footnotes(6000, 10_000), true},
	{"link-ref-definitions", strings.Repeat("[a]:\n", 20_000), false},
	{"less-than", strings.Repeat("<", 100_000) + "\n", false},
	{"backtick-runs", backticks(100_000), false},
}

func indented(levels int) string {
	var b strings.Builder
	for i := range levels {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

func nestedCallouts(levels int) string {
	var b strings.Builder
	for i := 1; i <= levels; i++ {
		b.WriteString(strings.Repeat(">", i) + " [!note]\n")
	}
	return b.String()
}

func footnotes(defs, refs int) string {
	var b strings.Builder
	for i := range defs {
		fmt.Fprintf(&b, "[^%d]: x\n", i)
	}
	return b.String() + "\n" + strings.Repeat("[^zz]", refs) + "\n"
}

// backticks are runs of 1, 2, 3… backticks that nothing closes.
func backticks(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		b.WriteString(strings.Repeat("`", i) + "a")
	}
	return b.String() + "\n"
}

// TestPathologicalBriefs builds a site of the pathological briefs. Every
// brief gets its page; a brief that met a limit has a warning that says
// where. Their timings are in BenchmarkPathological, and the test that the
// work grows linearly with the input is TestLimitsPathological of package
// markdown.
func TestPathologicalBriefs(t *testing.T) {
	src := fstest.MapFS{"content/ok.md": {Data: []byte("# Fine\n\nSee [[dashes]].\n")}}
	for _, p := range pathological {
		src["content/"+p.name+".md"] = &fstest.MapFile{Data: []byte(p.body)}
	}
	mem := output.NewMem()
	res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("errors:\n%v", res.Diags)
	}
	for _, p := range pathological {
		if _, ok := mem.File(p.name + "/index.html"); !ok {
			t.Errorf("%s: no page", p.name)
		}
		var warned []diag.Diagnostic
		for _, d := range res.Diags {
			if d.Pos.File == "content/"+p.name+".md" {
				warned = append(warned, d)
			}
		}
		if p.limit != (len(warned) > 0) {
			t.Errorf("%s: warnings %v, want some: %v", p.name, warned, p.limit)
		}
		for _, d := range warned {
			if d.Severity != diag.Warning || d.Pos.Line < 1 || d.Pos.Col < 1 {
				t.Errorf("%s: %v is not a positioned warning", p.name, d)
			}
		}
	}
}

// BenchmarkPathological builds a site of one pathological brief (and one
// ordinary one), as lodestone build does, for each of them.
func BenchmarkPathological(b *testing.B) {
	for _, p := range pathological {
		src := fstest.MapFS{
			"content/ok.md":             {Data: []byte("# Fine\n")},
			"content/" + p.name + ".md": {Data: []byte(p.body)},
		}
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				res, err := Build(context.Background(), src, lodestone.Theme, output.Minify(output.NewMem()), Options{})
				if err != nil || res.Diags.HasErrors() {
					b.Fatal(err, res.Diags)
				}
			}
		})
	}
}

// cancelFS counts the briefs opened and cancels a context when the one
// numbered at has been opened.
type cancelFS struct {
	fs.FS
	opened atomic.Int64
	at     int64
	cancel context.CancelFunc
}

func (c *cancelFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".md") && c.opened.Add(1) == c.at {
		c.cancel()
	}
	return c.FS.Open(name)
}

// cancelSink cancels a context when the file numbered at is written.
type cancelSink struct {
	output.Sink
	written atomic.Int64
	at      int64
	cancel  context.CancelFunc
}

func (c *cancelSink) WriteFile(name string, data []byte) error {
	if c.written.Add(1) == c.at {
		c.cancel()
	}
	return c.Sink.WriteFile(name, data)
}

// settled waits for the goroutines started since a count of n to end, and
// reports whether they did. Only goroutines are waited for; nothing is
// timed.
func settled(n int) bool {
	for range 1000 {
		if runtime.NumGoroutine() <= n {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// TestCancelledBuildStops cancels builds of 3,000 briefs while they parse
// and while they render: no brief is parsed and no page rendered after the
// ones under way, and no goroutine is left behind (the preview server
// cancels a rebuild that a newer change makes useless).
func TestCancelledBuildStops(t *testing.T) {
	const briefs = 3000
	workers := int64(runtime.GOMAXPROCS(0))
	t.Run("parsing", func(t *testing.T) {
		before := runtime.NumGoroutine()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		src := &cancelFS{FS: corpusFS(briefs), at: 100, cancel: cancel}
		_, err := Build(ctx, src, lodestone.Theme, output.NewMem(), Options{})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		// Each worker may have taken one more brief before it saw the
		// cancellation, and the feeder handed over one.
		if n := src.opened.Load(); n > src.at+2*workers {
			t.Errorf("%d of %d briefs opened after a cancellation at %d", n, briefs, src.at)
		}
		if !settled(before) {
			t.Errorf("%d goroutines left, %d before", runtime.NumGoroutine(), before)
		}
	})
	t.Run("rendering", func(t *testing.T) {
		before := runtime.NumGoroutine()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		sink := &cancelSink{Sink: output.NewMem(), at: 100, cancel: cancel}
		res, err := Build(ctx, corpusFS(briefs), lodestone.Theme, sink, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Diags, func(d diag.Diagnostic) bool { return strings.Contains(d.Msg, context.Canceled.Error()) }) {
			t.Errorf("no error says the build was cancelled: %v", res.Diags)
		}
		if n := sink.written.Load(); n > sink.at+2*workers {
			t.Errorf("%d files written after a cancellation at %d (of more than %d)", n, sink.at, briefs)
		}
		if !settled(before) {
			t.Errorf("%d goroutines left, %d before", runtime.NumGoroutine(), before)
		}
	})
}

// panicky is a goldmark whose parser crashes.
type panicky struct{ goldmark.Markdown }

func (panicky) Parser() parser.Parser { panic("boom") }

// TestParsePanicNamesFile checks that a crash while parsing a brief is an
// error that names it.
func TestParsePanicNamesFile(t *testing.T) {
	src := fstest.MapFS{"a.md": {Data: []byte("# A\n")}}
	md := markdown.New(markdown.Options{})
	md.Markdown = panicky{md.Markdown}
	b, d := parseOne(src, &source.File{Rel: "a.md"}, md, false)
	if b != nil || len(d) != 1 || d[0].Pos.File != "content/a.md" || d[0].Severity != diag.Error || !strings.Contains(d[0].Msg, "internal error while parsing: boom") {
		t.Errorf("got %v, %v", b, d)
	}
}

// TestNastyVault builds a generated vault of 2,000 notes that mixes
// everything the hardening covers. It must not crash, and it logs the
// counts of every kind of diagnostic. Every problem is confined to its note
// (invalid UTF-8 and links out of the content folder are warnings of kind
// diag.Note), so the site is built; --strict makes them errors, with the
// broken links.
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
	if res.Diags.HasErrors() {
		t.Errorf("problems confined to notes stop the build: %v", res.Diags)
	}
	notes, strictErrs := 0, 0
	for _, d := range res.Diags {
		if d.Kind == diag.Note {
			notes++
		}
		if d.Kind == diag.Note || d.Kind == "link" {
			strictErrs++
		}
	}
	if notes == 0 {
		t.Error("no diagnostic is of kind diag.Note")
	}
	for _, want := range []string{"warning: invalid UTF-", "warning: link:", "warning: embed: no brief matches", "warning: raw HTML: removed <script> element", "warning: empty file"} {
		found := false
		for k := range counts {
			found = found || strings.HasPrefix(k, want)
		}
		if !found {
			t.Errorf("no %q diagnostic", want)
		}
	}

	strict, err := Build(context.Background(), src, lodestone.Theme, output.NewMem(), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if e, _ := strict.Diags.Count(); e != strictErrs {
		t.Errorf("--strict: %d errors, want %d (the notes' problems and broken links)", e, strictErrs)
	}
}

// TestNastyVaultRenders builds the same vault and renders every page:
// nothing may crash, there are pages for the odd names, and notes with
// problems are published.
func TestNastyVaultRenders(t *testing.T) {
	src := fstest.MapFS{}
	for name, data := range corpus.Nasty(2000) {
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
