package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"testing"
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

// TestLimitToLive: once the site is loaded, the limit is liveFactor times
// the live heap, at least minMemoryLimit; GOMEMLIMIT wins.
func TestLimitToLive(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	defer debug.SetMemoryLimit(old)
	t.Setenv("GOMEMLIMIT", "")
	waited := false
	wait := func() { waited = true }

	loaded(wait)()
	if !waited {
		t.Error("the limit sized by content/ was not waited for")
	}
	if got := debug.SetMemoryLimit(-1); got != minMemoryLimit {
		t.Errorf("small live heap: limit %d MB, want %d MB", got>>20, minMemoryLimit>>20)
	}

	const big = 160 << 20 // live: above minMemoryLimit / liveFactor
	keep := make([]byte, big)
	for i := range keep {
		keep[i] = byte(i)
	}
	loaded(wait)()
	got := debug.SetMemoryLimit(-1)
	if lo, hi := int64(liveFactor*big), int64(liveFactor*(big+64<<20)); got < lo || got > hi {
		t.Errorf("live heap of %d MB and more: limit %d MB, want %d to %d MB", big>>20, got>>20, lo>>20, hi>>20)
	}
	runtime.KeepAlive(keep)

	t.Setenv("GOMEMLIMIT", "1GiB")
	debug.SetMemoryLimit(123 << 20)
	loaded(wait)()
	if got := debug.SetMemoryLimit(-1); got != 123<<20 {
		t.Errorf("GOMEMLIMIT set: limit changed to %d MB", got>>20)
	}
}
