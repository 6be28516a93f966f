// Package workers is the build's one worker pool: it runs a function for
// each of n items on GOMAXPROCS goroutines and returns when all are done.
// Every stage that works in parallel (parsing briefs, resolving links,
// rendering pages, indexing for search) goes through it, so the pool's
// rules live in one place: no more goroutines than processors, items handed
// out in order, nothing new started once the context is cancelled, and
// nothing left running on return.
package workers

import (
	"context"
	"runtime"
	"sync"
)

// Each calls fn(i) for every i in [0, n), in parallel. Once ctx is done no
// further call starts; Each returns when the calls under way have returned.
// It reports how many calls were made.
func Each(ctx context.Context, n int, fn func(i int)) int {
	return EachWith(ctx, n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { fn(i) })
}

// EachWith is Each with a state per goroutine, made by newState: buffers,
// scanners or caches that one item's call can reuse for the next.
func EachWith[S any](ctx context.Context, n int, newState func() S, fn func(s S, i int)) int {
	if n <= 0 {
		return 0
	}
	var mu sync.Mutex
	next, done := 0, 0
	take := func() (int, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= n || ctx.Err() != nil {
			return 0, false
		}
		next++
		return next - 1, true
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newState()
			for {
				i, ok := take()
				if !ok {
					return
				}
				fn(s, i)
				mu.Lock()
				done++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return done
}
