package cli

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// starter is the site `lodestone init` writes: a home page, three briefs of
// two types declared in lodestone.yaml, a .gitignore and a GitHub Pages
// workflow for a repository that holds nothing but the site.
//
//go:embed all:starter
var starter embed.FS

// Module is the Go module Lodestone is installed from.
const Module = "github.com/lodestone-ssg/lodestone"

// Release is the version of Lodestone a site's workflow installs when this
// binary is not itself a release (a development build): the first tag
// that must exist on Module for `go install Module/generator/cmd/lodestone@Release`
// to work.
const Release = "v0.1.0"

// GoVersion is the Go release the generated workflow sets up: the go line
// of go.mod (TestGoVersionMatchesGoMod keeps them equal).
const GoVersion = "1.26.8"

// workflowVersion is the release a new site's workflow pins: this binary's
// own version when it is a release, else Release.
func workflowVersion() string {
	v := Version()
	if strings.HasPrefix(v, "v") && !strings.Contains(v, "-") && !strings.Contains(v, "+") {
		return v
	}
	return Release
}

// starterFile returns the contents of one file of the starter site, with
// the workflow's placeholders filled in.
func starterFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(starter, "starter/"+name)
	if err != nil {
		return nil, err
	}
	r := strings.NewReplacer("@@MODULE@@", Module, "@@LODESTONE_VERSION@@", workflowVersion(), "@@GO_VERSION@@", GoVersion)
	return []byte(r.Replace(string(b))), nil
}

// starterNames lists the starter site's files, slash-separated, in a fixed
// order.
func starterNames() []string {
	var names []string
	_ = fs.WalkDir(starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, strings.TrimPrefix(p, "starter/"))
		}
		return nil
	})
	return names
}

const initUsage = `Usage: lodestone init [--force] [DIR]

Writes a new site into DIR (default: the current folder): lodestone.yaml
with two brief types, three example briefs in content/, a .gitignore and a
GitHub Pages workflow (.github/workflows/pages.yml). DIR must be empty or
missing; with --force the files are added to a non-empty DIR, but a file
that already exists is never overwritten.

Flags:
`

func runInit(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("init", initUsage, stdout, stderr)
	force := fl.Bool("force", false, "add the files to a non-empty DIR (existing files are kept)")
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() > 1 {
		return usageError(stderr, "init", "expected at most one folder, got %q", fl.Args())
	}
	dir := "."
	if fl.NArg() == 1 {
		dir = fl.Arg(0)
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return usageError(stderr, "init", "%v", err)
	case len(entries) > 0 && !*force:
		return usageError(stderr, "init", "%s is not empty; choose a new folder (lodestone init my-site), or add --force to add the site's files to it (existing files are kept)", dir)
	}

	var wrote, kept []string
	for _, name := range starterNames() {
		b, err := starterFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "lodestone init: %v\n", err)
			return 1
		}
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			fmt.Fprintf(stderr, "lodestone init: %v\n", err)
			return 1
		}
		switch err := writeNew(target, b); {
		case errors.Is(err, fs.ErrExist):
			kept = append(kept, name)
		case err != nil:
			fmt.Fprintf(stderr, "lodestone init: %v\n", err)
			return 1
		default:
			wrote = append(wrote, name)
		}
	}
	for _, name := range kept {
		fmt.Fprintf(stderr, "lodestone init: kept the existing %s\n", filepath.Join(dir, filepath.FromSlash(name)))
	}
	fmt.Fprintf(stdout, "Wrote %s in %s:\n", plural(len(wrote), "file", "files"), dir)
	for _, name := range wrote {
		fmt.Fprintf(stdout, "  %s\n", name)
	}
	cd := ""
	if dir != "." {
		cd = "cd " + shellQuote(dir) + " && "
	}
	fmt.Fprintf(stdout, "\nNext: %slodestone serve   (a live preview at http://127.0.0.1:8080)\n", cd)
	fmt.Fprintln(stdout, `      lodestone new report "A title"   (a new brief with the type's fields)`)
	return 0
}

// writeNew writes a new file at target; if target exists it is left alone
// and the error is fs.ErrExist.
func writeNew(target string, b []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(target)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(target)
		return err
	}
	return nil
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
