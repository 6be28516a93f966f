// Package vcs tells which git commit a site folder was built from, and
// whether its files differ from that commit, by reading the repository's
// files directly (with go-git). It never runs git or any other program: a
// site folder is untrusted input, and git runs commands that a repository's
// own configuration names (core.fsmonitor, hooks, filter drivers, pagers,
// external diff and textconv drivers).
package vcs

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5"
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

// Read returns the state of the repository that holds dir (dir itself or a
// folder above it), limited to the files under dir. A repository without
// commits is an error.
func Read(dir string) (State, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return State{}, err
	}
	repo, err := git.PlainOpenWithOptions(abs, &git.PlainOpenOptions{DetectDotGit: true, EnableDotGitCommonDir: true})
	if errors.Is(err, git.ErrRepositoryNotExists) {
		return State{}, ErrNoRepository
	}
	if err != nil {
		return State{}, fmt.Errorf("git: open %s: %w", dir, err)
	}
	head, err := repo.Head()
	if err != nil {
		return State{}, fmt.Errorf("git: HEAD: %w", err)
	}
	st := State{Commit: head.Hash().String()}
	wt, err := repo.Worktree()
	if err != nil {
		return st, fmt.Errorf("git: worktree: %w", err)
	}
	root, err := filepath.EvalSymlinks(wt.Filesystem.Root())
	if err != nil {
		return st, fmt.Errorf("git: %w", err)
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return st, fmt.Errorf("git: %w", err)
	}
	prefix, err := filepath.Rel(root, real)
	if err != nil {
		return st, fmt.Errorf("git: %w", err)
	}
	prefix = filepath.ToSlash(prefix)
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
