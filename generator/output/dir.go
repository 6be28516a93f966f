package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Dir writes a build into a temporary folder next to its target and swaps it
// in with Commit. Until Commit, the target folder is untouched: a failed build
// calls Abort and leaves the previous site byte-for-byte as it was.
type Dir struct {
	names  names
	target string
	tmp    string
}

// NewDir prepares a build of the folder target (which need not exist).
func NewDir(target string) (*Dir, error) {
	target = filepath.Clean(target)
	if fi, err := os.Lstat(target); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("output %s exists and is not a folder", target)
	}
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return &Dir{target: target, tmp: tmp}, nil
}

// WriteFile implements Sink.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := d.names.claim(name); err != nil {
		return err
	}
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// Commit replaces the target folder with the finished build.
func (d *Dir) Commit() error {
	old := ""
	if _, err := os.Lstat(d.target); err == nil {
		old = d.tmp + ".old"
		if err := os.Rename(d.target, old); err != nil {
			d.Abort()
			return fmt.Errorf("output: move previous %s aside: %w", d.target, err)
		}
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		if old != "" {
			err = errors.Join(err, os.Rename(old, d.target))
		}
		d.Abort()
		return fmt.Errorf("output: replace %s: %w", d.target, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("output: remove previous build %s: %w", old, err)
		}
	}
	return nil
}

// Abort discards the unfinished build.
func (d *Dir) Abort() { _ = os.RemoveAll(d.tmp) }
