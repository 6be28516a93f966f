package cli

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// makeCmd runs make in the repository's root with args, in a process group
// of its own (as a terminal runs it), with the binary built into a
// temporary folder.
func makeCmd(t *testing.T, bin string, args ...string) *exec.Cmd {
	t.Helper()
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	if testing.Short() {
		t.Skip("builds the lodestone command")
	}
	cmd := exec.Command("make", append([]string{"-C", "../..", "--no-print-directory", "BIN=" + bin}, args...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Not a sub-make of the make that may run the tests (make test): no
	// "make[1]:", no shared job server.
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "MAKEFLAGS" && k != "MFLAGS" && k != "MAKELEVEL" {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	return cmd
}

// TestMakeExitCodes: the Makefile runs the built binary, so the code make
// reports ("Error N") is the command's own, 1 for problems in the site and
// 2 for usage mistakes, and the version is stamped.
func TestMakeExitCodes(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "lodestone")
	site := t.TempDir()
	writeFiles(t, site, map[string]string{"content/a.md": "# A\n\nSee [[Nowhere]].\n"})
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"build", "SRC=" + site, "ARGS=--strict"}, `make: \*\*\* \[Makefile:\d+: build\] Error 1`},
		{[]string{"build", "SRC=" + site, "ARGS=--nope"}, `make: \*\*\* \[Makefile:\d+: build\] Error 2`},
		{[]string{"check", "SRC=" + site, "ARGS=--strict"}, `make: \*\*\* \[Makefile:\d+: check\] Error 1`},
	} {
		out, err := makeCmd(t, bin, tt.args...).CombinedOutput()
		if err == nil || !regexp.MustCompile(tt.want).Match(out) {
			t.Errorf("make %s: %v, want %s:\n%s", strings.Join(tt.args, " "), err, tt.want, out)
		}
	}
	out, err := makeCmd(t, bin, "lodestone", "VERSION=v9.8.7").CombinedOutput()
	if err != nil {
		t.Fatalf("make lodestone: %v\n%s", err, out)
	}
	if out, err := exec.Command(bin, "version").Output(); err != nil || string(out) != "lodestone v9.8.7\n" {
		t.Errorf("version of a stamped build: %q, %v", out, err)
	}
}

// TestMakeServeInterrupt: Ctrl-C (SIGINT to the terminal's process group)
// stops make serve cleanly: the preview says it stopped, and make reports
// no error of its own.
func TestMakeServeInterrupt(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "lodestone")
	site := t.TempDir()
	writeFiles(t, site, map[string]string{"content/a.md": "# A\n"})
	cmd := makeCmd(t, bin, "serve", "SRC="+site, "ARGS=--addr 127.0.0.1:0")
	var out bytes.Buffer
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = io.MultiWriter(&out, pw), io.MultiWriter(&out, pw)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "lodestone: built") {
				serving <- true
			}
		}
	}()
	select {
	case <-serving:
	case <-time.After(3 * time.Minute):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("make serve did not start serving:\n%s", out.String())
	}
	if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		t.Fatalf("make serve did not stop on SIGINT:\n%s", out.String())
	}
	pw.Close()
	text := out.String()
	if !strings.Contains(text, "lodestone: stopped") {
		t.Errorf("the preview did not stop cleanly:\n%s", text)
	}
	if strings.Contains(text, "Error") || strings.Contains(text, "make: ***") {
		t.Errorf("make reported an error on Ctrl-C:\n%s", text)
	}
}
