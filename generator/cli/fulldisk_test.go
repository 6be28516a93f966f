package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFullDisk builds the default site onto a 1 MB file system (a tmpfs;
// the test needs root and skips where it cannot mount one): the build fails
// with one error that gives the cause, and leaves nothing behind.
func TestFullDisk(t *testing.T) {
	mnt := t.TempDir()
	if b, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root): %v %s", err, bytes.TrimSpace(b))
	}
	t.Cleanup(func() { _ = exec.Command("umount", mnt).Run() })
	out := filepath.Join(mnt, "public")
	cmd := lodestoneCmd("build", "--src", srcDir(), "--out", out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	if n := strings.Count(stderr.String(), "no space left on device"); n != 1 || len(lines) > 3 {
		t.Errorf("want one error naming the cause, got %d lines:\n%s", len(lines), stderr.String())
	}
	if strings.Contains(stderr.String(), ".tmp-") {
		t.Errorf("the error names the temporary folder:\n%s", stderr.String())
	}
	if entries, _ := os.ReadDir(mnt); len(entries) != 0 {
		t.Errorf("left on the full disk: %v", entries)
	}
}
