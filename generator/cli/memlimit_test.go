package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/gcpace"
)

// TestMemoryLimitScales: the heap's soft limit is 300 MB for a small site
// and grows with content/ (5 bytes a byte), so a big site's live heap never
// sits at the limit; GOMEMLIMIT wins.
func TestMemoryLimitScales(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	t.Setenv("GOMEMLIMIT", "")
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	setMemoryLimit(dir)
	if got := debug.SetMemoryLimit(-1); got != minMemoryLimit {
		t.Errorf("small site: limit %d MB, want %d MB", got>>20, minMemoryLimit>>20)
	}
	f, err := os.Create(filepath.Join(dir, "content", "big.md"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(100 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	setMemoryLimit(dir)
	if got := debug.SetMemoryLimit(-1); got != 500<<20 {
		t.Errorf("100 MB of content: limit %d MB, want 500 MB", got>>20)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(123 << 20)
	setMemoryLimit(dir)
	if got := debug.SetMemoryLimit(-1); got != 123<<20 {
		t.Errorf("GOMEMLIMIT set: limit changed to %d MB", got>>20)
	}
}

// TestBuildMemory: while a build reads its notes the limit is
// memoryPerContentByte times what it has read, at least minMemoryLimit,
// moving by limitStep or more; once the notes are parsed it is at most
// liveFactor times what the last collection found live, and once the site
// is loaded liveFactor times the live heap, at least minMemoryLimit, and
// reads no longer move it; GOMEMLIMIT wins throughout.
func TestBuildMemory(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	t.Setenv("GOMEMLIMIT", "")
	limit := func() int64 { return debug.SetMemoryLimit(-1) }

	m := startBuildMemory()
	if got := limit(); got != minMemoryLimit {
		t.Errorf("before reading: limit %d MB, want %d MB", got>>20, minMemoryLimit>>20)
	}
	const note = 1 << 20
	for range 60 { // 300 MB / memoryPerContentByte
		m.Read(note)
	}
	if got := limit(); got != minMemoryLimit {
		t.Errorf("60 MB read: limit %d MB, want %d MB", got>>20, minMemoryLimit>>20)
	}
	for range 40 {
		m.Read(note)
	}
	want := int64(memoryPerContentByte * 100 * note)
	if got := limit(); got > want || got < want-limitStep {
		t.Errorf("100 MB read: limit %d MB, want %d MB (less a step at most)", got>>20, want>>20)
	}

	// What is live is this test's and the other tests' of the package:
	// usually under minMemoryLimit / liveFactor, not always.
	sized := func() int64 {
		live, _ := gcpace.Live()
		return max(minMemoryLimit, int64(liveFactor*float64(live)))
	}
	runtime.GC()
	before := limit()
	m.Parsed()
	parsed := limit()
	if want := min(before, sized()); parsed != want { // Parsed only lowers it
		t.Errorf("parsed: limit %d MB, want %d MB", parsed>>20, want>>20)
	}
	m.Read(1 << 30)
	if got := limit(); got != parsed {
		t.Errorf("a read after the notes were parsed moved the limit to %d MB", got>>20)
	}
	m.Loaded()
	loaded := limit()
	if want := sized(); loaded != want {
		t.Errorf("loaded: limit %d MB, want %d MB", loaded>>20, want>>20)
	}
	m.Read(1 << 30)
	if got := limit(); got != loaded {
		t.Errorf("a read after the site was loaded moved the limit to %d MB", got>>20)
	}

	m.stop() // one pace at a time (gcpace.Floor)

	const big = 160 << 20 // live: above minMemoryLimit / liveFactor
	keep := make([]byte, big)
	for i := range keep {
		keep[i] = byte(i)
	}
	m = startBuildMemory()
	for range 400 {
		m.Read(note)
	}
	runtime.GC() // Parsed reads what the last collection found live
	m.Parsed()
	if got, lo, hi := limit(), int64(liveFactor*big), int64(liveFactor*(big+64<<20)); got < lo || got > hi {
		t.Errorf("parsed, live heap of %d MB and more, 400 MB read: limit %d MB, want %d to %d MB", big>>20, got>>20, lo>>20, hi>>20)
	}
	m.Loaded()
	m.stop()
	got := limit()
	if lo, hi := int64(liveFactor*big), int64(liveFactor*(big+64<<20)); got < lo || got > hi {
		t.Errorf("live heap of %d MB and more: limit %d MB, want %d to %d MB", big>>20, got>>20, lo>>20, hi>>20)
	}
	runtime.KeepAlive(keep)

	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(123 << 20)
	m = startBuildMemory()
	defer m.stop()
	m.Read(1 << 30)
	if got := limit(); got != 123<<20 {
		t.Errorf("GOMEMLIMIT set: a read changed the limit to %d MB", got>>20)
	}
	m.Parsed()
	m.Loaded()
	if got := limit(); got != 123<<20 {
		t.Errorf("GOMEMLIMIT set: limit changed to %d MB", got>>20)
	}
}

// TestRenderFloor: once the site is loaded the collector's pace is set
// from renderFloor, not collectorFloor, and stop restores the pace the
// build found, GOMEMLIMIT or not.
func TestRenderFloor(t *testing.T) {
	t.Setenv("GOGC", "")
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	percent := func() int {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p
	}
	before := percent()
	const big = 48 << 20 // live: where the two floors set different paces
	keep := make([]byte, big)
	for i := range keep {
		keep[i] = byte(i)
	}
	for _, limit := range []string{"", "1GiB"} {
		t.Setenv("GOMEMLIMIT", limit)
		m := startBuildMemory()
		runtime.GC()
		live, _ := gcpace.Live()
		if got, want := percent(), gcpace.Percent(collectorFloor, live); got != want {
			t.Errorf("GOMEMLIMIT=%q, reading: GOGC %d, want %d (collectorFloor)", limit, got, want)
		}
		m.Loaded()
		live, _ = gcpace.Live()
		want := gcpace.Percent(renderFloor, live)
		if want == gcpace.Percent(collectorFloor, live) {
			t.Fatalf("live heap %d MB: both floors give GOGC %d", live>>20, want)
		}
		if got := percent(); got != want {
			t.Errorf("GOMEMLIMIT=%q, loaded: GOGC %d, want %d (renderFloor, %d MB live)", limit, got, want, live>>20)
		}
		m.stop()
		if got := percent(); got != before {
			t.Errorf("GOMEMLIMIT=%q, stopped: GOGC %d, want %d as before", limit, got, before)
		}
	}
	runtime.KeepAlive(keep)
}
