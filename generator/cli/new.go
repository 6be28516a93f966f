package cli

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/slug"
	"github.com/lodestone-ssg/lodestone/generator/source"
	"gopkg.in/yaml.v3"
)

const newUsage = `Usage: lodestone new [--src DIR] [--section FOLDER] TYPE "Title"

Writes a new brief of the type TYPE, with the fields lodestone.yaml declares
for it left empty to fill in (each with a comment saying what it takes).
The brief goes into the folder below content/ that holds most briefs of
that type (else content/TYPE/), named after the title. An existing file is
never overwritten.

Flags:
`

func runNew(_ context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("new", newUsage, stdout, stderr)
	src := fl.String("src", ".", "site folder (must contain content/)")
	section := fl.String("section", "", "the folder below content/ for the brief (default: where briefs of the type are)")
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() != 2 {
		return usageError(stderr, "new", `expected a type and a title, e.g. lodestone new report "Annual review 2025"`)
	}
	typ, title := strings.TrimSpace(fl.Arg(0)), strings.TrimSpace(fl.Arg(1))
	name := slug.Make(title)
	if typ == "" || name == "" {
		return usageError(stderr, "new", "the type and the title need letters or digits")
	}
	if err := checkSite(*src); err != nil {
		return usageError(stderr, "new", "%v", err)
	}
	srcFS := os.DirFS(*src)
	cfg, diags := build.LoadConfig(srcFS)
	if diags.HasErrors() {
		printDiags(stderr, diags, true)
		fmt.Fprintln(stderr, "lodestone new: fix lodestone.yaml first")
		return 1
	}
	folders := typeFolders(srcFS, cfg.Ignore)
	_, declared := cfg.Types[typ]
	if !declared && len(folders[typ]) == 0 {
		known := knownTypes(cfg, folders)
		msg := fmt.Sprintf("no type %q: lodestone.yaml does not declare it and no brief has it", typ)
		if near := nearest(typ, known); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		} else if len(known) > 0 {
			msg += "; known types: " + strings.Join(known, ", ")
		}
		return usageError(stderr, "new", "%s (declare a type under types: in lodestone.yaml)", msg)
	}

	dir := *section
	if dir == "" {
		dir = mostCommon(folders[typ])
		if dir == "" && len(folders[typ]) == 0 {
			dir = slug.Make(typ)
		}
	}
	dir = path.Clean(filepath.ToSlash(dir))
	if dir == "." {
		dir = ""
	}
	if path.IsAbs(dir) || dir == ".." || strings.HasPrefix(dir, "../") {
		return usageError(stderr, "new", "--section %s: give a folder below content/", *section)
	}
	rel := path.Join(source.ContentDir, dir, name+".md")
	target := filepath.Join(*src, filepath.FromSlash(rel))

	text, required := newBrief(typ, title, time.Now(), typeFields(srcFS, typ))
	if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
		fmt.Fprintf(stderr, "lodestone new: %v\n", err)
		return 1
	}
	if err := writeNew(target, text); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return usageError(stderr, "new", "%s exists; it was left as it is (give another title)", target)
		}
		fmt.Fprintf(stderr, "lodestone new: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, target)
	if len(required) > 0 {
		fmt.Fprintf(stderr, "lodestone new: fill in %s (required for type %s)\n", strings.Join(required, ", "), typ)
	}
	return 0
}

// field is one declared field of a type, in the order lodestone.yaml
// gives it.
type field struct {
	Name string
	site.FieldDecl
}

// typeFields lists the fields lodestone.yaml declares for typ, in the
// order they are written there (the config was checked already).
func typeFields(fsys fs.FS, typ string) []field {
	b, err := fs.ReadFile(fsys, source.ConfigFile)
	if err != nil {
		return nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(b, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	get := func(m *yaml.Node, key string) *yaml.Node {
		if m == nil || m.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i+1]
			}
		}
		return nil
	}
	fields := get(get(get(doc.Content[0], "types"), typ), "fields")
	if fields == nil || fields.Kind != yaml.MappingNode {
		return nil
	}
	var out []field
	for i := 0; i+1 < len(fields.Content); i += 2 {
		f := field{Name: fields.Content[i].Value}
		if fields.Content[i+1].Decode(&f.FieldDecl) == nil {
			out = append(out, f)
		}
	}
	return out
}

