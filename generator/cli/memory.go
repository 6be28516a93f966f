package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sync"

	"github.com/lodestone-ssg/lodestone/generator/gcpace"
	"github.com/lodestone-ssg/lodestone/generator/source"
)

// The Go heap gets a soft limit (GOMEMLIMIT overrides it) so that a build's
// garbage is collected before the heap doubles. The limit must stay well
// above what the build keeps live (each brief's metadata and the link graph,
// about the size of content/, and the search index while it is built; the
// bodies wait on disk): at or below it the collector runs without pause (at
// 30,000 notes a 380 MB limit took 23% of the CPU, against 13% with this
// one). So it is the larger of minMemoryLimit and memoryPerContentByte times
// the size of content/ (for a build, of what it has read of it so far).
const (
	minMemoryLimit       = 300 << 20
	memoryPerContentByte = 5
)

// collectorFloor is the heap a command that builds once (build, check,
// bundle) lets grow before the collector runs (see gcpace). At 10,000
// notes, 128 MB made 22 collections instead of 61 (3–4% less CPU and time
// than the default pace; peak RSS about 220 MB instead of 200 MB). 160 MB
// makes 15 instead of 17, for 5–6% less again and a peak RSS of 240–250
// MB; 192 MB gained no more and reached 250–296 MB. The preview server
// keeps the default pace: it stays resident, and rebuilds little at a time.
const collectorFloor = 160 << 20

// renderFloor is collectorFloor once the site is loaded (see Loaded):
// what is live then stays live to the end of the build, and what
// rendering and search allocate besides is garbage at once. The parse
// leaves more heap than collectorFloor (185 MB at 10,000 notes, most of
// it free): held to 160 MB, the runtime returned 20–45 MB of it to the
// system at each growth of the heap and then faulted it back in, and
// collected four times more. 224 MB: 6–7% less time and CPU over ten
// pairs of flat 10,000 builds (4% for the sectioned corpus), peak RSS
// 240–255 MB instead of 210 MB; 200 MB gave 5%, 185 MB 3%. Past about
// 110 MB live (flat 30,000 has 140 MB) the default pace is the larger,
// and nothing changes.
const renderFloor = 224 << 20

// limitStep is how far the limit of a build that is reading its notes
// moves at a time.
const limitStep = 16 << 20

// liveFactor: once a site is loaded (read, parsed, cross-linked and
// planned), what is live stays live to the end of the build (each brief's
// metadata and the link graph), and the rest is the garbage of rendering.
// The heap's limit is then liveFactor times that live heap (at least
// minMemoryLimit). At the collector's default pace the heap grew to twice
// what it last marked, and what it marked included the garbage made while
// it marked: at 30,000 notes, a peak RSS of 790 MB for a live heap of
// about 220 MB. With the limit, 587 MB, for 14–15% of the CPU in the
// collector instead of 11–12% and 0–8% more time over four runs (2.0 gave
// 490 MB, but 23% and a quarter more time; 3.0, 700 MB). A limit sized by
// the live heap also holds for a vault of many small notes, whose
// metadata outweighs its text: one sized by content/ could sit below its
// live heap.
const liveFactor = 2.5

// buildMemory is the heap's soft limit and the collector's pace for a
// command that builds once (build, check, bundle). While the notes are
// read the limit is memoryPerContentByte times what has been read (read
// is build.Options.Read), at least minMemoryLimit: what the parse keeps
// grows with it. (Sizing content/ before the build, as the preview
// server does, was a stat of every file and 2% of the CPU of a build of
// 10,000 notes.) Once the site is loaded it is liveFactor times the live
// heap (loaded is build.Options.Loaded), and the collector's floor is
// renderFloor instead of collectorFloor. GOMEMLIMIT, when set, is the
// limit throughout.
type buildMemory struct {
	stopPace func()
	mu       sync.Mutex
	read     int64 // bytes of notes read
	limit    int64 // the limit last set; 0 once loaded or under GOMEMLIMIT
	parsed   bool  // Parsed has run: reads no longer move the limit
	loaded   bool  // Loaded has run
}

// startBuildMemory sets minMemoryLimit (unless GOMEMLIMIT is set) and
// collectorFloor's pace until stop.
func startBuildMemory() *buildMemory {
	m := &buildMemory{stopPace: gcpace.Floor(collectorFloor)}
	if os.Getenv("GOMEMLIMIT") == "" {
		m.limit = minMemoryLimit
		debug.SetMemoryLimit(m.limit)
	}
	return m
}

// Read counts n bytes of notes read, and raises the limit by limitStep
// or more when what has been read asks for it. The build calls it from
// its parsing goroutines.
func (m *buildMemory) Read(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.read += int64(n)
	if m.limit > 0 && !m.parsed && memoryPerContentByte*m.read >= m.limit+limitStep {
		m.limit = memoryPerContentByte * m.read
		debug.SetMemoryLimit(m.limit)
	}
}

// Parsed lowers the limit, once every note is parsed, to liveFactor
// times what the last collection found live (at least minMemoryLimit):
// cross-linking and planning a large site add half again to what is
// live, and under the limit the reading set (five times the notes) the
// heap grew to twice that before Loaded's collection, past 400 MB of
// peak RSS at flat 30,000.
func (m *buildMemory) Parsed() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.limit == 0 || m.parsed {
		return // GOMEMLIMIT is set, or this ran before
	}
	m.parsed = true
	live, ok := gcpace.Live()
	if !ok {
		return
	}
	if l := max(minMemoryLimit, int64(liveFactor*float64(live))); l < m.limit {
		m.limit = l
		debug.SetMemoryLimit(l)
	}
}

// Loaded sets the limit to liveFactor times the live heap, at least
// minMemoryLimit, and the collector's floor to renderFloor.
func (m *buildMemory) Loaded() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loaded {
		return
	}
	m.loaded = true
	m.stopPace() // one pace at a time
	m.stopPace = gcpace.Floor(renderFloor)
	if m.limit == 0 {
		return // GOMEMLIMIT is set
	}
	m.limit = 0
	// What the last collection marked may include garbage made while
	// it marked; one collection now gives what is live (a tenth of a
	// second at 30,000 notes) and frees the parse's garbage.
	runtime.GC()
	live, ok := gcpace.Live()
	if !ok {
		return
	}
	debug.SetMemoryLimit(max(minMemoryLimit, int64(liveFactor*float64(live))))
}

// stop restores the collector's pace.
func (m *buildMemory) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stopPace()
}

// startMemoryLimit runs setMemoryLimit in the background: sizing content/
// is a stat per file (a tenth of a second for 10,000 notes), and until it
// is done the heap has no limit but the collector's usual pace. The
// command calls wait before it returns.
func startMemoryLimit(src string) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		setMemoryLimit(src)
	}()
	return func() { <-done }
}

// setMemoryLimit sets the heap's soft limit for the preview of the site in
// src: memoryPerContentByte times the size of content/, at least
// minMemoryLimit.
func setMemoryLimit(src string) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	var size int64
	_ = filepath.WalkDir(filepath.Join(src, source.ContentDir), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				size += fi.Size()
			}
		}
		return nil
	})
	debug.SetMemoryLimit(max(minMemoryLimit, memoryPerContentByte*size))
}
