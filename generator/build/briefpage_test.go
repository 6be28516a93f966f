package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/internal/randvault"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/source"
)

// trickySite has briefs whose every field holds characters html/template
// escapes, in each place a brief's page shows them: title, summary,
// aliases, tags, type, facts (a link, a unit, a stale as_of), events with
// and without notes, sources (numbered and author-date, with odd URLs and
// DOIs), citations cited more than once, relations, backlinks, a table of
// contents and a local graph.
func trickySite(style string) fstest.MapFS {
	brief := func(fm, body string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("---\n" + fm + "---\n" + body)}
	}
	return fstest.MapFS{
		"lodestone.yaml": {Data: []byte(`title: "Q&A <site> 'x' + y"
language: en-"GB"
stale_after: 18 months
citation_style: ` + style + `
types:
  "mine & co":
    fields:
      operator: {kind: link, label: "run <by>"}
      output_t: {kind: number, unit: "t & more"}
`)},
		"content/a.md": brief(`title: "A <b>&amp; 'quoted' + \"double\""
type: "mine & co"
summary: "Sum <i>mary</i> & 'more' + \"x\""
tags: ["c&d", "<t>", "稀土"]
aliases: ["al<i>", "a&b", "x+y"]
operator: "[[B & sons]]"
output_t: {value: 1200, as_of: 2020-01}
date: 2024-03-05
updated: 2025-Q2
events:
  - {date: "2021", title: "Year <only>", note: "note & 'n'"}
  - {date: "2021-05-02", title: "Day + night"}
  - {date: "2023-Q3", title: "Quarter \"q\"", note: "<script>x</script>"}
sources:
  - {id: s1, title: "Title & <more>", publisher: "Pub 'lisher'", url: "https://ex.org/a?b=c&d=e#f g", date: "2020", doi: "10.1000/a<b>&c+d"}
  - {id: s2, title: "Bad link", url: "javascript:alert(1)", author: ["Doe, Jane", "Roe, R."], journal: "J <of> X", pages: "1+2", publisher: "Other", note: "n & n"}
  - {id: s3, title: "", url: "https://ex.org/only%20url", author: "Smith, A."}
  - {id: s4, title: "No URL 'at' all", publisher: "P"}
`, "Intro [@s1] and [@s1, p. 2] and [@s2] [@s3] [@s4].\n\n## One & <two>\n\ntext [[b & sons]]\n\n### Three \"3\"\n\ntext\n\n## Four+\n\ntext [[C]]\n"),
		"content/b & sons.md": brief("title: \"B & sons\"\nsummary: \"B's <summary>\"\nevents:\n  - {date: \"2021-05-02\", title: \"Day + night\", note: \"B's <note>\"}\n", "Links to [[A <b>&amp; 'quoted' + \"double\"]] and [[C]].\n"),
		"content/c.md":        brief("title: C\ntype: \"mine & co\"\noperator: \"[[a]]\"\n", "See [[b & sons]].\n"),
		"content/d.md":        brief("title: D\n", "No links, no events.\n"),
	}
}

