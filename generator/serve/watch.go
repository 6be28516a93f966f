package serve

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/lodestone-ssg/lodestone/generator/source"
)

// watched are the folders of a site whose changes trigger a rebuild; the
// site folder itself is watched (not recursively) for lodestone.yaml.
var watched = []string{source.ContentDir, source.TemplatesDir, source.StaticDir, "data"}

// listingChanged is a pending "path" saying that files were created,
// removed or renamed, so the next build must list the folders again.
const listingChanged = "\x00listing"

// burstSize is the number of changed paths from which a batch is a burst;
// a burst closes after burstQuiet without events (a loaded machine can
// pause a copy or a checkout for tens of milliseconds).
const (
	burstSize  = 3
	burstQuiet = 250 * time.Millisecond
)

// watcher turns file-system events under a site folder into batches of
// changed paths (slash-separated, relative to the site folder). fsnotify is
// not recursive: folders are added as they appear; the kernel drops the
// watches of removed ones.
type watcher struct {
	fs   *fsnotify.Watcher
	root string
	skip string // absolute output folder never to watch ("" for none)
}

func newWatcher(root, skip string) (*watcher, error) {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, watchError(err)
	}
	w := &watcher{fs: fw, root: root, skip: skip}
	if err := fw.Add(root); err != nil {
		fw.Close()
		return nil, watchError(err)
	}
	for _, d := range watched {
		if _, err := w.addTree(filepath.Join(root, d)); err != nil {
			fw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) Close() error { return w.fs.Close() }

// ignored reports whether a path is never watched or never counts as a
// change: hidden files and folders, .git, the output folder, editors'
// temporary and backup files.
func (w *watcher) ignored(abs string) bool {
	if w.skip != "" && (abs == w.skip || strings.HasPrefix(abs, w.skip+string(filepath.Separator))) {
		return true
	}
	rel, err := filepath.Rel(w.root, abs)
	if err != nil || rel == "." {
		return false
	}
	rel = filepath.ToSlash(rel)
	if vaultSetting(rel) >= 0 {
		return false
	}
	for _, part := range strings.Split(rel, "/") {
		if source.Hidden(part) || part == "4913" {
			return true
		}
	}
	return false
}

// vaultSetting reports whether rel (from the site folder) is one of an
// Obsidian vault's settings files that the build reads (1), or a folder on
// the way to one (0), or neither (-1). Nothing else in .obsidian/ (which
// Obsidian writes at every click) counts.
func vaultSetting(rel string) int {
	for _, f := range source.VaultSettings {
		f = source.ContentDir + "/" + f
		if rel == f {
			return 1
		}
		if strings.HasPrefix(f, rel+"/") && strings.HasPrefix(rel, source.ContentDir+"/.") {
			return 0
		}
	}
	return -1
}

// relevant reports whether a path below the root can affect the site.
func (w *watcher) relevant(abs string) bool {
	rel, err := filepath.Rel(w.root, abs)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	if rel == source.ConfigFile {
		return true
	}
	top, _, _ := strings.Cut(rel, "/")
	for _, d := range watched {
		if top == d {
			return !w.ignored(abs)
		}
	}
	return false
}

// addTree watches dir and every folder below it, and returns the files found
// (they count as changed when a folder appears with files already in it).
func (w *watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if p != dir && w.ignored(p) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fs.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return watchError(err)
			}
			return nil
		}
		files = append(files, p)
		return nil
	})
	return files, err
}

func watchError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EMFILE) {
		return fmt.Errorf("watch: the system's limit on watched folders is reached (%v); raise it, e.g. sudo sysctl fs.inotify.max_user_watches=524288 (and fs.inotify.max_user_instances=1024)", err)
	}
	return fmt.Errorf("watch: %w", err)
}

// run passes batches of changed paths to emit. A batch closes when no event
// has come for quiet, or maxWait after its first event, so a burst (git
// checkout, copying hundreds of files, rm -rf) becomes one batch. Once a
// batch holds burstSize paths it is a burst, and waits burstQuiet for
// quiet: a saved file is rebuilt at once, a copy of hundreds of files is
// not rebuilt half-way. emit must not block; errors go to report.
func (w *watcher) run(ctx context.Context, quiet, maxWait time.Duration, emit func([]string), report func(error)) {
	pending := map[string]bool{}
	var timer <-chan time.Time
	var first time.Time
	add := func(p string) {
		if len(pending) == 0 {
			first = time.Now()
		}
		rel, _ := filepath.Rel(w.root, p)
		pending[filepath.ToSlash(rel)] = true
		wait := quiet
		if len(pending) >= burstSize {
			wait = burstQuiet
		}
		if left := maxWait - time.Since(first); left < wait {
			wait = max(left, 0)
		}
		timer = time.After(wait)
	}
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fs.Events:
			if !ok {
				return
			}
			if !w.relevant(ev.Name) {
				continue
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
					files, err := w.addTree(ev.Name)
					if err != nil {
						report(err)
					}
					for _, f := range files {
						add(f)
					}
				}
			}
			add(ev.Name)
			if ev.Has(fsnotify.Create) || ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				pending[listingChanged] = true
			}
			if rel, err := filepath.Rel(w.root, ev.Name); err == nil && vaultSetting(filepath.ToSlash(rel)) == 1 {
				// Which files are notes may have changed: list them again.
				pending[listingChanged] = true
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				return
			}
			report(watchError(err))
		case <-timer:
			batch := make([]string, 0, len(pending))
			for p := range pending {
				batch = append(batch, p)
			}
			clear(pending)
			timer = nil
			emit(batch)
		}
	}
}
