package site

import (
	"cmp"
	"net/url"
	"path"
	"slices"
	"strings"
)

// assets finds the files below content/ that are not notes (images, PDFs,
// audio, data) by the names notes give them, as Obsidian does: a path
// relative to the note, a path from the vault's root, a path in the
// attachment folder, then the file's name (or the end of its path)
// anywhere, preferring the note's folder, then the shortest path.
type assets struct {
	files  map[string]bool     // path below content/
	lower  map[string]string   // lower-case path → path
	byName map[string][]string // lower-case base name → paths
	// folder is the attachment folder: below content/, or "./" or
	// "./sub" for one beside each note ("" for none).
	folder string
}

func newAssets(files []string, folder string) *assets {
	a := &assets{files: make(map[string]bool, len(files)), lower: make(map[string]string, len(files)),
		byName: make(map[string][]string, len(files)), folder: folder}
	for _, f := range files {
		a.files[f] = true
		l := strings.ToLower(f)
		if _, ok := a.lower[l]; !ok {
			a.lower[l] = f
		}
		n := path.Base(l)
		a.byName[n] = append(a.byName[n], f)
	}
	return a
}

// has reports whether rel is a file, and its exact name (a writer's
// Pic.PNG finds pic.png, as on the case-insensitive disks most vaults
// live on).
func (a *assets) has(rel string) (string, bool) {
	if a.files[rel] {
		return rel, true
	}
	f, ok := a.lower[strings.ToLower(rel)]
	return f, ok
}

// find returns the file that target, written in the note at noteRel,
// names. inside is false when target can only mean a file outside the
// content folder ("../../etc/passwd.png"); found is false when no file
// matches.
func (a *assets) find(noteRel, target string) (rel string, found, inside bool) {
	targets := []string{target}
	if u, err := url.PathUnescape(target); err == nil && u != target {
		targets = append(targets, u) // Pasted%20image.png
	}
	dir := path.Dir(noteRel)
	inside = false
	for _, t := range targets {
		t = strings.TrimSpace(t)
		if t == "" || strings.Contains(t, "\\") {
			continue
		}
		var tries []string
		if root, ok := strings.CutPrefix(t, "/"); ok {
			if j, ok := joinInside(".", root); ok {
				tries = append(tries, j)
			}
		} else {
			if j, ok := joinInside(dir, t); ok {
				tries = append(tries, j)
			}
			if j, ok := joinInside(".", t); ok {
				tries = append(tries, j)
			}
			if a.folder != "" {
				base := a.folder
				if sub, ok := strings.CutPrefix(a.folder, "./"); ok {
					base = path.Join(dir, sub)
				}
				if j, ok := joinInside(base, t); ok {
					tries = append(tries, j)
				}
			}
		}
		if len(tries) == 0 {
			continue
		}
		inside = true
		for _, j := range tries {
			if f, ok := a.has(j); ok {
				return f, true, true
			}
		}
		if strings.HasPrefix(t, "../") || strings.HasPrefix(t, "./") || strings.HasPrefix(t, "/") {
			continue // a path, not a name
		}
		if f := a.byEnd(dir, t); f != "" {
			return f, true, true
		}
	}
	return "", false, inside
}

// byEnd returns the file whose path ends in name (a base name, or
// "folder/name"), in dir if there is one, else the one with the shortest
// path, else the first by path.
func (a *assets) byEnd(dir, name string) string {
	name = strings.ToLower(path.Clean(name))
	var c []string
	for _, f := range a.byName[path.Base(name)] {
		l := strings.ToLower(f)
		if l == name || strings.HasSuffix(l, "/"+name) {
			c = append(c, f)
		}
	}
	if len(c) == 0 {
		return ""
	}
	rank := func(f string) int {
		if path.Dir(f) == dir {
			return 0
		}
		return 1
	}
	return slices.MinFunc(c, func(x, y string) int {
		return cmp.Or(cmp.Compare(rank(x), rank(y)), cmp.Compare(strings.Count(x, "/"), strings.Count(y, "/")),
			cmp.Compare(len(x), len(y)), cmp.Compare(x, y))
	})
}
