package vcs

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo makes a git repository in a temporary folder with a site folder
// "site" and a file outside it, committed. It needs the git command (only
// the test uses it, never the code under test).
func repo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed: the test needs it to make a repository")
	}
	dir := t.TempDir()
	write(t, dir, "site/content/a.md", "# A\n")
	write(t, dir, "site/.gitignore", "public/\n")
	write(t, dir, "other.txt", "x\n")
	run(t, dir, "init", "-q")
	run(t, dir, "add", ".")
	run(t, dir, "commit", "-q", "-m", "first")
	return dir
}

func write(t *testing.T, dir, name, data string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

func TestRead(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, dir string)
		dirty  bool
	}{
		{"clean", func(*testing.T, string) {}, false},
		{"modified", func(t *testing.T, dir string) { write(t, dir, "site/content/a.md", "# B\n") }, true},
		{"untracked", func(t *testing.T, dir string) { write(t, dir, "site/content/new.md", "new\n") }, true},
		{"ignored", func(t *testing.T, dir string) { write(t, dir, "site/public/index.html", "x") }, false},
		{"deleted", func(t *testing.T, dir string) { _ = os.Remove(filepath.Join(dir, "site/content/a.md")) }, true},
		{"staged", func(t *testing.T, dir string) {
			write(t, dir, "site/content/a.md", "# C\n")
			run(t, dir, "add", "site/content/a.md")
		}, true},
		{"outside the site folder", func(t *testing.T, dir string) { write(t, dir, "other.txt", "changed\n") }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := repo(t)
			want := run(t, dir, "rev-parse", "HEAD")
			tt.change(t, dir)
			st, err := Read(filepath.Join(dir, "site"))
			if err != nil {
				t.Fatal(err)
			}
			if st.Commit != want {
				t.Errorf("commit %s, want %s", st.Commit, want)
			}
			if st.Dirty != tt.dirty {
				t.Errorf("dirty = %v, want %v", st.Dirty, tt.dirty)
			}
		})
	}
}

func TestReadNoRepository(t *testing.T) {
	if _, err := Read(t.TempDir()); err != ErrNoRepository {
		t.Fatalf("err = %v, want ErrNoRepository", err)
	}
}

// TestReadRunsNothing plants every command a repository's configuration can
// make git run during status (fsmonitor, hooks, a clean filter, a pager, an
// external diff, a textconv driver) and checks that none of them ran.
func TestReadRunsNothing(t *testing.T) {
	dir := repo(t)
	marker := filepath.Join(t.TempDir(), "pwned")
	cmd := "touch " + marker
	for _, kv := range [][2]string{
		{"core.fsmonitor", cmd},
		{"core.pager", cmd},
		{"pager.status", cmd},
		{"diff.external", cmd},
		{"diff.evil.textconv", cmd},
		{"filter.evil.clean", cmd},
		{"filter.evil.process", cmd},
		{"core.sshCommand", cmd},
	} {
		run(t, dir, "config", kv[0], kv[1])
	}
	hooks := filepath.Join(dir, ".git", "hooks")
	for _, h := range []string{"post-index-change", "pre-commit", "post-checkout"} {
		write(t, hooks, h, "#!/bin/sh\n"+cmd+"\n")
		if err := os.Chmod(filepath.Join(hooks, h), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, dir, "site/.gitattributes", "* filter=evil diff=evil\n")
	write(t, dir, "site/content/a.md", "# changed\n")
	st, err := Read(filepath.Join(dir, "site"))
	if err != nil {
		t.Fatal(err)
	}
	if !st.Dirty {
		t.Error("modified site not reported as dirty")
	}
	if _, err := os.Stat(marker); err == nil {
		t.Fatal("reading the repository ran a command it configures")
	}
	// The plant works: real git status runs it.
	c := exec.Command("git", "status", "--porcelain")
	c.Dir = dir
	_ = c.Run()
	if _, err := os.Stat(marker); err != nil {
		t.Logf("note: git status did not run the planted command here (%v); the check above still holds", err)
	}
}

// TestLastChanged: each committed file under content/ gets the date of
// the last commit that changed it (not of later commits that changed
// others, nor of a merge that took one side's version); files outside it
// or not committed get none; a folder outside any repository is
// ErrNoRepository.
func TestLastChanged(t *testing.T) {
	dir := repo(t) // site/content/a.md, committed
	at := func(date string) []string {
		return []string{"GIT_COMMITTER_DATE=" + date + "T12:00:00Z", "GIT_AUTHOR_DATE=" + date + "T12:00:00Z"}
	}
	commit := func(date, msg string) {
		t.Helper()
		runEnv(t, dir, at(date), "add", "-A")
		runEnv(t, dir, at(date), "commit", "-q", "--allow-empty", "-m", msg)
	}
	runEnv(t, dir, at("2020-01-01"), "commit", "-q", "--amend", "--no-edit", "--date=2020-01-01T12:00:00Z")
	write(t, dir, "site/content/b.md", "b\n")
	write(t, dir, "site/content/sub/c.md", "c\n")
	commit("2021-02-02", "b and c")
	write(t, dir, "site/content/b.md", "b2\n")
	write(t, dir, "other.txt", "y\n")
	commit("2022-03-03", "b again")
	write(t, dir, "other.txt", "z\n")
	commit("2023-04-04", "outside the site")
	// A branch changes c; main changes nothing under content/; the merge
	// takes the branch's c, changed on the branch's date.
	run(t, dir, "checkout", "-q", "-b", "side")
	write(t, dir, "site/content/sub/c.md", "c2\n")
	commit("2024-05-05", "c on a branch")
	run(t, dir, "checkout", "-q", "-")
	write(t, dir, "other.txt", "w\n")
	commit("2024-06-06", "main")
	runEnv(t, dir, at("2024-07-07"), "merge", "-q", "--no-edit", "side")
	write(t, dir, "site/content/new.md", "not committed\n")

	got, err := LastChanged(filepath.Join(dir, "site"), "content")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"content/a.md": "2020-01-01", "content/b.md": "2022-03-03", "content/sub/c.md": "2024-05-05"}
	if len(got) != len(want) {
		t.Errorf("LastChanged = %v, want %v", got, want)
	}
	for f, d := range want {
		if g := got[f].UTC().Format("2006-01-02"); g != d {
			t.Errorf("%s: %s, want %s", f, g, d)
		}
	}
	if _, err := LastChanged(t.TempDir(), "content"); !errors.Is(err, ErrNoRepository) {
		t.Errorf("outside a repository: %v", err)
	}
}

func runEnv(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null"}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1"), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}
