// Package serve is the live preview: it builds a site into memory, serves it
// on a loopback address, watches the site folder and rebuilds on every
// change, and tells open pages to reload through server-sent events.
//
// A rebuild re-parses only the briefs that changed (build.Cache) and renders
// pages only when the browser asks for them, so after an edit the work is
// proportional to the edit, not to the site. When a build fails, the server
// keeps serving the last good site and every open page shows the errors in
// an overlay (file:line:col, message, the lines around it); the next good
// build reloads the pages, which keep their scroll position.
//
// The server serves only the in-memory site: paths with "..", encoded
// dot-dot or backslashes, and unknown paths get 404; there are no directory
// listings and no CORS headers, and requests must carry the Host the server
// is bound to (against DNS rebinding). It never writes to the output folder.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/source"
)

// Options configure a Server.
type Options struct {
	// Src is the site folder.
	Src string
	// FS is the site folder as a file system; nil reads Src from disk.
	FS fs.FS
	// Changes, when set, is where Run and Watch learn what changed (paths
	// relative to the site folder, slash-separated, as the watcher reports
	// them) instead of watching Src with fsnotify. Tests feed it.
	Changes <-chan []string
	// Theme is the built-in theme (templates/ and static/).
	Theme fs.FS
	// Build options (Drafts, Strict, Version) for every rebuild.
	Build build.Options
	// CacheFile, when set, is where the preview keeps its parsed notes
	// between runs (see build.Cache.Persist): started again, it parses
	// only the notes changed since. KeepDelay is how long after the first
	// build it writes the file (default 2s), so that writing it does not
	// slow the first page.
	CacheFile string
	KeepDelay time.Duration
	// Log receives build reports; nil discards them.
	Log io.Writer
	// Quiet is how long the folder must be still before a rebuild starts
	// (default 10ms; 250ms once several files changed, a burst); MaxWait
	// caps the wait during a long burst (default 1s).
	Quiet, MaxWait time.Duration
	// Hosts are extra names (besides the listen address, localhost and,
	// when listening on all interfaces, this machine's addresses) that
	// requests may carry in their Host header, as "name" or "name:port".
	Hosts []string
	// IdleTimeout closes keep-alive connections idle for longer (default
	// 30s). The reload channel is not idle: it gets a comment every 15s.
	IdleTimeout time.Duration
}

// Server is a live-preview server for one site folder.
type Server struct {
	opts  Options
	cache *build.Cache
	state atomic.Pointer[state]
	hub   hub

	mu      sync.Mutex
	pending map[string]bool
	kick    chan struct{}

	builds     atomic.Int64
	superseded atomic.Int64 // rebuilds a newer change asked to stop
	collecting atomic.Bool  // an idle collection runs (see collectIdle)
	collected  atomic.Int64 // idle collections finished (for tests)
	kept       atomic.Int64 // writes of the kept cache tried (for tests)
	keeping    sync.WaitGroup

	renderMu   sync.Mutex
	renderErrs map[int64]map[string]bool // template errors printed, per build
	printed    map[string]bool           // diagnostics of the last build, printed once
	hosts      map[string]bool
}

// state is the result of the latest build, with the last good site.
type state struct {
	gen     int64
	good    *build.Model // last good model; nil until a build succeeds
	goodGen int64
	errs    diag.List // errors of the latest build; empty when it succeeded
	warns   diag.List // warnings of the latest build when it succeeded
	event   []byte    // the server-sent event describing this state
	// withheld reports the briefs withheld from the audience (see
	// site.Site.Withheld): the page does not show their problems.
	withheld func(file string) bool
	pages    sync.Map // rendered pages of good, by output name
}

//go:embed client.js
var clientJS string

