// Package cli implements the lodestone command: it parses flags, checks
// paths, picks an output sink and calls into the build pipeline. It is the
// only package that touches the operating system's files directly.
//
// Exit codes: 0 success, 1 content errors (the site was not written),
// 2 usage errors.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/source"
)

const usage = `lodestone builds a cross-linked static knowledge site from Markdown briefs.

Usage: lodestone COMMAND [flags]

Commands:
  init [DIR]          write a new site: example briefs of two types, a schema, a Pages workflow
  new TYPE "Title"    write a new brief of TYPE with the fields its schema declares
  build               build the site into public/
  check               everything build does but write: report the site's problems
  serve               live preview at http://127.0.0.1:8080 that reloads on every save
  bundle              offline bundles: a zip, one HTML file (--single) or a PDF (--pdf)
  diff REV1 [REV2]    what changed in the briefs between two git revisions
  version             print the version

Run "lodestone COMMAND --help" for a command's flags.

Exit status: 0 success, 1 problems in the site (nothing written), 2 usage errors.
`

// commands are the subcommands that take flags, by name.
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) int{
	"init":   runInit,
	"new":    runNew,
	"build":  runBuild,
	"check":  runCheck,
	"serve":  runServe,
	"bundle": runBundle,
	"diff":   runDiff,
}

// Run is the lodestone command: Main with the process's arguments and
// output, stopped by Ctrl-C or SIGTERM. It returns the exit code.
func Run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Main(ctx, args, os.Stdout, os.Stderr)
}

// Main runs the command line args and returns the exit code: 0 success,
// 1 problems in the site (nothing written), 2 usage errors.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if run, ok := commands[args[0]]; ok {
		return run(ctx, args[1:], stdout, stderr)
	}
	switch args[0] {
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "lodestone", Version())
		return 0
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			if run, ok := commands[args[1]]; ok {
				return run(ctx, []string{"--help"}, stdout, stderr)
			}
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "lodestone: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// shownPerKind is how many warnings of one kind a build prints without
// --verbose.
const shownPerKind = 3

// printDiags prints every error and, unless verbose, the first warnings of
// each kind with a count of the rest (diag.List.Lines).
func printDiags(w io.Writer, diags diag.List, verbose bool) {
	shown := shownPerKind
	if verbose {
		shown = 0
	}
	for _, line := range diags.Lines(shown) {
		fmt.Fprintln(w, line)
	}
}

// stamp is the version the Makefile gives a build (-ldflags "-X …=…"),
// for when the toolchain records no version control data.
var stamp string

// Version is the module version of a release (go install …@vX.Y.Z), else
// the version control revision the toolchain recorded, else the Makefile's
// stamp, else "devel".
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if ok {
		if v := bi.Main.Version; v != "" && v != "(devel)" && !strings.HasPrefix(v, "v0.0.0-") {
			return v
		}
		rev, dirty := "", false
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) >= 12 {
			v := "devel-" + rev[:12]
			if dirty {
				v += "-dirty"
			}
			return v
		}
	}
	if stamp != "" {
		return stamp
	}
	return "devel"
}

