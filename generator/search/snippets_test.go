package search

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/spool"
)

// memStore is a Store in memory; failing stores refuse every Put.
type memStore struct {
	mu      sync.Mutex
	b       []byte
	failing bool
	puts    int
}

func (m *memStore) Put(parts ...[]byte) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.failing {
		return 0, errors.New("disk full")
	}
	m.puts++
	off := int64(len(m.b))
	for _, p := range parts {
		m.b = append(m.b, p...)
	}
	return off, nil
}

func (m *memStore) ReadAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return copy(p, m.b[off:]), nil
}

// TestSnippetsStore checks that an index whose snippets wait in a store
// (a build's spool) is the index kept in memory, sharded or not, and that
// a store that fails leaves them in memory.
func TestSnippetsStore(t *testing.T) {
	var docs []Doc
	for i := range 400 {
		text := strings.Repeat(fmt.Sprintf("word%d text%d ", i%37, i), 1+i%90)
		if i%50 == 0 {
			text = "" // no text at all
		}
		docs = append(docs, Doc{URL: fmt.Sprintf("n%d/", i), Title: fmt.Sprintf("Note %d", i), Text: text})
	}
	for _, shard := range []int{0, 16 << 10} {
		want := Build(docs, Options{ShardBytes: shard})
		for _, st := range []*memStore{{}, {failing: true}} {
			got := Build(docs, Options{ShardBytes: shard, Store: st})
			if len(got) != len(want) {
				t.Fatalf("shard bytes %d, failing store %v: %d files, want %d", shard, st.failing, len(got), len(want))
			}
			for i := range want {
				if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Errorf("shard bytes %d, failing store %v: %s differs", shard, st.failing, want[i].Name)
				}
			}
			if !st.failing && st.puts < len(docs) {
				t.Errorf("shard bytes %d: %d snippets put in the store, want %d", shard, st.puts, len(docs))
			}
		}
		if shard > 0 && len(want) < 3 {
			t.Errorf("shard bytes %d: %d files, want shards", shard, len(want))
		}
	}
}

// TestBodyReleased indexes documents whose text is in a Body buffer that
// is scribbled over as soon as it is released: the index, with a store, a
// failing store or none, must be the one built from the texts as strings.
func TestBodyReleased(t *testing.T) {
	var docs []Doc
	for i := range 300 {
		text := strings.Repeat(fmt.Sprintf("wörd%d text%d 稀土 ", i%37, i), 1+i%120)
		if i%50 == 0 {
			text = ""
		}
		docs = append(docs, Doc{URL: fmt.Sprintf("n%d/", i), Title: fmt.Sprintf("Note %d", i), Text: text})
	}
	var released atomic.Int32
	body := func(i int) Doc {
		d := docs[i]
		buf := []byte(d.Text)
		d.Text, d.Body = "", buf
		d.Release = func() {
			released.Add(1)
			for j := range buf {
				buf[j] = '#'
			}
		}
		return d
	}
	for _, shard := range []int{0, 16 << 10} {
		want := Build(docs, Options{ShardBytes: shard})
		for _, st := range []*memStore{nil, {}, {failing: true}} {
			opts := Options{ShardBytes: shard}
			if st != nil {
				opts.Store = st
			}
			released.Store(0)
			got := BuildFrom(len(docs), body, opts)
			if int(released.Load()) != len(docs) {
				t.Errorf("shard bytes %d, store %v: %d bodies released, want %d", shard, st, released.Load(), len(docs))
			}
			if len(got) != len(want) {
				t.Fatalf("shard bytes %d, store %v: %d files, want %d", shard, st, len(got), len(want))
			}
			for i := range want {
				if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
					t.Errorf("shard bytes %d, store %v: %s differs", shard, st, want[i].Name)
				}
			}
		}
	}
}

// TestSnippetsSliceRuns reads back snippets put in the store out of order,
// some empty and some kept in memory (a store that failed), in every
// range: slice reads runs of neighbours at once and must return each
// snippet whole and in place.
func TestSnippetsSliceRuns(t *testing.T) {
	const n = 40
	st := &memStore{}
	s := newSnippets(n, st)
	want := make([]string, n)
	// Put in an order that makes runs of neighbours (0–9, 12–19, …)
	// broken by documents put later.
	order := []int{}
	for i := range n {
		if i%10 != 10-1 && i%13 != 0 {
			order = append(order, i)
		}
	}
	for i := range n {
		if i%10 == 10-1 || i%13 == 0 {
			order = append(order, i)
		}
	}
	for _, i := range order {
		want[i] = strings.Repeat(string(rune('a'+i%26)), i%7)
		if i == 21 || i == 22 {
			st.failing = true // kept in memory
		}
		s.set(i, want[i])
		st.failing = false
	}
	for from := range n {
		for to := from; to <= n; to++ {
			got, buf := s.slice(from, to)
			if !slices.Equal(got, want[from:to]) {
				t.Fatalf("slice(%d, %d) = %q, want %q", from, to, got, want[from:to])
			}
			spool.Release(buf) // and reused by the next slice
		}
	}
}
