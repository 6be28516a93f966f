package build

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/htmlurl"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// TestRepoContent builds the repository's own content/ with --strict: the
// default site must have no warnings at all, and its key pages must exist and
// be cross-linked.
func TestRepoContent(t *testing.T) {
	mem := output.NewMem()
	res, err := Build(context.Background(), os.DirFS("../.."), lodestone.Theme, mem, Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	// Stale figures are a reminder to editors that grows with time, not a
	// defect of the build: they are left out here.
	if d := res.Diags.Without("stale"); len(d) > 0 {
		t.Fatalf("the default site has diagnostics:\n%v", d)
	}
	if res.Briefs < 10 {
		t.Errorf("only %d briefs in content/", res.Briefs)
	}
	for _, name := range []string{"index.html", "mines/mountain-pass/index.html", "concepts/ndpr-oxide/index.html", "countries/united-states/index.html", "timeline/index.html", "404.html", "feed.xml", "css/site.css"} {
		if _, ok := mem.File(name); !ok {
			t.Errorf("missing %s", name)
		}
	}
	mp, _ := mem.File("mines/mountain-pass/index.html")
	for _, want := range []string{"<table>", `class="timeline own"`, "Linked from", `href="../../companies/mp-materials/"`} {
		if !strings.Contains(string(mp), want) {
			t.Errorf("mountain-pass page lacks %s", want)
		}
	}
	tl, _ := mem.File("timeline/index.html")
	if n := strings.Count(string(tl), "<time datetime="); n < 80 {
		t.Errorf("timeline has %d events, want at least 80", n)
	}
	if res.Briefs < 40 {
		t.Errorf("%d briefs, want at least 40", res.Briefs)
	}
	// Key figures appear on the right pages, with their source.
	for page, wants := range map[string][]string{
		"countries/china/index.html":         {"Reserves (MCS 2026)", "44,000,000 t REO", "(as of February 2026)", "RES-054", "RES-006", "Mineral Commodity Summaries 2026"},
		"countries/united-states/index.html": {"1,900,000 t REO", "Mine production 2025", "51,000 t REO", "RES-049", "Mineral Commodity Summaries 2026"},
		"countries/vietnam/index.html":       {"3,500,000", "REV-001"},
		"countries/index.html":               {`<figure class="chart chart-bar">`, `data-source="query"`, "44,000,000 t REO"},
		"countries/world/index.html":         {"<title>China: 44,000,000</title>", "RES-017"},
		"mines/mountain-pass/index.html":     {"45,000 t", "MP Materials"},
		"sources/index.html":                 {"Mineral Commodity Summaries 2025", "Rare Earths (Heavy)", "Revision History for U.S. Geological Survey Mineral Commodity Summaries 2026"},
		// MCS 2026 version 1.3: Brazil cut to 11 Mt in the May 2026 reissue.
		"countries/brazil/index.html":     {"11,000,000 t REO", "(as of May 2026)", "RES-051"},
		"countries/world/index.html#meta": {"Mine production 2025", "390,000 t REO"},
		// Figures quoted from another brief (`= [[United States]].reserves_t`),
		// and the MCS chapters cited from the bibliography with the page.
		"analysis/index.html":             {`<a class="figure-value" href="../countries/united-states/" title="Reserves (MCS 2026): United States">1,900,000 t REO</a>`},
		"countries/china/index.html#cite": {`role="doc-biblioref">[1, p. 153]</a>`, `role="doc-biblioref">[2, p. 145]</a>`},
	} {
		page, _, _ = strings.Cut(page, "#")
		b, ok := mem.File(page)
		if !ok {
			t.Errorf("missing %s", page)
			continue
		}
		for _, w := range wants {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %q", page, w)
			}
		}
	}
}

