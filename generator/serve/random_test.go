package serve

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/internal/randvault"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

var randomEdits = flag.Int("random-edits", 2, "TestPreviewRandomEdits: how many seeds (each a run of 25 edits)")

// reloadScript is what the preview adds to each page it serves.
var reloadScript = regexp.MustCompile(`<script>window\.__lodestoneGen=\d+;[\s\S]*?</script>`)

// TestPreviewRandomEdits runs the preview on a random vault (randvault)
// and saves random edits to it, as the watcher reports them: after each
// rebuild, every page it serves must be the page a build from scratch
// writes. TestIncrementalRandomEdits checks the rebuild itself; this
// checks the server's part: which changes it reports to the rebuild, and
// the pages it renders on demand. go test -run TestPreviewRandomEdits
// -random-edits 30 tries more seeds.
func TestPreviewRandomEdits(t *testing.T) {
	for seed := range *randomEdits {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			v := randvault.New(uint64(100 + seed))
			opts := build.Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
			changes := make(chan []string)
			s := New(Options{FS: v.FS, Theme: lodestone.Theme, Changes: changes, Build: opts})
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Watch(ctx) }()
			defer func() {
				cancel()
				if err := <-done; err != nil {
					t.Error(err)
				}
			}()
			n := int64(1)
			waitFor(t, "build 1", func() bool { return s.Builds() >= n })
			for edit := range 25 {
				c := v.Edit()
				names := c.Files
				if c.Listing {
					names = append([]string{listingChanged}, names...)
				}
				changes <- names
				n++
				waitFor(t, fmt.Sprintf("build %d", n), func() bool { return s.Builds() >= n })

				mem := output.NewMem()
				res, err := build.Build(context.Background(), v.FS, lodestone.Theme, mem, opts)
				if err != nil || res.Diags.HasErrors() {
					t.Fatalf("seed %d, edit %d: the build failed: %v %s\nthe edits:\n%s", seed, edit, err, res.Diags.Error(), v.Steps())
				}
				pages := 0
				for _, name := range mem.Names() {
					dir, ok := strings.CutSuffix(name, "index.html")
					if !ok {
						continue
					}
					pages++
					want, _ := mem.File(name)
					rec := httptest.NewRecorder()
					s.ServeHTTP(rec, httptest.NewRequest("GET", "/"+dir, nil))
					got, _ := io.ReadAll(rec.Result().Body)
					got = reloadScript.ReplaceAll(got, nil)
					if rec.Code != 200 || !bytes.Equal(got, want) {
						i := 0
						for i < len(got) && i < len(want) && got[i] == want[i] {
							i++
						}
						from := max(0, i-150)
						t.Fatalf("seed %d, edit %d: /%s (%d) is not the built page:\nserved: …%s…\nbuilt:  …%s…\nthe edits:\n%s",
							seed, edit, dir, rec.Code, got[from:min(len(got), i+150)], want[from:min(len(want), i+150)], v.Steps())
					}
				}
				if pages < 10 {
					t.Fatalf("only %d pages built", pages)
				}
			}
		})
	}
}
