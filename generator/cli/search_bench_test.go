package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lodestone-ssg/lodestone/generator/internal/browser"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

// BenchmarkSearchFirstResult measures, in Chromium, the time from a query
// to its ranked results (with snippets' texts loaded) on the benchmark
// corpus at 1,000 and 10,000 briefs, two of the queries misspelt: "cold"
// includes loading the index shards the query needs (for a typo, the word
// list too), "warm" is the same query again. The index script itself is
// loaded before timing.
func BenchmarkSearchFirstResult(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("briefs=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, corpus.Files(n, corpus.StyleWiki)); err != nil {
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
			if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
				b.Fatal(err)
			}
			// Load the index script (what focusing the box does).
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`new Promise(ok => { const s = document.createElement("script"); s.src = "search-index.js"; s.onload = () => ok("ok"); document.head.appendChild(s) })`, chromedp.EvalAwaitPromise)); err != nil {
				b.Fatal(err)
			}
			queries := []string{"separation quota", "magnet", "brief 42", "rare earth oxide", "tailings permit", "separaton quota", "neodymum"}
			var cold, warm float64
			i := 0
			for b.Loop() {
				q := queries[i%len(queries)] + fmt.Sprint(" ", i/len(queries))
				q = strings.TrimSuffix(q, " 0")
				i++
				ms, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(async () => {
					const q = `+jsString(q)+`;
					let t = performance.now(); let r = await LodestoneSearch.search(q); const cold = performance.now() - t;
					t = performance.now(); r = await LodestoneSearch.search(q); const warm = performance.now() - t;
					return [cold, warm, r.hits.length];
				})()`, chromedp.EvalAwaitPromise))
				if err != nil {
					b.Fatal(err)
				}
				cold, warm = cold+ms[0], warm+ms[1]
			}
			b.ReportMetric(cold/float64(i), "ms-cold")
			b.ReportMetric(warm/float64(i), "ms-warm")
		})
	}
}
