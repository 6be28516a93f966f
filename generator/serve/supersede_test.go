package serve

import (
	"io/fs"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// gatedFS holds reads of one file until the test opens the gate. It has
// only Open, so every read goes through it (fs.Sub, fs.ReadFile and
// fs.ReadDir fall back to Open).
type gatedFS struct {
	m       fstest.MapFS
	mu      sync.Mutex
	name    string
	gate    chan struct{} // nil: open
	reached chan struct{}
}

func (g *gatedFS) Open(name string) (fs.File, error) {
	g.mu.Lock()
	gate, reached := g.gate, g.reached
	g.mu.Unlock()
	if gate != nil && name == g.name {
		select {
		case reached <- struct{}{}:
		default:
		}
		<-gate
	}
	return g.m.Open(name)
}

// TestRebuildSuperseded: a change that arrives while a rebuild runs cancels
// it; the cancelled rebuild publishes nothing (no error, no partial site),
// and the next one builds both changes.
func TestRebuildSuperseded(t *testing.T) {
	g := &gatedFS{name: "content/a.md", m: fstest.MapFS{
		"content/a.md": {Data: []byte("A one.\n")},
		"content/b.md": {Data: []byte("B one.\n")},
	}}
	s, changes := watchFS(t, g)
	waitFor(t, "the first build", func() bool { return s.Builds() == 1 })

	// The next rebuild stops in the middle, reading a.md.
	gate := make(chan struct{})
	g.mu.Lock()
	g.gate, g.reached = gate, make(chan struct{}, 1)
	reached := g.reached
	g.mu.Unlock()
	g.m["content/a.md"] = &fstest.MapFile{Data: []byte("A two.\n")}
	changes <- []string{"content/a.md"}
	select {
	case <-reached:
	case <-time.After(5 * time.Second):
		t.Fatalf("the rebuild never read a.md (builds %d)", s.Builds())
	}
	// A newer change arrives: the running rebuild is cancelled.
	g.m["content/b.md"] = &fstest.MapFile{Data: []byte("B two.\n")}
	changes <- []string{"content/b.md"}
	waitFor(t, "the cancellation", func() bool { return s.Superseded() == 1 })
	g.mu.Lock()
	g.gate = nil
	g.mu.Unlock()
	close(gate)

	waitFor(t, "the rebuild with both changes", func() bool { return s.Builds() == 2 })
	st := s.state.Load()
	if len(st.errs) > 0 || st.good == nil || st.goodGen != 2 {
		t.Fatalf("state after the rebuild: errs %v, good gen %d", st.errs, st.goodGen)
	}
	for _, c := range []struct{ path, want string }{{"/a/", "A two."}, {"/b/", "B two."}} {
		data, ok, d := s.file(st, strings.TrimPrefix(c.path, "/")+"index.html")
		if !ok || d != nil || !strings.Contains(string(data), c.want) {
			t.Errorf("%s: %v %v %.200s", c.path, ok, d, data)
		}
	}
	time.Sleep(50 * time.Millisecond)
	if b := s.Builds(); b != 2 {
		t.Errorf("%d builds published, want 2 (the cancelled one publishes nothing)", b)
	}
}