// TestBriefPageAsTemplates: a brief's page drawn in Go (the built-in
// theme's templates; see render/briefpage.go), and the lists of pages
// Page.PageList draws in Go on the other pages, are byte for byte what
// the templates draw (the same theme with an action that writes nothing
// added to its "pagelist", which turns the Go drawing off), on sites that exercise every part of it: the
// default site (numbered and author-date citations, stale figures,
// relations, a base URL, an offline bundle), the fixture vault, hostile
// notes, random vaults and briefs full of characters to escape.
func TestBriefPageAsTemplates(t *testing.T) {
	repo := os.DirFS("../..")
	yaml, err := fs.ReadFile(repo, "lodestone.yaml")
	if err != nil {
		t.Fatal(err)
	}
	authorDate := source.Overlay{Top: fstest.MapFS{"lodestone.yaml": {Data: append(yaml, "\ncitation_style: author-date\n"...)}}, Base: repo}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	nasty := fstest.MapFS{}
	for name, data := range corpus.Nasty(300) {
		nasty[name] = &fstest.MapFile{Data: data}
	}
	// trickyParts are what the tricky site's page a/ must show, so that
	// the comparison covers them.
	trickyParts := map[string][]string{
		"a/index.html": {`class="toc"`, `<dt>Run &lt;by&gt;</dt>`, `class="stale-badge"`, `id="own-y2021"`, `<p>note &amp; &#39;n&#39;</p>`,
			`class="ref-back"`, `href="#ZgotmplZ"`, `class="relations"`, `Also linked from`, `class="connections"`, `<dt>Also known as</dt>`, `<span class="type">`},
		"timeline/index.html": {`class="merged"`, `<span class="ev-from">(B &amp; sons)</span>`, `data-type="mine &amp; co"`, `<span class="ev-briefs">`},
	}
	type testCase struct {
		name string
		src  fs.FS
		opts Options
		show map[string][]string // what some pages must show
	}
	cases := []testCase{
		{"default site", repo, Options{Now: now, BaseURL: "https://owner.github.io/REPO/"}, nil},
		{"default site, author-date, offline", authorDate, Options{Now: now, Offline: true}, nil},
		{"default site, one file", repo, Options{Now: now, Offline: true, Single: true}, map[string][]string{"index.html": {`class="page-list"`, `<ol class="events`}}},
		{"vault, one file", vaultFS(t), Options{Now: now, Offline: true, Single: true, Name: "Magnet Garden"}, nil},
		{"default site, a briefing pack", repo, Options{Now: now, Offline: true, Root: "Mountain Pass", Depth: 1}, map[string][]string{"index.html": {`id="cover-y`}}},
		{"vault", vaultFS(t), Options{Now: now, Name: "Magnet Garden"}, nil},
		{"nasty", nasty, Options{Now: now}, nil},
		{"tricky, numeric", trickySite("numeric"), Options{Now: now, BaseURL: "https://ex.org/a b/"}, trickyParts},
		{"tricky, author-date", trickySite("author-date"), Options{Now: now}, map[string][]string{"a/index.html": append(trickyParts["a/index.html"], `class="sources author-date"`, `Jane Doe and R. Roe (`)}},
	}
	for seed := range uint64(4) {
		v := randvault.New(seed)
		for range 15 {
			v.Edit()
		}
		cases = append(cases, testCase{fmt.Sprintf("random vault %d", seed), v.FS, Options{Now: now}, nil})
	}
	// The same theme with the "pagelist" partial given an action that
	// writes nothing: its files and its "pagelist" are no longer the
	// built-in ones, so nothing is drawn in Go.
	partial, err := fs.ReadFile(lodestone.Theme, "templates/partials/pagelist.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"pagelist", "events"} {
		define := []byte(`{{define "` + name + `"}}`)
		if !bytes.Contains(partial, define) {
			t.Fatalf("partials/pagelist.html does not define %q", name)
		}
		partial = bytes.Replace(partial, define, append(define, `{{""}}`...), 1)
	}
	templatesOnly := source.Overlay{Top: fstest.MapFS{"templates/partials/pagelist.html": {Data: partial}}, Base: lodestone.Theme}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			inGo, briefs := buildAll(t, c.src, lodestone.Theme, c.opts)
			byTemplates, _ := buildAll(t, c.src, templatesOnly, c.opts)
			if briefs == 0 && !c.opts.Single {
				t.Fatal("no brief pages")
			}
			for name, want := range byTemplates {
				got, ok := inGo[name]
				if !ok {
					t.Errorf("%s: missing", name)
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs:\n%s", name, firstDiff(got, want))
				}
			}
			for page, parts := range c.show {
				for _, part := range parts {
					if !bytes.Contains(inGo[page], []byte(part)) {
						t.Errorf("%s does not show %s", page, part)
					}
				}
			}
			if len(inGo) != len(byTemplates) {
				t.Errorf("%d files, want %d", len(inGo), len(byTemplates))
			}
		})
	}
}

// buildAll builds src with theme into memory, and counts its brief pages.
func buildAll(t *testing.T, src, theme fs.FS, opts Options) (map[string][]byte, int) {
	t.Helper()
	mem := output.NewMem()
	res, err := Build(context.Background(), src, theme, mem, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Diags.HasErrors() {
		t.Fatalf("build: %v", res.Diags)
	}
	files := map[string][]byte{}
	briefs := 0
	for _, name := range mem.Names() {
		data, _ := mem.File(name)
		files[name] = data
		if bytes.Contains(data, []byte(`<body class="kind-brief">`)) {
			briefs++
		}
	}
	return files, briefs
}

// TestThemePageList: a theme's own "pagelist" partial draws the lists of
// pages everywhere, on briefs' pages (relations, backlinks), tag, type and
// folder pages and the home page; its own "events", the timeline.
func TestThemePageList(t *testing.T) {
	theme := source.Overlay{Top: fstest.MapFS{"templates/partials/zz-mine.html": {Data: []byte(
		`{{define "pagelist"}}<ol class="mine">{{range .Pages}}<li>{{.Title}}</li>{{end}}</ol>{{end}}` +
			`{{define "events"}}<ol class="my-events">{{range .Years}}{{range .Events}}<li>{{.Title}}</li>{{end}}{{end}}</ol>{{end}}`)}}, Base: lodestone.Theme}
	s, _ := buildAll(t, trickySite("numeric"), theme, Options{})
	for page, want := range map[string]string{
		"a/index.html":             `<ol class="mine"><li>B &amp; sons</li></ol>`, // backlinks
		"b-sons/index.html":        `<ol class="mine"><li>A &lt;b&gt;&amp;amp; &#39;quoted&#39; &#43; &#34;double&#34;</li></ol>`,
		"tags/c-d/index.html":      `<ol class="mine"><li>A &lt;b&gt;`,
		"types/mine-co/index.html": `<ol class="mine"><li>A &lt;b&gt;&amp;amp; &#39;quoted&#39; &#43; &#34;double&#34;</li><li>C</li></ol>`,
		"timeline/index.html":      `<ol class="my-events"><li>Year &lt;only&gt;</li><li>Day &#43; night</li>`,
	} {
		if !bytes.Contains(s[page], []byte(want)) {
			t.Errorf("%s does not show %s", page, want)
		}
	}
	if bytes.Contains(s["tags/c-d/index.html"], []byte(`class="page-list"`)) {
		t.Error("a tag's page has the built-in list")
	}
}
