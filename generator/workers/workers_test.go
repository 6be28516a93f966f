package workers

import (
	"cmp"
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

func TestEachCallsEveryItemOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1000} {
		seen := make([]atomic.Int32, n)
		if got := Each(context.Background(), n, func(i int) { seen[i].Add(1) }); got != n {
			t.Errorf("n=%d: %d calls", n, got)
		}
		for i := range seen {
			if c := seen[i].Load(); c != 1 {
				t.Fatalf("n=%d: item %d called %d times", n, i, c)
			}
		}
	}
}

func TestEachBoundsGoroutines(t *testing.T) {
	var running, most atomic.Int32
	Each(context.Background(), 200, func(int) {
		r := running.Add(1)
		for {
			m := most.Load()
			if r <= m || most.CompareAndSwap(m, r) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		running.Add(-1)
	})
	if m := most.Load(); int(m) > runtime.GOMAXPROCS(0) {
		t.Errorf("%d calls at once with GOMAXPROCS %d", m, runtime.GOMAXPROCS(0))
	}
}

// TestEachStopsOnCancel: after cancel no call starts, the ones under way
// finish, and none is left running.
func TestEachStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls, running atomic.Int32
	before := runtime.NumGoroutine()
	got := Each(ctx, 10000, func(i int) {
		running.Add(1)
		defer running.Add(-1)
		if calls.Add(1) == 10 {
			cancel()
		}
	})
	if got >= 10000 || got < 10 || int(calls.Load()) != got {
		t.Errorf("%d calls reported, %d made", got, calls.Load())
	}
	if running.Load() != 0 {
		t.Error("a call still running after Each returned")
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

func TestEachWithReusesState(t *testing.T) {
	var made atomic.Int32
	EachWith(context.Background(), 500, func() *[]int { made.Add(1); return new([]int) }, func(s *[]int, i int) { *s = append(*s, i) })
	if m := int(made.Load()); m > runtime.GOMAXPROCS(0) {
		t.Errorf("%d states for GOMAXPROCS %d", m, runtime.GOMAXPROCS(0))
	}
}

// TestSort sorts lists of every size around its parts' bounds, on one to
// five processors, and compares them with slices.SortFunc.
func TestSort(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	type item struct {
		key, id int
	}
	byKey := func(a, b item) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.id, b.id)) }
	rng := rand.New(rand.NewPCG(1, 2))
	for _, procs := range []int{1, 2, 3, 5} {
		runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 100, minSortPart*2 - 1, minSortPart * 2, minSortPart*3 + 1, 5*minSortPart + 7, 50000} {
			s := make([]item, n)
			for i := range s {
				s[i] = item{key: rng.IntN(n/3 + 1), id: i} // many equal keys
			}
			want := slices.Clone(s)
			slices.SortFunc(want, byKey)
			Sort(s, byKey)
			if !slices.Equal(s, want) {
				t.Errorf("%d processors, %d items: not sorted as slices.SortFunc sorts", procs, n)
			}
		}
	}
}
