package cli

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

// BenchmarkGraphPage measures, in Chromium, the site's graph page of the
// benchmark corpora at 10,000 briefs: a flat vault (no types, one folder:
// grouped by tag) and a sectioned site (five types). ms-load is from the
// start of the navigation to the load event, by which the page has read
// graph-data.js and drawn its first picture (the 150 most linked briefs),
// ms-first-draw the part of it that running the deferred scripts takes
// (reading the data, laying out and drawing; from the document parsed to
// DOMContentLoaded); ms-filter is choosing a tag (the most used)
// and drawing its briefs. It reports the size of graph-data.js and of the
// page (KB, and compressed: KB-gz).
func BenchmarkGraphPage(b *testing.B) {
	for _, c := range []struct {
		name  string
		files func() map[string][]byte
	}{
		{"flat", func() map[string][]byte { return corpus.Flat(10000, corpus.StyleWiki) }},
		{"sections", func() map[string][]byte { return corpus.Files(10000, corpus.StyleWiki) }},
	} {
		b.Run(c.name+"/briefs=10000", func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, c.files()); err != nil {
				b.Fatal(err)
			}
			out := filepath.Join(dir, "public")
			var stderr strings.Builder
			if code := Main(context.Background(), []string{"build", "--src", dir, "--out", out}, &stderr, &stderr); code != 0 {
				b.Fatal(stderr.String())
			}
			srv := httptest.NewServer(http.FileServer(http.Dir(out)))
			defer srv.Close()
			ctx := browser.New(b)
			var load, filter, first float64
			n := 0
			for b.Loop() {
				if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/graph/")); err != nil {
					b.Fatal(err)
				}
				ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
					const nav = performance.getEntriesByType("navigation")[0];
					const view = document.querySelector(".graph-view");
					if (!view.hasAttribute("data-drawn")) throw new Error("not drawn at the load event");
					const d = LodestoneGraph, k = d.tags.map(() => 0);
					d.nodes.forEach(x => x[3].forEach(i => k[i]++));
					const f = document.querySelector("select[name=tag]");
					f.value = d.tags[k.indexOf(Math.max(...k))];
					const t = performance.now();
					f.dispatchEvent(new Event("change", {bubbles: true}));
					return [nav.loadEventEnd - nav.startTime, performance.now() - t, nav.domContentLoadedEventStart - nav.domInteractive];
				})()`))
				if err != nil {
					b.Fatal(err)
				}
				load, filter, first = load+ms[0], filter+ms[1], first+ms[2]
				n++
			}
			for _, f := range []string{"graph-data.js", "graph/index.html"} {
				data, err := os.ReadFile(filepath.Join(out, f))
				if err != nil {
					b.Fatal(err)
				}
				var z bytes.Buffer
				w := gzip.NewWriter(&z)
				w.Write(data)
				w.Close()
				name := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
				b.ReportMetric(float64(len(data))/1024, name+"-KB")
				b.ReportMetric(float64(z.Len())/1024, name+"-KB-gz")
			}
			b.ReportMetric(load/float64(n), "ms-load")
			b.ReportMetric(filter/float64(n), "ms-filter")
			b.ReportMetric(first/float64(n), "ms-first-draw")
		})
	}
}