// New returns a server for opts.Src; call Run to start it.
func New(opts Options) *Server {
	if opts.Quiet == 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.MaxWait == 0 {
		opts.MaxWait = time.Second
	}
	if opts.Log == nil {
		opts.Log = io.Discard
	}
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = 30 * time.Second
	}
	if opts.FS == nil {
		opts.FS = os.DirFS(opts.Src)
	}
	if opts.KeepDelay == 0 {
		opts.KeepDelay = 2 * time.Second
	}
	cache := build.NewCache()
	cache.Watched = true // Rebuild forgets what the watcher reports
	cache.Persist = opts.CacheFile != ""
	cache.Spool() // the preview holds each note's metadata, not its text
	s := &Server{opts: opts, cache: cache, pending: map[string]bool{}, kick: make(chan struct{}, 1)}
	s.state.Store(&state{})
	return s
}

// Builds returns how many builds have run (for tests).
func (s *Server) Builds() int64 { return s.builds.Load() }

// Rebuild builds the site now and publishes the result. Rebuilds are not
// concurrent: Run calls it from one goroutine.
func (s *Server) Rebuild(ctx context.Context, changed []string) error {
	start := time.Now()
	var rels []string
	keep := len(changed) > 0
	briefsOnly := keep
	for _, c := range changed {
		if c == forgetAll || c == listingChanged {
			keep = false
		}
		if c == listingChanged {
			continue // files came or went: their paths are in changed too
		}
		if c == forgetAll {
			s.cache.Clear()
		}
		if r, ok := strings.CutPrefix(c, source.ContentDir+"/"); ok && strings.HasSuffix(r, ".md") {
			rels = append(rels, r)
		} else if ok {
			rels = append(rels, r)
			briefsOnly = false
		} else {
			briefsOnly = false // a template, data file or setting
		}
	}
	s.cache.Forget(rels...)
	if keep {
		s.cache.KeepListing() // only edits of existing files: no need to walk
	}
	// Changes of briefs only (edited, new or gone) keep the parsed
	// templates; an edit whose body alone changed reuses the site.
	s.cache.BriefsOnly(briefsOnly)
	m, err := build.Load(ctx, s.opts.FS, s.opts.Theme, s.opts.Build, s.cache)
	if ctx.Err() != nil {
		// Superseded or shut down: what was read may be partial, and is not
		// published. The parse cache keeps only briefs parsed in full.
		return ctx.Err()
	}
	old := s.state.Load()
	if old.gen == 0 && m != nil && m.Parsed > 0 && s.cache.Persist {
		// Taken before the first build is published: no page has been
		// rendered from it yet (see build.Cache.Snapshot).
		if snap := s.cache.Snapshot(); snap != nil {
			s.keeping.Add(1)
			go s.keep(ctx, snap)
		}
	}
	next := &state{gen: old.gen + 1, good: old.good, goodGen: old.goodGen}
	switch {
	case err != nil:
		next.errs = diag.List{{Msg: err.Error()}}
	case m.Diags.HasErrors():
		next.errs = m.Diags
	default:
		next.good, next.goodGen = m, next.gen
		for _, d := range m.Diags {
			if d.Severity == diag.Warning {
				next.warns = append(next.warns, d)
			}
		}
	}
	if m != nil && m.Site != nil {
		next.withheld = m.Site.Withheld
	}
	if next.good == old.good {
		// Same site: keep the rendered pages.
		old.pages.Range(func(k, v any) bool { next.pages.Store(k, v); return true })
	}
	next.event = s.eventFor(next)
	s.state.Store(next)
	s.builds.Add(1) // after the store: whoever sees the count sees the state
	s.report(m, next, changed, time.Since(start))
	s.hub.broadcast(next.event)
	return err
}

// report prints the build's diagnostics to the log, each set only once.
func (s *Server) report(m *build.Model, st *state, changed []string, took time.Duration) {
	var diags diag.List
	if len(st.errs) > 0 {
		diags = st.errs
	} else if m != nil {
		diags = m.Diags
	}
	// Each diagnostic is printed when it appears, not again while it stays.
	now := map[string]bool{}
	for _, d := range diags {
		line := d.Error()
		now[line] = true
		if !s.printed[line] {
			fmt.Fprintln(s.opts.Log, line)
		}
	}
	s.printed = now
	switch {
	case len(st.errs) > 0:
		e, _ := st.errs.Count()
		fmt.Fprintf(s.opts.Log, "lodestone: build failed with %s; still serving the last good site\n", plural(e, "error", "errors"))
	case m != nil:
		fmt.Fprintf(s.opts.Log, "lodestone: built %s in %s (%d parsed, %s changed)\n",
			plural(len(m.Site.Pages), "brief", "briefs"), took.Round(time.Millisecond), m.Parsed, plural(len(changed), "file", "files"))
	}
}

