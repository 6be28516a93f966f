package build

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/randvault"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

var randomEdits = flag.Int("random-edits", 3, "TestIncrementalRandomEdits: how many seeds (each a run of 40 edits)")

// TestIncrementalRandomEdits edits a small vault of colliding names at
// random (randvault: titles, aliases, tags, types, events, headings,
// links, drafts, slugs, permalinks, notes added, removed and moved,
// settings) and checks after each edit, as TestIncrementalMatchesFull does
// for chosen edits, that the preview's rebuild gives the diagnostics and
// pages of a build from scratch, and that no edit fails the build. The
// seeds are fixed: a failure names the seed and the edits to replay; go
// test -run TestIncrementalRandomEdits -random-edits 50 tries more.
func TestIncrementalRandomEdits(t *testing.T) {
	for seed := range *randomEdits {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) { randomEditRun(t, uint64(seed)) })
	}
}

func randomEditRun(t *testing.T, seed uint64) {
	v := randvault.New(seed)
	ctx := context.Background()
	cache := NewCache()
	cache.Watched = true
	opts := Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)} // the feed's date when no note has one
	if _, err := Load(ctx, v.FS, lodestone.Theme, opts, cache); err != nil {
		t.Fatal(err)
	}
	for step := range 40 {
		c := v.Edit()
		// As serve does (see TestIncrementalMatchesFull): a change of
		// settings (no file of content/) is not a change of briefs only.
		var notes []string
		for _, f := range c.Files {
			if rel, ok := strings.CutPrefix(f, "content/"); ok {
				cache.Forget(rel)
				notes = append(notes, f)
			}
		}
		if !c.Listing {
			cache.KeepListing()
		}
		cache.BriefsOnly(len(notes) == len(c.Files))
		inc, err := Load(ctx, v.FS, lodestone.Theme, opts, cache)
		if err != nil {
			t.Fatal(err)
		}
		full, err := Load(ctx, v.FS, lodestone.Theme, opts, nil)
		if err != nil {
			t.Fatal(err)
		}
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d, edit %d: %s\nthe edits:\n%s", seed, step, fmt.Sprintf(format, args...), v.Steps())
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
