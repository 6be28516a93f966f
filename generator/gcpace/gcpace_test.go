package gcpace

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"
)

func TestPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		floor, live uint64
		want        int
	}{
		{128 * mb, 0, 700},        // before the first collection: at most 8 × live
		{128 * mb, 1 * mb, 700},   // (the runtime's least goal, 4 MB, scales too: 28 MB)
		{128 * mb, 16 * mb, 700},  // 16 MB + 7 × 16 MB = 128 MB
		{128 * mb, 32 * mb, 300},  // 32 MB + 3 × 32 MB
		{128 * mb, 60 * mb, 113},  // just below half the floor
		{128 * mb, 64 * mb, 100},  // half the floor: the default pace
		{128 * mb, 500 * mb, 100}, // past it
		{0, 10 * mb, 100},
	} {
		if got := Percent(tc.floor, tc.live); got != tc.want {
			t.Errorf("Percent(%d MB, %d MB) = %d, want %d", tc.floor/mb, tc.live/mb, got, tc.want)
		}
	}
}

// goal is the heap size at which the next collection is due.
func goal() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// waitGoal checks that the heap goal comes to satisfy ok once collections
// have run, and their finalizers with them.
func waitGoal(t *testing.T, ok func(uint64) bool, want string) {
	t.Helper()
	var got uint64
	for range 100 {
		runtime.GC()
		if got = goal(); ok(got) {
			return
		}
	}
	t.Errorf("heap goal %.1f MB, want %s", float64(got)/(1<<20), want)
}

func TestFloorSpacesCollections(t *testing.T) {
	t.Setenv("GOGC", "") // Floor must act even where the test's environment sets it
	const mb = 1 << 20
	waitGoal(t, func(g uint64) bool { return g < 16*mb }, "below 16 MB at the default pace (a small live heap)")
	stop := Floor(64 * mb)
	// A live heap of a few MB: 8 times the runtime's least goal of 4 MB.
	if g := goal(); g < 24*mb || g > 34*mb {
		t.Errorf("right after Floor, the heap goal is %.1f MB, want about 28 MB", float64(g)/mb)
	}
	var keep [][]byte
	for range 12 * mb / 4096 {
		keep = append(keep, make([]byte, 4096))
	}
	waitGoal(t, func(g uint64) bool { return g >= 60*mb && g <= 68*mb }, "about 64 MB with 12 MB live")
	stop()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("after stop, GOGC = %d, want the 100 Floor found", got)
	}
	waitGoal(t, func(g uint64) bool { return g < 32*mb }, "twice the 12 MB live once stopped")
	runtime.KeepAlive(keep)
}

func TestFloorFollowsLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	const mb = 1 << 20
	stop := Floor(64 * mb)
	defer stop()
	var keep [][]byte
	grow := func(n int) {
		for range n / 4096 {
			keep = append(keep, make([]byte, 4096))
		}
	}
	// 16 MB live (and a little more): the next collection at 64 MB is
	// GOGC 300, a little less.
	grow(16 * mb)
	waitPercent(t, func(p int) bool { return p >= 250 && p <= 300 }, "between 250 and 300")
	// 40 MB live is more than half the floor: the default pace.
	grow(24 * mb)
	waitPercent(t, func(p int) bool { return p == 100 }, "100")
	runtime.KeepAlive(keep)
}

func TestFloorRespectsGOGC(t *testing.T) {
	t.Setenv("GOGC", "100")
	stop := Floor(128 << 20)
	defer stop()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("with GOGC set, Floor changed the pace to %d", got)
	}
}

// waitPercent checks that the pace comes to satisfy ok once collections
// have run and their finalizers with them.
func waitPercent(t *testing.T, ok func(int) bool, want string) {
	t.Helper()
	var got int
	for range 100 {
		runtime.GC()
		got = debug.SetGCPercent(-1)
		debug.SetGCPercent(got)
		if ok(got) {
			return
		}
	}
	t.Errorf("GOGC = %d, want %s", got, want)
}
