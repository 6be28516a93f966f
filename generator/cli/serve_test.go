package cli

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs "lodestone serve --src dir" with args in-process, on a
// free loopback port. stop cancels it (Ctrl-C) and returns its exit code;
// the test fails if it has not stopped within 5 s.
func startServe(t *testing.T, dir string, args ...string) (addr string, stderr *lockedBuffer, stop func() int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr = ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	stderr = &lockedBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, append([]string{"serve", "--src", dir, "--addr", addr}, args...), stderr, stderr)
	}()
	return addr, stderr, func() int {
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(5 * time.Second):
			t.Fatal("serve did not stop within 5s of Ctrl-C")
			return -1
		}
	}
}

// TestServeCommand runs "lodestone serve" in-process: it serves the site on
// a loopback port, and cancelling (Ctrl-C) stops it cleanly with exit 0.
func TestServeCommand(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content", "a.md"), []byte("# Hello preview\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, stderr, stop := startServe(t, dir)
	var body string
	for i := 0; ; i++ {
		resp, err := http.Get("http://" + addr + "/a/")
		if err == nil {
			var b bytes.Buffer
			_, _ = b.ReadFrom(resp.Body)
			resp.Body.Close()
			body = b.String()
			break
		}
		if i == 200 {
			t.Fatalf("server never came up: %v\n%s", err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(body, "Hello preview") || !strings.Contains(body, "/_lodestone/events") {
		t.Errorf("page lacks its text or the reload client:\n%s", body)
	}
	if c := stop(); c != 0 {
		t.Errorf("exit code %d after Ctrl-C\n%s", c, stderr.String())
	}
	out := stderr.String()
	for _, want := range []string{"serving " + dir + " at http://" + addr + "/", "lodestone: stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote public/: %v", err)
	}
}

// TestServeKeepsNotes: "lodestone serve" keeps the parsed notes in the
// user's cache folder; started again on the folder it parses none (the
// notes are unchanged), and with --no-cache it parses them all.
func TestServeKeepsNotes(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	for _, name := range []string{"a", "b"} {
		file := filepath.Join(dir, "content", name+".md")
		if err := os.WriteFile(file, []byte("# Note "+name+"\n\nSee [[a]].\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(file, past, past); err != nil {
			t.Fatal(err)
		}
	}
	kept := keptNotesFile(dir)
	if !strings.HasPrefix(kept, os.Getenv("XDG_CACHE_HOME")) {
		t.Fatalf("kept notes at %s, not in the cache folder %s", kept, os.Getenv("XDG_CACHE_HOME"))
	}
	serveOnce := func(wait func() bool, args ...string) string {
		t.Helper()
		_, stderr, stop := startServe(t, dir, args...)
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(stderr.String(), "lodestone: built") || !wait() {
			if time.Now().After(deadline) {
				t.Fatalf("timed out:\n%s", stderr.String())
			}
			time.Sleep(20 * time.Millisecond)
		}
		if c := stop(); c != 0 {
			t.Fatalf("exit %d\n%s", c, stderr.String())
		}
		return stderr.String()
	}
	exists := func() bool { _, err := os.Stat(kept); return err == nil }
	if out := serveOnce(exists); !strings.Contains(out, "(2 parsed") {
		t.Errorf("first preview:\n%s", out)
	}
	if out := serveOnce(func() bool { return true }); !strings.Contains(out, "(0 parsed") {
		t.Errorf("second preview parsed notes it kept:\n%s", out)
	}
	if err := os.Remove(kept); err != nil {
		t.Fatal(err)
	}
	start := time.Now() // past the time a kept file would be written (2s)
	later := func() bool { return time.Since(start) > 3*time.Second }
	if out := serveOnce(later, "--no-cache"); !strings.Contains(out, "(2 parsed") || exists() {
		t.Errorf("--no-cache: kept file %v\n%s", exists(), out)
	}
}

// TestPruneKept: other previews' kept notes last written more than keptFor
// ago are removed (and a write a stopped preview left); recent ones, the
// starting preview's own and files Lodestone did not make are not.
func TestPruneKept(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-keptFor - time.Hour)
	files := map[string]bool{ // name -> removed
		"preview-0123456789abcdef.gob":        true,
		"preview-0123456789abcdef.gob.123456": true,
		"preview-fedcba9876543210.gob":        false, // recent
		"preview-00000000aaaaaaaa.gob":        false, // this preview's, however old
		"notes.txt":                           false, // not Lodestone's
	}
	for name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if name != "preview-fedcba9876543210.gob" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	pruneKept(filepath.Join(dir, "preview-00000000aaaaaaaa.gob"), time.Now().Add(-keptFor))
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed %v, want %v", name, gone, removed)
		}
	}
}
