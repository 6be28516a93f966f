package cli

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

// killSite writes a generated site of n briefs plus content/trial.md, whose
// text names the build, and returns its folder.
func killSite(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Write(dir, corpus.Files(n, corpus.StyleWiki)); err != nil {
		t.Fatal(err)
	}
	setTrial(t, dir, 0)
	return dir
}

func setTrial(t *testing.T, dir string, n int) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "content", "trial.md"), []byte(fmt.Sprintf("# Trial\n\nbuild-%04d\n", n)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// lodestoneCmd runs this test binary as the lodestone command (TestMain).
func lodestoneCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), runMainEnv+"=1")
	return cmd
}

// listFiles lists the files below dir, slash-separated and sorted.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatalf("output folder: %v", err)
	}
	slices.Sort(names)
	return names
}

// outputState lists the files of a built folder and reads the trial the
// build was made for; it fails the test if the folder is not a complete
// build (want lists the files of one).
func outputState(t *testing.T, out string, want []string) int {
	t.Helper()
	names := listFiles(t, out)
	if want != nil && !slices.Equal(names, want) {
		t.Fatalf("output folder is not a complete build: %d files, want %d", len(names), len(want))
	}
	page, err := os.ReadFile(filepath.Join(out, "trial", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(page, []byte("build-"))
	var n int
	if _, err := fmt.Sscanf(string(page[i:]), "build-%04d", &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// debris lists what builds left next to the output folder.
func debris(t *testing.T, site string) []string {
	t.Helper()
	entries, err := os.ReadDir(site)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.") {
			left = append(left, e.Name())
		}
	}
	return left
}

// TestKilledBuildKeepsOutput kills a 3,000-brief build with SIGKILL at 20
// moments spread over its run, each a build of a changed site over the
// previous output: after every kill public/ is a complete build (the
// previous one, or the new one if the kill came after the swap), and the
// next build leaves no debris.
func TestKilledBuildKeepsOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 3,000-brief site 22 times")
	}
	site := killSite(t, 3000)
	out := filepath.Join(site, "public")
	start := time.Now()
	if b, err := lodestoneCmd("build", "--src", site).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	took := time.Since(start)
	want := listFiles(t, out)
	t.Logf("a full build takes %s and writes %d files", took.Round(time.Millisecond), len(want))

	const trials = 20
	outcomes := map[string]int{}
	last := 0
	for k := 1; k <= trials; k++ {
		setTrial(t, site, k)
		cmd := lodestoneCmd("build", "--src", site)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// From early in the build to just past its usual end.
		time.Sleep(took * time.Duration(k) / trials * 11 / 10)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		err := cmd.Wait()
		got := outputState(t, out, want)
		switch {
		case err == nil:
			outcomes["finished before the kill"]++
		case got == k:
			outcomes["killed after the swap: new build"]++
		case got == last:
			outcomes["killed before the swap: previous build"]++
		default:
			t.Fatalf("trial %d: output is the build of trial %d", k, got)
		}
		last = got
	}
	t.Logf("kill outcomes over %d trials: %v", trials, outcomes)
	setTrial(t, site, 99)
	if b, err := lodestoneCmd("build", "--src", site).CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if got := outputState(t, out, want); got != 99 {
		t.Errorf("after the kills a build gave trial %d", got)
	}
	if left := debris(t, site); len(left) > 0 {
		t.Errorf("debris after a good build: %v", left)
	}
}

// TestKilledBetweenSwapSteps uses strace to kill a build exactly at the
// steps of the swap: at the exchange itself, and right after it while the
// previous build is removed. Skipped where strace is missing.
func TestKilledBetweenSwapSteps(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		t.Skip("strace not installed (apt-get install strace): cannot kill between the swap steps")
	}
	tests := []struct {
		name   string
		inject []string
		want   int // the trial public/ holds after the kill
		debris bool
	}{
		{"at the exchange", []string{"-e", "inject=renameat2:signal=KILL"}, 0, true},
		{"after the exchange, before the previous build is removed", []string{"-e", "inject=unlinkat:signal=KILL"}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := killSite(t, 50)
			out := filepath.Join(site, "public")
			if b, err := lodestoneCmd("build", "--src", site).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			want := listFiles(t, out)
			setTrial(t, site, 1)
			args := append([]string{"-f", "-qq", "-o", "/dev/null"}, tt.inject...)
			cmd := exec.Command(strace, append(args, os.Args[0], "build", "--src", site)...)
			cmd.Env = append(os.Environ(), runMainEnv+"=1")
			b, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("the build was not killed:\n%s", b)
			}
			if got := outputState(t, out, want); got != tt.want {
				t.Errorf("public/ holds trial %d, want %d", got, tt.want)
			}
			if left := debris(t, site); (len(left) > 0) != tt.debris {
				t.Errorf("debris after the kill: %v", left)
			}
			setTrial(t, site, 2)
			if b, err := lodestoneCmd("build", "--src", site).CombinedOutput(); err != nil {
				t.Fatalf("%v\n%s", err, b)
			}
			if got := outputState(t, out, want); got != 2 {
				t.Errorf("next build gave trial %d", got)
			}
			if left := debris(t, site); len(left) > 0 {
				t.Errorf("debris after the next build: %v", left)
			}
		})
	}
}
