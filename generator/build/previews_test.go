package build

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/preview"
)

// TestPreviewData builds a small typed site: preview-index.js holds each
// brief's title, type, summary (left out when it is the start of the first
// paragraph), the date and the fields its type declares (not the others)
// and its first paragraph; only pages with links to briefs load
// js/previews.js.
func TestPreviewData(t *testing.T) {
	src := fstest.MapFS{
		"lodestone.yaml":   {Data: []byte("types:\n  mine:\n    fields:\n      operator: {kind: link, label: operated by}\n      capacity_t: {kind: number, unit: t}\n")},
		"content/pass.md":  {Data: []byte("---\ntitle: Pass\ntype: mine\ndate: 2025-05\nsummary: A mine.\noperator: Owner\ncapacity_t: {value: 40000, as_of: 2025-01}\ncolour: red\n---\nThe first paragraph, with [[Owner]].\n\nThe second.\n")},
		"content/owner.md": {Data: []byte("---\ntitle: Owner\n---\nOwns the mine.\n")},
		"content/alone.md": {Data: []byte("---\ntitle: Alone\n---\nNo links here.\n")},
	}
	mem := output.NewMem()
	res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	data, ok := mem.File(preview.IndexName)
	if !ok {
		t.Fatal("no " + preview.IndexName)
	}
	var ix struct{ P map[string][]any }
	s := strings.TrimSuffix(strings.TrimPrefix(string(data), "window.LODESTONE_PREVIEWS="), ";\n")
	if err := json.Unmarshal([]byte(s), &ix); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	for key, want := range map[string]string{
		"pass/":  `[Pass mine A mine. The first paragraph, with Owner. [Date May 2025 Capacity t 40,000 t (as of January 2025) Operated by Owner]]`,
		"owner/": `[Owner   Owns the mine. []]`,
		"alone/": `[Alone   No links here. []]`,
	} {
		if got := fmt.Sprint(ix.P[key]); got != want {
			t.Errorf("%s: %s\nwant    %s", key, got, want)
		}
	}
	for page, loads := range map[string]bool{
		"pass/index.html":  true,  // links to Owner
		"owner/index.html": true,  // linked from Pass
		"alone/index.html": false, // no link either way
		"index.html":       true,  // lists the briefs
		"types/index.html": false, // links to type pages only
		"404.html":         false,
	} {
		html, _ := mem.File(page)
		if got := strings.Contains(string(html), `js/previews.js" data-index="`); got != loads {
			t.Errorf("%s loads js/previews.js: %v, want %v", page, got, loads)
		}
	}
}

// TestPreviewSize reports the size of the previews' data of the default
// site and of flat vaults, and holds it to budgets: under 1 KB a brief,
// and in shards of under 128 KB for a large site.
func TestPreviewSize(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 2,000-note vault")
	}
	sites := map[string]fstest.MapFS{"default site": nil, "flat 2,000": nil}
	for name := range sites {
		var fsys fstest.MapFS
		if name == "flat 2,000" {
			fsys = fstest.MapFS{}
			for f, data := range corpus.Flat(2000, corpus.StyleWiki) {
				fsys[f] = &fstest.MapFile{Data: data}
			}
		}
		mem := output.NewMem()
		var res *Result
		var err error
		if fsys == nil {
			res, err = Build(context.Background(), os.DirFS("../.."), lodestone.Theme, mem, Options{})
		} else {
			res, err = Build(context.Background(), fsys, lodestone.Theme, mem, Options{})
		}
		if err != nil || res.Diags.HasErrors() {
			t.Fatalf("%s: %v %v", name, err, res.Diags)
		}
		total, files, largest := 0, 0, 0
		for _, f := range mem.Names() {
			if f == preview.IndexName || strings.HasPrefix(f, "preview/") {
				b, _ := mem.File(f)
				total += len(b)
				files++
				largest = max(largest, len(b))
			}
		}
		t.Logf("%s: %d briefs, previews %d bytes (%d a brief) in %d files, the largest %d bytes", name, res.Briefs, total, total/res.Briefs, files, largest)
		if total/res.Briefs > 1024 {
			t.Errorf("%s: %d bytes a brief", name, total/res.Briefs)
		}
		if largest > 128<<10 && files > 1 || largest > 256<<10 {
			t.Errorf("%s: a data file of %d bytes", name, largest)
		}
		if name == "flat 2,000" && files < 3 {
			t.Errorf("%s: %d files: the data should be split", name, files)
		}
	}
}
