package build

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

// BenchmarkPreviewEdit is the live preview's work for one saved edit on a
// flat vault of 10,000 notes: Load with the kept cache (as serve calls it
// for a changed brief), then the edited note's page rendered. It reports
// the CPU time per edit besides the wall time (cpu-ms/edit: every
// goroutine and the collector, the collection between edits included;
// steadier on a shared machine) and the 90th percentile of the wall time.
// Kinds: a body edit, a title edit (links by the new title resolve
// elsewhere) and a link added to the body, each after the collection
// serve runs while idle; and title edits back to back, with no time to
// collect between them.
func BenchmarkPreviewEdit(b *testing.B) {
	const n = 10000
	for _, bench := range []struct {
		kind string
		idle bool // collect garbage between edits, as serve does while idle
	}{{"body", true}, {"title", true}, {"link", true}, {"new", true}, {"title", false}} {
		kind, name := bench.kind, bench.kind
		if !bench.idle {
			name += "/back-to-back"
		}
		b.Run(fmt.Sprintf("notes=%d/%s", n, name), func(b *testing.B) {
			fsys := fstest.MapFS{}
			for name, data := range corpus.Flat(n, corpus.StyleWiki) {
				fsys[name] = &fstest.MapFile{Data: data, ModTime: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
			}
			name := "content/" + corpus.FlatName(7) + ".md"
			orig := string(fsys[name].Data)
			cache := NewCache()
			cache.Watched = true
			load := func() *Model {
				m, err := Load(context.Background(), fsys, lodestone.Theme, Options{}, cache)
				if err != nil || m.Diags.HasErrors() || m.Plan == nil {
					b.Fatal(err, m.Diags)
				}
				return m
			}
			m := load()
			url := ""
			for _, p := range m.Site.Pages {
				if p.File == name {
					url = p.URL
				}
			}
			i := 0
			var took []time.Duration
			cpu := cpuTime()
			for b.Loop() {
				i++
				if bench.idle {
					// The live preview collects the last build's garbage
					// once it is published and no change waits
					// (serve.Server.collectIdle), while the writer reads.
					b.StopTimer()
					runtime.GC()
					b.StartTimer()
				}
				start := time.Now()
				var text, want string
				switch kind {
				case "body":
					want = fmt.Sprintf("Edit number %d.", i)
					text = orig + "\n" + want + "\n"
				case "title":
					want = fmt.Sprintf("Retitled %d", i)
					text = strings.Replace(orig, "---\n", "---\ntitle: "+want+"\n", 1)
				case "link":
					want = corpus.FlatName(100 + i%50)
					text = orig + "\nSee [[" + want + "]].\n"
				}
				file, pageURL := name, url
				if kind == "new" {
					want = fmt.Sprintf("New note %d", i)
					file, pageURL = "content/"+want+".md", fmt.Sprintf("new-note-%d/", i)
					text = "A new note that links to [[" + corpus.FlatName(i%50) + "]].\n"
				}
				fsys[file] = &fstest.MapFile{Data: []byte(text)}
				cache.Forget(strings.TrimPrefix(file, "content/"))
				if kind != "new" {
					cache.KeepListing()
				}
				cache.BriefsOnly(true)
				m := load()
				page, ok, d := m.Plan.File(pageURL + "index.html")
				if !ok || d != nil || !strings.Contains(string(page), want) {
					b.Fatalf("the page %s does not show %q (found %v, %v)", url, want, ok, d)
				}
				took = append(took, time.Since(start))
			}
			if cpu := cpuTime() - cpu; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/edit")
			}
			if testing.Verbose() {
				b.Logf("took %v", took)
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*9/10].Microseconds())/1000, "p90-ms")
		})
	}
}

// BenchmarkPreviewFirstPage is what the live preview does before it can
// serve the first page of a flat vault of 10,000 notes: Load with a new
// cache (front matter read, bodies rendered when asked), then one brief's
// page rendered. "parse" parses every note; "kept" starts from the notes
// the last preview kept (UseKept, as serve reads its CacheFile: decoding
// them is part of the time). The notes are in memory: reading them from
// the page cache adds little.
func BenchmarkPreviewFirstPage(b *testing.B) {
	const n = 10000
	fsys := fstest.MapFS{}
	for name, data := range corpus.Flat(n, corpus.StyleWiki) {
		fsys[name] = &fstest.MapFile{Data: data, ModTime: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	name := "content/" + corpus.FlatName(7) + ".md"
	for _, mode := range []string{"parse", "kept"} {
		b.Run(mode, func(b *testing.B) {
			load := func(kept []byte) (*Model, *Cache) {
				cache := NewCache()
				cache.Watched, cache.Persist = true, true
				if kept != nil {
					if err := cache.UseKept(kept); err != nil {
						b.Fatal(err)
					}
				}
				m, err := Load(context.Background(), fsys, lodestone.Theme, Options{}, cache)
				if err != nil || m.Diags.HasErrors() || m.Plan == nil {
					b.Fatal(err, m.Diags)
				}
				return m, cache
			}
			var kept []byte
			if mode == "kept" {
				_, cache := load(nil)
				var buf bytes.Buffer
				if _, err := cache.Snapshot().WriteTo(&buf); err != nil {
					b.Fatal(err)
				}
				kept = buf.Bytes()
			}
			cpu := cpuTime()
			for b.Loop() {
				m, _ := load(kept)
				if kept != nil && m.Parsed != 0 {
					b.Fatalf("parsed %d notes with the kept ones", m.Parsed)
				}
				for _, p := range m.Site.Pages {
					if p.File == name {
						if _, ok, d := m.Plan.File(p.URL + "index.html"); !ok || d != nil {
							b.Fatal(p.URL, d)
						}
					}
				}
			}
			if cpu := cpuTime() - cpu; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			}
		})
	}
}
