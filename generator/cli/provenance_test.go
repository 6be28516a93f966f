package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
)

// TestBundleRunsNothingFromTheSite bundles a site whose git repository
// configures commands that git itself would run during "git status"
// (core.fsmonitor, a post-index-change hook, a clean filter): the bundle
// names the commit and its uncommitted changes, and no command ran.
func TestBundleRunsNothingFromTheSite(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed: the test needs it to make a repository")
	}
	dir := t.TempDir()
	git := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("content/a.md", "# A\n")
	git("init", "-q")
	git("add", ".")
	git("commit", "-q", "-m", "first")

	marker := filepath.Join(t.TempDir(), "pwned")
	plant := "touch " + marker
	git("config", "core.fsmonitor", plant)
	git("config", "filter.evil.clean", plant)
	write(".git/hooks/post-index-change", "#!/bin/sh\n"+plant+"\n")
	write(".gitattributes", "*.md filter=evil\n")
	write("content/a.md", "# A, edited\n")

	out := t.TempDir()
	var stderr bytes.Buffer
	if code := Main(context.Background(), []string{"bundle", "--src", dir, "--out", out, "--single"}, &stderr, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("bundle ran a command configured by the site's git repository")
	}
	matches, _ := filepath.Glob(filepath.Join(out, "*.html"))
	if len(matches) != 1 {
		t.Fatalf("bundle wrote %v", matches)
	}
	page, err := os.ReadFile(matches[0])
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`git commit [0-9a-f]{12} \(with uncommitted changes\)`).Match(page) {
		t.Errorf("bundle does not name the commit and its uncommitted changes")
	}
}
