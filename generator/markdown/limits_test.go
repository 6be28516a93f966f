package markdown

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// parsers returns goldmark configured as New configures its parser, with
// and without Limits, and with the default renderer: the two may differ
// only where a limit was met.
func parsers() (plain, limited goldmark.Markdown) {
	conf := func(exts ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(append([]goldmark.Extender{extension.GFM, extension.Footnote, WikiLinks, Obsidian}, exts...)...),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		)
	}
	return conf(), conf(Limits)
}

func convert(t testing.TB, md goldmark.Markdown, src []byte) (string, []LimitHit) {
	t.Helper()
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(NewContext()))
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		t.Fatal(err)
	}
	return buf.String(), LimitHits(doc)
}

// punctuation makes random documents of the characters the limits watch,
// in the constructs they appear in.
var punctuation = []string{
	"[", "]", "(", ")", "`", "``", "```", "*", "**", "_", "__", "~", "~~", "==", "=", "!",
	"[[", "]]", "[@a]", "[@a; @b]", "[^1]", "[^2]", "\n", "\n", "\n\n", "> ", "- ", "1. ",
	"a", "b c", " ", " ", "<", ">", "\\", "http://x.y", "www.z.com", "#tag", "\"", "'",
	"[a]", "[a]: /u\n", "[^1]: note\n", "|", "\n|-|-|\n", "    ", "\t", "x@y.com", "<b>",
	"</b>", "<!--", "-->", "](", "][", "![", "%%", " ^blk", "> [!note] T\n",
}

// TestLimitsKeepOutput checks that the limits change nothing in ordinary
// documents: the briefs of the default site, the nasty vault and random
// documents of Markdown punctuation render as they do without them, and
// meet no limit.
func TestLimitsKeepOutput(t *testing.T) {
	docs := map[string][]byte{}
	_ = fs.WalkDir(os.DirFS("../.."), "content", func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".md") {
			docs[p], _ = fs.ReadFile(os.DirFS("../.."), p)
		}
		return nil
	})
	if len(docs) < 10 {
		t.Fatalf("found only %d briefs of the default site", len(docs))
	}
	for name, data := range corpus.Nasty(500) {
		if !strings.HasPrefix(name, "content/deep/") { // nested 844 deep on purpose
			docs[name] = data
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var b strings.Builder
		for range 1 + r.IntN(600) {
			b.WriteString(punctuation[r.IntN(len(punctuation))])
		}
		docs[fmt.Sprintf("random %d", i)] = []byte(b.String())
	}
	plain, limited := parsers()
	for name, src := range docs {
		want, _ := convert(t, plain, src)
		got, hits := convert(t, limited, src)
		if len(hits) > 0 {
			t.Errorf("%s: met a limit: %+v", name, hits)
		}
		if got != want {
			t.Errorf("%s: output differs\n--- source\n%q\n--- without limits\n%s\n--- with limits\n%s", name, src, want, got)
		}
	}
}

