package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

var randomEdits = flag.Int("random-edits", 3, "TestIncrementalRandomEdits: how many seeds (each a run of 40 edits)")

// The words a random vault is made of: few, so that names collide. A title
// may be another note's file name, an alias or a tag; a folder may share
// its name with a tag; events fall on the same dates with the same titles.
var (
	rvNames   = []string{"Alpha", "alpha", "Beta", "Gamma", "Dash a", "Dash-a", "Twin", "topic", "a", "b", "index", "稀土", "Über"}
	rvFolders = []string{"", "", "a/", "A/", "b/", "tags/", "a/b/"}
	rvSlugs   = []string{"", "", "", "alpha", "b", "custom"}
	rvPerma   = []string{"", "", "", "", "/guides/setup/", "/a/", "/beta/"}
	rvTags    = []string{"topic", "a", "b", "alpha", "policy"}
	rvTypes   = []string{"", "company", "policy"}
	rvDates   = []string{"2001-01-01", "2001", "2001-Q1", "2002-05", "~1990"}
	rvEvents  = []string{"Same day", "Mine opened", "Mine opened again", "Quota set"}
	rvHeads   = []string{"Notes", "Output", "History"}
	rvYAML    = []string{"title: Vault\n", "title: Vault\nhome: Alpha\n", "title: Vault\nattachments: media\n", "title: Vault\nhome: Twin\n"}
)

// rvNote is a note of a random vault, written out by md.
type rvNote struct {
	title, typ, heading string
	slug, permalink     string
	aliases, tags       []string
	events              [][2]string // date, title
	links               []string    // what is written inside [[ ]]
	draft               bool
	edits               int // body edits: a sentence each
}

func (n *rvNote) md() []byte {
	var b strings.Builder
	b.WriteString("---\n")
	if n.title != "" {
		fmt.Fprintf(&b, "title: %q\n", n.title)
	}
	if n.typ != "" {
		fmt.Fprintf(&b, "type: %s\n", n.typ)
	}
	if n.slug != "" {
		fmt.Fprintf(&b, "slug: %s\n", n.slug)
	}
	if n.permalink != "" {
		fmt.Fprintf(&b, "permalink: %s\n", n.permalink)
	}
	if n.draft {
		b.WriteString("draft: true\n")
	}
	if len(n.aliases) > 0 {
		fmt.Fprintf(&b, "aliases: [%s]\n", quoteAll(n.aliases))
	}
	if len(n.tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", quoteAll(n.tags))
	}
	if len(n.events) > 0 {
		b.WriteString("events:\n")
		for _, e := range n.events {
			fmt.Fprintf(&b, "  - {date: %q, title: %q}\n", e[0], e[1])
		}
	}
	b.WriteString("---\nAn opening sentence. ^opening")
	for i, l := range n.links {
		if i%3 == 2 {
			fmt.Fprintf(&b, "\n\n![[%s]]\n\n", l) // an embed
			continue
		}
		fmt.Fprintf(&b, " See [[%s]].", l)
	}
	b.WriteString("\n")
	if n.heading != "" {
		fmt.Fprintf(&b, "\n## %s\n\nUnder the heading.\n", n.heading)
	}
	for i := range n.edits {
		fmt.Fprintf(&b, "\nEdit number %d.\n", i+1)
	}
	return []byte(b.String())
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// toggle adds s to list, or takes it out if it is there.
func toggle(list []string, s string) []string {
	if i := slices.Index(list, s); i >= 0 {
		return slices.Delete(slices.Clone(list), i, i+1)
	}
	return append(slices.Clone(list), s)
}

// rvLink is a link target as a writer types one: a name, a title, an
// alias, a heading in one, a tag's or folder's page, an image or nothing.
func rvLink(r *rand.Rand) string {
	switch r.IntN(7) {
	case 6:
		return rvNames[r.IntN(len(rvNames))] + "#^opening"
	case 0:
		return "tags/" + rvTags[r.IntN(len(rvTags))]
	case 1:
		return rvNames[r.IntN(len(rvNames))] + "#" + rvHeads[r.IntN(len(rvHeads))]
	case 2:
		return []string{"Nowhere", "chart.png", "a", "b", "a/", "b/"}[r.IntN(6)]
	default:
		return rvNames[r.IntN(len(rvNames))]
	}
}

// TestIncrementalRandomEdits edits a small vault of colliding names at
// random (titles, aliases, tags, types, events, headings, links, drafts,
// notes added, removed and moved, settings) and checks after each edit,
// as TestIncrementalMatchesFull does for chosen edits, that the preview's
// rebuild gives the diagnostics and pages of a build from scratch. The
// seeds are fixed: a failure names the seed and step to replay; go test
// -run TestIncrementalRandomEdits -random-edits 50 tries more.
func TestIncrementalRandomEdits(t *testing.T) {
	for seed := range *randomEdits {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { randomEditRun(t, uint64(seed)) })
	}
}

