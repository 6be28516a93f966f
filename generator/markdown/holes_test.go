package markdown

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/spool"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// holed parses src, marks its links, citations, tags, ```dataview blocks
// and top-level headings as holes (numbered in document order, as the
// brief stage numbers them) and renders it as a Doc.
func holed(t *testing.T, src string, raw bool) *Doc {
	t.Helper()
	md := New(Options{RawHTML: raw})
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(NewContext()))
	hs := NewHoles()
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n := n.(type) {
			case *WikiLink, *ast.Link, *ast.Image, *Citation, *TagLink:
				nodes = append(nodes, n)
			case *ast.FencedCodeBlock:
				if string(n.Language([]byte(src))) == "dataview" {
					nodes = append(nodes, n)
				}
			}
		}
		return ast.WalkContinue, nil
	})
	links, cites, blocks := 0, 0, 0
	for _, n := range nodes {
		switch n := n.(type) {
		case *WikiLink:
			if n.Embed {
				hs.Embed(n, links)
			}
			hs.WikiLink(n, links)
			links++
		case *ast.Link, *ast.Image:
			hs.Href(n, links)
			links++
		case *Citation:
			hs.Cite(n, cites)
			cites++
		case *TagLink:
			hs.Tag(n)
		case *ast.FencedCodeBlock:
			hs.Block(n, blocks)
			blocks++
		}
	}
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			id, _ := h.AttributeString("id")
			hs.Section(h, string(id.([]byte)))
		}
	}
	d, err := md.RenderDoc([]byte(src), doc, hs)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// testFill resolves link i to "dest<i>/" (link 1 stays unresolved), gives
// citation i the number i+1, links tags to "tags/<name>/", replaces
// block 0 and embed 2 and keeps the others.
func testFill(h Hole) (string, bool) {
	dest := fmt.Sprintf("dest%d/", h.Index)
	if h.Index == 1 {
		dest = ""
	}
	switch h.Kind {
	case HoleHref:
		if dest == "" {
			dest = "as-written.md"
		}
		return Href(dest), true
	case HoleLinkOpen:
		return WikiLinkOpen(dest, "T"), true
	case HoleLinkClose:
		return WikiLinkClose(dest), true
	case HoleTag:
		return TagHTML(h.Name, "tags/"+h.Name+"/"), true
	case HoleCite:
		return CiteHTML("", Cite{Items: []CiteItem{{ID: "id"}}}, []CiteRef{{Num: h.Index + 1}}), true
	case HoleBlock:
		if h.Index == 0 {
			return "<table>made</table>\n", true
		}
	case HoleEmbed:
		if h.Index == 2 {
			s := "<div>embedded</div>"
			if h.Block {
				s += "\n"
			}
			return s, true
		}
	}
	return "", false
}

