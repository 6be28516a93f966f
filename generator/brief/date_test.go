package brief

import (
	"fmt"
	"math"
	"testing"
)

// TestMachine checks machine against the fmt formats it replaces.
func TestMachine(t *testing.T) {
	for _, y := range []int{0, 7, 65, 999, 1965, 2025, 12345, -1, -44, -2025, math.MaxInt, math.MinInt} {
		for _, md := range [][2]int{{0, 0}, {7, 0}, {12, 0}, {3, 9}, {11, 30}, {123, 456}} {
			var want string
			switch m, d := md[0], md[1]; {
			case m == 0:
				want = fmt.Sprintf("%04d", y)
			case d == 0:
				want = fmt.Sprintf("%04d-%02d", y, m)
			default:
				want = fmt.Sprintf("%04d-%02d-%02d", y, m, d)
			}
			if got := machine(y, md[0], md[1]); got != want {
				t.Errorf("machine(%d, %d, %d) = %q, want %q", y, md[0], md[1], got, want)
			}
		}
	}
}