type excerptLine struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

type eventError struct {
	File    string        `json:"file"`
	Line    int           `json:"line,omitempty"`
	Col     int           `json:"col,omitempty"`
	Msg     string        `json:"msg"`
	Where   string        `json:"where"`
	Excerpt []excerptLine `json:"excerpt,omitempty"`
}

// eventFor describes a state for the browser: the generation of the site
// being served, and the errors with the lines they point at.
func (s *Server) eventFor(st *state) []byte {
	ev := struct {
		Gen    int64        `json:"gen"`
		Good   int64        `json:"good"`
		OK     bool         `json:"ok"`
		Errors []eventError `json:"errors"`
		// Warnings of a good build: the first 20 of Warned, problems in
		// notes (published with what could be read) first.
		Warnings []eventError `json:"warnings"`
		Warned   int          `json:"warned"`
	}{Gen: st.gen, Good: st.goodGen, OK: len(st.errs) == 0, Errors: []eventError{}, Warnings: []eventError{}, Warned: len(st.warns)}
	item := func(d diag.Diagnostic) eventError {
		if st.withheld != nil && st.withheld(d.Pos.File) {
			// Only the terminal names a brief the audience may not read.
			return eventError{Msg: "a problem in a brief withheld from this audience: see the terminal", Where: "a withheld brief"}
		}
		return eventError{File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col, Msg: d.Msg, Where: d.Pos.String(), Excerpt: s.excerpt(d.Pos)}
	}
	for _, d := range st.errs {
		if d.Severity != diag.Error {
			continue
		}
		if len(ev.Errors) == 20 {
			break
		}
		ev.Errors = append(ev.Errors, item(d))
	}
	warns := slices.Clone(st.warns)
	other := func(d diag.Diagnostic) int {
		if d.Kind == diag.Note {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(warns, func(a, b diag.Diagnostic) int { return other(a) - other(b) })
	for _, d := range warns[:min(len(warns), 20)] {
		ev.Warnings = append(ev.Warnings, item(d))
	}
	b, _ := json.Marshal(ev)
	return b
}

// excerpt reads the lines around pos from the site folder.
func (s *Server) excerpt(pos diag.Pos) []excerptLine {
	if pos.File == "" || pos.Line == 0 || !fs.ValidPath(pos.File) {
		return nil
	}
	b, err := fs.ReadFile(s.opts.FS, pos.File)
	if err != nil {
		return nil
	}
	lines := strings.Split(string(b), "\n")
	var out []excerptLine
	for n := max(1, pos.Line-2); n <= min(len(lines), pos.Line+2); n++ {
		out = append(out, excerptLine{N: n, Text: strings.TrimRight(lines[n-1], "\r")})
	}
	return out
}

// Run builds the site, serves it on ln and rebuilds on every change until
// ctx is cancelled. It returns nil after a clean shutdown.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	s.hosts = allowedHosts(ln.Addr(), s.opts.Hosts)
	defer s.cache.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan error, 1)
	watched := make(chan error, 1)
	go func() { watched <- s.watch(ctx, ready) }()
	if err := <-ready; err != nil {
		return err
	}

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: s.opts.IdleTimeout}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case err := <-watched:
		if err != nil {
			return err
		}
	case <-ctx.Done():
	}
	cancel()
	s.hub.closeAll()
	shutCtx, done := context.WithTimeout(context.Background(), 2*time.Second)
	defer done()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

// Watch builds the site, then rebuilds it on every change until ctx is
// cancelled; ServeHTTP serves the latest good build meanwhile. Run calls
// it; a test can call it with Options.Changes and no socket.
func (s *Server) Watch(ctx context.Context) error {
	return s.watch(ctx, nil)
}

