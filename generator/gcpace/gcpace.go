// Package gcpace keeps Go's garbage collector from running while the heap
// is small.
//
// At its default pace (GOGC=100) the collector runs whenever the heap has
// doubled since the last collection. A build keeps what it has parsed (the
// site's metadata) and makes many times that in garbage: while what it
// keeps is a few megabytes the collector runs every few milliseconds, and
// each run marks everything parsed so far again. At 10,000 notes that was
// 51 collections and 15% of the CPU while the notes were parsed.
//
// Floor slows the pace while the live heap is small, so that the heap
// grows to a floor before the next collection, and leaves the default pace
// once twice the live heap is above the floor: the heap stays below the
// larger of the floor and twice what is live (and the pace never lets it
// grow past most times what is live). The soft memory limit
// (debug.SetMemoryLimit) still applies on top.
package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Floor sets the collector's pace now and after each collection so that
// the next collection comes when the heap reaches floor bytes (or most
// times the live heap if that is less, or twice if that is more), until
// stop is called; stop restores the pace Floor found. It does nothing
// when GOGC is set in the environment (the user's choice wins) or floor
// is 0. Only one Floor should be active at a time: the pace is the
// process's.
func Floor(floor uint64) (stop func()) {
	if os.Getenv("GOGC") != "" || floor == 0 {
		return func() {}
	}
	p := &pacer{floor: floor}
	p.prev = debug.SetGCPercent(Percent(floor, liveOr0()))
	p.arm()
	return p.stop
}

type pacer struct {
	floor   uint64
	prev    int // the pace before Floor
	mu      sync.Mutex
	stopped bool
}

// sentinel is garbage whose finalizer runs after the collection that found
// it unreachable, once per collection. It holds a pointer, so the tiny
// allocator does not share its block with other objects.
type sentinel struct{ p *pacer }

// arm sets the pace after the next collection.
func (p *pacer) arm() {
	runtime.SetFinalizer(&sentinel{p}, func(s *sentinel) {
		p := s.p
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.stopped {
			return
		}
		debug.SetGCPercent(Percent(p.floor, liveOr0()))
		p.arm()
	})
}

func (p *pacer) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.stopped = true
		debug.SetGCPercent(p.prev)
	}
}

// most is the most the heap may grow to, in multiples of what is live,
// before the next collection. The pace is set from what one collection
// found live and applies to what the next finds, and a build's live heap
// grows between collections (to three times, in the first ones): with at
// most 8×, a live heap that grew by half before its pace was set again
// still leaves a heap goal under 1.5 times the floor. Without it the first
// collection of a build, which found 13 MB live, set a goal of 400 MB
// until the pace was set again, and the peak RSS reached the memory limit
// now and then.
const most = 8

// Percent is the GOGC value that puts the next collection at floor bytes
// of heap when live bytes are live, or at most times live if that is less,
// and at least 100 (the default pace: at twice the live heap).
func Percent(floor, live uint64) int {
	live = max(live, floor/most)
	if floor <= 2*live {
		return 100
	}
	return int((floor - live) * 100 / live)
}

// Live is the heap the last collection found live (0 before the first),
// and false if the runtime does not report it.
func Live() (uint64, bool) {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0, false
	}
	return s[0].Value.Uint64(), true
}

func liveOr0() uint64 {
	live, _ := Live()
	return live
}
