package build

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// TestMemoParts: a page's <head> links, header and footer, rendered once
// and reused by render.Page.Memo, are the same as each page rendering its
// own (a theme calling the same templates without Memo). The pages are at
// every depth, in a folder the links go into (js/), of every kind, with
// and without math, code, diagrams and citations, in a build and in an
// offline bundle.
func TestMemoParts(t *testing.T) {
	site := fstest.MapFS{
		"content/index.md":         {Data: []byte("---\ntitle: Home\n---\nSee [[Tools]] and [[Deep]].\n")},
		"content/a.md":             {Data: []byte("---\ntitle: A\ntags: [x]\n---\nPlain, linking [[B]].\n")},
		"content/b.md":             {Data: []byte("---\ntitle: B\ntype: mine\n---\nMath: $x^2$ and [[A]].\n")},
		"content/c.md":             {Data: []byte("---\ntitle: C\n---\n```go\nfunc main() {}\n```\n")},
		"content/d.md":             {Data: []byte("---\ntitle: D\n---\n```mermaid\ngraph LR; a-->b\n```\n")},
		"content/e.md":             {Data: []byte("---\ntitle: E\nsources:\n  - id: usgs\n    title: Mineral Commodity Summaries\n---\nReserves [@usgs].\n")},
		"content/f.md":             {Data: []byte("---\ntitle: F\n---\nNo links, no citations.\n")},
		"content/g.md":             {Data: []byte("---\ntitle: G\nsources:\n  - id: usgs\n    title: Mineral Commodity Summaries\n---\nReserves [@usgs], see [[A]].\n")},
		"content/js/tools.md":      {Data: []byte("---\ntitle: Tools\ntags: [x]\n---\nIn a folder named like the scripts' [[A]].\n")},
		"content/js/more/deep.md":  {Data: []byte("---\ntitle: Deep\n---\nDeeper [[Tools]].\n")},
		"content/css.md":           {Data: []byte("---\ntitle: CSS\n---\nNamed like the stylesheets' folder.\n")},
		"content/x/y/z/far.md":     {Data: []byte("---\ntitle: Far\nevents:\n  - date: 2024-05-01\n    title: Opened\n---\nFar away, [[Deep]].\n")},
		"content/x/y/z/farther.md": {Data: []byte("---\ntitle: Farther\n---\nAlso far, [[Far]].\n")},
	}
	base, err := fs.ReadFile(lodestone.Theme, "templates/base.html")
	if err != nil {
		t.Fatal(err)
	}
	plain := string(base)
	for _, part := range []string{`{{.Memo "frame-head" $frame}}`, `{{.Memo "header" .Header}}`, `{{.Memo "frame-footer" $frame}}`} {
		if !strings.Contains(plain, part) {
			t.Fatalf("base.html does not call %s", part)
		}
		plain = strings.Replace(plain, part, strings.Replace(part, ".Memo", "template", 1), 1)
	}
	own := fstest.MapFS{"templates/base.html": {Data: []byte(plain)}}
	for name, f := range site {
		own[name] = f
	}
	for _, offline := range []bool{false, true} {
		build := func(src fs.FS) *output.Mem {
			mem := output.NewMem()
			res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{Offline: offline})
			if err != nil || res.Diags.HasErrors() {
				t.Fatal(err, res.Diags)
			}
			return mem
		}
		memo, each := build(site), build(own)
		pages := 0
		for _, name := range each.Names() {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			pages++
			want, _ := each.File(name)
			got, ok := memo.File(name)
			if !ok || !bytes.Equal(got, want) {
				t.Errorf("offline %v: %s differs from the page rendered without Memo:\n%s", offline, name, firstDiff(got, want))
			}
		}
		if pages < 20 {
			t.Errorf("offline %v: %d pages", offline, pages)
		}
	}
}

// firstDiff shows where a and b part.
func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + string(a[from:min(len(a), i+80)]) + "\nwant: …" + string(b[from:min(len(b), i+80)])
}