// watch is Watch, telling ready (if set) when the first build is done or
// could not start.
func (s *Server) watch(ctx context.Context, ready chan<- error) error {
	fail := func(err error) error {
		if ready != nil {
			ready <- err
		}
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if s.opts.Changes != nil {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case paths, ok := <-s.opts.Changes:
					if !ok {
						return
					}
					s.enqueue(paths)
				}
			}
		}()
	} else {
		src, err := filepath.Abs(s.opts.Src)
		if err != nil {
			return fail(err)
		}
		w, err := newWatcher(src, "")
		if err != nil {
			return fail(err)
		}
		defer w.Close()
		go w.run(ctx, s.opts.Quiet, s.opts.MaxWait, s.enqueue, func(err error) {
			fmt.Fprintln(s.opts.Log, "lodestone:", err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				s.enqueue([]string{forgetAll}) // events were lost: re-read everything
			}
		})
	}
	if s.opts.CacheFile != "" {
		s.readKept()
	}
	if err := s.Rebuild(ctx, nil); err != nil {
		return fail(err)
	}
	if ready != nil {
		ready <- nil
	}
	s.collectIdle()
	s.buildLoop(ctx)
	s.keeping.Wait() // a file being written is removed, not left behind
	return nil
}

// readKept reads the notes the last preview of this folder kept (see
// Options.CacheFile), if any.
func (s *Server) readKept() {
	data, err := os.ReadFile(s.opts.CacheFile)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(s.opts.Log, "lodestone: kept notes not used:", err)
		}
		return
	}
	if err := s.cache.UseKept(data); err != nil {
		fmt.Fprintf(s.opts.Log, "lodestone: kept notes not used (all are parsed): %v\n", err)
		return
	}
	// Used: the file's time says so, for whoever removes kept notes no
	// preview uses (the cli, after 30 days).
	now := time.Now()
	_ = os.Chtimes(s.opts.CacheFile, now, now)
}

// keep writes the parsed notes of the first build to Options.CacheFile,
// KeepDelay later, for the next preview of this folder. The file is
// replaced whole, or not at all.
func (s *Server) keep(ctx context.Context, snap *build.Snapshot) {
	defer s.keeping.Done()
	select {
	case <-ctx.Done():
		return
	case <-time.After(s.opts.KeepDelay):
	}
	err := func() error {
		if err := os.MkdirAll(filepath.Dir(s.opts.CacheFile), 0o700); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(s.opts.CacheFile), filepath.Base(s.opts.CacheFile)+".*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name()) // after the rename, nothing to remove
		if _, err := snap.WriteTo(ctxWriter{ctx, tmp}); err != nil {
			tmp.Close()
			return err
		}
		if err := tmp.Close(); err != nil {
			return err
		}
		return os.Rename(tmp.Name(), s.opts.CacheFile)
	}()
	if err != nil && ctx.Err() == nil {
		fmt.Fprintln(s.opts.Log, "lodestone: could not keep the parsed notes for next time:", err)
	}
	s.kept.Add(1)
}

// ctxWriter writes to w until ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// forgetAll is a pending "path" that makes the next rebuild re-read every brief.
const forgetAll = "\x00all"

// enqueue records changed paths and wakes the build loop. While a build
// runs, further changes gather into the one build that waits.
func (s *Server) enqueue(paths []string) {
	s.mu.Lock()
	for _, p := range paths {
		s.pending[p] = true
	}
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

func (s *Server) buildLoop(ctx context.Context) {
	superseded := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.kick:
		}
		s.mu.Lock()
		var changed []string
		for p := range s.pending {
			changed = append(changed, p)
		}
		clear(s.pending)
		s.mu.Unlock()

		bctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- s.Rebuild(bctx, changed) }()
		var err error
		if superseded {
			// The last rebuild gave way to this one: this one finishes,
			// so a stream of saves cannot keep the preview from updating.
			err, superseded = <-done, false
		} else {
			select {
			case err = <-done:
			case <-s.kick:
				// A newer change: stop this rebuild (it stops after the
				// briefs under way) and build again with both changes.
				cancel()
				s.superseded.Add(1)
				err = <-done
				if errors.Is(err, context.Canceled) && ctx.Err() == nil {
					superseded, err = true, nil
					s.enqueue(changed) // back into pending, with the newer ones
				} else {
					s.enqueue(nil) // it finished first: build the newer ones next
				}
			}
		}
		cancel()
		if err != nil && ctx.Err() == nil {
			fmt.Fprintln(s.opts.Log, "lodestone:", err)
		}
		if len(s.kick) == 0 {
			s.collectIdle()
		}
	}
}

