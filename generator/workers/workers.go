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
	"slices"
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

// Sort sorts s by cmp, which must be a total order (no two elements
// compare equal unless they are alike in every way that matters): its
// parts are sorted at once, one per processor, and then merged. A build
// sorts a few large lists with the other processors idle (the search
// index's terms, the timeline's events).
func Sort[S ~[]E, E any](s S, cmp func(a, b E) int) {
	parts := min(runtime.GOMAXPROCS(0), len(s)/minSortPart)
	if parts < 2 {
		slices.SortFunc(s, cmp)
		return
	}
	bounds := make([]int, parts+1)
	for k := range bounds {
		bounds[k] = k * len(s) / parts
	}
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() { slices.SortFunc(s[bounds[k]:bounds[k+1]], cmp) })
	}
	wg.Wait()
	// Merge the sorted parts pairwise into a copy, and back.
	tmp := make(S, len(s))
	src, dst := s, tmp
	for len(bounds) > 2 {
		var next []int
		for k := 0; k+1 < len(bounds); k += 2 {
			lo := bounds[k]
			if k+2 >= len(bounds) { // an odd part out: copied as it is
				copy(dst[lo:bounds[k+1]], src[lo:bounds[k+1]])
				next = append(next, lo)
				continue
			}
			mergeInto(dst[lo:bounds[k+2]], src[lo:bounds[k+1]], src[bounds[k+1]:bounds[k+2]], cmp)
			next = append(next, lo)
		}
		bounds = append(next, len(s))
		src, dst = dst, src
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

// minSortPart is the smallest part Sort gives a processor: below it, one
// sorts faster than several and a merge.
const minSortPart = 4096

// mergeInto merges the sorted a and b into dst (len(a)+len(b) long),
// a's element first of two that compare equal.
func mergeInto[E any](dst, a, b []E, cmp func(a, b E) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if cmp(b[j], a[i]) < 0 {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}
