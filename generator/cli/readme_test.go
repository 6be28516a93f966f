package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeStartYourOwnSite runs the shell block of the README's "Start
// your own site" as a newcomer would type it, in a temporary folder: every
// lodestone command must succeed without a warning. `go install` is not
// run (its package must exist), nor `lodestone serve`, which runs until
// stopped (the serve tests cover it).
func TestReadmeStartYourOwnSite(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Start your own site\n")
	if !ok {
		t.Fatal(`README.md has no "Start your own site" section`)
	}
	_, block, ok := strings.Cut(section, "```sh\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal(`"Start your own site" has no sh block`)
	}
	t.Chdir(t.TempDir())
	ran := 0
	for _, line := range strings.Split(strings.TrimSpace(block), "\n") {
		line, _, _ = strings.Cut(line, " #")
		for _, cmd := range strings.Split(line, "&&") {
			args := shellWords(t, cmd)
			switch {
			case len(args) == 0:
			case args[0] == "go" && len(args) == 3 && args[1] == "install":
				if _, err := os.Stat(filepath.Join(testDir, "..", "..", args[2], "main.go")); err != nil {
					t.Errorf("%s: no such command: %v", cmd, err)
				}
			case args[0] == "cd" && len(args) == 2:
				t.Chdir(args[1])
			case args[0] == "lodestone" && len(args) > 1 && args[1] == "serve":
			case args[0] == "lodestone":
				var stdout, stderr bytes.Buffer
				if code := Main(context.Background(), args[1:], &stdout, &stderr); code != 0 {
					t.Fatalf("%s: exit %d\n%s%s", cmd, code, stdout.String(), stderr.String())
				}
				if strings.Contains(stderr.String(), ": warning: ") || strings.Contains(stderr.String(), "published with problems") {
					t.Errorf("%s: warns:\n%s", cmd, stderr.String())
				}
				ran++
			default:
				t.Errorf("%s: the test does not know how to run this; add it here", cmd)
			}
		}
	}
	if ran < 4 {
		t.Errorf("ran %d lodestone commands, want init, new, check and build", ran)
	}
	if _, err := os.Stat(filepath.Join("public", "index.html")); err != nil {
		t.Errorf("the block built no site: %v", err)
	}
}

// testDir is the package's folder, where go test starts.
var testDir, _ = os.Getwd()

// shellWords splits a simple shell command into words: blanks separate
// them, double quotes group them.
func shellWords(t *testing.T, s string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	in, quoted := false, false
	for _, r := range s {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case (r == ' ' || r == '\t') && !quoted:
			if in {
				words = append(words, w.String())
				w.Reset()
				in = false
			}
		case r == '\'' || r == '$' || r == '`' || r == '|' || r == ';' || r == '>':
			t.Fatalf("%q: shell syntax the test does not run", s)
		default:
			w.WriteRune(r)
			in = true
		}
	}
	if in {
		words = append(words, w.String())
	}
	return words
}
