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
// source, and links to Gamma; Beta is removed, Gamma added; Delta is
// untouched.
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
		"content/alpha.md": alpha("120", "2025-01", "  - {date: 2025-11-02, title: Alpha quota cut}\n") + "\nSee [[Gamma]].\n",
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

// TestBundleSince builds a briefing pack (bundle --single --root Alpha)
// with --since: a git revision adds the "What changed" page (Alpha's
// figure old → new, its event and source; Gamma added to the pack) and
// the cover says so; a date starts the cover's events. The cover has the
// root brief's summary and figures, the pack's other briefs, and the stale
// figures.
func TestBundleSince(t *testing.T) {
	dir, first, _ := diffRepo(t)
	t.Setenv("SOURCE_DATE_EPOCH", "1780272000") // 2026-06-01
	writeFiles(t, dir, map[string]string{"lodestone.yaml": "title: Diff Site\nstale_after: 1 year\ntypes:\n  country:\n    fields:\n      reserves_t: {kind: number, unit: t REO, label: Reserves}\n      region: {kind: string}\n"})
	single := func(since string) string {
		t.Helper()
		out := t.TempDir()
		var stderr bytes.Buffer
		if code := Main(context.Background(), []string{"bundle", "--src", dir, "--out", out, "--single", "--root", "Alpha", "--since", since}, &stderr, &stderr); code != 0 {
			t.Fatalf("--since %s: exit %d\n%s", since, code, stderr.String())
		}
		b, err := os.ReadFile(filepath.Join(out, "diff-site-alpha.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	section := func(page, id string) string {
		_, rest, ok := strings.Cut(page, `<section id="`+id+`"`)
		if !ok {
			t.Fatalf("no section %s", id)
		}
		s, _, _ := strings.Cut(rest, `<section id="p-`)
		return s
	}

	page := single(first[:9])
	cover := section(page, "p-home")
	for _, want := range []string{
		"Briefing pack",
		"<h1>Alpha</h1>",
		`<dt>Reserves</dt><dd>120 t REO <span class="as-of">(as of January 2025)</span> <span class="stale-badge">stale</span>`,
		`<a href="#p-gamma">Gamma</a>`,
		"Stale figures",
		`<a href="#p-alpha">Alpha</a>: Reserves 120 t REO, as of <time datetime="2025-01">January 2025</time> (1 year 5 months old)`,
		"What changed",
		"0 briefs added",
		`<a href="#p-changes">`,
	} {
		if want == "0 briefs added" {
			if strings.Contains(cover, want) {
				t.Errorf("cover: Gamma, new in the pack, not counted:\n%s", cover)
			}
			continue
		}
		if !strings.Contains(cover, want) {
			t.Errorf("cover lacks %q:\n%s", want, cover)
		}
	}
	changed := section(page, "p-changes")
	for _, want := range []string{
		"From " + first[:12] + " (2026-03-01) to working tree: 1 brief added, 0 removed, 1 changed; 1 figure changed, 2 events added, 1 source added.",
		`<a href="#p-alpha">Alpha</a> <span class="change-type">country</span>`,
		"Reserves: <del>100 t REO (as of January 2024)</del> → <ins>120 t REO (as of January 2025)</ins>",
		"Event added: <time>2025-11-02</time> Alpha quota cut",
		`Source added: <a href="https://example.com/q" rel="external">Quota notice 2025</a>`,
		`<a href="#p-gamma">Gamma</a>`,
	} {
		if !strings.Contains(changed, want) {
			t.Errorf("What changed lacks %q:\n%s", want, changed)
		}
	}
	if strings.Contains(changed, "Beta") || strings.Contains(changed, "Delta") {
		t.Errorf("What changed names briefs outside the pack:\n%s", changed)
	}

	// A date: the events from then on, and no What changed page.
	page = single("2025-06-01")
	cover = section(page, "p-home")
	if !strings.Contains(cover, "Events since 1 June 2025") || !strings.Contains(cover, "Alpha quota cut") || !strings.Contains(cover, "Gamma founded") {
		t.Errorf("cover's events since 2025-06-01:\n%s", cover)
	}
	if strings.Contains(cover, "Alpha mine opens") {
		t.Errorf("cover lists an event of 2024:\n%s", cover)
	}
	if strings.Contains(page, `id="p-changes"`) {
		t.Error("a date made a What changed page")
	}
}

// TestBuildSince: build --since REV adds the "What changed" page and a feed
// entry for each brief added or changed, saying what changed; a date or a
// revision that names no commit is a usage error.
func TestBuildSince(t *testing.T) {
	dir, first, _ := diffRepo(t)
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	if code := Main(context.Background(), []string{"build", "--src", dir, "--out", out, "--since", first}, &stderr, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	feed, err := os.ReadFile(filepath.Join(out, "feed.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"<title>Changed: Alpha</title>",
		"<summary>Since " + first[:12] + " (2026-03-01): Reserves: 100 t REO (as of January 2024) → 120 t REO (as of January 2025); 1 event added; 1 source added.</summary>",
		"<title>Added: Gamma</title>",
	} {
		if !strings.Contains(string(feed), want) {
			t.Errorf("feed lacks %q:\n%s", want, feed)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "changes", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h1>What changed</h1>", "Removed</h2>", "Beta"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("changes page lacks %q", want)
		}
	}
	for _, c := range []struct{ since, want string }{
		{"2025-01-01", "give a git revision"},
		{"nosuchrev", "neither a date"},
	} {
		stderr.Reset()
		if code := Main(context.Background(), []string{"build", "--src", dir, "--out", out, "--since", c.since}, &stderr, &stderr); code != 2 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("--since %s: exit %d, want 2 and %q:\n%s", c.since, code, c.want, stderr.String())
		}
	}
}
