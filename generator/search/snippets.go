package search

import (
	"strings"
	"unsafe"

	"github.com/lodestone-ssg/lodestone/generator/spool"
)

// Store keeps bytes out of memory until they are read back: a build's
// spool (see generator/spool). It is safe for concurrent use.
type Store interface {
	Put(parts ...[]byte) (off int64, err error) // copies the parts, and never changes them
	ReadAt(p []byte, off int64) (int, error)
}

// snippets are the result snippets of the documents, by number: in a
// store when there is one (at 30,000 briefs they are 36 MB, which would
// otherwise stay in memory while the postings grow), else in memory.
type snippets struct {
	store Store
	text  []string // without a store, or where the store failed
	off   []int64
	n     []int32
}

func newSnippets(n int, store Store) *snippets {
	s := &snippets{store: store, text: make([]string, n)}
	if store != nil {
		s.off, s.n = make([]int64, n), make([]int32, n)
	}
	return s
}

// set keeps document i's snippet t (t itself is not kept: it may be a
// view of a buffer that is reused).
func (s *snippets) set(i int, t string) {
	if s.store != nil {
		// Put copies: a view of t's bytes, not a copy of them.
		if off, err := s.store.Put(unsafe.Slice(unsafe.StringData(t), len(t))); err == nil {
			s.off[i], s.n[i] = off, int32(len(t))
			return
		}
	}
	s.text[i] = strings.Clone(t) // a copy, so the whole text can go
}

// len is the length of document i's snippet.
func (s *snippets) len(i int) int {
	if s.store != nil && s.text[i] == "" {
		return int(s.n[i])
	}
	return len(s.text[i])
}

// slice returns the snippets of documents from to to-1. Those in the
// store are read into one buffer, with a read for each run of snippets
// that lie one after another in the store (most do: documents are put
// about in order), and are views of it. The buffer (nil if none) comes
// from spool.Buffer: the caller gives it back with spool.Release once it
// no longer uses the snippets. It is half a megabyte for a shard of
// texts: at sections 30,000 a fresh one each time came while the heap
// was at its limit, and reading them took 0.39 s of CPU, half of it
// returning pages to the system to make room.
func (s *snippets) slice(from, to int) ([]string, []byte) {
	if s.store == nil {
		return s.text[from:to], nil
	}
	stored := func(i int) bool { return s.text[i] == "" && s.n[i] > 0 }
	total := 0
	for i := from; i < to; i++ {
		if stored(i) {
			total += int(s.n[i])
		}
	}
	buf := spool.Buffer(total)[:total] // each byte read before it is used
	out := make([]string, to-from)
	pos := 0
	for i := from; i < to; {
		if !stored(i) {
			out[i-from] = s.text[i]
			i++
			continue
		}
		j, end := i+1, s.off[i]+int64(s.n[i])
		for j < to && stored(j) && s.off[j] == end {
			end += int64(s.n[j])
			j++
		}
		run := buf[pos : pos+int(end-s.off[i])]
		if _, err := s.store.ReadAt(run, s.off[i]); err != nil {
			// The spool is a file the build made: if it cannot be read
			// back, neither can the pages' bodies, and the build fails
			// there. Here the snippets are left empty.
			pos += len(run)
			i = j
			continue
		}
		for ; i < j; i++ {
			out[i-from] = unsafe.String(&buf[pos], s.n[i])
			pos += int(s.n[i])
		}
	}
	return out, buf
}
