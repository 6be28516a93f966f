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

// sideNavOf is the side navigation of a page: the hrefs of its links, in
// order, the current one starred, and the keys of its open and closed
// sections.
func sideNavOf(t *testing.T, html string) (links []string, open, closed []string) {
	t.Helper()
	start := strings.Index(html, `<nav class="sidenav"`)
	if start < 0 {
		return nil, nil, nil
	}
	nav := html[start:]
	nav = nav[:strings.Index(nav, "</nav>")]
	for _, m := range regexp.MustCompile(`<a href="([^"]*)"( aria-current="page")?`).FindAllStringSubmatch(nav, -1) {
		l := m[1]
		if m[2] != "" {
			l += "*"
		}
		links = append(links, l)
	}
	for _, m := range regexp.MustCompile(`<details data-key="([^"]*)"( open)?`).FindAllStringSubmatch(nav, -1) {
		if m[2] != "" {
			open = append(open, m[1])
		} else {
			closed = append(closed, m[1])
		}
	}
	return links, open, closed
}

// TestSideNavBounded builds sites of two shapes. A small one has its whole
// tree on every page, the page's own branch open. A flat vault of 250
// notes with a small folder has, on each page, only its own branch
// expanded and at most 30 briefs of a section: a window around the page's
// own, and a link to the rest.
func TestSideNavBounded(t *testing.T) {
	note := func(title string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\ntitle: " + title + "\n---\nText.\n")}
	}
	small := fstest.MapFS{
		"content/index.md":       note("Home"),
		"content/a/one.md":       note("One"),
		"content/a/two.md":       note("Two"),
		"content/a/deep/four.md": note("Four"),
		"content/b/three.md":     note("Three"),
	}
	flat := fstest.MapFS{
		"content/folder/x.md": note("X"),
		"content/folder/y.md": note("Y"),
	}
	for i := range 250 {
		flat[fmt.Sprintf("content/n%03d.md", i)] = note(fmt.Sprintf("Note %03d", i))
	}
	build := func(src fstest.MapFS) *output.Mem {
		mem := output.NewMem()
		res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("build: %v\n%v", err, res.Diags)
		}
		return mem
	}
	page := func(mem *output.Mem, name string) string {
		b, ok := mem.File(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return string(b)
	}

	mem := build(small)
	links, open, closed := sideNavOf(t, page(mem, "a/deep/four/index.html"))
	if want := []string{"../../", "../", "./*", "../../one/", "../../two/", "../../../b/", "../../../b/three/"}; strings.Join(links, " ") != strings.Join(want, " ") {
		t.Errorf("small site, a/deep/four: links %q, want %q", links, want)
	}
	if strings.Join(open, " ") != "a/ a/deep/" || strings.Join(closed, " ") != "b/" {
		t.Errorf("small site, a/deep/four: open %q, closed %q; want the page's branch open and b/ closed", open, closed)
	}
	if links, _, _ := sideNavOf(t, page(mem, "a/index.html")); !strings.Contains(strings.Join(links, " "), "./*") {
		t.Errorf("a section page is not marked in its own navigation: %q", links)
	}
	if links, _, _ := sideNavOf(t, page(mem, "404.html")); links != nil {
		t.Errorf("the 404 page has a side navigation: %q", links)
	}

	mem = build(flat)
	html := page(mem, "n150/index.html")
	links, open, closed = sideNavOf(t, html)
	if len(open)+len(closed) != 0 {
		t.Errorf("flat vault, n150: sections %q %q are expanded, want the folder as a plain link", open, closed)
	}
	var notes []string
	for _, l := range links {
		if strings.HasPrefix(l, "../n") || l == "./*" {
			notes = append(notes, l)
		}
	}
	if len(notes) != 30 || notes[0] != "../n135/" || notes[15] != "./*" || notes[29] != "../n164/" {
		t.Errorf("flat vault, n150: %d notes listed (%v…%v), want 30 from n135 to n164 with n150 marked", len(notes), notes[:min(len(notes), 1)], notes[max(len(notes)-1, 0):])
	}
	if !strings.Contains(html, `<li class="more"><a href="../all/">All 250 →</a>`) {
		t.Error("flat vault, n150: no link to all 250 notes")
	}
	if links, _, _ := sideNavOf(t, page(mem, "n000/index.html")); links[1] != "../n000/*" && links[1] != "./*" {
		t.Errorf("flat vault, n000: the first note is not first and marked: %q", links[:3])
	}
	links, open, _ = sideNavOf(t, page(mem, "folder/x/index.html"))
	if strings.Join(open, " ") != "folder/" || !strings.Contains(strings.Join(links, " "), "./* ../y/") {
		t.Errorf("flat vault, folder/x: open %q, links %q; want its folder open with x marked and y", open, links[:min(len(links), 5)])
	}
}
