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
// concurrent use.
type File struct {
	mu   sync.Mutex
	f    *os.File
	size int64
	name string // "" once removed
}

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

// Put appends b and returns where it is.
func (s *File) Put(b []byte) (int64, error) {
	s.mu.Lock()
	off := s.size
	s.size += int64(len(b))
	s.mu.Unlock()
	if _, err := s.f.WriteAt(b, off); err != nil {
		return 0, fmt.Errorf("spool: %w", err)
	}
	return off, nil
}

// ReadAt reads len(p) bytes put at off.
func (s *File) ReadAt(p []byte, off int64) (int, error) {
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