// TestRepoFiguresDue: the default site's reserves are dated by their USGS
// edition (MCS 2026, posted February 2026; Brazil's figure from the May
// 2026 reissue) and stale_after is a year, so none is stale in mid-February
// 2027, when the next edition is due, and all are by mid-March; two
// planned events are past by then and say so.
func TestRepoFiguresDue(t *testing.T) {
	for _, c := range []struct {
		date            time.Time
		figures, events int
	}{
		{time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), 0, 0},
		{time.Date(2027, 2, 15, 0, 0, 0, 0, time.UTC), 0, 2},
		{time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC), 7, 2},
		{time.Date(2027, 6, 15, 0, 0, 0, 0, time.UTC), 8, 2},
	} {
		res, err := Build(context.Background(), os.DirFS("../.."), lodestone.Theme, output.NewMem(), Options{Now: c.date})
		if err != nil {
			t.Fatal(err)
		}
		figures, events := 0, 0
		for _, d := range res.Diags {
			switch {
			case d.Kind != "stale":
			case strings.Contains(d.Msg, "older than stale_after"):
				figures++
			case strings.Contains(d.Msg, "now past"):
				events++
			}
		}
		if figures != c.figures || events != c.events {
			t.Errorf("built on %s: %d stale figures and %d past planned events, want %d and %d:\n%v", c.date.Format("2006-01-02"), figures, events, c.figures, c.events, res.Diags)
		}
	}
}

// TestRepoFactIDs: every fact id the default site's briefs cite is
// defined (data/facts.yaml), with a source the site can name, and every
// fact there is cited, in a brief's text or its events.
func TestRepoFactIDs(t *testing.T) {
	m, err := Load(context.Background(), os.DirFS("../.."), lodestone.Theme, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := m.Site
	if undefined := s.UndefinedFactIDs(); len(undefined) > 0 {
		for id, p := range undefined {
			t.Errorf("%s cites %s, which no data file defines", p.File, id)
		}
	}
	if len(s.Facts) < 380 {
		t.Errorf("%d facts, want the 391 the briefs cite", len(s.Facts))
	}
	cited := 0
	for _, f := range s.Facts {
		if f.Source == nil {
			t.Errorf("%s: the site cannot name its source %q", f.ID, f.SourceID)
		}
		if len(f.Pages) > 0 {
			cited++
			continue
		}
		inEvents := false
		for _, p := range s.Pages {
			for _, e := range p.Events {
				inEvents = inEvents || strings.Contains(e.Title+" "+e.Note, f.ID)
			}
		}
		if !inEvents {
			t.Errorf("%s is cited nowhere: take it out of %s", f.ID, f.File)
		}
	}
	t.Logf("%d facts, %d cited in briefs' text", len(s.Facts), cited)
	if got := s.FactURL("MP-011"); got != "facts/#MP-011" {
		t.Errorf("MP-011 is defined at %q", got)
	}
}

// TestCorpusBuilds checks the benchmark corpus is a valid site in which every
// link resolves, so the benchmarks measure real work.
func TestCorpusBuilds(t *testing.T) {
	src := corpusFS(200)
	res, err := Build(context.Background(), src, lodestone.Theme, output.NewMem(), Options{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diags) > 0 {
		t.Fatalf("corpus has diagnostics:\n%v", res.Diags)
	}
	if want := 200 * 7; res.Site.LinksResolved != want {
		t.Errorf("links resolved = %d, want %d", res.Site.LinksResolved, want)
	}
}

func corpusFS(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range corpus.Files(n, corpus.StyleWiki) {
		fsys[name] = &fstest.MapFile{Data: data, ModTime: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	return fsys
}

// BenchmarkBuild measures a full build (parse, resolve, render, minify) into
// memory at 1,000 and 10,000 briefs. The files are read from an in-memory
// file system so the figure is the generator's own work.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := corpusFS(n)
		b.Run(fmt.Sprintf("briefs=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := Build(context.Background(), src, lodestone.Theme, output.Minify(output.NewMem()), Options{})
				if err != nil || res.Diags.HasErrors() {
					b.Fatal(err, res.Diags)
				}
			}
		})
	}
}

var idRe = regexp.MustCompile(` id="([^"]*)"`)

func TestRepoLinksResolve(t *testing.T) {
	mem := output.NewMem()
	res, err := Build(context.Background(), os.DirFS("../.."), lodestone.Theme, output.Minify(mem), Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	ids := map[string]map[string]bool{}
	idsOf := func(name string) map[string]bool {
		if m, ok := ids[name]; ok {
			return m
		}
		b, _ := mem.File(name)
		m := map[string]bool{}
		for _, x := range idRe.FindAllStringSubmatch(string(b), -1) {
			m[html.UnescapeString(x[1])] = true
		}
		ids[name] = m
		return m
	}
	checked := 0
	for _, name := range mem.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		b, _ := mem.File(name)
		from := name
		if name == "404.html" {
			from = "index.html" // its <base href> is the site root
		}
		for _, r := range htmlurl.Refs(b) {
			if r.Tag == "base" {
				continue
			}
			ref := r.URL
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad URL %q", name, ref)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				continue // external
			}
			if strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: root-absolute link %q", name, ref)
				continue
			}
			target := name
			if u.Path != "" {
				target = path.Join(path.Dir(from), u.Path)
				if strings.HasSuffix(u.Path, "/") || u.Path == "." {
					target = path.Join(target, "index.html")
				}
			}
			if _, ok := mem.File(target); !ok {
				t.Errorf("%s: %q -> %s does not exist", name, ref, target)
				continue
			}
			if u.Fragment != "" && !idsOf(target)[u.Fragment] {
				t.Errorf("%s: %q -> no id %q in %s", name, ref, u.Fragment, target)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("only %d internal links checked", checked)
	}
}

// TestLoadCache checks that a Cache re-parses only briefs whose size or
// modification time changed, and that deleted briefs disappear.
func TestLoadCache(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	src := fstest.MapFS{
		"content/a.md": {Data: []byte("Links to [[b]]."), ModTime: t0},
		"content/b.md": {Data: []byte("---\ntitle: Bee\n---\nB."), ModTime: t0},
		"content/c.md": {Data: []byte("C."), ModTime: t0},
	}
	cache := NewCache()
	load := func() *Model {
		t.Helper()
		m, err := Load(context.Background(), src, lodestone.Theme, Options{}, cache)
		if err != nil || m.Diags.HasErrors() {
			t.Fatal(err, m.Diags)
		}
		return m
	}
	if m := load(); m.Parsed != 3 {
		t.Errorf("first load parsed %d, want 3", m.Parsed)
	}
	if m := load(); m.Parsed != 0 {
		t.Errorf("unchanged load parsed %d, want 0", m.Parsed)
	}
	src["content/b.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Bee two\n---\nB."), ModTime: t0.Add(time.Second)}
	delete(src, "content/c.md")
	m := load()
	if m.Parsed != 1 || len(m.Site.Pages) != 2 {
		t.Errorf("after edit+delete: parsed %d, pages %d; want 1, 2", m.Parsed, len(m.Site.Pages))
	}
	page, _, d := m.Plan.File("a/index.html")
	if d != nil || !strings.Contains(string(page), `href="../b/">b</a>`) {
		t.Errorf("a/index.html: %v\n%s", d, page)
	}
	bpage, _, _ := m.Plan.File("b/index.html")
	if !strings.Contains(string(bpage), "<h1>Bee two</h1>") || !strings.Contains(string(bpage), "Linked from") {
		t.Errorf("b/index.html not updated:\n%s", bpage)
	}
	if _, ok, _ := m.Plan.File("c/index.html"); ok {
		t.Error("deleted brief c still in the plan")
	}
	// Same size and time as cached but forgotten: parsed again.
	cache.Forget("a.md")
	if m := load(); m.Parsed != 1 {
		t.Errorf("after Forget parsed %d, want 1", m.Parsed)
	}
}

