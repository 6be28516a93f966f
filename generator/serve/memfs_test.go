package serve

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
)

// watchFS runs a preview of fsys with Watch, fed by the returned channel
// of changes instead of a file watcher; it stops when the test ends.
func watchFS(t *testing.T, fsys fs.FS) (*Server, chan<- []string) {
	t.Helper()
	changes := make(chan []string)
	s := New(Options{FS: fsys, Theme: lodestone.Theme, Changes: changes})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return s, changes
}

// waitFor polls ok until it holds, failing the test after 10 s.
func waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestWatchInMemory runs the preview on an in-memory site with injected
// change events and serves it through httptest: no socket, no file watching.
// An edit shows on the page, broken settings keep the last good page and
// puts the error (with its lines) in the event, a fix brings the new page.
func TestWatchInMemory(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\n---\nFirst text.\n")},
		"content/b.md": {Data: []byte("Links to [[A]].\n")},
	}
	s, changes := watchFS(t, fsys)
	get := func(path string) (int, string) {
		t.Helper()
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(b)
	}
	waitBuilds := func(n int64) {
		t.Helper()
		waitFor(t, fmt.Sprintf("build %d", n), func() bool { return s.Builds() >= n })
	}
	waitBuilds(1)
	if code, body := get("/a/"); code != 200 || !strings.Contains(body, "First text.") {
		t.Fatalf("/a/: %d\n%s", code, body)
	}

	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\nSecond text.\n")}
	changes <- []string{"content/a.md"}
	waitBuilds(2)
	if _, body := get("/a/"); !strings.Contains(body, "Second text.") {
		t.Errorf("edit not shown:\n%s", body)
	}

	fsys["lodestone.yaml"] = &fstest.MapFile{Data: []byte("title: [A\n")}
	changes <- []string{"lodestone.yaml"}
	waitBuilds(3)
	if _, body := get("/a/"); !strings.Contains(body, "Second text.") {
		t.Errorf("the last good page is not served after a broken edit:\n%s", body)
	}
	if ev := string(s.eventFor(s.state.Load())); !strings.Contains(ev, `"where":"lodestone.yaml:1`) || !strings.Contains(ev, "title: [A") {
		t.Errorf("event does not show the error with its lines: %s", ev)
	}

	fsys["lodestone.yaml"] = &fstest.MapFile{Data: []byte("title: A site\n")}
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\n---\nFourth text.\n")}
	changes <- []string{"lodestone.yaml", "content/a.md"}
	waitBuilds(4)
	if _, body := get("/a/"); !strings.Contains(body, "Fourth text.") {
		t.Errorf("fix not shown:\n%s", body)
	}
	if code, _ := get("/nope/"); code != 404 {
		t.Errorf("/nope/: %d", code)
	}
}

// TestBodyEditKeepsSite: a save that changes a brief's body alone is shown
// without building the site again (the served model keeps its site); a
// save of anything else (a title, a template) builds it again.
func TestBodyEditKeepsSite(t *testing.T) {
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\nsummary: About A.\n---\nFirst text.\n")},
		"content/b.md": {Data: []byte("Links to [[A]].\n")},
	}
	s, changes := watchFS(t, fsys)
	page := func(path string) string {
		t.Helper()
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Result().Body)
		return string(b)
	}
	n := int64(1)
	save := func(name, text string) {
		t.Helper()
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
		changes <- []string{name}
		n++
		waitFor(t, fmt.Sprintf("build %d", n), func() bool { return s.Builds() >= n })
	}
	waitFor(t, "build 1", func() bool { return s.Builds() >= 1 })
	site := s.state.Load().good.Site

	save("content/a.md", "---\ntitle: A\nsummary: About A.\n---\nFirst text.\n\nA second paragraph.\n")
	if got := s.state.Load().good.Site; got != site {
		t.Error("a body edit built the site again")
	}
	if body := page("/a/"); !strings.Contains(body, "A second paragraph.") {
		t.Errorf("body edit not shown:\n%s", body)
	}
	if body := page("/a/"); !strings.Contains(body, "Linked from") || !strings.Contains(body, `href="../b/"`) {
		t.Errorf("a lost its backlink from b:\n%s", body)
	}

	save("content/a.md", "---\ntitle: A new title\nsummary: About A.\n---\nFirst text.\n\nA second paragraph.\n")
	if got := s.state.Load().good.Site; got == site {
		t.Error("a title edit did not build the site again")
	}
	if body := page("/a/"); !strings.Contains(body, "<h1>A new title</h1>") {
		t.Errorf("a does not show its new title:\n%s", body)
	}
	site = s.state.Load().good.Site

	save("templates/brief.html", `{{define "main"}}<p>Custom: {{.Title}}</p>{{end}}`)
	if got := s.state.Load().good.Site; got == site {
		t.Error("a template edit did not build the site again")
	}
	if body := page("/a/"); !strings.Contains(body, "Custom: A new title") {
		t.Errorf("template edit not shown:\n%s", body)
	}

	// Files that came or went are reported with listingChanged. A note
	// added keeps the parsed templates; a template changed in the same
	// batch is read again.
	batch := func(files map[string]string) {
		t.Helper()
		names := []string{listingChanged}
		for name, text := range files {
			fsys[name] = &fstest.MapFile{Data: []byte(text)}
			names = append(names, name)
		}
		changes <- names
		n++
		waitFor(t, fmt.Sprintf("build %d", n), func() bool { return s.Builds() >= n })
	}
	batch(map[string]string{"content/c.md": "---\ntitle: C\n---\nNew.\n"})
	if body := page("/c/"); !strings.Contains(body, "Custom: C") {
		t.Errorf("a new note is not shown with the templates:\n%s", body)
	}
	batch(map[string]string{"content/d.md": "---\ntitle: D\n---\nNew.\n", "templates/brief.html": `{{define "main"}}<p>Other: {{.Title}}</p>{{end}}`})
	if body := page("/d/"); !strings.Contains(body, "Other: D") {
		t.Errorf("a template changed with a new note is not read again:\n%s", body)
	}
	if body := page("/a/"); !strings.Contains(body, "Other: A new title") {
		t.Errorf("a template changed with a new note is not read again:\n%s", body)
	}
}