// collectIdle runs the garbage collector in the background once a build
// is published and no change waits. Each rebuild leaves the previous
// site's model behind (about 50 MB at 10,000 notes, and the first load
// far more); collected now, while the writer reads the page, it is not
// collected during the next rebuild, between a save and the reload. A
// save that comes meanwhile is built at once, beside the collection.
func (s *Server) collectIdle() {
	if !s.collecting.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer s.collecting.Store(false)
		runtime.GC()
		s.collected.Add(1)
	}()
}

// Superseded returns how many rebuilds a newer change asked to stop (for
// tests).
func (s *Server) Superseded() int64 { return s.superseded.Load() }

// allowedHosts lists the Host headers that name this server: its address,
// localhost when it listens on loopback, this machine's own addresses when it
// listens on all interfaces (--allow-remote), and the names given. Any other
// Host is refused, so a web page cannot reach the preview through a DNS name
// of its own that resolves here (DNS rebinding).
func allowedHosts(a net.Addr, names []string) map[string]bool {
	hosts := map[string]bool{}
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return hosts
	}
	port := strconv.Itoa(tcp.Port)
	add := func(h string) { hosts[strings.ToLower(net.JoinHostPort(h, port))] = true }
	add(tcp.IP.String())
	if tcp.IP.IsLoopback() || tcp.IP.IsUnspecified() {
		add("localhost")
		add("127.0.0.1")
		add("::1")
	}
	if tcp.IP.IsUnspecified() {
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, ia := range addrs {
				if ipn, ok := ia.(*net.IPNet); ok {
					add(ipn.IP.String())
				}
			}
		}
		if h, err := os.Hostname(); err == nil {
			add(h)
		}
	}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" {
			continue
		}
		if _, _, err := net.SplitHostPort(n); err == nil {
			hosts[n] = true
			continue
		}
		add(n)
		hosts[n] = true // behind a proxy on the default port
	}
	return hosts
}

func (s *Server) hostOK(host string) bool {
	if s.hosts == nil {
		return true // not started by Run (handler tests set hosts themselves)
	}
	return s.hosts[strings.ToLower(host)]
}

// ServeHTTP serves the in-memory site and the reload channel.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.hostOK(r.Host) {
		http.Error(w, "wrong Host header", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.URL.Path == "/_lodestone/events" {
		s.events(w, r)
		return
	}
	name, ok := sitePath(r)
	st := s.state.Load()
	if !ok || st.good == nil {
		s.notFound(w, st)
		return
	}
	data, found, d := s.file(st, name)
	if !found && !strings.HasSuffix(name, "index.html") {
		if _, isDir, _ := s.file(st, name+"/index.html"); isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
	}
	if !found {
		s.notFound(w, st)
		return
	}
	if d != nil {
		s.renderError(w, st, *d)
		return
	}
	s.write(w, http.StatusOK, name, data, st)
}

func (s *Server) file(st *state, name string) ([]byte, bool, *diag.Diagnostic) {
	if v, ok := st.pages.Load(name); ok {
		return v.([]byte), true, nil
	}
	data, found, d := st.good.Plan.File(name)
	if found && d == nil {
		st.pages.Store(name, data)
	}
	return data, found, d
}

func (s *Server) write(w http.ResponseWriter, code int, name string, data []byte, st *state) {
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = http.DetectContentType(data)
	}
	w.Header().Set("Content-Type", ct)
	if strings.HasPrefix(ct, "text/html") {
		data = inject(data, st.goodGen)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(code)
	_, _ = w.Write(data)
}

