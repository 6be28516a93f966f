// Package output holds the sinks a build writes its files to: Dir writes a
// folder atomically (the old folder is replaced only when the whole build
// succeeded), Mem keeps files in memory for the preview server and tests, and
// Minify wraps any sink to minify HTML, CSS, JS, SVG and XML on the way.
//
// Names are slash-separated paths relative to the site root, such as
// "mines/mountain-pass/index.html". Every sink is safe for concurrent use and
// rejects a second write to the same name (or one differing only in case), so
// two generators can never silently overwrite each other's file.
package output

import (
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"
)

// Sink receives the files of a build. WriteFile must not keep data after
// it returns: the caller may reuse it for the next file.
type Sink interface {
	WriteFile(name string, data []byte) error
}

// names guards against duplicate and unsafe output names.
type names struct {
	mu   sync.Mutex
	seen map[string]string
}

func (n *names) claim(name string) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		return fmt.Errorf("invalid output path %q", name)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen == nil {
		n.seen = map[string]string{}
	}
	k := strings.ToLower(name)
	if prev, ok := n.seen[k]; ok {
		if prev != name {
			return fmt.Errorf("output path %s is written twice (also as %s; paths that differ only in case are the same on many systems)", name, prev)
		}
		return fmt.Errorf("output path %s is written twice", name)
	}
	n.seen[k] = name
	return nil
}

// Discard is a sink that keeps nothing: it checks each name as every sink
// does (a file written twice is an error) and drops the data. A build into
// it does everything but write (lodestone check). The zero value is ready
// to use.
type Discard struct {
	names names
}

// WriteFile implements Sink.
func (d *Discard) WriteFile(name string, _ []byte) error { return d.names.claim(name) }

// Mem is an in-memory sink.
type Mem struct {
	names names
	mu    sync.RWMutex
	files map[string][]byte
}

// NewMem returns an empty Mem.
func NewMem() *Mem { return &Mem{files: map[string][]byte{}} }

// WriteFile implements Sink.
func (m *Mem) WriteFile(name string, data []byte) error {
	if err := m.names.claim(name); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = slices.Clone(data)
	return nil
}

// File returns the content of name and whether it exists.
func (m *Mem) File(name string) ([]byte, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	b, ok := m.files[path.Clean(name)]
	return b, ok
}

// Names returns all file names, sorted.
func (m *Mem) Names() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Sorted(maps.Keys(m.files))
}
