// Package vcs tells which git commit a site folder was built from, and
// whether its files differ from that commit, and gives the site folder's
// files as they were at any commit, by reading the repository's files
// directly (with go-git). It never runs git or any other program: a
// site folder is untrusted input, and git runs commands that a repository's
// own configuration names (core.fsmonitor, hooks, filter drivers, pagers,
// external diff and textconv drivers).
package vcs

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// State is what a repository says about a folder in it.
type State struct {
	// Commit is the full hash of the commit HEAD points at.
	Commit string
	// Dirty reports whether a file under the folder is modified, staged,
	// deleted or untracked (and not ignored) relative to that commit.
	Dirty bool
}

// Short is the commit's first 12 hex digits, with " (with uncommitted
// changes)" when the folder is dirty.
func (s State) Short() string {
	c := s.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if s.Dirty {
		c += " (with uncommitted changes)"
	}
	return c
}

// ErrNoRepository is returned by Read when dir is not inside a git
// repository.
var ErrNoRepository = errors.New("not in a git repository")

// open opens the repository that holds dir and returns it with dir's
// path inside its work tree ("." for the top).
func open(dir string) (*git.Repository, *git.Worktree, string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, "", err
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return nil, nil, "", ErrNoRepository
	}
	if err != nil {
		return nil, nil, "", fmt.Errorf("git: open %s: %w", dir, err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		return nil, nil, "", fmt.Errorf("git: worktree: %w", err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return nil, nil, "", fmt.Errorf("git: %w", err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, nil, "", fmt.Errorf("git: %w", err)
	}
	prefix, err := filepath.Rel(root, real)
	if err != nil {
		return nil, nil, "", fmt.Errorf("git: %w", err)
	}
	return repo, wt, filepath.ToSlash(prefix), nil
}

// Read returns the state of the repository that holds dir (dir itself or a
// folder above it), limited to the files under dir. A repository without
// commits is an error.
func Read(dir string) (State, error) {
	repo, wt, prefix, err := open(dir)
	if err != nil {
		return State{}, err
	}
	head, err := repo.Head()
	if err != nil {
		return State{}, fmt.Errorf("git: HEAD: %w", err)
	}
	st := State{Commit: head.Hash().String()}
	status, err := wt.Status()
	if err != nil {
		return st, fmt.Errorf("git: status: %w", err)
	}
	for name, fs := range status {
		if fs.Staging == git.Unmodified && fs.Worktree == git.Unmodified {
			continue
		}
		if prefix == "." || name == prefix || strings.HasPrefix(name, prefix+"/") {
			st.Dirty = true
			break
		}
	}
	return st, nil
}

// Commit is a revision as Files found it.
type Commit struct {
	// Rev is the revision as given ("HEAD~3", "v1.2", "6e57604").
	Rev string
	// Hash is the commit's full hash; When is its committer's date.
	Hash string
	When time.Time
}

// Short is the commit's first 12 hex digits.
func (c Commit) Short() string { return c.Hash[:min(len(c.Hash), 12)] }

// Files returns the files under dir as they were at revision rev of the
// repository that holds dir: a file system rooted at dir, holding the
// files below the folders (or files) named in only (all when none).
// rev is anything git rev-parse takes that names a commit by hash, branch,
// tag or ancestry: "6e57604", "main", "v1.0", "HEAD~3". Symbolic links
// are left out, as the build leaves them. The files are read into memory.
func Files(dir, rev string, only ...string) (fs.FS, Commit, error) {
	repo, _, prefix, err := open(dir)
	if err != nil {
		return nil, Commit{}, err
	}
	h, err := repo.ResolveRevision(plumbing.Revision(rev))
	if err != nil {
		return nil, Commit{}, fmt.Errorf("git: no commit %q in the repository of %s: %w", rev, dir, err)
	}
	c, err := repo.CommitObject(*h)
	if err != nil {
		return nil, Commit{}, fmt.Errorf("git: %s: %w", rev, err)
	}
	info := Commit{Rev: rev, Hash: c.Hash.String(), When: c.Committer.When}
	tree, err := c.Tree()
	if err != nil {
		return nil, info, fmt.Errorf("git: %s: %w", rev, err)
	}
	files := fstest.MapFS{}
	if prefix != "." {
		sub, err := tree.Tree(prefix)
		if errors.Is(err, object.ErrDirectoryNotFound) {
			return files, info, nil // the site folder did not exist yet
		}
		if err != nil {
			return nil, info, fmt.Errorf("git: %s: %s: %w", rev, prefix, err)
		}
		tree = sub
	}
	wanted := func(name string) bool {
		if len(only) == 0 {
			return true
		}
		for _, o := range only {
			if name == o || strings.HasPrefix(name, o+"/") {
				return true
			}
		}
		return false
	}
	err = tree.Files().ForEach(func(f *object.File) error {
		if !f.Mode.IsFile() || !wanted(f.Name) || !fs.ValidPath(f.Name) {
			return nil // symbolic links and submodules too
		}
		text, err := f.Contents()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		files[f.Name] = &fstest.MapFile{Data: []byte(text), Mode: 0o644, ModTime: info.When}
		return nil
	})
	if err != nil {
		return nil, info, fmt.Errorf("git: %s: %w", rev, err)
	}
	return files, info, nil
}
