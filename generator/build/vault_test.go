package build

import (
	"context"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/internal/vault"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// vaultNotes are the notes of the fixture vault that are published, by
// their path below content/, with the page each becomes. Not published:
// the Quartz tag notes (tags/*.md, which introduce tag pages), the
// templates (Templates/), the Excalidraw drawing, .trash/, the note with
// publish: false and the one with draft: true.
var vaultNotes = map[string]string{
	"Home.md":                         "index.html",
	"Code/Demagnetisation curve.md":   "code/demagnetisation-curve/index.html",
	"Code/Fit BH loop.md":             "code/fit-bh-loop/index.html",
	"Inbox/Reading list.md":           "inbox/reading-list/index.html",
	"Journal/2024-03-12.md":           "journal/2024-03-12/index.html",
	"Journal/2024-03-15.md":           "journal/2024-03-15/index.html",
	"Materials/Dysprosium.md":         "materials/dysprosium/index.html",
	"Materials/Ferrite.md":            "materials/ferrite/index.html",
	"Materials/Magnet grades.md":      "guides/magnet-grades/index.html",
	"Materials/NdFeB.md":              "materials/ndfeb/index.html",
	"Materials/Overview.md":           "materials/overview/index.html",
	"Materials/SmCo.md":               "materials/smco/index.html",
	"People/John Croat.md":            "people/john-croat/index.html",
	"People/Masato Sagawa.md":         "people/masato-sagawa/index.html",
	"Physics/Coercivity.md":           "physics/coercivity/index.html",
	"Physics/Demagnetising field.md":  "physics/demagnetising-field/index.html",
	"Physics/Hysteresis.md":           "physics/hysteresis/index.html",
	"Physics/Maxwell equations.md":    "physics/maxwell-equations/index.html",
	"Physics/Overview.md":             "physics/overview/index.html",
	"Physics/Units.md":                "physics/units/index.html",
	"Queries/Magnet notes.md":         "queries/magnet-notes/index.html",
	"Queries/Open tasks.md":           "queries/open-tasks/index.html",
	"Reference/Block embeds.md":       "reference/block-embeds/index.html",
	"Reference/Callouts.md":           "reference/callouts/index.html",
	"Reference/HTML in notes.md":      "reference/html-in-notes/index.html",
	"Supply chain/Export controls.md": "supply-chain/export-controls/index.html",
	"Supply chain/Mining.md":          "supply-chain/mining/index.html",
	"Supply chain/Overview.md":        "supply-chain/overview/index.html",
	"Supply chain/Recycling.md":       "supply-chain/recycling/index.html",
	"Supply chain/Separation.md":      "supply-chain/separation/index.html",
	"稀土/出口管制.md":                      "稀土/出口管制/index.html",
	"稀土/分离工艺.md":                      "稀土/分离工艺/index.html",
	"稀土/白云鄂博.md":                      "稀土/白云鄂博/index.html",
	"稀土/矫顽力.md":                       "稀土/矫顽力/index.html",
	"稀土/稀土元素.md":                      "稀土/稀土元素/index.html",
	"稀土/钕铁硼.md":                       "稀土/钕铁硼/index.html",
}

// vaultFiles are the attachments some published note uses: exactly these
// are copied. The vault's other files (a screenshot nothing embeds, a photo
// only the publish: false note embeds, a scan only the note in .trash/
// embeds, .obsidian/'s settings) are not.
var vaultFiles = []string{
	"Attachments/NdFeB datasheet.pdf",
	"Attachments/Pasted image 20240312101500.png",
	"Attachments/nd2fe14b-unit-cell.png",
	"Drawings/Halbach array.excalidraw.svg",
	"Materials/assets/smco-sample.png",
	"images/bh-curve.png",
	"images/grain-boundary.svg",
	"稀土/assets/稀土产量.png",
	"稀土/assets/稀土白皮书.pdf",
}

// vaultFS is the fixture vault as a site.
func vaultFS(t *testing.T) fstest.MapFS {
	t.Helper()
	files, err := vault.Files()
	if err != nil {
		t.Fatal(err)
	}
	src := fstest.MapFS{}
	for name, data := range files {
		src[name] = &fstest.MapFile{Data: data}
	}
	return src
}

// TestVault builds the fixture vault (generator/internal/vault) as its
// owner would, with nothing but the folder: it builds with exactly two
// warnings, each a problem confined to its note (the front matter that
// does not parse, the dataview query Lodestone cannot run) at its
// file:line:col, and every link Obsidian resolves resolves; --strict makes
// those two errors and writes nothing. Every note but the unpublished ones
// has its page, exactly the attachments used are copied, and the
// conventions show in the pages.
func TestVault(t *testing.T) {
	src := vaultFS(t)
	mem := output.NewMem()
	res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{Name: "Magnet Garden"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range res.Diags {
		if d.Kind != diag.Note {
			t.Errorf("not confined to its note (kind %q): %v", d.Kind, d)
		}
		got = append(got, d.Error())
	}
	want := []string{
		`content/Inbox/Reading list.md:3:9: warning: front matter: found character that cannot start any token (a value starting with @ must be quoted: "@me")`,
		`content/Queries/Open tasks.md:7:1: warning: query: expected TABLE or LIST, got "TASK"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(res.Summary(), "2 warnings (2 notes published with problems; --strict makes them errors), 0 errors") {
		t.Errorf("summary: %s", res.Summary())
	}

	// Published: every note but the unpublished ones, at its page.
	published := map[string]string{}
	for _, p := range res.Site.Pages {
		if p.TagOf != nil {
			continue // tags/*.md introduce tag pages
		}
		published[p.Rel] = p.URL
	}
	for rel, page := range vaultNotes {
		if _, ok := published[rel]; !ok {
			t.Errorf("%s is not published", rel)
		}
		if _, ok := mem.File(page); !ok {
			t.Errorf("%s: no page %s", rel, page)
		}
	}
	for rel, url := range published {
		if _, ok := vaultNotes[rel]; !ok {
			t.Errorf("%s is published (at %s) but should not be", rel, url)
		}
	}
	if len(published) != 36 {
		t.Errorf("%d notes published, want 36", len(published))
	}
	for _, name := range mem.Names() {
		for _, gone := range []string{"templates", "daily-note", "literature-note", "excalidraw/", "halbach-array/", "trash", "old-magnet-list", "2024-03-13", "2024-03-14", "tags-2"} {
			if strings.Contains(strings.ToLower(name), gone) {
				t.Errorf("output has %s, from a note that is not published", name)
			}
		}
	}

	// Attachments: exactly the ones used, found in the attachment folder,
	// in images/ and in assets/ folders beside notes.
	if !slices.Equal(res.Site.Assets, vaultFiles) {
		t.Errorf("assets:\n%s\nwant:\n%s", strings.Join(res.Site.Assets, "\n"), strings.Join(vaultFiles, "\n"))
	}
	for name := range src {
		rel, ok := strings.CutPrefix(name, "content/")
		if !ok || strings.HasSuffix(name, ".md") {
			continue
		}
		_, copied := mem.File(rel)
		if want := slices.Contains(vaultFiles, rel); copied != want {
			t.Errorf("%s: copied %v, want %v", rel, copied, want)
		}
	}

	page := func(name string) string {
		t.Helper()
		b, ok := mem.File(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return string(b)
	}
	for name, wants := range map[string][]string{
		// The Home note is the home page; the folder's name titles the site.
		"index.html": {`<title>Magnet Garden</title>`, `href="guides/magnet-grades/">What N42 and N52 mean</a>`,
			`href="tags/magnets/">notes tagged magnets</a>`, `href="physics/">physics folder</a>`, `href="%E7%A8%80%E5%9C%9F/">稀土</a>`},
		// [[Overview]] is the one in the linking note's folder.
		"materials/ndfeb/index.html": {`href="../overview/">Overview</a>`,
			`<img src="../../Attachments/nd2fe14b-unit-cell.png" alt="nd2fe14b-unit-cell.png" width="300" loading="lazy">`,
			`<img src="../../Attachments/Pasted%20image%2020240312101500.png" alt="">`,
			`<img src="../../images/grain-boundary.svg" alt="Grain boundary sketch" width="240">`,
			`<a class="wikilink" href="../../Attachments/NdFeB%20datasheet.pdf">NdFeB datasheet.pdf</a>`,
			`<p id="block-grain-boundary">`, `<div class="block-ref" id="block-corrosion">`},
		"supply-chain/mining/index.html": {`href="../overview/">Overview</a>`, `href="../../%E7%A8%80%E5%9C%9F/%E7%99%BD%E4%BA%91%E9%84%82%E5%8D%9A/">白云鄂博</a>`},
		"materials/smco/index.html":      {`<img src="../../Materials/assets/smco-sample.png" alt="smco-sample.png" loading="lazy">`, `href="../../tags/magnets/">#magnets</a>`},
		"physics/hysteresis/index.html":  {`<img src="../../images/bh-curve.png" alt="The second quadrant of a B–H loop" width="320">`},
		// Heading paths and encoded headings.
		"physics/demagnetising-field/index.html": {`href="../maxwell-equations/#vector-form">the same heading, URL-encoded</a>`,
			`href="../maxwell-equations/#vector-form">Maxwell equations › Differential form › Vector form</a>`,
			`<span class="math math-inline">a_b + c_d</span>`},
		"physics/maxwell-equations/index.html": {`\\`, `\varepsilon_{ijk}\,\partial_j H_k`, `<span class="math math-inline">a_b</span>`},
		// A block embed shows the block alone.
		"materials/dysprosium/index.html": {`<div class="embed-note"><p class="embed-source"><a href="../ndfeb/#block-grain-boundary">NdFeB</a></p><p id="e2-block-grain-boundary">The coercivity`},
		"reference/block-embeds/index.html": {`<ol id="e2-block-steps">`, `<ul><li id="e3-block-sx-step">Solvent extraction, cascade by cascade</li>`,
			`<a href="../../materials/ndfeb/#block-corrosion">NdFeB</a></p><div class="block-ref" id="e4-block-corrosion">`},
		// PDFs by name and by path; an exported drawing.
		"supply-chain/recycling/index.html": {`<a class="wikilink" href="../../Attachments/NdFeB%20datasheet.pdf">datasheet (PDF)</a>`,
			`href="../../%E7%A8%80%E5%9C%9F/assets/%E7%A8%80%E5%9C%9F%E7%99%BD%E7%9A%AE%E4%B9%A6.pdf">稀土白皮书.pdf</a>`,
			`<img src="../../Drawings/Halbach%20array.excalidraw.svg" alt="Halbach array" width="240" loading="lazy">`},
		// Mention links are links, not citations.
		"people/masato-sagawa/index.html": {`<a href="https://en.wikipedia.org/wiki/Masato_Sagawa">@sagawa</a>`},
		// Raw HTML, and the iframe from the allowed host.
		"reference/html-in-notes/index.html":      {`<kbd>Ctrl</kbd>+<kbd>P</kbd>`, `H<sub>2</sub>O`, `m<sup>3</sup>`, `<mark>this is highlighted</mark>`, `<summary>Lab notes from the bench (click)</summary>`},
		"supply-chain/export-controls/index.html": {`<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"`, `<details class="callout callout-info">`, `Read the <a class="wikilink" href="../recycling/">Recycling</a> note`},
		// The query Lodestone can't run is shown as written, with why.
		"queries/open-tasks/index.html":   {`<div class="block-failed" role="note">`, `GROUP BY file.link`},
		"queries/magnet-notes/index.html": {`<ul class="query-list">`, `href="../../materials/ndfeb/">NdFeB</a>`},
		// Broken front matter: the body, titled by the file name.
		"inbox/reading-list/index.html": {`<h1>Reading list</h1>`, `Gutfleisch et al. 2011`},
		// draft: with no value is not a draft.
		"journal/2024-03-12/index.html": {`<h1>2024-03-12</h1>`, `width="200"`},
		// Quartz tag pages, one of them Chinese.
		"tags/稀土/index.html":      {`<h1>稀土</h1>`, `关于稀土的中文笔记`, `>钕铁硼</a>`},
		"tags/magnets/index.html": {`<h1>Magnets</h1>`, `Start with <a class="wikilink"`},
		// Chinese notes: images in assets/ beside them, links between them.
		"稀土/稀土元素/index.html": {`<img src="../assets/%E7%A8%80%E5%9C%9F%E4%BA%A7%E9%87%8F.png" alt="稀土产量.png" width="360" loading="lazy">`,
			`href="../%E9%92%95%E9%93%81%E7%A1%BC/">钕铁硼</a>`},
		"稀土/钕铁硼/index.html":                     {`href="../%E7%9F%AB%E9%A1%BD%E5%8A%9B/#%E6%B8%A9%E5%BA%A6%E7%B3%BB%E6%95%B0">`, `<aside class="callout callout-tip"`, `<dd>钕磁铁</dd>`},
		"稀土/白云鄂博/index.html":                    {`<img src="../assets/%E7%A8%80%E5%9C%9F%E4%BA%A7%E9%87%8F.png" alt="">`},
		"稀土/分离工艺/index.html":                    {`<pre class="mermaid">`, `稀土精矿`},
		"supply-chain/separation/index.html":    {`<pre class="mermaid">`},
		"code/demagnetisation-curve/index.html": {`<pre class="chroma"><code class="language-go">`},
		"code/fit-bh-loop/index.html":           {`<code class="language-python">`},
	} {
		html := page(name)
		for _, w := range wants {
			if !strings.Contains(html, w) {
				t.Errorf("%s lacks %s", name, w)
			}
		}
	}
	// Callouts: every family, aliases mapped to it.
	callouts := page("reference/callouts/index.html")
	for family, n := range map[string]int{"note": 1, "abstract": 3, "info": 1, "todo": 1, "tip": 4, "success": 3, "question": 3, "warning": 5, "failure": 3, "danger": 2, "bug": 2, "example": 1, "quote": 2} {
		if got := strings.Count(callouts, `class="callout callout-`+family+`"`); got != n {
			t.Errorf("callouts: %d of family %s, want %d", got, family, n)
		}
	}
	for _, w := range []string{`<details class="callout callout-question">`, `<details class="callout callout-tip" open>`, `<details class="callout callout-bug">`,
		`A tip with a link to <a class="wikilink" href="../../physics/hysteresis/">Hysteresis</a> in the title`} {
		if !strings.Contains(callouts, w) {
			t.Errorf("callouts lack %s", w)
		}
	}
	// Nothing of the source's syntax shows: block ids, template
	// placeholders, publishing properties, front matter.
	for _, name := range mem.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		html := page(name)
		for _, raw := range []string{"^grain-boundary", "^steps", "^corrosion", "^sx-step", "^jb-intro", "{{title}}", "[[", "]]", "permalink", "cssclasses", "Papers: what to read next"} {
			if strings.Contains(html, raw) {
				t.Errorf("%s shows %q", name, raw)
			}
		}
	}

	// --drafts publishes the draft. (It publishes the note with publish:
	// false too: the README says publish: false works "as draft: true
	// does".)
	drafts, err := Build(context.Background(), src, lodestone.Theme, output.NewMem(), Options{Name: "Magnet Garden", Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range drafts.Site.Pages {
		found = found || p.Rel == "Journal/2024-03-14.md"
	}
	if !found {
		t.Error("--drafts does not publish Journal/2024-03-14.md (draft: true)")
	}

	// --strict: the two problems are errors, and nothing is written.
	strictMem := output.NewMem()
	strict, err := Build(context.Background(), src, lodestone.Theme, strictMem, Options{Name: "Magnet Garden", Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if e, w := strict.Diags.Count(); e != 2 || w != 0 {
		t.Errorf("--strict: %d errors, %d warnings, want 2 and 0:\n%v", e, w, strict.Diags)
	}
	for _, d := range strict.Diags {
		if d.Severity != diag.Error || !strings.HasPrefix(d.Pos.String(), "content/Inbox/Reading list.md:3:9") && !strings.HasPrefix(d.Pos.String(), "content/Queries/Open tasks.md:7:1") {
			t.Errorf("--strict: %v", d)
		}
	}
	if strict.Files != 0 || len(strictMem.Names()) != 0 {
		t.Errorf("--strict wrote %d files", len(strictMem.Names()))
	}
}