// TestCollectsWhenIdle: once a build is published and no change waits,
// the preview collects garbage (the last site's model) in the
// background, after the first build and after each rebuild, so that the
// next save does not pay for it.
func TestCollectsWhenIdle(t *testing.T) {
	fsys := fstest.MapFS{"content/a.md": {Data: []byte("First text.\n")}}
	s, changes := watchFS(t, fsys)
	waitFor(t, "the first build", func() bool { return s.Builds() >= 1 })
	waitFor(t, "a collection after the first build", func() bool { return s.collected.Load() >= 1 })
	before := s.collected.Load()
	fsys["content/a.md"] = &fstest.MapFile{Data: []byte("Second text.\n")}
	changes <- []string{"content/a.md"}
	waitFor(t, "the rebuild", func() bool { return s.Builds() >= 2 })
	waitFor(t, "a collection after the rebuild", func() bool { return s.collected.Load() > before })
}

// TestKeepsParsedNotes: a preview with a CacheFile writes its parsed
// notes there after its first build; the next preview of the folder
// parses only the note changed in between, serves the same pages, and
// marks the file used.
func TestKeepsParsedNotes(t *testing.T) {
	old := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\n---\nFirst text, linking [[B]].\n"), ModTime: old},
		"content/b.md": {Data: []byte("---\ntitle: B\n---\nSecond text.\n"), ModTime: old},
		"content/c.md": {Data: []byte("Third text.\n"), ModTime: old},
	}
	cacheFile := filepath.Join(t.TempDir(), "kept", "notes.gob")
	start := func() *Server {
		s := New(Options{FS: fsys, Theme: lodestone.Theme, Changes: make(chan []string), CacheFile: cacheFile, KeepDelay: time.Millisecond})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- s.Watch(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
		waitFor(t, "the first build", func() bool { return s.Builds() >= 1 })
		return s
	}
	page := func(s *Server, path string) string {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		b, _ := io.ReadAll(rec.Result().Body)
		return string(b)
	}
	first := start()
	if got := first.state.Load().good.Parsed; got != 3 {
		t.Fatalf("first preview parsed %d notes, want 3", got)
	}
	waitFor(t, "the parsed notes kept", func() bool { return first.kept.Load() >= 1 })
	if _, err := os.Stat(cacheFile); err != nil {
		t.Fatal(err)
	}
	wantA := page(first, "/a/")

	fsys["content/c.md"] = &fstest.MapFile{Data: []byte("Third text, changed.\n"), ModTime: old.Add(time.Hour)}
	second := start()
	if got := second.state.Load().good.Parsed; got != 1 {
		t.Errorf("second preview parsed %d notes, want 1 (the changed one)", got)
	}
	if got := page(second, "/a/"); got != wantA {
		t.Errorf("/a/ differs from the first preview's:\n%s\nwant\n%s", got, wantA)
	}
	if got := page(second, "/c/"); !strings.Contains(got, "Third text, changed.") {
		t.Errorf("/c/ does not show the change:\n%s", got)
	}

	// Nothing changed: the third parses nothing and writes nothing, but
	// the file's time says it was used.
	waitFor(t, "the parsed notes kept again", func() bool { return second.kept.Load() >= 1 })
	long := time.Now().Add(-90 * 24 * time.Hour)
	if err := os.Chtimes(cacheFile, long, long); err != nil {
		t.Fatal(err)
	}
	third := start()
	if got := third.state.Load().good.Parsed; got != 0 {
		t.Errorf("third preview parsed %d notes, want 0", got)
	}
	if fi, err := os.Stat(cacheFile); err != nil || fi.ModTime().Before(time.Now().Add(-time.Hour)) {
		t.Errorf("the kept notes, used, keep their old time (%v): they would be removed as unused", err)
	}
}
