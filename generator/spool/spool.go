// Package spool keeps bytes on disk instead of in memory: a build writes
// what it needs only once more (each brief's rendered body and its text for
// search) to one temporary file and reads each piece back when it is used,
// so that the whole site is never resident. The file is removed as soon as
// it is created where the system allows (it then vanishes with the process,
// even one that is killed), else when the spool is closed.
package spool

import (
	"fmt"
	"os"
	"sync"
)

// unnamed is openUnnamed, replaced by tests of the other way.
var unnamed = openUnnamed

// File is a spool: an append-only temporary file. It is safe for
// concurrent use. Pieces are gathered in memory and written a chunk at a
// time: a write is a system call, and a build puts one piece per brief
// (at 10,000 briefs, 10,000 writes cost a third of a second of CPU).
type File struct {
	mu   sync.Mutex
	f    *os.File
	size int64  // bytes put, written or not
	buf  []byte // the last bytes put, not yet written; they start at size-len(buf)
	name string // "" once removed
}

// chunk is how many bytes the spool gathers before it writes them: a
// piece larger than that is written at once, alone.
const chunk = 1 << 20

// New creates a spool in the system's temporary folder: a file without a
// name where the system has them (Linux's O_TMPFILE), else one removed at
// once, else one removed by Close.
func New() (*File, error) {
	if f := unnamed(os.TempDir()); f != nil {
		return &File{f: f}, nil
	}
	f, err := os.CreateTemp("", "lodestone-spool-*")
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	s := &File{f: f, name: f.Name()}
	if os.Remove(f.Name()) == nil {
		s.name = ""
	}
	return s, nil
}

// Put appends the parts, one after the other, and returns where the first
// starts.
func (s *File) Put(parts ...[]byte) (int64, error) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.buf)+n > chunk {
		if err := s.flush(); err != nil {
			return 0, err
		}
	}
	off := s.size
	if n > chunk {
		for _, p := range parts {
			if _, err := s.f.WriteAt(p, s.size); err != nil {
				return 0, fmt.Errorf("spool: %w", err)
			}
			s.size += int64(len(p))
		}
		return off, nil
	}
	if s.buf == nil {
		s.buf = make([]byte, 0, chunk)
	}
	for _, p := range parts {
		s.buf = append(s.buf, p...)
	}
	s.size += int64(n)
	return off, nil
}

// flush writes the gathered bytes. The caller holds s.mu.
func (s *File) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	if _, err := s.f.WriteAt(s.buf, s.size-int64(len(s.buf))); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	s.buf = s.buf[:0]
	return nil
}

// ReadAt reads len(p) bytes put at off.
func (s *File) ReadAt(p []byte, off int64) (int, error) {
	s.mu.Lock()
	start := s.size - int64(len(s.buf)) // where the gathered bytes start
	if off+int64(len(p)) > start {
		// Some or all of it is not written yet.
		n := 0
		if off < start {
			// The part before is (a piece never straddles a write, but a
			// read of two pieces may).
			if m, err := s.f.ReadAt(p[:start-off], off); err != nil {
				s.mu.Unlock()
				return m, fmt.Errorf("spool: %w", err)
			}
			n = int(start - off)
		}
		from := max(off-start, 0)
		if from+int64(len(p)-n) > int64(len(s.buf)) {
			s.mu.Unlock()
			return n, fmt.Errorf("spool: read of %d bytes at %d: past the end (%d)", len(p), off, s.size)
		}
		n += copy(p[n:], s.buf[from:])
		s.mu.Unlock()
		return n, nil
	}
	s.mu.Unlock()
	n, err := s.f.ReadAt(p, off)
	if err != nil {
		return n, fmt.Errorf("spool: %w", err)
	}
	return n, nil
}

// Close closes and removes the spool.
func (s *File) Close() error {
	err := s.f.Close()
	if s.name != "" {
		_ = os.Remove(s.name)
	}
	return err
}