// pathological inputs, made about n bytes long.
var pathological = []struct {
	name string
	make func(n int) string
	// hits says the input meets a limit (at 100 KB).
	hits bool
}{
	{"dashes on one line", func(n int) string { return strings.Repeat("- ", n/2) + "x\n" }, true},
	{"numbered items on one line", func(n int) string { return strings.Repeat("1. ", n/3) + "x\n" }, true},
	{"tab list items", func(n int) string { return strings.Repeat("-\t", n/2) + "x\n" }, true},
	{"quote markers", func(n int) string { return strings.Repeat(">", n) + " x\n" }, true},
	{"quoted list items", func(n int) string { return strings.Repeat("> - ", n/4) + "x\n" }, true},
	{"nested list, one level a line", nestedList, true},
	{"nested callouts, one level a line", nestedCallouts, true},
	{"footnote in footnote", func(n int) string { return strings.Repeat("[^a]: ", n/6) + "x\n" }, true},
	{"unclosed link destinations", func(n int) string { return strings.Repeat("[a](", n/4) + "\n" }, true},
	{"unclosed <destinations>", func(n int) string { return strings.Repeat("[a](<", n/5) + "\n" }, true},
	{"unclosed titles over lines", func(n int) string { return strings.Repeat("[a](b (\n", n/8) }, true},
	{"opening brackets", func(n int) string { return strings.Repeat("[", n) + "\n" }, true},
	{"brackets then closers", func(n int) string { return strings.Repeat("[", n/2) + strings.Repeat("]", n/2) + "\n" }, true},
	{"brackets around a link", func(n int) string {
		return strings.Repeat("[", n/2) + "[a](b)" + strings.Repeat("](c)", n/8) + "\n"
	}, true},
	{"reference openers", func(n int) string { return strings.Repeat("[a][", n/4) + "\n" }, true},
	{"wikilink openers", func(n int) string { return strings.Repeat("[[", n/2) + "\n" }, true},
	{"embed openers", func(n int) string { return strings.Repeat("![[", n/3) + "\n" }, true},
	{"wikilinks closed at the end", func(n int) string { return strings.Repeat("[[a", n/3) + "]]\n" }, true},
	{"citations closed at the end", func(n int) string { return strings.Repeat("[@a ", n/4) + "]\n" }, false}, // the citation parser reads to the next bracket only
	{"citation prefixes closed at the end", func(n int) string { return strings.Repeat("[see @a, p. 1; ", n/15) + "]\n" }, false},
	{"narrative citations", func(n int) string { return strings.Repeat("(@a-b.c ", n/8) + "\n" }, false},
	{"at signs after letters", func(n int) string { return strings.Repeat("a@", n/2) + "\n" }, false},
	{"image openers", func(n int) string { return strings.Repeat("![", n/2) + "\n" }, false},
	{"shortcut labels on many lines", func(n int) string { return strings.Repeat("> [!note]\n", n/10) }, true},
	{"emphasis openers", func(n int) string { return strings.Repeat("*a ", n/3) + "\n" }, false},
	{"unmatched emphasis", func(n int) string { return strings.Repeat("a*_", n/3) + "\n" }, true},
	{"unmatched emphasis 2", func(n int) string { return strings.Repeat("a_*a", n/4) + "\n" }, true},
	{"nested strong", func(n int) string { return strings.Repeat("**a ", n/8) + strings.Repeat(" a**", n/8) + "\n" }, false},
	{"nested underscores", func(n int) string { return strings.Repeat("_a ", n/6) + strings.Repeat(" a_", n/6) + "\n" }, false},
	{"backtick runs of every length", func(n int) string {
		var b strings.Builder
		for i := 1; b.Len() < n; i++ {
			b.WriteString(strings.Repeat("`", i) + "a")
		}
		return b.String() + "\n"
	}, false},
	{"table row of pipes", func(n int) string { return "|a|b|\n|-|-|\n" + strings.Repeat("|", n) + "\n" }, false},
	{"table of 25,000 columns", func(n int) string { return strings.Repeat("|a", n/4) + "\n" + strings.Repeat("|-", n/4) + "\n|x|\n" }, false},
	{"footnote references", func(n int) string { return strings.Repeat("[^1]", n/4) + "\n\n[^1]: x\n" }, false},
	{"footnote definitions and references", func(n int) string {
		var b strings.Builder
		for i := 0; b.Len() < n/2; i++ {
			fmt.Fprintf(&b, "[^%d]: x\n", i)
		}
		return b.String() + "\n" + strings.Repeat("[^zz]", n/10) + "\n"
	}, true},
	{"link reference definitions", func(n int) string { return strings.Repeat("[a]:\n", n/5) }, false},
	{"less-than signs", func(n int) string { return strings.Repeat("<", n) + "\n" }, false},
	{"HTML comments over lines", func(n int) string { return strings.Repeat("a <!--\n", n/7) }, false},
}

func nestedList(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(strings.Repeat("  ", i) + "- x\n")
	}
	return b.String()
}

func nestedCallouts(n int) string {
	var b strings.Builder
	for i := 1; b.Len() < n; i++ {
		b.WriteString(strings.Repeat(">", i) + " [!note]\n")
	}
	return b.String()
}

// counter counts what parsing src does: the nodes of the tree, the bytes
// allocated, and the bytes of the lines the block parsers peeked at.
type counter struct {
	nodes, alloc, peeked int
}

func count(t *testing.T, md goldmark.Markdown, src []byte) counter {
	t.Helper()
	var c counter
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	doc := md.Parser().Parse(&peekCounter{Reader: text.NewReader(src), n: &c.peeked}, parser.WithContext(NewContext()))
	if err := md.Renderer().Render(io.Discard, src, doc); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	c.alloc = int(after.TotalAlloc - before.TotalAlloc)
	_ = ast.Walk(doc, func(ast.Node, bool) (ast.WalkStatus, error) {
		c.nodes++
		return ast.WalkContinue, nil
	})
	return c
}

// leastOf3 is count's least allocation of three parses of src: the
// process's allocation count takes in whatever else allocated meanwhile,
// which can swamp the few kilobytes of a small input.
func leastOf3(t *testing.T, md goldmark.Markdown, src []byte) counter {
	t.Helper()
	c := count(t, md, src)
	for range 2 {
		c.alloc = min(c.alloc, count(t, md, src).alloc)
	}
	return c
}

