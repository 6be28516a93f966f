package build

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// TestAllList builds a flat vault of 2,100 untyped notes and three typed
// ones: the home page shows 12 of the untyped ones and leads to the A to Z
// list, which holds every brief in two pages (2,000 and 103) that lead to
// each other; the side navigation's "all" link leads there too.
func TestAllList(t *testing.T) {
	src := fstest.MapFS{}
	for i := range 2100 {
		src[fmt.Sprintf("content/n%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Note %d\n---\nText.\n", i))}
	}
	for _, n := range []string{"Alpha", "Beta", "Gamma"} {
		src["content/"+strings.ToLower(n)+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + n + "\ntype: mine\n---\nText.\n")}
	}
	mem := output.NewMem()
	res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	page := func(name string) string {
		b, ok := mem.File(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		s := string(b)
		if i, j := strings.Index(s, `<h1>`), strings.Index(s, `<nav class="sidenav"`); i >= 0 && j > i && name != "index.html" {
			return s[i:j] // the list itself
		}
		return s
	}
	home := page("index.html")
	main := home[strings.Index(home, `<main`):strings.Index(home, `</main>`)]
	if n := strings.Count(main, `<li><a href="n`); n != 12 {
		t.Errorf("the home page lists %d untyped notes, want 12", n)
	}
	if !strings.Contains(main, `<a href="all/">All briefs, A to Z →</a>`) {
		t.Error("the home page does not lead to the A to Z list")
	}
	if !strings.Contains(home, `<li class="more"><a href="all/">All 2103 →</a></li>`) {
		t.Error("the side navigation's link to all notes does not lead to the A to Z list")
	}
	entry := regexp.MustCompile(`<li><a href="\.\./(?:\.\./)?([a-z0-9]+)/">`)
	first, second := page("all/index.html"), page("all/2/index.html")
	if _, ok := mem.File("all/3/index.html"); ok {
		t.Error("a third page for 2,103 briefs")
	}
	e1, e2 := entry.FindAllStringSubmatch(first, -1), entry.FindAllStringSubmatch(second, -1)
	if len(e1) != 2000 || len(e2) != 103 {
		t.Fatalf("the pages list %d and %d briefs, want 2000 and 103", len(e1), len(e2))
	}
	if e1[0][1] != "alpha" || e1[3][1] != "n0000" || e1[4][1] != "n0001" || e1[13][1] != "n0010" {
		t.Errorf("the list begins %v, want alpha, beta, gamma, n0000, n0001 … n0010 (numbers in order)", e1[:14])
	}
	if !strings.Contains(first, `<a href="2/" rel="next">Next →</a>`) || !strings.Contains(second, `<a href="../" rel="prev">← Previous</a>`) {
		t.Error("the pages do not lead to each other")
	}
	if !strings.Contains(second, `<h1>All briefs (2 of 2)</h1>`) {
		t.Error("the second page is not titled as such")
	}
}
