package build

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// figureSite quotes figures of one brief in another, one of them stale,
// one unknown, and has a stale figures page.
var figureSite = fstest.MapFS{
	"lodestone.yaml": {Data: []byte("stale_after: 2 years\ntypes:\n  country:\n    fields:\n      reserves_t: {kind: number, unit: t REO, label: Reserves (MCS 2025)}\n      production_t: {kind: number, unit: t}\n")},
	"content/china.md": {Data: []byte(`---
title: China
type: country
sources:
  - {id: mcs2025, title: "Mineral Commodity Summaries 2025 <Rare Earths>", publisher: USGS, url: "https://example.org/mcs.pdf", date: 2025-01}
reserves_t: {value: 44000000, as_of: 2025-01, source: mcs2025}
production_t: {value: 270000, as_of: 2029-06}
---
China's own: ` + "`= this.production_t`" + `.
`)},
	"content/analysis.md": {Data: []byte(`---
title: Analysis
---
Reserves ` + "`= [[China]].reserves_t`" + `, output ` + "`= [[China]].production_t`" + `, and ` + "`= [[Nowhere]].x`" + ` as written.
`)},
}

// TestFiguresGolden compares the HTML of quoted figures (another brief's,
// stale and fresh, and the brief's own) and of the stale figures page with
// testdata/figures/*.html (go test -run TestFiguresGolden -update rewrites
// them).
func TestFiguresGolden(t *testing.T) {
	mem := output.NewMem()
	res, err := Build(context.Background(), figureSite, lodestone.Theme, mem, Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	for _, c := range []struct{ page, from, to, golden string }{
		{"analysis/index.html", `<div class="prose">`, `</div>`, "quoted.html"},
		{"china/index.html", `<dl class="meta">`, `</div>`, "own.html"},
		{"stale/index.html", `<h1>`, `</main>`, "stale.html"},
	} {
		b, ok := mem.File(c.page)
		if !ok {
			t.Fatalf("no %s", c.page)
		}
		i := bytes.Index(b, []byte(c.from))
		j := bytes.Index(b[max(i, 0):], []byte(c.to))
		if i < 0 || j < 0 {
			t.Fatalf("%s: no %s…%s", c.page, c.from, c.to)
		}
		got := strings.ReplaceAll(string(b[i:i+j+len(c.to)]), "><", ">\n<") + "\n"
		file := filepath.Join("testdata", "figures", c.golden)
		if *update {
			if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s:\n%s", c.page, file, got)
		}
	}
}
