package build

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// TestAssetsOnlyWhenUsed builds sites with and without math, diagrams and
// highlighted code: KaTeX, mermaid and code.css are written only when a
// page uses them, and only the pages that use them link to them (an embed
// counts).
func TestAssetsOnlyWhenUsed(t *testing.T) {
	const (
		math    = "Euler: $e^{i\\pi}+1=0$.\n"
		diagram = "```mermaid\ngraph TD\n  A --> B\n```\n"
		code    = "```go\nfunc main() {}\n```\n"
	)
	for _, tc := range []struct {
		name, body string
		want       []string // of katex, mermaid, code
	}{
		{"none", "Plain text, $5 and $6.\n\n```\nno language\n```\n", nil},
		{"math", math, []string{"katex"}},
		{"diagram", diagram, []string{"mermaid"}},
		{"code", code, []string{"code"}},
		{"all", math + "\n" + diagram + "\n" + code, []string{"katex", "mermaid", "code"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fstest.MapFS{
				"content/a.md":     {Data: []byte("---\ntitle: A\n---\n" + tc.body)},
				"content/b.md":     {Data: []byte("---\ntitle: B\n---\nNothing but [[A]].\n")},
				"content/embed.md": {Data: []byte("---\ntitle: Embed\n---\n![[A]]\n")},
			}
			mem := output.NewMem()
			res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
			if err != nil || res.Diags.HasErrors() {
				t.Fatalf("build: %v\n%v", err, res.Diags)
			}
			files := map[string]string{
				"katex":   "vendor/katex/katex.min.js",
				"mermaid": "vendor/mermaid/mermaid.min.js",
				"code":    "css/code.css",
			}
			for what, file := range files {
				want := strings.Contains(strings.Join(tc.want, " "), what)
				if _, ok := mem.File(file); ok != want {
					t.Errorf("%s written: %v, want %v", file, ok, want)
				}
				for page, uses := range map[string]bool{"a/index.html": want, "embed/index.html": want, "b/index.html": false, "index.html": false} {
					html, _ := mem.File(page)
					if got := strings.Contains(string(html), file); got != uses {
						t.Errorf("%s links to %s: %v, want %v", page, file, got, uses)
					}
				}
			}
		})
	}
}

// TestAssetsFromOtherPages: math, a diagram or code only in a page that is
// not a brief's own (the home page, a section's page, each from its
// index.md) still has its library written. (A brief's page is not read
// again for them: only its body can have them.)
func TestAssetsFromOtherPages(t *testing.T) {
	for _, tc := range []struct {
		where, body, file string
	}{
		{"content/index.md", "Euler: $e^{i\\pi}+1=0$.\n", "vendor/katex/katex.min.js"},
		{"content/s/index.md", "```mermaid\ngraph TD\n  A --> B\n```\n", "vendor/mermaid/mermaid.min.js"},
		{"content/index.md", "```go\nfunc main() {}\n```\n", "css/code.css"},
	} {
		src := fstest.MapFS{
			tc.where:             {Data: []byte("---\ntitle: Index\n---\n" + tc.body)},
			"content/s/a.md":     {Data: []byte("---\ntitle: A\n---\nPlain.\n")},
			"content/b.md":       {Data: []byte("---\ntitle: B\n---\nNothing but [[A]].\n")},
			"content/s/other.md": {Data: []byte("---\ntitle: Other\n---\nAlso plain.\n")},
		}
		mem := output.NewMem()
		res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("build: %v\n%v", err, res.Diags)
		}
		if _, ok := mem.File(tc.file); !ok {
			t.Errorf("%s only in %s: %s not written", tc.file, tc.where, tc.file)
		}
	}
}
