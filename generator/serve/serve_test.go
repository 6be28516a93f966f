package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/build"
)

// site is a running preview server on a temporary site folder.
type site struct {
	t    *testing.T
	dir  string
	srv  *Server
	base string
	evs  chan event
}

type event struct {
	Gen      int64       `json:"gen"`
	Good     int64       `json:"good"`
	OK       bool        `json:"ok"`
	Errors   []eventItem `json:"errors"`
	Warnings []eventItem `json:"warnings"`
	Warned   int         `json:"warned"`
}

type eventItem struct {
	Where   string `json:"where"`
	Msg     string `json:"msg"`
	Line    int    `json:"line"`
	Excerpt []struct {
		N    int    `json:"n"`
		Text string `json:"text"`
	} `json:"excerpt"`
}

// start writes files into a new site folder and runs a server on it, with
// a reader of its event stream.
func start(t *testing.T, files map[string]string, opts Options) *site {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		write(t, filepath.Join(dir, name), body)
	}
	opts.Src, opts.Theme = dir, lodestone.Theme
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	s := &site{t: t, dir: dir, srv: New(opts), evs: make(chan event, 100)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.base = "http://" + ln.Addr().String() + "/"
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.srv.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	// Subscribe to the event stream; the first event is the current state.
	var resp *http.Response
	for i := 0; ; i++ {
		resp, err = http.Get(s.base + "_lodestone/events")
		if err == nil {
			break
		}
		if i == 100 {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	go func() {
		defer resp.Body.Close()
		buf := make([]byte, 0, 1<<16)
		chunk := make([]byte, 1<<16)
		for {
			n, err := resp.Body.Read(chunk)
			buf = append(buf, chunk[:n]...)
			for {
				i := strings.Index(string(buf), "\n\n")
				if i < 0 {
					break
				}
				msg := string(buf[:i])
				buf = buf[i+2:]
				if data, ok := strings.CutPrefix(msg, "data: "); ok {
					var ev event
					if json.Unmarshal([]byte(data), &ev) == nil {
						s.evs <- ev
					}
				}
			}
			if err != nil {
				return
			}
		}
	}()
	if ev := s.next(); !ev.OK {
		t.Fatalf("first build failed: %+v", ev)
	}
	return s
}

// next waits for the next build event.
func (s *site) next() event {
	s.t.Helper()
	select {
	case ev := <-s.evs:
		return ev
	case <-time.After(10 * time.Second):
		s.t.Fatal("no build event within 10s")
	}
	return event{}
}

// quiet checks no further build happens for a while.
func (s *site) quiet(d time.Duration) {
	s.t.Helper()
	select {
	case ev := <-s.evs:
		s.t.Fatalf("unexpected extra build: %+v", ev)
	case <-time.After(d):
	}
}

func (s *site) get(path string) (int, string) {
	s.t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (s *site) write(name, body string) { write(s.t, filepath.Join(s.dir, name), body) }

func write(t *testing.T, p, body string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func contains(t *testing.T, what, page string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

var twoBriefs = map[string]string{
	"content/a.md":       "---\ntitle: Alpha\nevents:\n  - {date: 2020, title: Alpha event}\n---\nAlpha links to [[Beta]].\n",
	"content/b.md":       "---\ntitle: Beta\n---\nBeta body.\n",
	"templates/.keep":    "",
	"static/css/x.css":   "body{}",
	"public/index.html":  "stale output that serve never touches",
	".git/HEAD":          "ref: refs/heads/main",
	"content/.hidden.md": "hidden",
}

// TestWatch drives a real fsnotify watcher on a temporary folder through the
// changes writers make, checking the served site after each and that each
// change (or burst) costs exactly one rebuild.
func TestWatch(t *testing.T) {
	s := start(t, twoBriefs, Options{}) // the default batching, as writers get it
	builds := s.srv.Builds()
	step := func(name string, change func()) event {
		t.Helper()
		change()
		ev := s.next()
		s.quiet(400 * time.Millisecond)
		if got := s.srv.Builds() - builds; got != 1 {
			t.Errorf("%s: %d rebuilds, want 1", name, got)
		}
		builds = s.srv.Builds()
		return ev
	}

	step("edit", func() { s.write("content/b.md", "---\ntitle: Beta\n---\nBeta edited.\n") })
	_, page := s.get("b/")
	contains(t, "b after edit", page, "Beta edited.")

	// An editor's atomic save: vim's probe file and backup, JetBrains' temp
	// file renamed over the real one, an emacs lock.
	step("atomic save", func() {
		probe := filepath.Join(s.dir, "content", "4913")
		must(t, os.WriteFile(probe, nil, 0o644))
		must(t, os.Remove(probe))
		must(t, os.WriteFile(filepath.Join(s.dir, "content", "b.md~"), []byte("backup"), 0o644))
		must(t, os.Symlink("user@host.123", filepath.Join(s.dir, "content", ".#b.md")))
		tmp := filepath.Join(s.dir, "content", "b.md___jb_tmp___")
		must(t, os.WriteFile(tmp, []byte("---\ntitle: Beta\n---\nSaved atomically.\n"), 0o644))
		must(t, os.Rename(tmp, filepath.Join(s.dir, "content", "b.md")))
	})
	_, page = s.get("b/")
	contains(t, "b after atomic save", page, "Saved atomically.")

	step("new folder", func() {
		// Made elsewhere and moved in whole, as a file manager or git does.
		outside := t.TempDir()
		write(t, filepath.Join(outside, "mines", "deep", "pit.md"), "---\ntitle: Pit\n---\nSee [[Alpha]].\n")
		must(t, os.Rename(filepath.Join(outside, "mines"), filepath.Join(s.dir, "content", "mines")))
	})
	code, page := s.get("mines/deep/pit/")
	if code != 200 {
		t.Errorf("new brief: status %d", code)
	}
	contains(t, "pit", page, "<h1>Pit</h1>")

	// A file in the new folder is watched too.
	step("edit in new folder", func() { s.write("content/mines/deep/pit.md", "---\ntitle: Pit two\n---\nSee [[Alpha]].\n") })
	_, page = s.get("mines/deep/pit/")
	contains(t, "pit after edit", page, "<h1>Pit two</h1>")
	_, page = s.get("a/")
	contains(t, "alpha backlinks", page, "Pit two")

	step("delete", func() { must(t, os.Remove(filepath.Join(s.dir, "content", "a.md"))) })
	if code, _ := s.get("a/"); code != 404 {
		t.Errorf("deleted brief: status %d", code)
	}
	_, page = s.get("b/")
	if strings.Contains(page, "Linked from") {
		t.Error("deleted brief still listed in backlinks of b")
	}
	_, page = s.get("timeline/")
	if strings.Contains(page, "Alpha event") {
		t.Error("deleted brief's event still on the timeline")
	}

	// A burst: many files written or removed by one command. Its events
	// come within the batching window, so one build, unless a loaded
	// machine spreads the command's own work over more than the window
	// (seen in CI at a load of 20: rm -rf of 500 files in two builds):
	// then the builds that follow must end on the burst's last state.
	burst := func(name string, change func()) {
		t.Helper()
		change()
		s.next()
		n := 1
		for {
			select {
			case <-s.evs:
				n++
				continue
			case <-time.After(time.Second):
			}
			break
		}
		if n > 2 {
			t.Errorf("%s: %d rebuilds, want 1 (2 on a loaded machine)", name, n)
		} else if n == 2 {
			t.Logf("%s: 2 rebuilds (the machine is loaded)", name)
		}
		builds = s.srv.Builds()
	}
	burst("burst of 500 files", func() {
		for i := range 500 {
			s.write(fmt.Sprintf("content/bulk/b%03d.md", i), fmt.Sprintf("---\ntitle: Bulk %d\n---\nLinks to [[Beta]].\n", i))
		}
	})
	if code, _ := s.get("bulk/b499/"); code != 200 {
		t.Errorf("last of the burst: status %d", code)
	}
	_, page = s.get("b/")
	page, _, _ = strings.Cut(page, `<section class="connections"`) // the list, not the graph
	if n := strings.Count(page, `<a href="../bulk/b`); n != 500 {
		t.Errorf("b has %d backlinks from the burst, want 500", n)
	}

	burst("rm -rf", func() { must(t, os.RemoveAll(filepath.Join(s.dir, "content", "bulk"))) })
	if code, _ := s.get("bulk/b000/"); code != 404 {
		t.Errorf("removed folder: status %d", code)
	}

	step("template", func() {
		s.write("templates/404.html", `{{define "main"}}<h1>Custom missing page</h1>{{end}}`)
	})
	_, page = s.get("nowhere/")
	contains(t, "404", page, "Custom missing page")

	step("config", func() { s.write("lodestone.yaml", "title: Renamed site\n") })
	_, page = s.get("")
	contains(t, "home", page, "<title>Renamed site</title>")

	// Changes outside the watched folders, in hidden files and in the
	// output folder start no build.
	s.write("content/4913", "")
	s.write("content/b.md~", "backup")
	s.write("content/b.md___jb_tmp___", "x")
	s.write("content/.b.md.swp", "x")
	s.write("public/x.html", "x")
	s.write(".git/index", "x")
	s.write("content/.draft.md", "x")
	s.write("notes.txt", "x")
	s.quiet(500 * time.Millisecond)

	data, err := os.ReadFile(filepath.Join(s.dir, "public", "index.html"))
	if err != nil || string(data) != "stale output that serve never touches" {
		t.Errorf("serve touched public/: %q %v", data, err)
	}
}

// TestNoteProblem: by default a brief whose front matter is wrong is
// published from what could be read, and the event carries the warning
// with file:line (problems in notes before other warnings).
func TestNoteProblem(t *testing.T) {
	s := start(t, twoBriefs, Options{})
	s.write("content/b.md", "---\ntitle: Beta\ndate: 2025-13-01\n---\nBroken [[Nowhere]].\n")
	ev := s.next()
	if !ev.OK || ev.Good != ev.Gen || len(ev.Errors) != 0 {
		t.Fatalf("build with a problem in one note: %+v", ev)
	}
	if ev.Warned != 2 || len(ev.Warnings) != 2 {
		t.Fatalf("warnings: %+v", ev)
	}
	if w := ev.Warnings[0]; w.Where != "content/b.md:3:7" || !strings.Contains(w.Msg, `date "2025-13-01" is not a date`) || len(w.Excerpt) == 0 {
		t.Errorf("first warning = %+v, want the note's problem", w)
	}
	if w := ev.Warnings[1]; !strings.Contains(w.Msg, "Nowhere") {
		t.Errorf("second warning = %+v, want the link", w)
	}
	_, page := s.get("b/")
	contains(t, "published note", page, "Broken")
}

// TestRecovery is the writer's recovery script under --strict: break a
// brief's front matter, see the error with file:line and the offending
// lines while the last good site is still served, fix it, see the site
// come back.
func TestRecovery(t *testing.T) {
	s := start(t, twoBriefs, Options{Build: build.Options{Strict: true}})
	s.write("content/b.md", "---\ntitle: Beta\ndate: 2025-13-01\n---\nBroken.\n")
	ev := s.next()
	if ev.OK || len(ev.Errors) != 1 {
		t.Fatalf("broken build: %+v", ev)
	}
	e := ev.Errors[0]
	if e.Where != "content/b.md:3:7" || !strings.Contains(e.Msg, `date "2025-13-01" is not a date`) {
		t.Errorf("error = %s: %s", e.Where, e.Msg)
	}
	if len(e.Excerpt) == 0 || e.Excerpt[2].N != 3 || e.Excerpt[2].Text != "date: 2025-13-01" {
		t.Errorf("excerpt = %+v", e.Excerpt)
	}
	code, page := s.get("b/")
	if code != 200 || !strings.Contains(page, "Beta body.") {
		t.Errorf("last good page not served while broken: %d", code)
	}
	if !strings.Contains(page, fmt.Sprintf("window.__lodestoneGen=%d;", ev.Good)) {
		t.Errorf("page does not carry the good generation %d", ev.Good)
	}

	s.write("content/b.md", "---\ntitle: Beta\ndate: 2025-12-01\n---\nFixed.\n")
	ev = s.next()
	if !ev.OK || ev.Good != ev.Gen {
		t.Fatalf("fixed build: %+v", ev)
	}
	_, page = s.get("b/")
	contains(t, "fixed page", page, "Fixed.", "1 December 2025")
}

// TestLogOnce checks the terminal shows an error once, not once per event.
func TestLogOnce(t *testing.T) {
	log := &syncWriter{}
	s := start(t, twoBriefs, Options{Log: log, Build: build.Options{Strict: true}})
	s.write("content/b.md", "---\ndate: soon\n---\n")
	s.next()
	s.write("content/a.md", "---\ntitle: Alpha\n---\nStill broken elsewhere.\n")
	s.next()
	out := log.String()
	if n := strings.Count(out, `content/b.md:2:7: front matter: date "soon" is not a date`); n != 1 {
		t.Errorf("error printed %d times:\n%s", n, out)
	}
	if n := strings.Count(out, "still serving the last good site"); n != 2 {
		t.Errorf("failure line printed %d times, want once per build:\n%s", n, out)
	}
}

type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestSafety checks the server serves only the in-memory site.
func TestSafety(t *testing.T) {
	s := start(t, twoBriefs, Options{})
	for _, p := range []string{
		"../go.mod", "%2e%2e/go.mod", "%2E%2E%2Fgo.mod", "a/..%2f..%2fgo.mod", "..%5cgo.mod", "a%5c..%5cb",
		"content/a.md", "lodestone.yaml", "public/index.html", ".git/HEAD", "%00", "templates/base.html",
		"/etc/passwd", "%2Fetc/passwd",
	} {
		req, _ := http.NewRequest("GET", s.base, nil)
		req.URL.Opaque = "/" + strings.TrimPrefix(p, "/") // sent as written, not cleaned
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", p, resp.StatusCode)
		}
		if strings.Contains(string(b), "module ") || strings.Contains(string(b), "root:") || strings.Contains(string(b), "stale output") {
			t.Errorf("%s: served a file from disk", p)
		}
	}
	// A folder without an index is not listed.
	if code, _ := s.get("css/"); code != 404 {
		t.Errorf("css/: status %d, want 404 (no listings)", code)
	}
	// Directory pages redirect to their slash form; files are served.
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(s.base + "b")
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 301 || resp.Header.Get("Location") != "/b/" {
		t.Errorf("b: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if code, body := s.get("css/x.css"); code != 200 || body != "body{}" {
		t.Errorf("static file: %d %q", code, body)
	}
	// Wrong Host (DNS rebinding) is refused, on pages and the reload channel.
	for _, p := range []string{"", "_lodestone/events"} {
		req, _ := http.NewRequest("GET", s.base+p, nil)
		req.Host = "attacker.example:80"
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		resp.Body.Close()
		if resp.StatusCode != 403 {
			t.Errorf("Host attacker.example on /%s: %d, want 403", p, resp.StatusCode)
		}
	}
	req, _ := http.NewRequest("GET", s.base, nil)
	req.Header.Set("Origin", "http://attacker.example")
	resp, err = http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	for k := range resp.Header {
		if strings.HasPrefix(k, "Access-Control-") {
			t.Errorf("CORS header %s", k)
		}
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control = %q", resp.Header.Get("Cache-Control"))
	}
	req, _ = http.NewRequest("POST", s.base, nil)
	resp, err = http.DefaultClient.Do(req)
	must(t, err)
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

// TestTemplateRenderError: a template that fails only when executed shows
// the error on the page, which recovers after the next good build.
// The terminal shows the mistake once, however many pages it breaks.
func TestTemplateRenderError(t *testing.T) {
	log := &syncWriter{}
	s := start(t, twoBriefs, Options{Log: log})
	s.write("templates/brief.html", `{{define "main"}}{{.Brief.Nope}}{{end}}`)
	if ev := s.next(); !ev.OK {
		t.Fatalf("template parses, the build should succeed: %+v", ev)
	}
	code, page := s.get("b/")
	if code != 500 || !strings.Contains(page, "templates/brief.html") || !strings.Contains(page, "window.__lodestoneError=") {
		t.Errorf("render error page: %d\n%s", code, page)
	}
	if code, _ := s.get("a/"); code != 500 {
		t.Errorf("a/: %d, want 500", code)
	}
	if n := strings.Count(log.String(), "can't evaluate field Nope"); n != 1 {
		t.Errorf("the template mistake was printed %d times, want once:\n%s", n, log.String())
	}
	s.write("templates/brief.html", `{{define "main"}}<p>fixed template</p>{{end}}`)
	s.next()
	code, page = s.get("b/")
	if code != 200 || !strings.Contains(page, "fixed template") {
		t.Errorf("after fix: %d", code)
	}
}

func TestWatchLimitMessage(t *testing.T) {
	err := watchError(fmt.Errorf("inotify_add_watch: %w", syscall.ENOSPC))
	if !strings.Contains(err.Error(), "fs.inotify.max_user_watches") {
		t.Errorf("message does not say what to raise: %v", err)
	}
}

// TestWatchVaultSettings: the preview rebuilds when an Obsidian vault's
// settings that the build reads change (here the templates folder), and not
// when Obsidian writes its other files (workspace.json, at every click).
func TestWatchVaultSettings(t *testing.T) {
	files := map[string]string{
		"content/.obsidian/workspace.json": "{}",
		"content/.obsidian/templates.json": `{"folder": "Templates"}`,
		"content/Meta/daily.md":            "---\ntitle: Daily\n---\nA template.\n",
		"content/a.md":                     "A note.\n",
	}
	s := start(t, files, Options{})
	if code, _ := s.get("meta/daily/"); code != 200 {
		t.Fatalf("meta/daily/ before: status %d", code)
	}
	s.write("content/.obsidian/workspace.json", `{"active": "a.md"}`)
	s.quiet(400 * time.Millisecond)

	s.write("content/.obsidian/templates.json", `{"folder": "Meta"}`)
	if ev := s.next(); !ev.OK {
		t.Fatalf("rebuild: %+v", ev)
	}
	if code, _ := s.get("meta/daily/"); code != 404 {
		t.Errorf("meta/daily/ after the templates folder moved there: status %d, want 404", code)
	}
}
