package build

import (
	"bytes"
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// TestIncrementalMatchesFull edits a vault the ways a writer does and
// checks, after each edit, that the preview's rebuild (a kept cache, which
// reuses the last site's link results and timeline where they still hold)
// gives exactly the pages and diagnostics a build from scratch gives.
func TestIncrementalMatchesFull(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range corpus.Flat(300, corpus.StyleWiki) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	note := func(i int) string { return "content/" + corpus.FlatName(i) + ".md" }
	// A page that no edit touches, whose links depend on the edits of
	// others: names that do not exist yet, a heading that will go.
	// Two briefs with events on one date: their titles order them.
	fsys["content/Aardvark.md"] = &fstest.MapFile{Data: []byte("---\nevents:\n  - {date: 2001-01-01, title: Same day}\n---\nA.\n")}
	fsys["content/Zebra.md"] = &fstest.MapFile{Data: []byte("---\nevents:\n  - {date: 2001-01-01, title: Same day}\n---\nZ.\n")}
	fsys["content/Seeker.md"] = &fstest.MapFile{Data: []byte("Looks for [[Renamed note]], [[Brand new alias]], [[Twin]], [[Dash-a]], [[tags/brand-new]], [[Newfolder]], [[newfolder/]] and [[" + corpus.FlatName(14) + "#Notes]].\n")}
	// A note at the URL a note added later takes ("Dash a" sorts first):
	// it is moved to a free one.
	fsys["content/Dash-a.md"] = &fstest.MapFile{Data: []byte("---\nevents:\n  - {date: 2001-01-01, title: Same day}\n---\nDashed.\n")}
	// Two notes of one title: [[Twin]] is ambiguous until one is renamed.
	fsys["content/a/Twin one.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Twin\n---\nOne.\n")}
	fsys["content/b/Twin two.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Twin\n---\nTwo.\n")}
	// A tag's own note; an image linked to by its name alone, which two
	// folders hold: the attachments folder, once it is set, decides.
	fsys["content/tags/topic-1.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Topic one\n---\nAbout the first topic.\n")}
	fsys["content/media/chart.png"] = &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")}
	fsys["content/old/chart.png"] = &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")}
	fsys["content/Pictured.md"] = &fstest.MapFile{Data: []byte("A chart: ![the chart](chart.png)\n")}
	edit := func(name string, f func(string) string) {
		fsys[name] = &fstest.MapFile{Data: []byte(f(string(fsys[name].Data)))}
	}
	tests := []struct {
		name    string
		change  func() []string // the files it touches, below content/ (none: lodestone.yaml)
		listing bool            // it adds or removes a file
		reuse   bool            // only a body changed: the last site is reused
	}{
		{"body edit", func() []string {
			edit(note(7), func(s string) string { return s + "\nA new sentence.\n" })
			return []string{note(7)}
		}, false, true},
		{"body edit again, and of a second note", func() []string {
			edit(note(7), func(s string) string { return s + "\nAnother *sentence*.\n" })
			edit(note(21), func(s string) string { return s + "\n> A quote [with](https://example.com) a link.\n" })
			return []string{note(7), note(21)}
		}, false, true},
		{"a paragraph inserted above links (their positions move: the site is built again)", func() []string {
			edit(note(23), func(s string) string { return strings.Replace(s, "## Notes", "## Notes\n\nInserted paragraph.", 1) })
			return []string{note(23)}
		}, false, false},
		{"a saved file that did not change", func() []string { return []string{note(22)} }, false, true},
		{"a line added above the links (positions move)", func() []string {
			edit(note(8), func(s string) string { return strings.Replace(s, "---\n\n", "---\n\nFirst line.\n\n", 1) })
			return []string{note(8)}
		}, false, false},
		{"a broken link added", func() []string {
			edit(note(9), func(s string) string { return s + "\nSee [[Nowhere at all]].\n" })
			return []string{note(9)}
		}, false, false},
		{"title set: a link elsewhere by the new title resolves", func() []string {
			edit(note(10), func(s string) string { return strings.Replace(s, "---\n", "---\ntitle: Renamed note\n", 1) })
			return []string{note(10)}
		}, false, false},
		{"alias added: a link elsewhere by it resolves", func() []string {
			edit(note(12), func(s string) string { return strings.Replace(s, "aliases: [", `aliases: ["Brand new alias", `, 1) })
			return []string{note(12)}
		}, false, false},
		{"one of two notes of a title retitled: a link by the title is no longer ambiguous", func() []string {
			edit("content/b/Twin two.md", func(s string) string { return strings.Replace(s, "title: Twin", "title: Other twin", 1) })
			return []string{"content/b/Twin two.md"}
		}, false, false},
		{"and back", func() []string {
			edit("content/b/Twin two.md", func(s string) string { return strings.Replace(s, "title: Other twin", "title: Twin", 1) })
			return []string{"content/b/Twin two.md"}
		}, false, false},
		{"heading renamed under a link to it elsewhere", func() []string {
			edit(note(14), func(s string) string { return strings.Replace(s, "## Notes", "## Remarks", 1) })
			return []string{note(14)}
		}, false, false},
		{"retitled: its event now sorts first among the day's", func() []string {
			edit("content/Zebra.md", func(s string) string { return strings.Replace(s, "---\n", "---\ntitle: Aaa first\n", 1) })
			return []string{"content/Zebra.md"}
		}, false, false},
		{"event changed", func() []string {
			edit(note(16), func(s string) string {
				return strings.Replace(s, "events:\n  - date: ", "events:\n  - date: 1999-01-01\n    title: Earliest\n  - date: ", 1)
			})
			return []string{note(16)}
		}, false, false},
		{"event date edited in place", func() []string {
			edit(note(20), func(s string) string {
				return regexp.MustCompile(`(events:\n  - date: )\S+`).ReplaceAllString(s, "${1}1998-03")
			})
			return []string{note(20)}
		}, false, false},
		{"tag added: the note is listed on its page", func() []string {
			edit(note(24), func(s string) string { return strings.Replace(s, "tags:\n", "tags:\n  - topic-1\n", 1) })
			return []string{note(24)}
		}, false, false},
		{"type set", func() []string {
			edit(note(25), func(s string) string { return strings.Replace(s, "---\n", "---\ntype: mine\n", 1) })
			return []string{note(25)}
		}, false, false},
		{"a typed and tagged note retitled: it moves on its type's page and its tags' pages", func() []string {
			edit(note(25), func(s string) string { return strings.Replace(s, "---\n", "---\ntitle: AAA typed\n", 1) })
			return []string{note(25)}
		}, false, false},
		{"a tag's own note retitled", func() []string {
			edit("content/tags/topic-1.md", func(s string) string { return strings.Replace(s, "title: Topic one", "title: Topic number one", 1) })
			return []string{"content/tags/topic-1.md"}
		}, false, false},
		{"settings: the home page named by a title", func() []string {
			fsys["lodestone.yaml"] = &fstest.MapFile{Data: []byte("title: Vault\nhome: Renamed note\n")}
			return nil
		}, false, false},
		{"the home page's note retitled: it is no longer the home page", func() []string {
			edit(note(10), func(s string) string { return strings.Replace(s, "title: Renamed note", "title: Renamed again", 1) })
			return []string{note(10)}
		}, false, false},
		{"settings: an attachments folder (a link to an image finds it there)", func() []string {
			fsys["lodestone.yaml"] = &fstest.MapFile{Data: []byte("title: Vault\nattachments: media\n")}
			return nil
		}, false, false},
		{"draft", func() []string {
			edit(note(17), func(s string) string { return strings.Replace(s, "---\n", "---\ndraft: true\n", 1) })
			return []string{note(17)}
		}, false, false},
		{"note added", func() []string {
			fsys["content/Fresh.md"] = &fstest.MapFile{Data: []byte("# Fresh\n\nLinks to [[" + corpus.FlatName(3) + "]].\n")}
			edit(note(18), func(s string) string { return s + "\nSee [[Fresh]].\n" })
			return []string{"content/Fresh.md", note(18)}
		}, true, false},
		{"a tag added that a link elsewhere names: the tag's page is found", func() []string {
			edit(note(26), func(s string) string { return strings.Replace(s, "tags:\n", "tags:\n  - brand-new\n", 1) })
			return []string{note(26)}
		}, false, false},
		{"and taken off again", func() []string {
			edit(note(26), func(s string) string { return strings.Replace(s, "  - brand-new\n", "", 1) })
			return []string{note(26)}
		}, false, false},
		{"a note added in a new folder that a link elsewhere names", func() []string {
			fsys["content/newfolder/Inside.md"] = &fstest.MapFile{Data: []byte("Inside.\n")}
			return []string{"content/newfolder/Inside.md"}
		}, true, false},
		{"a note added at the URL of another, which moves (links to it follow)", func() []string {
			fsys["content/Dash a.md"] = &fstest.MapFile{Data: []byte("---\nevents:\n  - {date: 2001-01-01, title: Same day}\n---\nAdded.\n")}
			return []string{"content/Dash a.md"}
		}, true, false},
		{"and removed: the other moves back", func() []string {
			delete(fsys, "content/Dash a.md")
			return []string{"content/Dash a.md"}
		}, true, false},
		{"note removed", func() []string {
			delete(fsys, note(19))
			return []string{note(19)}
		}, true, false},
	}
	ctx := context.Background()
	cache := NewCache()
	cache.Watched = true
	last, err := Load(ctx, fsys, lodestone.Theme, Options{}, cache)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tt.change()
			for _, f := range files {
				cache.Forget(strings.TrimPrefix(f, "content/"))
			}
			if !tt.listing {
				cache.KeepListing()
			}
			// As serve does: a change of settings (no file of content/)
			// is not a change of briefs only; a note added or removed is.
			cache.BriefsOnly(len(files) > 0)
			inc, err := Load(ctx, fsys, lodestone.Theme, Options{}, cache)
			if err != nil {
				t.Fatal(err)
			}
			if reused := inc.Site == last.Site; reused != tt.reuse {
				t.Errorf("site reused: %v, want %v", reused, tt.reuse)
			}
			last = inc
			full, err := Load(ctx, fsys, lodestone.Theme, Options{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := inc.Diags.Error(), full.Diags.Error(); a != b {
				t.Fatalf("diagnostics differ:\nincremental:\n%s\nfull:\n%s", a, b)
			}
			if inc.Site.LinksResolved != full.Site.LinksResolved {
				t.Errorf("links resolved: %d incremental, %d full", inc.Site.LinksResolved, full.Site.LinksResolved)
			}
			a, b := output.NewMem(), output.NewMem()
			inc.Plan.Render(ctx, a)
			full.Plan.Render(ctx, b)
			if !slices.Equal(a.Names(), b.Names()) {
				t.Fatalf("files differ: %d incremental, %d full", len(a.Names()), len(b.Names()))
			}
			for _, n := range a.Names() {
				x, _ := a.File(n)
				y, _ := b.File(n)
				if !bytes.Equal(x, y) {
					t.Errorf("%s differs", n)
				}
			}
		})
	}
}