// BenchmarkLoadWarm measures what the preview server does after an edit to
// one brief: Load with a warm cache (walk, re-parse one file, cross-link,
// plan), at 1,000 and 10,000 briefs.
func BenchmarkLoadWarm(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		src := corpusFS(n)
		b.Run(fmt.Sprintf("briefs=%d", n), func(b *testing.B) {
			cache := NewCache()
			if _, err := Load(context.Background(), src, lodestone.Theme, Options{}, cache); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				cache.Forget("section-01/brief-00001.md")
				m, err := Load(context.Background(), src, lodestone.Theme, Options{}, cache)
				if err != nil || m.Parsed != 1 {
					b.Fatal(err, m.Parsed)
				}
			}
		})
	}
}

// TestFinalRender checks that a plan told Render is its last use (Final,
// as a build's is: it lets go of the link graph before the search index)
// writes the same files as one that is not.
func TestFinalRender(t *testing.T) {
	render := func(final bool) *output.Mem {
		m, err := Load(context.Background(), os.DirFS("../.."), lodestone.Theme, Options{}, NewCache())
		if err != nil || m.Plan == nil {
			t.Fatal(err, m.Diags)
		}
		if final {
			m.Plan.Final()
		}
		out := output.NewMem()
		if d := m.Plan.Render(context.Background(), out); d.HasErrors() {
			t.Fatal(d)
		}
		return out
	}
	plain, final := render(false), render(true)
	if !slices.Equal(plain.Names(), final.Names()) {
		t.Fatalf("a final render writes %d files, another %d", len(final.Names()), len(plain.Names()))
	}
	graphs := 0
	for _, n := range plain.Names() {
		a, _ := plain.File(n)
		b, _ := final.File(n)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs in a final render", n)
		}
		graphs += bytes.Count(a, []byte(`class="graph graph-local"`))
	}
	if graphs < 20 {
		t.Errorf("%d local graphs written; the site should have many", graphs)
	}
}

