package output

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/workers"
)

// Marker is the file every build leaves at the top of its output folder. It
// tells a later build that the folder is Lodestone's to replace as a whole.
const Marker = ".lodestone-build"

const markerText = "This folder was written by Lodestone. Every build replaces it as a whole:\n" +
	"do not keep your own files here.\n"

// DirOptions configure NewDir.
type DirOptions struct {
	// Force replaces an existing folder that Lodestone did not build.
	Force bool
	// Waiting, if set, is called once when another build holds the output
	// folder and this one waits for it.
	Waiting func()
}

// NotOursError is returned by NewDir for an existing, non-empty folder that
// holds no Marker: replacing it would delete files Lodestone did not make.
type NotOursError struct{ Target string }

func (e *NotOursError) Error() string {
	return fmt.Sprintf("%s is not empty and was not built by Lodestone (it has no %s file); a build replaces its output folder as a whole, so it would delete those files: choose another --out, empty the folder, or pass --force to replace it", e.Target, Marker)
}

// Dir writes a build into a hidden temporary folder next to its target and
// swaps it in with Commit. Until Commit the target is untouched: a failed
// build calls Abort and leaves the previous site byte-for-byte as it was.
//
// The swap is one atomic exchange of the two folders where the system has
// one (Linux renameat2 with RENAME_EXCHANGE), so the target is never
// missing, even if the process is killed during Commit. Elsewhere it is two
// renames, and a build killed between them is repaired by the next one. A
// lock on the target's parent folder makes a second build into the same
// folder wait; each build removes the debris of killed builds before it.
type Dir struct {
	names  names
	target string
	tmp    string
	unlock func()

	mu     sync.Mutex
	failed error // the first write that failed; later writes are skipped
}

// Debris prefixes: a build's temporary folder is ".<target>.tmp-*", and a
// previous build moved aside by the two-rename swap is ".<target>.old-*".
func tmpPrefix(target string) string { return "." + filepath.Base(target) + ".tmp-" }
func oldPrefix(target string) string { return "." + filepath.Base(target) + ".old-" }

// NewDir prepares a build of the folder target (which need not exist). It
// waits while another build writes into the same folder, until ctx ends.
func NewDir(ctx context.Context, target string, opts DirOptions) (*Dir, error) {
	target = filepath.Clean(target)
	if fi, err := os.Lstat(target); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output %s exists and is not a folder", target)
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	unlock, err := lockDir(ctx, parent, opts.Waiting)
	if err != nil {
		return nil, fmt.Errorf("output: lock %s: %w", parent, err)
	}
	d := &Dir{target: target, unlock: unlock}
	if err := d.prepare(parent, opts.Force); err != nil {
		unlock()
		return nil, err
	}
	return d, nil
}

func (d *Dir) prepare(parent string, force bool) error {
	if err := recoverDebris(parent, d.target); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if !force {
		ours, err := built(d.target)
		if err != nil {
			return fmt.Errorf("output: %w", err)
		}
		if !ours {
			return &NotOursError{Target: d.target}
		}
	}
	tmp, err := os.MkdirTemp(parent, tmpPrefix(d.target))
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	d.tmp = tmp
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// recoverDebris tidies what killed builds left next to target: temporary
// folders are removed; a previous build moved aside and never replaced (a
// kill between the two renames of the fallback swap) is put back.
func recoverDebris(parent, target string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	_, err = os.Lstat(target)
	missing := errors.Is(err, fs.ErrNotExist)
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(parent, name)
		switch {
		case !e.IsDir():
		case strings.HasPrefix(name, tmpPrefix(target)):
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("remove %s left by a killed build: %w", p, err)
			}
		case strings.HasPrefix(name, oldPrefix(target)):
			if missing {
				if err := os.Rename(p, target); err != nil {
					return fmt.Errorf("restore %s from %s: %w", target, p, err)
				}
				missing = false
				continue
			}
			if err := os.RemoveAll(p); err != nil {
				return fmt.Errorf("remove %s left by a killed build: %w", p, err)
			}
		}
	}
	return nil
}

