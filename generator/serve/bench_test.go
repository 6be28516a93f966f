package serve

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

// BenchmarkEditToReload measures what a writer waits for: the time from
// writing a brief to the reload message reaching the browser channel,
// through the real watcher, batching and rebuild, at 1,000 and 10,000
// briefs. It reports the median and 90th percentile.
func BenchmarkEditToReload(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("briefs=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := corpus.Write(dir, corpus.Files(n, corpus.StyleWiki)); err != nil {
				b.Fatal(err)
			}
			srv := New(Options{Src: dir, Theme: lodestone.Theme, Log: io.Discard})
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				b.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- srv.Run(ctx, ln) }()
			defer func() { cancel(); <-done }()
			for srv.state.Load().good == nil {
				time.Sleep(10 * time.Millisecond)
			}
			ch := srv.hub.join()
			d, stem := corpus.Name(1)
			file := filepath.Join(dir, "content", d, stem+".md")
			orig, _ := os.ReadFile(file)
			var lat []time.Duration
			i := 0
			for b.Loop() {
				i++
				edit := append(orig[:len(orig):len(orig)], fmt.Sprintf("\nEdit number %d.\n", i)...)
				start := time.Now()
				if err := os.WriteFile(file, edit, 0o644); err != nil {
					b.Fatal(err)
				}
				select {
				case <-ch:
				case <-time.After(10 * time.Second):
					b.Fatal("no reload message")
				}
				lat = append(lat, time.Since(start))
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, "ms-p90")
		})
	}
}
