package vcs

import (
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
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
	trees := treeCache{root: root, by: map[plumbing.Hash]*object.Tree{}}
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
		mine, err := trees.of(c)
		if err != nil {
			return nil, err
		}
		var parents []*object.Tree
		for _, pc := range pcs {
			pt, err := trees.of(pc)
			if err != nil {
				return nil, err
			}
			parents = append(parents, pt)
		}
		trees.done(c)
		if len(parents) == 1 && mine != nil && parents[0] != nil && mine.Hash == parents[0].Hash {
			continue // nothing under root changed: most commits of most repositories
		}
		var first *object.Tree
		if len(parents) > 0 {
			first = parents[0]
		}
		// The files that differ from the first parent's (only the subtrees
		// whose hashes differ are read), then, for a merge, from every
		// other parent's too.
		err = changedFiles(mine, first, root, func(p string, h plumbing.Hash) error {
			if _, done := out[rel(p)]; done || want[p] == plumbing.ZeroHash {
				return nil
			}
			for _, pt := range parents[min(1, len(parents)):] {
				if pt != nil && blobAt(pt, strings.TrimPrefix(strings.TrimPrefix(p, root), "/")) == h {
					return nil
				}
			}
			out[rel(p)] = c.Committer.When
			left--
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("git: %s: %w", c.Hash, err)
		}
	}
	return out, nil
}

// treeCache keeps the trees at root of the commits whose parents were
// read but which were not walked yet: history is walked newest first, so
// a commit's tree, read as its child's parent, is read once. Decoding a
// folder of 10,000 notes is most of the walk's work.
type treeCache struct {
	root string
	by   map[plumbing.Hash]*object.Tree // by commit
}

func (tc *treeCache) of(c *object.Commit) (*object.Tree, error) {
	if t, ok := tc.by[c.Hash]; ok {
		return t, nil
	}
	t, err := rootTree(c, tc.root)
	if err == nil {
		tc.by[c.Hash] = t
	}
	return t, err
}

// done forgets c's tree: c has been walked.
func (tc *treeCache) done(c *object.Commit) { delete(tc.by, c.Hash) }

// rootTree is the tree at root in c, or nil when c has no such folder.
func rootTree(c *object.Commit, root string) (*object.Tree, error) {
	tree, err := c.Tree()
	if err != nil {
		return nil, fmt.Errorf("git: %s: %w", c.Hash, err)
	}
	if root == "" {
		return tree, nil
	}
	sub, err := tree.Tree(root)
	if errors.Is(err, object.ErrDirectoryNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("git: %s: %s: %w", c.Hash, root, err)
	}
	return sub, nil
}

// changedFiles calls fn for each regular file of tree a (under dir, its
// path from the top of the repository) whose blob differs from the file
// at the same path in b, or is not in b (nil b: every file of a). It reads
// only the subtrees whose hashes differ.
func changedFiles(a, b *object.Tree, dir string, fn func(p string, h plumbing.Hash) error) error {
	if a == nil {
		return nil
	}
	var old map[string]object.TreeEntry
	if b != nil {
		old = make(map[string]object.TreeEntry, len(b.Entries))
		for _, e := range b.Entries {
			old[e.Name] = e
		}
	}
	for _, e := range a.Entries {
		o, had := old[e.Name]
		if had && o.Hash == e.Hash && o.Mode == e.Mode {
			continue
		}
		p := path.Join(dir, e.Name)
		switch {
		case e.Mode == filemode.Dir:
			sub, err := a.Tree(e.Name)
			if err != nil {
				return err
			}
			var osub *object.Tree
			if had && o.Mode == filemode.Dir {
				if osub, err = b.Tree(e.Name); err != nil {
					return err
				}
			}
			if err := changedFiles(sub, osub, p, fn); err != nil {
				return err
			}
		case e.Mode == filemode.Regular || e.Mode == filemode.Executable:
			if had && o.Hash == e.Hash {
				continue // only the mode changed
			}
			if err := fn(p, e.Hash); err != nil {
				return err
			}
		}
	}
	return nil
}

// blobAt is the blob hash of the file at p in t, or the zero hash.
func blobAt(t *object.Tree, p string) plumbing.Hash {
	e, err := t.FindEntry(p)
	if err != nil || (e.Mode != filemode.Regular && e.Mode != filemode.Executable) {
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