// built reports whether target may be replaced: it does not exist, is
// empty, has the Marker, or is the output of a Lodestone from before the
// Marker (its home page names Lodestone as its generator).
func built(target string) (bool, error) {
	entries, err := os.ReadDir(target)
	if errors.Is(err, fs.ErrNotExist) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if len(entries) == 0 {
		return true, nil
	}
	if _, err := os.Lstat(filepath.Join(target, Marker)); err == nil {
		return true, nil
	}
	home, err := os.ReadFile(filepath.Join(target, "index.html"))
	if err != nil {
		return false, nil
	}
	for _, m := range [][]byte{[]byte(`name="generator" content="Lodestone`), []byte(`name=generator content="Lodestone`)} {
		if bytes.Contains(home, m) {
			return true, nil
		}
	}
	return false, nil
}

// WriteFile implements Sink. After one write has failed (a full disk, say)
// the build is lost anyway: later writes return ErrSkipped without touching
// the disk, so the caller can report the one cause.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := d.names.claim(name); err != nil {
		return err
	}
	d.mu.Lock()
	failed := d.failed
	d.mu.Unlock()
	if failed != nil {
		return ErrSkipped
	}
	err := d.write(name, data)
	if err != nil {
		d.mu.Lock()
		if d.failed == nil {
			d.failed = err
		}
		d.mu.Unlock()
	}
	return err
}

// ErrSkipped is returned by Dir.WriteFile once an earlier write failed.
var ErrSkipped = errors.New("not written: an earlier write failed")

func (d *Dir) write(name string, data []byte) error {
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	// Most files are a page in a folder of its own, whose parent exists:
	// one mkdir, where MkdirAll would stat the folder and its parent first.
	if dir := filepath.Dir(p); os.Mkdir(dir, 0o755) != nil {
		// It exists (a file there fails the write below), or its parent
		// does not.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("write %s: %w", name, cause(err))
		}
	}
	if err := writeFile(p, data); err != nil {
		return fmt.Errorf("write %s: %w", name, cause(err))
	}
	return nil
}

// cause strips the temporary path from a file-system error: the reader
// wants the output name and the reason, not where the build was staged.
func cause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Commit replaces the target folder with the finished build.
func (d *Dir) Commit() error {
	defer d.unlock()
	if _, err := os.Lstat(d.target); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(d.tmp, d.target); err != nil {
			d.abort()
			return fmt.Errorf("output: move the build to %s: %w", d.target, err)
		}
		return nil
	}
	err := exchange(d.tmp, d.target)
	if errors.Is(err, errNoExchange) {
		return d.swapByRenames()
	}
	if err != nil {
		d.abort()
		return fmt.Errorf("output: replace %s: %w", d.target, err)
	}
	// d.tmp now holds the previous build.
	if err := removeAll(d.tmp); err != nil {
		return fmt.Errorf("output: remove the previous build (now %s): %w", d.tmp, err)
	}
	return nil
}

// swapByRenames is the swap where the system cannot exchange two folders
// atomically: the target is missing between the two renames, and a build
// killed there is repaired by the next NewDir (recoverDebris).
func (d *Dir) swapByRenames() error {
	old := filepath.Join(filepath.Dir(d.target), oldPrefix(d.target)+strings.TrimPrefix(filepath.Base(d.tmp), tmpPrefix(d.target)))
	if err := os.Rename(d.target, old); err != nil {
		d.abort()
		return fmt.Errorf("output: move previous %s aside: %w", d.target, err)
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		err = errors.Join(err, os.Rename(old, d.target))
		d.abort()
		return fmt.Errorf("output: replace %s: %w", d.target, err)
	}
	if err := removeAll(old); err != nil {
		return fmt.Errorf("output: remove previous build %s: %w", old, err)
	}
	return nil
}

// removeAll removes dir and what it holds, as os.RemoveAll does, its
// entries in parallel: the previous build has a folder for every page, and
// removing them one after the other, after the new build is in place, took
// a tenth of a build's time at 10,000 notes.
func removeAll(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	errs := make([]error, len(entries))
	workers.Each(context.Background(), len(entries), func(i int) {
		errs[i] = os.RemoveAll(filepath.Join(dir, entries[i].Name()))
	})
	return errors.Join(append(errs, os.RemoveAll(dir))...)
}

// Abort discards the unfinished build.
func (d *Dir) Abort() {
	d.abort()
	d.unlock()
}

func (d *Dir) abort() {
	if d.tmp != "" {
		_ = os.RemoveAll(d.tmp)
	}
}

// lockPoll is how often a waiting build tries the lock again.
const lockPoll = 100 * time.Millisecond

// errNoExchange says the system cannot swap two folders atomically.
var errNoExchange = errors.New("atomic exchange not supported")