func randomEditRun(t *testing.T, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 12))
	fsys := fstest.MapFS{
		"lodestone.yaml":          &fstest.MapFile{Data: []byte(rvYAML[0])},
		"content/media/chart.png": &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")},
		"content/old/chart.png":   &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")},
	}
	notes := map[string]*rvNote{}
	var paths []string // sorted
	put := func(path string, n *rvNote) {
		notes[path] = n
		fsys[path] = &fstest.MapFile{Data: n.md()}
		if i, found := slices.BinarySearch(paths, path); !found {
			paths = slices.Insert(paths, i, path)
		}
	}
	drop := func(path string) {
		delete(notes, path)
		delete(fsys, path)
		if i, found := slices.BinarySearch(paths, path); found {
			paths = slices.Delete(paths, i, i+1)
		}
	}
	freePath := func() string {
		for {
			p := "content/" + rvFolders[r.IntN(len(rvFolders))] + rvNames[r.IntN(len(rvNames))] + ".md"
			if notes[p] == nil {
				return p
			}
		}
	}
	newNote := func() *rvNote {
		n := &rvNote{}
		if r.IntN(2) == 0 {
			n.title = rvNames[r.IntN(len(rvNames))]
		}
		for range r.IntN(3) {
			n.links = append(n.links, rvLink(r))
		}
		if r.IntN(2) == 0 {
			n.tags = []string{rvTags[r.IntN(len(rvTags))]}
		}
		if r.IntN(2) == 0 {
			n.events = [][2]string{{rvDates[r.IntN(len(rvDates))], rvEvents[r.IntN(len(rvEvents))]}}
		}
		if r.IntN(2) == 0 {
			n.heading = rvHeads[r.IntN(len(rvHeads))]
		}
		return n
	}
	for range 12 {
		put(freePath(), newNote())
	}

	ctx := context.Background()
	cache := NewCache()
	cache.Watched = true
	opts := Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)} // the feed's date when no note has one
	if _, err := Load(ctx, fsys, lodestone.Theme, opts, cache); err != nil {
		t.Fatal(err)
	}
	var log []string // what each step did, for the failure message
	for step := range 40 {
		path := paths[r.IntN(len(paths))]
		n := *notes[path] // edited as a copy: the map's note is replaced
		var files []string
		listing := false
		what := ""
		switch op := r.IntN(16); op {
		case 14:
			n.slug = rvSlugs[r.IntN(len(rvSlugs))]
			what = fmt.Sprintf("slug %q", n.slug)
		case 15:
			n.permalink = rvPerma[r.IntN(len(rvPerma))]
			what = fmt.Sprintf("permalink %q", n.permalink)
		case 0:
			n.title = []string{"", rvNames[r.IntN(len(rvNames))]}[r.IntN(2)]
			what = fmt.Sprintf("title %q", n.title)
		case 1:
			n.aliases = toggle(n.aliases, rvNames[r.IntN(len(rvNames))])
			what = fmt.Sprintf("aliases %q", n.aliases)
		case 2:
			n.tags = toggle(n.tags, rvTags[r.IntN(len(rvTags))])
			what = fmt.Sprintf("tags %q", n.tags)
		case 3:
			n.typ = rvTypes[r.IntN(len(rvTypes))]
			what = fmt.Sprintf("type %q", n.typ)
		case 4:
			e := [2]string{rvDates[r.IntN(len(rvDates))], rvEvents[r.IntN(len(rvEvents))]}
			if len(n.events) > 0 && r.IntN(2) == 0 {
				n.events = slices.Clone(n.events)
				n.events[r.IntN(len(n.events))] = e
			} else if len(n.events) > 0 && r.IntN(2) == 0 {
				n.events = n.events[1:]
			} else {
				n.events = append(slices.Clone(n.events), e)
			}
			what = fmt.Sprintf("events %q", n.events)
		case 5:
			n.heading = rvHeads[r.IntN(len(rvHeads))]
			what = fmt.Sprintf("heading %q", n.heading)
		case 6, 7:
			n.links = toggle(n.links, rvLink(r))
			what = fmt.Sprintf("links %q", n.links)
		case 8:
			n.draft = !n.draft
			what = fmt.Sprintf("draft %v", n.draft)
		case 9:
			n.edits++
			what = "body edited"
		case 10:
			p, nn := freePath(), newNote()
			put(p, nn)
			files, listing = []string{p}, true
			log = append(log, fmt.Sprintf("step %d: %s added:\n%s", step, p, nn.md()))
		case 11:
			if len(paths) < 4 {
				continue
			}
			drop(path)
			files, listing = []string{path}, true
			what = "removed"
		case 12:
			p := freePath()
			drop(path)
			put(p, &n)
			files, listing = []string{path, p}, true
			what = "moved to " + p
		case 13:
			fsys["lodestone.yaml"] = &fstest.MapFile{Data: []byte(rvYAML[r.IntN(len(rvYAML))])}
			log = append(log, fmt.Sprintf("step %d: lodestone.yaml:\n%s", step, fsys["lodestone.yaml"].Data))
		}
		if what != "" {
			if notes[path] != nil {
				put(path, &n)
				files = []string{path}
			}
			log = append(log, fmt.Sprintf("step %d: %s: %s", step, path, what))
		}
		// As serve does (see TestIncrementalMatchesFull).
		for _, f := range files {
			cache.Forget(strings.TrimPrefix(f, "content/"))
		}
		if !listing {
			cache.KeepListing()
		}
		cache.BriefsOnly(len(files) > 0)
		inc, err := Load(ctx, fsys, lodestone.Theme, opts, cache)
		if err != nil {
			t.Fatal(err)
		}
		full, err := Load(ctx, fsys, lodestone.Theme, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d, step %d: %s\nthe steps:\n%s", seed, step, fmt.Sprintf(format, args...), strings.Join(log, "\n"))
		}
		if a, b := inc.Diags.Error(), full.Diags.Error(); a != b {
			fail("diagnostics differ:\nincremental:\n%s\nfull:\n%s", a, b)
		}
		if inc.Plan == nil {
			// Nothing in these notes is an error: a note that cannot be
			// published as it is is moved or left out, with a warning.
			fail("the build failed:\n%s", inc.Diags.Error())
		}
		if inc.Site.LinksResolved != full.Site.LinksResolved {
			fail("links resolved: %d incremental, %d full", inc.Site.LinksResolved, full.Site.LinksResolved)
		}
		a, b := output.NewMem(), output.NewMem()
		inc.Plan.Render(ctx, a)
		full.Plan.Render(ctx, b)
		if !slices.Equal(a.Names(), b.Names()) {
			fail("files differ:\nincremental %q\nfull        %q", a.Names(), b.Names())
		}
		for _, name := range a.Names() {
			x, _ := a.File(name)
			y, _ := b.File(name)
			if !bytes.Equal(x, y) {
				fail("%s differs:\n%s", name, firstDifference(x, y))
			}
		}
	}
}

// firstDifference shows where two pages part.
func firstDifference(x, y []byte) string {
	i := 0
	for i < len(x) && i < len(y) && x[i] == y[i] {
		i++
	}
	from := max(0, i-150)
	return fmt.Sprintf("incremental: …%s…\nfull:        …%s…", x[from:min(len(x), i+150)], y[from:min(len(y), i+150)])
}
