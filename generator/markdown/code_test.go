package markdown

import (
	"bytes"
	"os"
	"testing"
)

// TestCodeCSS checks that static/css/code.css is what CodeCSS makes of
// chroma's styles; -update writes it.
func TestCodeCSS(t *testing.T) {
	const file = "../../static/css/code.css"
	want, err := CodeCSS()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(file, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what CodeCSS makes (chroma changed?): go test ./generator/markdown -run TestCodeCSS -update", file)
	}
}
