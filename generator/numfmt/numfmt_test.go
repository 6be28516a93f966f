package numfmt

import "testing"

func TestFormat(t *testing.T) {
	for n, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 44000000: "44,000,000", -1234.5: "-1,234.5", 0.255: "0.255", 1.23456: "1.235", 1e21: "1,000,000,000,000,000,000,000"} {
		if got := Format(n); got != want {
			t.Errorf("Format(%v) = %q, want %q", n, got, want)
		}
	}
}