// peekCounter adds up the length of every line a block parser peeks at:
// nesting made goldmark's block parsers rescan the rest of a line once per
// level, so this grew with the square of the input.
type peekCounter struct {
	text.Reader
	n *int
}

func (r *peekCounter) PeekLine() ([]byte, text.Segment) {
	line, seg := r.Reader.PeekLine()
	*r.n += len(line)
	return line, seg
}

// TestLimitsPathological parses inputs that made goldmark's work grow
// with the square of their size, at 50 and 100 KB. Doubling the input may
// at most about double the tree, the bytes allocated and the bytes the block
// parsers read (timings are in BenchmarkPathological of package build). An
// input that meets a limit says where.
func TestLimitsPathological(t *testing.T) {
	md := New(Options{})
	for _, tt := range pathological {
		t.Run(tt.name, func(t *testing.T) {
			small, large := []byte(tt.make(50_000)), []byte(tt.make(100_000))
			count(t, md, small) // warm up
			a, b := leastOf3(t, md, small), leastOf3(t, md, large)
			ratio := func(x, y int) float64 {
				return float64(y) / float64(max(x, 1)) * float64(len(small)) / float64(len(large)) * 2
			}
			for _, m := range []struct {
				what string
				x, y int
			}{{"tree nodes", a.nodes, b.nodes}, {"bytes allocated", a.alloc, b.alloc}, {"bytes peeked by block parsers", a.peeked, b.peeked}} {
				if r := ratio(m.x, m.y); r > 2.5 {
					t.Errorf("%s: %d at %d bytes, %d at %d bytes: ×%.1f for twice the input", m.what, m.x, len(small), m.y, len(large), r)
				}
			}
			_, hits := convert(t, md, large)
			if tt.hits != (len(hits) > 0) {
				t.Errorf("limit hits: %+v, want some: %v", hits, tt.hits)
			}
			for _, h := range hits {
				if h.Offset < 0 || h.Offset >= len(large) || h.Message() == "" {
					t.Errorf("bad hit %+v", h)
				}
			}
		})
	}
}

// TestLimitsNesting checks the depth at which markers stop nesting.
func TestLimitsNesting(t *testing.T) {
	md := New(Options{})
	for _, tt := range []struct {
		name, src string
		depth     int // of the deepest blockquote or list item
		hits      int
	}{
		{"100 quotes", strings.Repeat(">", 100) + " x\n", 100, 0},
		{"101 quotes", strings.Repeat(">", 101) + " x\n", 100, 1},
		{"100 list items", strings.Repeat("- ", 100) + "x\n", 100, 0},
		{"101 list items", strings.Repeat("- ", 101) + "x\n", 100, 1},
		{"mixed", strings.Repeat("> 1. ", 60) + "x\n", 100, 1},
		{"deep lines", strings.Repeat("> ", 150) + "a\n" + strings.Repeat("> ", 150) + "b\n", 100, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			doc := md.Parser().Parse(text.NewReader([]byte(tt.src)), parser.WithContext(NewContext()))
			deepest := 0
			var walk func(n ast.Node, depth int)
			walk = func(n ast.Node, depth int) {
				switch n.Kind() {
				case ast.KindBlockquote, ast.KindListItem:
					depth++
				}
				deepest = max(deepest, depth)
				for c := n.FirstChild(); c != nil; c = c.NextSibling() {
					walk(c, depth)
				}
			}
			walk(doc, 0)
			if deepest != tt.depth {
				t.Errorf("nested %d deep, want %d", deepest, tt.depth)
			}
			hits := LimitHits(doc)
			n := 0
			for _, h := range hits {
				n += 1 + h.More
			}
			if n != tt.hits {
				t.Errorf("%d hits (%+v), want %d", n, hits, tt.hits)
			}
		})
	}
}

// TestLimitsRestIsText checks what a paragraph that spent its budget shows:
// the text of the source, brackets and all, and links before the place
// where the budget ran out.
func TestLimitsRestIsText(t *testing.T) {
	md := New(Options{})
	src := "[first](a.md) " + strings.Repeat("[a](", 30_000) + " [last](b.md)\n\nNext [ok](c.md) paragraph.\n"
	got, hits := convert(t, md, []byte(src))
	if len(hits) != 1 || !strings.Contains(hits[0].Message(), "too much parsing work") {
		t.Fatalf("hits: %+v", hits)
	}
	for _, want := range []string{`<a href="a.md">first</a>`, "[a](" + "[a](", "[last](b.md)", `Next <a href="c.md">ok</a> paragraph.`} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
