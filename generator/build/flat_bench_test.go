package build

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// BenchmarkBuildFlat is BenchmarkBuild on the vault-shaped corpus: n notes
// in one folder (corpus.Flat), the shape real vaults have. Besides wall
// time it reports the CPU time per note (cpu-µs/note, every goroutine and
// the garbage collector included), which other processes on a shared
// machine disturb far less: compare that, with -benchtime Nx -count.
func BenchmarkBuildFlat(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := fstest.MapFS{}
		for name, data := range corpus.Flat(n, corpus.StyleWiki) {
			fsys[name] = &fstest.MapFile{Data: data, ModTime: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
		}
		b.Run(fmt.Sprintf("notes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				res, err := Build(context.Background(), fsys, lodestone.Theme, output.Minify(output.NewMem()), Options{})
				if err != nil || res.Diags.HasErrors() {
					b.Fatal(err, res.Diags)
				}
			}
			if cpu := cpuTime() - cpu; cpu > 0 {
				b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*n), "cpu-µs/note")
			}
		})
	}
}
