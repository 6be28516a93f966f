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
