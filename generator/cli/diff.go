package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/changes"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/source"
	"github.com/lodestone-ssg/lodestone/generator/vcs"
)

const diffUsage = `Usage: lodestone diff [flags] REV1 [REV2]

Tells what changed in the site in --src from git revision REV1 to REV2
(the files on disk when REV2 is left out): briefs added, removed and
changed, typed figures changed (old → new, with as_of), events and sources
added. A revision is a commit hash (or its start), a branch, a tag or
HEAD~N. The repository is read directly: git is never run.

Flags:
`

func runDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("diff", diffUsage, stdout, stderr)
	src := fl.String("src", ".", "site folder (must be in a git repository)")
	format := fl.String("format", "text", "output: text or json")
	drafts := fl.Bool("drafts", false, "include briefs with draft: true")
	audience := fl.audience()
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() < 1 || fl.NArg() > 2 {
		return usageError(stderr, "diff", "give one or two git revisions (REV1 [REV2])")
	}
	if *format != "text" && *format != "json" {
		return usageError(stderr, "diff", "--format %q: use text or json", *format)
	}
	if err := checkSite(*src); err != nil {
		return usageError(stderr, "diff", "%v", err)
	}
	opts := build.Options{Drafts: *drafts, Audience: *audience, Now: time.Now(), Name: folderName(*src)}
	old, from, err := loadRevision(ctx, *src, fl.Arg(0), opts)
	if err != nil {
		return diffError(stderr, "diff", err)
	}
	var new *site.Site
	to := changes.Version{Name: "working tree"}
	if fl.NArg() == 2 {
		new, to, err = loadRevision(ctx, *src, fl.Arg(1), opts)
	} else {
		new, err = loadSite(ctx, os.DirFS(*src), opts)
	}
	if err != nil {
		return diffError(stderr, "diff", err)
	}
	if new == nil {
		new = &site.Site{}
	}
	r := changes.Compare(old, new, from, to)
	if *format == "json" {
		b, _ := json.MarshalIndent(r, "", "  ")
		b = append(b, '\n')
		_, err = stdout.Write(b)
	} else {
		err = r.WriteText(stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "lodestone diff: %v\n", err)
		return 1
	}
	return 0
}

// revisionError is a revision that does not name a commit, or a site
// folder outside a repository: a usage error.
type revisionError struct{ err error }

func (e revisionError) Error() string { return e.err.Error() }
func (e revisionError) Unwrap() error { return e.err }

// diffError reports an error of command cmd reading a revision: exit 2
// for a revisionError, else 1.
func diffError(stderr io.Writer, cmd string, err error) int {
	var re revisionError
	if errors.As(err, &re) {
		return usageError(stderr, cmd, "%v", err)
	}
	fmt.Fprintf(stderr, "lodestone %s: %v\n", cmd, err)
	return 1
}

// loadRevision builds the model of the site in src as it was at git
// revision rev (its content/, data/ and lodestone.yaml, read with package
// vcs). A revision without content/ is a site without briefs (nil).
func loadRevision(ctx context.Context, src, rev string, opts build.Options) (*site.Site, changes.Version, error) {
	files, c, err := vcs.Files(src, rev, source.ContentDir, source.DataDir, source.ConfigFile)
	if errors.Is(err, vcs.ErrNoRepository) {
		return nil, changes.Version{}, revisionError{fmt.Errorf("%s is not in a git repository", src)}
	}
	if err != nil {
		if c.Hash == "" {
			err = revisionError{err}
		}
		return nil, changes.Version{}, err
	}
	v := changes.Version{Name: rev, Commit: c.Hash, Date: c.When}
	s, err := loadSite(ctx, files, opts)
	if err != nil {
		return nil, v, fmt.Errorf("%s: %w", rev, err)
	}
	return s, v, nil
}

// loadSite reads, parses and cross-links the site in fsys as a build
// would, without rendering. No content/ folder is no site (nil). Problems
// in the site do not stop it: what could be read is compared.
func loadSite(ctx context.Context, fsys fs.FS, opts build.Options) (*site.Site, error) {
	if _, err := fs.Stat(fsys, source.ContentDir); err != nil {
		return nil, nil
	}
	m, err := build.Load(ctx, fsys, lodestone.Theme, opts, nil)
	if err != nil {
		return nil, err
	}
	return m.Site, nil
}

// withSince sets what --since VALUE asks of a build or bundle: a date
// (YYYY-MM-DD) starts the events a briefing pack's cover lists; a git
// revision also makes the "What changed" page and feed entries, comparing
// the site with itself at that revision (loaded with the same options,
// so a --root pack with the pack as it was).
func withSince(ctx context.Context, src, value string, opts *build.Options) error {
	if value == "" {
		return nil
	}
	if d, err := time.Parse("2006-01-02", value); err == nil {
		opts.Since = d
		return nil
	}
	old, from, err := loadRevision(ctx, src, value, *opts)
	var re revisionError
	if errors.As(err, &re) {
		return fmt.Errorf("--since %q is neither a date (YYYY-MM-DD) nor a revision: %w", value, err)
	}
	if err != nil && opts.Root != "" && from.Commit != "" {
		old, err = nil, nil // the pack's root brief did not exist yet: all of it is new
	}
	if err != nil {
		return fmt.Errorf("--since %s: %w", value, err)
	}
	opts.Since = from.Date
	to := changes.Version{Name: "working tree"}
	opts.Changes = func(s *site.Site) *changes.Report { return changes.Compare(old, s, from, to) }
	return nil
}