const buildUsage = `Usage: lodestone build [flags]

Builds the site in --src into --out. The output folder is replaced as a
whole, and only when the build succeeded: a failed build writes nothing.

Flags:
`

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("build", buildUsage, stdout, stderr)
	src := fl.String("src", ".", "site folder (must contain content/)")
	out := fl.String("out", "public", "output folder, replaced as a whole when the build succeeds")
	strict := fl.Bool("strict", false, "treat broken links and anchors, and problems confined to one note, as errors")
	drafts := fl.Bool("drafts", false, "publish briefs with draft: true")
	audience := fl.audience()
	verbose := fl.Bool("verbose", false, "list every warning (else the first three of each kind and a count)")
	baseURL := fl.String("base-url", "", "absolute URL the site is published under, e.g. https://owner.github.io/repo/ (default: base_url in lodestone.yaml)")
	force := fl.Bool("force", false, "replace --out even if it is a non-empty folder Lodestone did not build")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	memProfile := fl.String("memprofile", "", "write a heap profile taken as the build ends to this file (for go tool pprof)")
	since := fl.String("since", "", `a git revision: add a "What changed" page since it, and an entry for each brief added or changed to the feed`)
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() > 0 {
		return usageError(stderr, "build", "unexpected argument %q", fl.Arg(0))
	}
	if *cpuProfile != "" {
		stopProfile, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return usageError(stderr, "build", "--cpuprofile: %v", err)
		}
		defer stopProfile()
	}
	if err := build.CheckBaseURL(*baseURL); err != nil {
		return usageError(stderr, "build", "--base-url %q: %v", *baseURL, err)
	}
	if *out == "public" && *src != "." {
		*out = filepath.Join(*src, "public")
	}
	if err := checkPaths(*src, *out); err != nil {
		return usageError(stderr, "build", "%v", err)
	}
	mem := startBuildMemory()
	defer mem.stop()
	now, err := buildDate()
	if err != nil {
		return usageError(stderr, "build", "%v", err)
	}
	opts := build.Options{
		Strict: *strict, Drafts: *drafts, Audience: *audience, BaseURL: *baseURL, Version: Version(), Name: folderName(*src), Now: now,
		Committed: committed(*src, stderr), Read: mem.Read, Parsed: mem.Parsed, Loaded: mem.Loaded,
	}
	if _, err := time.Parse("2006-01-02", *since); err == nil {
		return usageError(stderr, "build", "--since %q: give a git revision (a date only means something to a --root bundle's cover)", *since)
	}
	if err := withSince(ctx, *src, *since, &opts); err != nil {
		return diffError(stderr, "build", err)
	}

	dir, err := output.NewDir(ctx, *out, output.DirOptions{
		Force: *force,
		Waiting: func() {
			fmt.Fprintf(stderr, "lodestone: another build is writing into %s; waiting for it to finish\n", filepath.Dir(*out))
		},
	})
	var notOurs *output.NotOursError
	if errors.As(err, &notOurs) {
		return usageError(stderr, "build", "--out %v", err)
	}
	if err != nil {
		fmt.Fprintf(stderr, "lodestone build: %v\n", err)
		return 1
	}
	res, err := build.Build(ctx, os.DirFS(*src), lodestone.Theme, output.Minify(dir), opts)
	if err != nil {
		dir.Abort()
		fmt.Fprintf(stderr, "lodestone build: %v\n", err)
		return 1
	}
	if *memProfile != "" {
		if err := writeHeapProfile(*memProfile); err != nil {
			fmt.Fprintf(stderr, "lodestone build: --memprofile: %v\n", err)
		}
	}
	printDiags(stderr, res.Diags, *verbose)
	if res.Diags.HasErrors() {
		dir.Abort()
		fmt.Fprintf(stderr, "lodestone: build failed: %s; %s\n", res.Summary(), unchanged(*out))
		return 1
	}
	if err := dir.Commit(); err != nil {
		fmt.Fprintf(stderr, "lodestone build: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "lodestone: %s → %s\n", res.Summary(), *out)
	if res.Site != nil && res.Site.Config.BaseURL == "" {
		fmt.Fprintln(stderr, noBaseURL)
	}
	return 0
}

// startCPUProfile writes a CPU profile to the file name until the
// returned function is called.
func startCPUProfile(name string) (stop func(), err error) {
	f, err := os.Create(name)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// writeHeapProfile writes the heap as it is now (after a collection) to
// the file name.
func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// noBaseURL is the notice after a build without a base URL.
const noBaseURL = "lodestone: no base URL, so no sitemap.xml (its addresses must be absolute); set base_url in lodestone.yaml or pass --base-url to have one"

// unchanged says what a failed build left of the output folder out.
func unchanged(out string) string {
	if _, err := os.Lstat(out); err != nil {
		return "nothing written"
	}
	return out + " left unchanged"
}

// flagSet is a subcommand's flags.
type flagSet struct {
	*flag.FlagSet
	usage          string
	stdout, stderr io.Writer
	args           []string // the arguments that are not flags
}

// newFlagSet returns the flag set of subcommand name; usage introduces its
// --help.
func newFlagSet(name, usage string, stdout, stderr io.Writer) *flagSet {
	fl := flag.NewFlagSet(name, flag.ContinueOnError)
	fl.SetOutput(io.Discard) // parse reports mistakes itself
	fl.Usage = func() {}
	return &flagSet{FlagSet: fl, usage: usage, stdout: stdout, stderr: stderr}
}

// audience adds the --audience flag: who the site is built for.
func (fl *flagSet) audience() *string {
	v := new(string)
	fl.Func("audience", "public: leave out briefs with audience: internal, and fail if a published page links to one (default: audience in lodestone.yaml, else every brief)", func(s string) error {
		if !slices.Contains(brief.Audiences, s) {
			return fmt.Errorf("want %s", strings.Join(brief.Audiences, " or "))
		}
		*v = s
		return nil
	})
	return v
}

// parse parses args, flags and other arguments in any order (up to "--");
// done is set when the command should stop with code: 0 after --help
// (usage on stdout), 2 after a mistake (on stderr, naming the flag).
func (fl *flagSet) parse(args []string) (code int, done bool) {
	for {
		err := fl.FlagSet.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(fl.stdout, fl.usage)
			fl.SetOutput(fl.stdout)
			fl.PrintDefaults()
			return 0, true
		}
		if err != nil {
			return usageError(fl.stderr, fl.Name(), "%v", err), true
		}
		rest := fl.FlagSet.Args()
		if len(rest) == 0 {
			return 0, false
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			fl.args = append(fl.args, rest...)
			return 0, false
		}
		fl.args = append(fl.args, rest[0])
		args = rest[1:]
	}
}

// NArg is the number of arguments that are not flags.
func (fl *flagSet) NArg() int { return len(fl.args) }

// Arg is the i-th argument that is not a flag.
func (fl *flagSet) Arg(i int) string { return fl.args[i] }

// Args are the arguments that are not flags.
func (fl *flagSet) Args() []string { return fl.args }

// usageError prints a usage mistake in command cmd with a pointer to its
// help, and returns the exit code of usage errors, 2.
func usageError(stderr io.Writer, cmd, format string, args ...any) int {
	fmt.Fprintf(stderr, "lodestone %s: %s\n", cmd, fmt.Sprintf(format, args...))
	fmt.Fprintf(stderr, "Run \"lodestone %s --help\" for usage.\n", cmd)
	return 2
}

// plural is "1 brief", "2 briefs".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// checkPaths refuses an output folder that would overwrite what it is built
// from or what is not Lodestone's: one that is, contains or lies inside the
// site folder's sources (content/, templates/, static/, data/, .git/ and the
// config file, wherever their symlinks lead), that contains the site folder,
// or that is the file system's root or the home folder.
func checkPaths(src, out string) error {
	if err := checkSite(src); err != nil {
		return err
	}
	as, err := realAbs(src)
	if err != nil {
		return err
	}
	ao, err := realAbs(out)
	if err != nil {
		return err
	}
	switch {
	case ao == as:
		return errors.New("--out is the site folder itself; choose a folder such as public")
	case within(as, ao):
		return fmt.Errorf("--out %s contains the site folder %s; choose a folder such as public", out, src)
	case ao == filepath.Dir(ao):
		return fmt.Errorf("--out %s is the root of the file system; choose a folder such as public", out)
	}
	if home, err := os.UserHomeDir(); err == nil {
		if h, err := realAbs(home); err == nil && (ao == h || within(h, ao)) {
			return fmt.Errorf("--out %s is or contains the home folder; choose a folder such as public", out)
		}
	}
	for _, d := range []string{source.ContentDir, source.TemplatesDir, source.StaticDir, source.DataDir, ".git", source.ConfigFile} {
		p, err := realAbs(filepath.Join(as, d))
		if err != nil {
			return err
		}
		switch {
		case ao == p:
			return fmt.Errorf("--out %s is the site's %s; choose a folder such as public", out, d)
		case within(ao, p):
			return fmt.Errorf("--out %s lies inside %s/; choose a folder outside it", out, d)
		case within(p, ao):
			return fmt.Errorf("--out %s contains the site's %s (it is a link to a folder inside it); choose another folder", out, d)
		}
	}
	return nil
}

// checkSite refuses a --src without a content/ folder.
func checkSite(src string) error {
	if fi, err := os.Stat(filepath.Join(src, source.ContentDir)); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s has no %s/ folder; point --src at a site folder", src, source.ContentDir)
	}
	return nil
}

// within reports whether path p lies strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// realAbs is the absolute path of p with symlinks resolved as far as the
// path exists.
func realAbs(p string) (string, error) {
	a, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	existing, rest := a, ""
	for {
		if r, err := filepath.EvalSymlinks(existing); err == nil {
			return filepath.Join(r, rest), nil
		}
		parent := filepath.Dir(existing)
		if parent == existing {
			return a, nil
		}
		rest = filepath.Join(filepath.Base(existing), rest)
		existing = parent
	}
}

// folderName is the name of the site folder at src, for the site's title
// when nothing else gives one.
func folderName(src string) string {
	abs, err := filepath.Abs(src)
	if err != nil {
		return ""
	}
	if name := filepath.Base(abs); name != "/" && name != "." && name != string(filepath.Separator) {
		return name
	}
	return ""
}