// newBrief is the text of a new brief: front matter with the title, the
// type, today's date and every declared field, empty, with a comment on
// what it takes. It also returns the names of the required fields.
func newBrief(typ, title string, now time.Time, fields []field) ([]byte, []string) {
	var b bytes.Buffer
	quoted := func(s string) string {
		out, _ := yaml.Marshal(s)
		return strings.TrimSuffix(string(out), "\n")
	}
	width := len("summary")
	for _, f := range fields {
		width = max(width, len(f.Name))
	}
	line := func(key, value, comment string) {
		s := key + ":"
		if value != "" {
			s += " " + value
		}
		if comment != "" {
			s = fmt.Sprintf("%-*s # %s", width+2, s, comment)
		}
		b.WriteString(s + "\n")
	}
	b.WriteString("---\n")
	line("title", quoted(title), "")
	line("type", quoted(typ), "")
	line("summary", "", "one sentence for lists and search; default: the start of the text")
	line("date", now.Format("2006-01-02"), "")
	line("tags", "[]", "")
	var required []string
	for _, f := range fields {
		var c []string
		if f.Required {
			c = append(c, "required")
			required = append(required, f.Name)
		}
		c = append(c, kindHint(f.FieldDecl))
		line(f.Name, "", strings.Join(c, ", "))
	}
	b.WriteString("---\n\n")
	b.WriteString("%% Write the brief below this comment, which is not published. Link to other\n")
	b.WriteString("briefs with [[Their title]]; cite a source listed in sources: with [@its-id]. %%\n\n")
	return b.Bytes(), required
}

// kindHint says in a few words what a field of declaration f takes.
func kindHint(f site.FieldDecl) string {
	var s string
	switch f.Kind {
	case "string":
		s = "text"
	case "number":
		s = "a number"
	case "int":
		s = "a whole number"
	case "date":
		s = "a date: YYYY, YYYY-MM or YYYY-MM-DD"
	case "bool":
		s = "true or false"
	case "list":
		s = "a list: [a, b]"
	case "link":
		s = "the title of another brief"
	case "enum":
		s = "one of: " + strings.Join(f.Values, ", ")
	default:
		s = f.Kind
	}
	if f.Unit != "" {
		s += " (" + f.Unit + ")"
	}
	if f.Label != "" && f.Kind == "link" {
		s += " (" + f.Label + ")"
	}
	return s
}

// typeFolders maps each type that briefs give in their front matter
// (type: …, read from YAML front matter only) to the folders below
// content/ of those briefs, one entry per brief.
func typeFolders(fsys fs.FS, ignore []string) map[string][]string {
	out := map[string][]string{}
	files, err := source.Walk(fsys, false, append(source.VaultIgnores(fsys), ignore...)...)
	if err != nil {
		return out
	}
	for _, f := range files.Briefs {
		fh, err := fsys.Open(source.ContentDir + "/" + f.Rel)
		if err != nil {
			continue
		}
		if t := frontMatterType(fh); t != "" {
			dir := path.Dir(f.Rel)
			if dir == "." {
				dir = ""
			}
			out[t] = append(out[t], dir)
		}
		fh.Close()
	}
	return out
}

// frontMatterType reads the type: line of a YAML front matter, without
// parsing the rest of the file.
func frontMatterType(r io.Reader) string {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		line := sc.Text()
		if i == 0 {
			if strings.TrimSpace(strings.TrimPrefix(line, "\ufeff")) != "---" {
				return ""
			}
			continue
		}
		if strings.TrimSpace(line) == "---" {
			return ""
		}
		if v, ok := strings.CutPrefix(line, "type:"); ok {
			var s string
			if yaml.Unmarshal([]byte(v), &s) != nil {
				return ""
			}
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// mostCommon is the folder that occurs most often in dirs; ties go to the
// shorter, then the first in order.
func mostCommon(dirs []string) string {
	n := map[string]int{}
	for _, d := range dirs {
		n[d]++
	}
	best, bestN := "", 0
	keys := make([]string, 0, len(n))
	for d := range n {
		keys = append(keys, d)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(len(a), len(b)), strings.Compare(a, b)) })
	for _, d := range keys {
		if n[d] > bestN {
			best, bestN = d, n[d]
		}
	}
	return best
}

// knownTypes lists the declared types and the types briefs give, sorted.
func knownTypes(cfg site.Config, folders map[string][]string) []string {
	var out []string
	for t := range cfg.Types {
		out = append(out, t)
	}
	for t := range folders {
		if _, ok := cfg.Types[t]; !ok {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}

// nearest returns the name in names closest to s when it is a likely
// misspelling (site.NearMiss), else "".
func nearest(s string, names []string) string {
	for _, n := range names {
		if site.NearMiss(s, n) {
			return n
		}
	}
	return ""
}