func (s *Server) notFound(w http.ResponseWriter, st *state) {
	if st.good != nil {
		if data, _, d := s.file(st, "404.html"); d == nil && data != nil {
			s.write(w, http.StatusNotFound, "404.html", data, st)
			return
		}
	}
	s.write(w, http.StatusNotFound, "404.html", []byte("<!DOCTYPE html><title>Not found</title><p>Not found.</p>"), st)
}

// renderError answers a page whose template failed: the overlay shows the
// error, and the page reloads by itself after the next good build.
func (s *Server) renderError(w http.ResponseWriter, st *state, d diag.Diagnostic) {
	s.renderMu.Lock()
	if s.renderErrs[st.gen] == nil {
		s.renderErrs = map[int64]map[string]bool{st.gen: {}} // forget older builds
	}
	// One mistake in a template breaks every page that uses it: it is
	// printed once, for the first page asked for.
	key := d.Pos.String() + "\x00" + templateMistake(d.Msg)
	if !s.renderErrs[st.gen][key] {
		s.renderErrs[st.gen][key] = true
		fmt.Fprintln(s.opts.Log, d.Error())
	}
	s.renderMu.Unlock()
	errState := &state{gen: st.gen, goodGen: -1, errs: diag.List{d}}
	page := fmt.Sprintf("<!DOCTYPE html><title>Build error</title><pre>%s</pre><script>window.__lodestoneError=%s</script>",
		htmlEscape(d.Error()), s.eventFor(errState))
	s.write(w, http.StatusInternalServerError, "error.html", []byte(page), st)
}

// templateMistake is a template error's message without the page it
// broke (" (rendering content/a.md)").
func templateMistake(msg string) string {
	if i := strings.LastIndex(msg, " (rendering "); i >= 0 {
		return msg[:i]
	}
	return msg
}

func htmlEscape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// sitePath turns a request path into an output file name, refusing
// anything that could name a file outside the site: dot segments (also
// percent-encoded), backslashes (also encoded) and NUL bytes.
func sitePath(r *http.Request) (string, bool) {
	p := r.URL.Path
	if strings.ContainsAny(p, "\\\x00") || strings.Contains(strings.ToLower(r.URL.EscapedPath()), "%5c") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." || seg == "." {
			return "", false
		}
	}
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	if !fs.ValidPath(name) {
		return "", false
	}
	return name, true
}

// inject adds the reload client to an HTML page, before </body>.
func inject(page []byte, gen int64) []byte {
	script := "<script>window.__lodestoneGen=" + strconv.FormatInt(gen, 10) + ";" + clientJS + "</script>"
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page[:len(page):len(page)], script...)
	}
	out := make([]byte, 0, len(page)+len(script))
	out = append(out, page[:i]...)
	out = append(out, script...)
	return append(out, page[i:]...)
}

// events is the reload channel: it sends the current state at once, then
// every new one.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	ch := s.hub.join()
	defer s.hub.leave(ch)
	send := func(ev []byte) bool {
		if _, err := fmt.Fprintf(w, "data: %s\n\n", ev); err != nil {
			return false
		}
		fl.Flush()
		return true
	}
	if !send(s.state.Load().event) {
		return
	}
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-ch:
			if !ok || !send(ev) {
				return
			}
		case <-ping.C:
			if _, err := io.WriteString(w, ": ping\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// hub fans build events out to the open pages. Each listener holds at most
// the latest event: a slow page skips to the newest state.
type hub struct {
	mu      sync.Mutex
	clients map[chan []byte]bool
}

func (h *hub) join() chan []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients == nil {
		h.clients = map[chan []byte]bool{}
	}
	ch := make(chan []byte, 1)
	h.clients[ch] = true
	return ch
}

func (h *hub) leave(ch chan []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[ch] {
		delete(h.clients, ch)
		close(ch)
	}
}

func (h *hub) broadcast(ev []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		select {
		case <-ch: // drop the stale event
		default:
		}
		ch <- ev
	}
}

func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}

// plural is "1 brief", "2 briefs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
