package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/pdf"
	"github.com/lodestone-ssg/lodestone/generator/slug"
	"github.com/lodestone-ssg/lodestone/generator/source"
	"github.com/lodestone-ssg/lodestone/generator/vcs"
)

const bundleUsage = `Usage: lodestone bundle [flags]

Writes an offline bundle of the site in --src: a zip to unpack and open from
disk (index.html) with no server, or with --single one self-contained HTML
file. Both work from file://. --pdf prints the single file to PDF with the
Chromium installed on the machine (chromium, chromium-browser or
google-chrome on PATH).

Flags:
`

func runBundle(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("bundle", bundleUsage, stdout, stderr)
	src := fl.String("src", ".", "site folder (must contain content/)")
	out := fl.String("out", "", "folder for the bundle (default: dist/ in the site folder)")
	single := fl.Bool("single", false, "write one self-contained HTML file instead of a zip")
	asPDF := fl.Bool("pdf", false, "write a PDF (printed by headless Chromium) instead of a zip")
	root := fl.String("root", "", "bundle only this brief (path, title or alias) and what it links to")
	depth := fl.Int("depth", 1, "with --root: how many links deep to follow")
	since := fl.String("since", "", `a git revision: add a "What changed" page since it; or a date (YYYY-MM-DD): the events a --root cover lists start there`)
	drafts := fl.Bool("drafts", false, "include briefs with draft: true")
	audience := fl.audience()
	verbose := fl.Bool("verbose", false, "list every warning (else the first three of each kind and a count)")
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() > 0 {
		return usageError(stderr, "bundle", "unexpected argument %q", fl.Arg(0))
	}
	if *asPDF && *single {
		return usageError(stderr, "bundle", "--pdf and --single: choose one (the PDF is printed from a single file of its own)")
	}
	if *depth < 0 {
		return usageError(stderr, "bundle", "--depth must be 0 or more")
	}
	if err := checkSite(*src); err != nil {
		return usageError(stderr, "bundle", "%v", err)
	}
	if *out == "" {
		*out = filepath.Join(*src, "dist")
	}
	if err := checkPaths(*src, *out); err != nil {
		return usageError(stderr, "bundle", "%v", err)
	}
	chromium := ""
	if *asPDF {
		// Before building: a machine without Chromium is told at once.
		if chromium = pdf.Find(); chromium == "" {
			fmt.Fprintf(stderr, "lodestone bundle: --pdf: %v\n", pdf.ErrNoChromium)
			return 2
		}
	}
	mem := startBuildMemory()
	defer mem.stop()

	began := time.Now()
	start, err := buildDate()
	if err != nil {
		return usageError(stderr, "bundle", "%v", err)
	}
	if start.IsZero() {
		start = began
	}
	srcFS := os.DirFS(*src)
	opts := build.Options{
		Drafts: *drafts, Audience: *audience, Version: Version(), Offline: true, Root: *root, Depth: *depth, Now: start, Single: *single || *asPDF,
		Provenance: provenance(srcFS, *src, start), Name: folderName(*src), Committed: committed(*src, stderr), PDF: *asPDF, AsOf: start.Format("2 January 2006"),
		Read: mem.Read, Parsed: mem.Parsed, Loaded: mem.Loaded,
	}
	if err := withSince(ctx, *src, *since, &opts); err != nil {
		return diffError(stderr, "bundle", err)
	}
	files := output.NewMem()
	minify := output.Minify
	if opts.Single {
		minify = output.MinifyAll // its one page carries the style sheets and scripts
	}
	res, err := build.Build(ctx, srcFS, lodestone.Theme, minify(files), opts)
	if err != nil {
		fmt.Fprintf(stderr, "lodestone bundle: %v\n", err)
		return 1
	}
	printDiags(stderr, res.Diags, *verbose)
	if res.Diags.HasErrors() {
		fmt.Fprintln(stderr, "lodestone: bundle failed: nothing written")
		return 1
	}
	title := res.Site.Root.Title
	if slug.Make(title) == "" {
		title = "site"
	}
	name := slug.Make(title + " " + *root) // one slug: never longer than slug.MaxLen

	var target string
	if *asPDF {
		target = filepath.Join(*out, name+".pdf")
		page, _ := files.File(build.SingleName)
		if err := printPDF(ctx, page, target, chromium, res, opts); err != nil {
			fmt.Fprintf(stderr, "lodestone bundle: %v\n", err)
			return 1
		}
	} else if *single {
		target = filepath.Join(*out, name+".html")
		page, _ := files.File(build.SingleName)
		if err := output.WriteFileAtomic(target, func(f *os.File) error { _, err := f.Write(page); return err }); err != nil {
			fmt.Fprintf(stderr, "lodestone bundle: %v\n", err)
			return 1
		}
	} else {
		target = filepath.Join(*out, name+".zip")
		z := output.NewZip(files, target, name)
		z.Modified = start
		if err := z.Commit(); err != nil {
			fmt.Fprintf(stderr, "lodestone bundle: %v\n", err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "lodestone: bundled %s in %s → %s\n", plural(res.Briefs, "brief", "briefs"), time.Since(began).Round(time.Millisecond), target)
	return 0
}

// printPDF prints the single file page (built with build.Options.PDF) to a
// PDF file at target with the Chromium at chromium. The page is read from
// a temporary file, as from a bundle on disk.
func printPDF(ctx context.Context, page []byte, target, chromium string, res *build.Result, opts build.Options) error {
	tmp, err := os.MkdirTemp("", "lodestone-pdf-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	html := filepath.Join(tmp, "bundle.html")
	if err := os.WriteFile(html, page, 0o600); err != nil {
		return err
	}
	title := res.Site.Root.Title
	if opts.Root != "" {
		if keep, err := res.Site.Reachable(opts.Root, 0); err == nil {
			for b := range keep {
				title = b.Title
			}
		}
	}
	p := filepath.ToSlash(html)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/…
	}
	u := url.URL{Scheme: "file", Path: p}
	data, err := pdf.Print(ctx, u.String(), pdf.Options{Browser: chromium, Title: title, AsOf: opts.AsOf, TempDir: tmp, Timeout: 10 * time.Minute})
	if err != nil {
		return err
	}
	return output.WriteFileAtomic(target, func(f *os.File) error { _, err := f.Write(data); return err })
}

// provenance says what a bundle was built from: the time, a hash of every
// source file, and the git commit when the site folder is in a repository.
func provenance(fsys fs.FS, dir string, now time.Time) string {
	h := sha256.New()
	for _, root := range []string{source.ContentDir, source.TemplatesDir, source.StaticDir, source.DataDir, source.ConfigFile} {
		_ = fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || source.Hidden(d.Name()) {
				return nil
			}
			b, err := fs.ReadFile(fsys, p)
			if err != nil {
				return nil
			}
			fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
			h.Write(b)
			return nil
		})
	}
	s := fmt.Sprintf("Offline edition built %s from content sha256:%s", now.UTC().Format("2006-01-02 15:04 UTC"), hex.EncodeToString(h.Sum(nil))[:16])
	if commit := gitCommit(dir); commit != "" {
		s += ", git commit " + commit
	}
	return s + "."
}

// gitCommit is the commit the site folder was built from, or "" when it is
// not in a git repository. It reads .git itself (package vcs) and runs no
// program: a site's repository configuration could name one.
func gitCommit(dir string) string {
	st, err := vcs.Read(dir)
	if err != nil {
		return ""
	}
	return st.Short()
}