// TestRenderArenas checks that the pages a render's workers write, each
// reusing its bytes from one page to the next (see render's arena), are
// those rendered one at a time with bytes of their own.
func TestRenderArenas(t *testing.T) {
	m, err := Load(context.Background(), os.DirFS("../.."), lodestone.Theme, Options{}, NewCache())
	if err != nil || m.Plan == nil {
		t.Fatal(err, m.Diags)
	}
	all := output.NewMem()
	if d := m.Plan.Render(context.Background(), all); d.HasErrors() {
		t.Fatal(d)
	}
	pages := 0
	for _, n := range all.Names() {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		pages++
		got, _ := all.File(n)
		want, ok, d := m.Plan.File(n)
		if !ok || d != nil {
			t.Fatalf("%s: %v %v", n, ok, d)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: rendered by a worker, differs from rendered alone", n)
		}
	}
	if pages < 100 {
		t.Fatalf("%d pages", pages)
	}
}

// TestBuildSheds checks that a build drops what only the site stage reads
// (the positions of front-matter fields, the links but for what
// LinkText gives) once its pages are planned (TestSpooledBodies checks
// that the pages are the same), and
// that a load kept for another (the preview's) keeps them.
func TestBuildSheds(t *testing.T) {
	src := os.DirFS("../..")
	res, err := Build(context.Background(), src, lodestone.Theme, output.NewMem(), Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	m, err := Load(context.Background(), src, lodestone.Theme, Options{}, NewCache())
	if err != nil || m.Plan == nil {
		t.Fatal(err, m.Diags)
	}
	for _, kept := range []struct {
		what string
		n    func(*site.Page) int
	}{
		{"positions of fields", func(p *site.Page) int { return len(p.FieldPos) }},
		{"links", func(p *site.Page) int { return len(p.Links) }},
	} {
		count := func(s *site.Site) (n int) {
			for _, p := range s.Pages {
				n += kept.n(p)
			}
			return n
		}
		if n := count(res.Site); n != 0 {
			t.Errorf("a build kept %d %s", n, kept.what)
		}
		if n := count(m.Site); n < len(m.Site.Pages) {
			t.Errorf("a kept load has %d %s for %d briefs", n, kept.what, len(m.Site.Pages))
		}
	}
}

// TestSpooledBodies checks that a build keeps the parsed bodies in a
// spool file, not in memory, that it leaves no file behind in the
// temporary folder, and that the pages are the same as those rendered from
// bodies kept in memory (the preview server's way).
func TestSpooledBodies(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	src := os.DirFS("../..")
	spooled := output.NewMem()
	res, err := Build(context.Background(), src, lodestone.Theme, spooled, Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
	m, err := Load(context.Background(), src, lodestone.Theme, Options{}, NewCache())
	if err != nil || m.Plan == nil {
		t.Fatal(err, m.Diags)
	}
	for _, p := range m.Site.Pages {
		if p.Body != nil && p.Body.Spooled() {
			t.Fatalf("%s: spooled without a spool", p.File)
		}
	}
	for _, p := range res.Site.Pages {
		if p.Body != nil && !p.Body.Spooled() {
			t.Fatalf("%s: a build kept the body in memory", p.File)
		}
	}
	inMemory := output.NewMem()
	if d := m.Plan.Render(context.Background(), inMemory); d.HasErrors() {
		t.Fatal(d)
	}
	names := spooled.Names()
	if len(names) < 100 || !slices.Equal(names, inMemory.Names()) {
		t.Fatalf("different files: %d spooled, %d in memory", len(names), len(inMemory.Names()))
	}
	for _, n := range names {
		a, _ := spooled.File(n)
		b, _ := inMemory.File(n)
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs", n)
		}
	}
}
