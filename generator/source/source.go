// Package source knows the fixed layout of a Lodestone site folder and reads
// it through an fs.FS:
//
//	content/        briefs (*.md) and the files they reference
//	templates/      html/template layouts (override the built-in theme file by file)
//	static/         CSS, JS and images copied to the output root (same)
//	lodestone.yaml  site configuration
//
// Hidden files and folders (".git", ".obsidian", editor swap files) are
// skipped everywhere.
package source

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// Folders and files with a fixed meaning in a site folder.
const (
	ContentDir   = "content"
	TemplatesDir = "templates"
	StaticDir    = "static"
	DataDir      = "data"
	ConfigFile   = "lodestone.yaml"
)

// Files is what a walk of content/ found, by path below content/.
type Files struct {
	Briefs []File   // *.md files
	Other  []string // everything else (images, PDFs, data)
	// Links are symbolic links, which are not followed: a link could lead
	// out of the site folder, or in a loop.
	Links []string
}

// File is a brief found by Walk, with what a cache needs to tell whether it
// changed.
type File struct {
	Rel     string // path below content/
	Size    int64
	ModTime time.Time
}

// Ignored reports whether rel (a path below content/) matches one of the
// ignore patterns: shell patterns (path.Match) against the path or the
// name, and "folder/**" for everything below a folder.
func Ignored(rel string, patterns []string) bool {
	for _, p := range patterns {
		if dir, ok := strings.CutSuffix(p, "/**"); ok {
			if rel == dir || strings.HasPrefix(rel, dir+"/") {
				return true
			}
			continue
		}
		if suffix, ok := starSuffix(p); ok {
			// "*.excalidraw.md", which every build checks every file
			// against: path.Match's search, without its backtracking.
			if matchStarSuffix(suffix, rel) || matchStarSuffix(suffix, path.Base(rel)) {
				return true
			}
			continue
		}
		if ok, _ := path.Match(p, rel); ok {
			return true
		}
		if ok, _ := path.Match(p, path.Base(rel)); ok {
			return true
		}
	}
	return false
}

// starSuffix reports whether pattern is "*" and then text without a
// pattern's special characters or a slash, and returns the text.
func starSuffix(pattern string) (string, bool) {
	rest, ok := strings.CutPrefix(pattern, "*")
	return rest, ok && !strings.ContainsAny(rest, `*?[\/`)
}

// matchStarSuffix is path.Match("*"+suffix, name) for a suffix that
// starSuffix accepts: "*" matches any run of characters but '/'.
func matchStarSuffix(suffix, name string) bool {
	head, ok := strings.CutSuffix(name, suffix)
	return ok && !strings.Contains(head, "/")
}

// VaultIgnores returns what a build leaves out of content/ when it is an
// Obsidian vault, as the vault's owner would: the templates folder named in
// .obsidian/templates.json and the Templater plugin's settings, and
// Excalidraw drawings (*.excalidraw.md, which are not notes).
func VaultIgnores(fsys fs.FS) []string {
	out := []string{"*.excalidraw.md"}
	read := func(file, key string) {
		b, err := fs.ReadFile(fsys, ContentDir+"/.obsidian/"+file)
		if err != nil {
			return
		}
		var settings map[string]any
		if json.Unmarshal(b, &settings) != nil {
			return
		}
		if dir, ok := settings[key].(string); ok {
			if dir = strings.Trim(path.Clean("/"+dir), "/"); dir != "" {
				out = append(out, dir+"/**")
			}
		}
	}
	read(strings.TrimPrefix(VaultSettings[1], ".obsidian/"), "folder")
	read(strings.TrimPrefix(VaultSettings[2], ".obsidian/"), "templates_folder")
	return out
}

// VaultSettings are the files of an Obsidian vault's settings that say
// what is a note and where attachments are, below content/.
var VaultSettings = []string{".obsidian/app.json", ".obsidian/templates.json", ".obsidian/plugins/templater-obsidian/data.json"}

// VaultAttachments returns the attachment folder an Obsidian vault's
// settings (.obsidian/app.json, attachmentFolderPath) name: a folder below
// content/, "./" or "./sub" for one beside each note, or "" for none.
func VaultAttachments(fsys fs.FS) string {
	b, err := fs.ReadFile(fsys, ContentDir+"/"+VaultSettings[0])
	if err != nil {
		return ""
	}
	var settings struct {
		Folder string `json:"attachmentFolderPath"`
	}
	if json.Unmarshal(b, &settings) != nil {
		return ""
	}
	return settings.Folder
}

// Walk lists the files below content/ in fsys, sorted, leaving out those
// that match ignore (see Ignored). With stat, each brief's size and
// modification time are read too (one lstat per file).
func Walk(fsys fs.FS, stat bool, ignore ...string) (Files, error) {
	var f Files
	err := fs.WalkDir(fsys, ContentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != ContentDir && (Hidden(d.Name()) || Ignored(strings.TrimPrefix(p, ContentDir+"/"), ignore)) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			f.Links = append(f.Links, strings.TrimPrefix(p, ContentDir+"/"))
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel := strings.TrimPrefix(p, ContentDir+"/")
		if strings.EqualFold(path.Ext(rel), ".md") {
			file := File{Rel: rel}
			if stat {
				if fi, err := d.Info(); err == nil {
					file.Size, file.ModTime = fi.Size(), fi.ModTime()
				}
			}
			f.Briefs = append(f.Briefs, file)
		} else {
			f.Other = append(f.Other, rel)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return f, errors.New("no content/ folder: a site folder needs content/ with Markdown briefs")
	}
	slices.SortFunc(f.Briefs, func(a, b File) int { return strings.Compare(a.Rel, b.Rel) })
	slices.Sort(f.Other)
	return f, err
}

// Hidden reports whether a file or folder name is hidden or an editor's
// temporary file.
func Hidden(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") ||
		strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") ||
		strings.HasSuffix(name, "___jb_tmp___") || strings.HasSuffix(name, "___jb_old___")
}

// Overlay is a file system that reads from Top where a file exists there and
// from Base otherwise; directory listings are merged. It lets a site's own
// templates/ and static/ files override the built-in theme file by file.
type Overlay struct {
	Top, Base fs.FS
}

// Open implements fs.FS.
func (o Overlay) Open(name string) (fs.File, error) {
	f, err := o.Top.Open(name)
	if err == nil {
		if fi, serr := f.Stat(); serr == nil && !fi.IsDir() {
			return f, nil
		}
		f.Close()
	}
	b, berr := o.Base.Open(name)
	if berr != nil && err == nil {
		return o.Top.Open(name) // a folder only the site has
	}
	return b, berr
}

// ReadDir implements fs.ReadDirFS.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	top, terr := fs.ReadDir(o.Top, name)
	base, berr := fs.ReadDir(o.Base, name)
	if terr != nil && berr != nil {
		return nil, berr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range append(top, base...) {
		if !seen[e.Name()] {
			seen[e.Name()] = true
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}
