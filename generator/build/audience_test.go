package build

import (
	"bytes"
	"context"
	"os"
	"slices"
	"testing"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// TestAudienceWithoutInternal builds the repository's site, which has no
// internal brief, for the public and for everyone: --audience public
// changes nothing, byte for byte, in a site for a server and in an
// offline bundle; the public build of a site with an internal brief does
// differ (so the comparison can fail).
func TestAudienceWithoutInternal(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	build := func(src string, opts Options) *output.Mem {
		t.Helper()
		opts.Now, opts.Strict = now, true
		mem := output.NewMem()
		res, err := Build(context.Background(), os.DirFS(src), lodestone.Theme, mem, opts)
		if err != nil {
			t.Fatal(err)
		}
		if res.Diags.HasErrors() {
			t.Fatalf("%s: %v", src, res.Diags)
		}
		return mem
	}
	differ := func(a, b *output.Mem) string {
		if !slices.Equal(a.Names(), b.Names()) {
			return "the files differ"
		}
		for _, n := range a.Names() {
			x, _ := a.File(n)
			y, _ := b.File(n)
			if !bytes.Equal(x, y) {
				return n + " differs"
			}
		}
		return ""
	}
	for _, offline := range []bool{false, true} {
		all := build("../..", Options{Offline: offline})
		public := build("../..", Options{Offline: offline, Audience: "public"})
		if d := differ(all, public); d != "" {
			t.Errorf("offline %v: with --audience public, %s", offline, d)
		}
	}
	// With an internal brief, the public build differs.
	dir := t.TempDir()
	for name, text := range map[string]string{
		"content/a.md":        "# A\n",
		"content/internal.md": "---\naudience: internal\n---\n# Internal\n",
	} {
		if err := os.MkdirAll(dir+"/content", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dir+"/"+name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if differ(build(dir, Options{}), build(dir, Options{Audience: "public"})) == "" {
		t.Error("an internal brief: the public build is the same as the build for everyone")
	}
}