func fill(t *testing.T, d *Doc) string {
	t.Helper()
	var b bytes.Buffer
	if err := d.Fill(&b, testFill); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestHoles(t *testing.T) {
	tests := []struct {
		name string
		src  string
		raw  bool
		want string
	}{
		{"wikilinks", "[[A]] and [[B|bee]] and [[C]]\n", false,
			`<p><a class="wikilink" href="dest0/">A</a> and <span class="wikilink broken" title="No brief named T">bee</span> and <a class="wikilink" href="dest2/">C</a></p>` + "\n"},
		{"markdown links keep what is written when unresolved", "[a](a.md) [b](b.md \"t\") ![i](i.png)\n", false,
			`<p><a href="dest0/">a</a> <a href="as-written.md" title="t">b</a> <img src="dest2/" alt="i"></p>` + "\n"},
		{"citations and tags", "See [@x] and #mining/usa.\n", false,
			`<p>See <sup class="cite"><a href="#ref-1" role="doc-biblioref">[1]</a></sup> and <a class="tag" href="tags/mining/usa/">#mining/usa</a>.</p>` + "\n"},
		{"blocks: replaced, or kept as written", "```dataview\nLIST\n```\n\n```dataview\nTABLE x\n```\n", false,
			"<table>made</table>\n<pre><code class=\"language-dataview\">TABLE x\n</code></pre>\n"},
		{"an embed alone in its paragraph replaces the paragraph", "[[a]] [[b]]\n\n![[c]]\n\n![[d]]\n", false,
			`<p><a class="wikilink" href="dest0/">a</a> <span class="wikilink broken" title="No brief named T">b</span></p>` + "\n<div>embedded</div>\n" +
				`<p><a class="wikilink" href="dest3/">d</a></p>` + "\n"},
		{"an embed in a sentence is inline", "x [[a]] [[b]] ![[c]] y\n", false,
			`<p>x <a class="wikilink" href="dest0/">a</a> <span class="wikilink broken" title="No brief named T">b</span> <div>embedded</div> y</p>` + "\n"},
		{"raw HTML: holes still filled", "<b>[[a]]</b> [x](x.md)\n", true,
			`<p><b><a class="wikilink" href="dest0/">a</a></b> <a href="as-written.md">x</a></p>` + "\n"},
		{"raw HTML: holes swallowed by an attribute a writer left open are dropped", "<div title='\n\n[[a]] ![[b]] ![[c]]\n\n'>x</div> [[d]]\n", true,
			"<div title=\"\n&lt;p&gt;a b c&lt;/p&gt;\n&lt;p&gt;\"> " + `<a class="wikilink" href="dest3/">d</a></p>` + "\n"},
		{"a placeholder written in the text is text", "lodestone-hole-AAAA-0. [[a]]\n", false,
			`<p>lodestone-hole-AAAA-0. <a class="wikilink" href="dest0/">a</a></p>` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fill(t, holed(t, tt.src, tt.raw))
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// TestFillWriters fills a document, in memory and spooled (with the text
// after it), into each kind of writer: a bytes.Buffer and a
// strings.Builder are written to directly, any other writer once.
func TestFillWriters(t *testing.T) {
	src := "# T\n\n[[a]] and [[b|bee]] ![[c]]\n\n```dataview\nLIST\n```\n\ntail\n"
	want := fill(t, holed(t, src, false))
	spooled := holed(t, src, false)
	st, err := spool.New()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Put([]byte("before")); err != nil {
		t.Fatal(err)
	}
	at, err := spooled.Spool(st, []byte("the text"))
	if err != nil {
		t.Fatal(err)
	}
	got := make([]byte, len("the text"))
	if _, err := st.ReadAt(got, at); err != nil || string(got) != "the text" {
		t.Fatalf("Spool says the text is at %d: %q (%v)", at, got, err)
	}
	for _, d := range []*Doc{holed(t, src, false), spooled} {
		var bb bytes.Buffer
		var sb strings.Builder
		var ow onceWriter
		for _, w := range []io.Writer{&bb, &sb, &ow} {
			if err := d.Fill(w, testFill); err != nil {
				t.Fatal(err)
			}
		}
		for name, got := range map[string]string{"bytes.Buffer": bb.String(), "strings.Builder": sb.String(), "other": string(ow.b)} {
			if got != want {
				t.Errorf("spooled %v, %s: got\n%s\nwant\n%s", d.Spooled(), name, got, want)
			}
		}
		if ow.writes != 1 {
			t.Errorf("spooled %v: %d writes to another writer, want 1", d.Spooled(), ow.writes)
		}
	}
}

type onceWriter struct {
	b      []byte
	writes int
}

func (w *onceWriter) Write(p []byte) (int, error) {
	w.writes++
	w.b = append(w.b, p...)
	return len(p), nil
}

// TestHolesSection takes one top-level heading's part of a document.
func TestHolesSection(t *testing.T) {
	d := holed(t, "# Top\n\n[[a]]\n\n## Prices\n\n[[b]] and [[c]]\n\n### Deeper\n\nmore\n\n## Next\n\nafter\n", false)
	sec, err := d.Section(func(level int, id string) bool { return id == "prices" })
	if err != nil {
		t.Fatal(err)
	}
	want := `<h2 id="prices">Prices</h2>` + "\n" + `<p><span class="wikilink broken" title="No brief named T">b</span> and <a class="wikilink" href="dest2/">c</a></p>` + "\n" +
		`<h3 id="deeper">Deeper</h3>` + "\n<p>more</p>\n"
	if got := fill(t, sec); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if sec, _ := d.Section(func(int, string) bool { return false }); sec != nil {
		t.Error("a section no heading matches is not nil")
	}
}

// spooled returns holed(src) moved to a new store.
func spooled(t *testing.T, src string, raw bool) *Doc {
	t.Helper()
	st, err := spool.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	d := holed(t, src, raw)
	if _, err := d.Spool(st, nil); err != nil {
		t.Fatal(err)
	}
	if d.holes != nil || d.html != nil {
		t.Fatal("a spooled Doc keeps its HTML or holes in memory")
	}
	return d
}

// TestSpooledHoles: a Doc moved to a store, its holes with it, fills and
// gives its sections as it did in memory: tags and headings (holes with a
// name), embeds and blocks (with a skip), raw HTML.
func TestSpooledHoles(t *testing.T) {
	srcs := []struct {
		src string
		raw bool
	}{
		{"# Top\n\n[[a]] #tag/x and [@c] ![[e]]\n\n## Prices\n\n```dataview\nLIST\n```\n\n[[b]] and [[c]]\n\n### Deeper\n\nx ![[d]] y\n\n## Next\n\nafter\n", false},
		{"<b>[[a]]</b> [x](x.md)\n\n## H\n\n<i>#t</i>\n", true},
		{"no holes at all\n", false},
	}
	for _, tt := range srcs {
		mem, sp := holed(t, tt.src, tt.raw), spooled(t, tt.src, tt.raw)
		if got, want := fill(t, sp), fill(t, mem); got != want {
			t.Errorf("%q spooled: got\n%s\nwant\n%s", tt.src, got, want)
		}
		for _, id := range []string{"prices", "next", "h", "none"} {
			match := func(_ int, got string) bool { return got == id }
			a, err1 := mem.Section(match)
			b, err2 := sp.Section(match)
			if err1 != nil || err2 != nil || (a == nil) != (b == nil) {
				t.Fatalf("%q section %s: %v %v, in memory %v, spooled %v", tt.src, id, err1, err2, a != nil, b != nil)
			}
			if a != nil {
				if got, want := fill(t, b), fill(t, a); got != want {
					t.Errorf("%q section %s spooled: got\n%s\nwant\n%s", tt.src, id, got, want)
				}
			}
		}
	}
}

// TestHolesEncoding: every field of a hole comes back from the store, and
// damaged bytes are an error, never a panic.
func TestHolesEncoding(t *testing.T) {
	holes := []Hole{
		{Kind: HoleEmbed, Block: true, Index: 3, off: 10, skip: 2},
		{Kind: HoleTag, Name: "mining/usa", off: 12},
		{Kind: HoleEmbed, InPara: true, Index: 1 << 20, off: 1 << 30},
		{Kind: HoleSection, Index: -1, Name: "é", off: 7},
		{Kind: holeEnd, Index: 3, off: 40},
	}
	enc := appendHoles(nil, holes)
	got, err := readHoles(enc)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(holes) {
		t.Errorf("got  %v\nwant %v", got, holes)
	}
	if got, err := readHoles(appendHoles(nil, nil)); err != nil || got != nil {
		t.Errorf("no holes: %v, %v", got, err)
	}
	for n := range len(enc) {
		if _, err := readHoles(enc[:n]); err == nil {
			t.Errorf("the first %d of %d bytes read without an error", n, len(enc))
		}
	}
}

// TestSpoolReleasesHTML spools documents one after the other, as a build
// does, scribbling over every buffer Buffer hands out in between: a
// released buffer that something still used would change what the
// documents fill in.
func TestSpoolReleasesHTML(t *testing.T) {
	srcs := []string{
		"# One\n\n[[a]] and [[b|bee]] ![[c]]\n\ntail\n",
		"Two [[x]], *y*, a longer paragraph [[z#h]] so that the buffers differ in size.\n\n```dataview\nLIST\n```\n",
		"Three [[a]].\n",
	}
	st, err := spool.New()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	scribble := func() {
		var bs [][]byte
		for range 4 {
			b := spool.Buffer(64)
			bs = append(bs, append(b, strings.Repeat("#", cap(b))...))
		}
		for _, b := range bs {
			spool.Release(b)
		}
	}
	var want []string
	var docs []*Doc
	for _, src := range srcs {
		want = append(want, fill(t, holed(t, src, false)))
		d := holed(t, src, false)
		if !d.pooled {
			t.Fatalf("%q: its HTML is not from Buffer", src)
		}
		scribble()
		if _, err := d.Spool(st, nil); err != nil {
			t.Fatal(err)
		}
		if d.pooled || d.html != nil {
			t.Errorf("%q: spooled, but still holds its HTML", src)
		}
		docs = append(docs, d)
		scribble()
	}
	for i, d := range docs {
		if got := fill(t, d); got != want[i] {
			t.Errorf("document %d: got\n%s\nwant\n%s", i, got, want[i])
		}
	}
}
