package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/lodestone-ssg/lodestone/generator/changes"
)

// diffRepo makes a git repository (with go-git: the test runs no git
// either) whose folder "site" is a site, in two commits, and returns the
// site folder and the two commits' hashes. From the first to the second:
// Alpha's reserves change figure and date, and it gains an event and a
// source; Beta is removed, Gamma added; Delta is untouched.
func diffRepo(t *testing.T) (dir, first, second string) {
	t.Helper()
	root := t.TempDir()
	dir = filepath.Join(root, "site")
	repo, err := git.PlainInit(root, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	when := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	commit := func(msg string) string {
		t.Helper()
		if err := wt.AddWithOptions(&git.AddOptions{All: true}); err != nil {
			t.Fatal(err)
		}
		h, err := wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: "T", Email: "t@example.com", When: when}})
		if err != nil {
			t.Fatal(err)
		}
		when = when.AddDate(0, 1, 0)
		return h.String()
	}
	config := "title: Diff Site\ntypes:\n  country:\n    fields:\n      reserves_t: {kind: number, unit: t REO, label: Reserves}\n      region: {kind: string}\n"
	alpha := func(reserves, asOf, extra string) string {
		return "---\ntitle: Alpha\ntype: country\nregion: North\nreserves_t: {value: " + reserves + ", as_of: " + asOf + "}\n" +
			"events:\n  - {date: 2024-05, title: Alpha mine opens}\n" + extra +
			"sources:\n  - {id: usgs, title: USGS summary}\n" + extraSource(extra) + "---\nAlpha mines. [@usgs]\n"
	}
	writeFiles(t, dir, map[string]string{
		"lodestone.yaml":   config,
		"content/alpha.md": alpha("100", "2024-01", ""),
		"content/beta.md":  "---\ntitle: Beta\n---\nBeta text.\n",
		"content/delta.md": "---\ntitle: Delta\n---\nDelta text.\n\nMore.\n",
	})
	writeFiles(t, root, map[string]string{"outside.md": "not the site\n"})
	first = commit("first")
	writeFiles(t, dir, map[string]string{
		"content/alpha.md": alpha("120", "2025-01", "  - {date: 2025-11-02, title: Alpha quota cut}\n"),
		"content/gamma.md": "---\ntitle: Gamma\nevents:\n  - {date: 2025, title: Gamma founded}\n---\nGamma text.\n",
	})
	if err := os.Remove(filepath.Join(dir, "content/beta.md")); err != nil {
		t.Fatal(err)
	}
	second = commit("second")
	return dir, first, second
}

// extraSource is the source added with the second commit's extra event.
func extraSource(extra string) string {
	if extra == "" {
		return ""
	}
	return "  - {id: quota2025, title: Quota notice 2025, url: 'https://example.com/q'}\n"
}

// TestDiff runs "lodestone diff REV1 REV2" on a repository made in the
// test: briefs added, removed and changed, the figure changed (old → new
// with as_of), the event and source added; the untouched brief is not
// listed. Also with a short hash and HEAD~1, as JSON, and against the
// files on disk (one revision).
func TestDiff(t *testing.T) {
	dir, first, second := diffRepo(t)
	run := func(args ...string) (string, string, int) {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), append([]string{"diff", "--src", dir}, args...), &stdout, &stderr)
		return stdout.String(), stderr.String(), code
	}
	out, errOut, code := run(first[:7], "HEAD")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{
		"Changes from " + first[:12] + " (2026-03-01) to HEAD (" + second[:12] + ", 2026-04-01): 1 brief added, 1 removed, 1 changed; 1 figure changed, 2 events added, 1 source added\n",
		"+ gamma.md  Gamma\n    with 1 event\n",
		"- beta.md  Beta\n",
		"~ alpha.md  Alpha (country)\n" +
			"    Reserves: 100 t REO (as of January 2024) → 120 t REO (as of January 2025)\n" +
			"    + event 2025-11-02 Alpha quota cut\n" +
			"    + source [@quota2025] Quota notice 2025\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, gone := range []string{"delta", "Delta", "2024-05", "[@usgs]", "region", "outside"} {
		if strings.Contains(out, gone) {
			t.Errorf("output has %q:\n%s", gone, out)
		}
	}

	// JSON: the same report, in fields.
	out, errOut, code = run("--format", "json", "HEAD~1", second)
	if code != 0 {
		t.Fatalf("json: exit %d\n%s", code, errOut)
	}
	var r changes.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if r.From.Commit != first || r.To.Commit != second || len(r.Added) != 1 || len(r.Removed) != 1 || len(r.Changed) != 1 {
		t.Fatalf("json report: %+v", r)
	}
	a := r.Changed[0]
	if a.Path != "alpha.md" || a.URL != "alpha/" || len(a.Figures) != 1 || a.Figures[0] != (changes.Figure{Field: "reserves_t", Label: "Reserves", Old: "100 t REO", New: "120 t REO", OldAsOf: "January 2024", NewAsOf: "January 2025"}) {
		t.Errorf("alpha: %+v", a)
	}
	if len(a.Sources) != 1 || a.Sources[0].URL != "https://example.com/q" {
		t.Errorf("alpha's sources: %+v", a.Sources)
	}

	// Against the files on disk: the working tree's own edit shows.
	writeFiles(t, dir, map[string]string{"content/delta.md": "---\ntitle: Delta\n---\nDelta text.\n\nMore, edited.\n"})
	out, errOut, code = run(second)
	if code != 0 {
		t.Fatalf("working tree: exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out, "to working tree: 0 briefs added, 0 removed, 1 changed\n~ delta.md  Delta\n") {
		t.Errorf("working tree:\n%s", out)
	}
}

// TestDiffUsage: a revision that names no commit, a folder outside any
// repository and a wrong number of revisions are usage errors (exit 2)
// that say what is wrong.
func TestDiffUsage(t *testing.T) {
	dir, _, _ := diffRepo(t)
	plain := t.TempDir()
	writeFiles(t, plain, map[string]string{"content/a.md": "# A\n"})
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown revision", []string{"--src", dir, "nosuchbranch"}, `no commit "nosuchbranch"`},
		{"no repository", []string{"--src", plain, "HEAD"}, "is not in a git repository"},
		{"no revision", []string{"--src", dir}, "give one or two git revisions"},
		{"three revisions", []string{"--src", dir, "HEAD", "HEAD", "HEAD"}, "give one or two git revisions"},
		{"bad format", []string{"--src", dir, "--format", "xml", "HEAD"}, `--format "xml"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), append([]string{"diff"}, c.args...), &stdout, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), c.want) {
				t.Errorf("exit %d, want 2 with %q:\n%s", code, c.want, stderr.String())
			}
		})
	}
}
