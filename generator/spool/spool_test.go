package spool

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestPutRead puts pieces from several goroutines and reads each back,
// in an unnamed file and in a named one removed at once.
func TestPutRead(t *testing.T) {
	t.Run("unnamed", testPutRead)
	t.Run("named", func(t *testing.T) {
		unnamed = func(string) *os.File { return nil }
		t.Cleanup(func() { unnamed = openUnnamed })
		testPutRead(t)
	})
}

func testPutRead(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	offs := make([]int64, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			off, err := s.Put(bytes.Repeat([]byte(fmt.Sprint(i%10)), i))
			if err != nil {
				t.Error(err)
			}
			offs[i] = off
		})
	}
	wg.Wait()
	for i := range n {
		got := make([]byte, i)
		if _, err := s.ReadAt(got, offs[i]); err != nil {
			t.Fatal(err)
		}
		if want := bytes.Repeat([]byte(fmt.Sprint(i%10)), i); !bytes.Equal(got, want) {
			t.Fatalf("piece %d: got %q", i, got)
		}
	}
	// Nothing is left in the temporary folder, before or after Close.
	left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "*"))
	if len(left) != 0 {
		t.Errorf("spool file visible while open: %v", left)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), "*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestChunks puts pieces in several parts, small ones gathered in memory
// and written a chunk at a time, and ones larger than a chunk, and reads
// them back before and after they are written: one piece at a time, and
// runs of pieces across a write.
func TestChunks(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	s, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var all []byte // everything put, in order
	type piece struct {
		off  int64
		data []byte
	}
	var pieces []piece
	sizes := []int{0, 1, 1000, chunk / 3, chunk / 3, chunk / 3, chunk/3 + 7, chunk + 1, 5, chunk - 5, 3 * chunk, 17}
	for i, n := range sizes {
		data := make([]byte, n)
		for j := range data {
			data[j] = byte(i*31 + j*7)
		}
		// In two parts, the first of a third.
		off, err := s.Put(data[:n/3], data[n/3:])
		if err != nil {
			t.Fatal(err)
		}
		if off != int64(len(all)) {
			t.Fatalf("piece %d (%d bytes) at %d, want %d", i, n, off, len(all))
		}
		all = append(all, data...)
		pieces = append(pieces, piece{off, data})
		// Every piece so far reads back, written or not.
		for k, p := range pieces {
			got := make([]byte, len(p.data))
			if _, err := s.ReadAt(got, p.off); err != nil {
				t.Fatalf("after piece %d, piece %d: %v", i, k, err)
			}
			if !bytes.Equal(got, p.data) {
				t.Fatalf("after piece %d, piece %d (%d bytes at %d) reads back wrong", i, k, len(p.data), p.off)
			}
		}
	}
	// Runs of pieces, each from the start of one piece to the end of a
	// later one: some start in the file and end in memory.
	for i := range pieces {
		for k := i; k < len(pieces); k++ {
			from, to := pieces[i].off, pieces[k].off+int64(len(pieces[k].data))
			got := make([]byte, to-from)
			if _, err := s.ReadAt(got, from); err != nil {
				t.Fatalf("pieces %d to %d: %v", i, k, err)
			}
			if !bytes.Equal(got, all[from:to]) {
				t.Fatalf("pieces %d to %d read back wrong", i, k)
			}
		}
	}
	// Past the end is an error, not zeros.
	if _, err := s.ReadAt(make([]byte, 10), int64(len(all))-5); err == nil {
		t.Error("a read past the end gave no error")
	}
}
