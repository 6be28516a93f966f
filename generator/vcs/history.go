package vcs

import (
	"errors"
	"fmt"
	"io"
	"path"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// LastChanged returns, for every file under the folder under (a path
// below dir, e.g. "content") that HEAD holds, the committer date of the
// last commit that changed it, keyed by its path from dir
// ("content/mines/a.md"): what `git log -1 --format=%cd -- FILE` gives,
// read from the repository's files. History is walked newest first, and
// the walk stops once every file has its date; a commit changes a file
// when the file differs from every one of its parents (a merge that takes
// a side's version changed nothing). Files that are not committed have no
// date; ErrNoRepository when dir is not in a repository, and an empty map
// for a repository without commits.
func LastChanged(dir, under string) (map[string]time.Time, error) {
	repo, _, prefix, err := open(dir)
	if err != nil {
		return nil, err
	}
	root := path.Join(prefix, under)
	if root == "." {
		root = ""
	}
	head, err := repo.Head()
	if errors.Is(err, plumbing.ErrReferenceNotFound) {
		return map[string]time.Time{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("git: HEAD: %w", err)
	}
	headCommit, err := repo.CommitObject(head.Hash())
	if err != nil {
		return nil, fmt.Errorf("git: HEAD: %w", err)
	}
	want, err := blobs(headCommit, root)
	if err != nil {
		return nil, err
	}
	out := make(map[string]time.Time, len(want))
	rel := func(p string) string { return path.Join(under, p[len(root):]) }
	if root == "" {
		rel = func(p string) string { return path.Join(under, p) }
	}
	iter, err := repo.Log(&git.LogOptions{From: head.Hash(), Order: git.LogOrderCommitterTime})
	if err != nil {
		return nil, fmt.Errorf("git: log: %w", err)
	}
	defer iter.Close()
	left := len(want)
	for left > 0 {
		c, err := iter.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("git: log: %w", err)
		}
		var pcs []*object.Commit
		for _, ph := range c.ParentHashes {
			pc, err := repo.CommitObject(ph)
			if err != nil {
				return nil, fmt.Errorf("git: %s: %w", ph, err)
			}
			pcs = append(pcs, pc)
		}
		if len(pcs) == 1 && subtree(c, root) == subtree(pcs[0], root) && subtree(c, root) != plumbing.ZeroHash {
			continue // nothing under root changed: most commits of most repositories
		}
		mine, err := blobs(c, root)
		if err != nil {
			return nil, err
		}
		var parents []map[string]plumbing.Hash
		for _, pc := range pcs {
			pb, err := blobs(pc, root)
			if err != nil {
				return nil, err
			}
			parents = append(parents, pb)
		}
		for p, h := range mine {
			if _, done := out[rel(p)]; done || want[p] == plumbing.ZeroHash {
				continue
			}
			changed := true
			for _, pb := range parents {
				if pb[p] == h {
					changed = false
					break
				}
			}
			if changed {
				out[rel(p)] = c.Committer.When
				left--
			}
		}
	}
	return out, nil
}

// subtree is the hash of the tree at root in c, or the zero hash when it
// cannot be read (then the caller compares the files).
func subtree(c *object.Commit, root string) plumbing.Hash {
	tree, err := c.Tree()
	if err != nil {
		return plumbing.ZeroHash
	}
	if root == "" {
		return tree.Hash
	}
	e, err := tree.FindEntry(root)
	if err != nil {
		return plumbing.ZeroHash
	}
	return e.Hash
}

// blobs lists the regular files under root in c's tree, by path from the
// top of the repository, with their blob hashes.
func blobs(c *object.Commit, root string) (map[string]plumbing.Hash, error) {
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("git: %s: %w", c.Hash, err)
	}
	if root != "" {
		tree, err = tree.Tree(root)
		if errors.Is(err, object.ErrDirectoryNotFound) {
			return map[string]plumbing.Hash{}, nil
		}
		if err != nil {
			return nil, fmt.Errorf("git: %s: %s: %w", c.Hash, root, err)
		}
	}
	out := map[string]plumbing.Hash{}
	walker := object.NewTreeWalker(tree, true, nil)
	defer walker.Close()
	for {
		name, e, err := walker.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("git: %s: %w", c.Hash, err)
		}
		if e.Mode == filemode.Regular || e.Mode == filemode.Executable {
			out[path.Join(root, name)] = e.Hash
		}
	}
	return out, nil
}
