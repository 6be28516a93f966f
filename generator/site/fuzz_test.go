package site

import (
	"path"
	"strings"
	"testing"
)

// FuzzJoinInside: a link that resolves must stay inside the content folder.
func FuzzJoinInside(f *testing.F) {
	for _, s := range []string{"a.md", "../a.md", "../../etc/passwd", "/etc/passwd", "x/../../y", "./a/./b/../c.md", "..", "a/..", "%2e%2e/x"} {
		f.Add("mines", s)
	}
	f.Fuzz(func(t *testing.T, dir, target string) {
		dir = path.Clean("/" + dir)[1:] // a folder inside content/, as Rel gives
		j, ok := joinInside(dir, target)
		if ok && (j == ".." || strings.HasPrefix(j, "../") || strings.HasPrefix(j, "/")) {
			t.Fatalf("joinInside(%q, %q) = %q: outside", dir, target, j)
		}
	})
}

// FuzzRel: a relative link from a page never climbs above the site root.
func FuzzRel(f *testing.F) {
	f.Add("mines/mountain-pass/", "countries/china/#x")
	f.Add("", "a/b/")
	f.Fuzz(func(t *testing.T, from, to string) {
		if strings.Contains(from, "..") || strings.Contains(to, "..") || strings.HasPrefix(to, "/") || strings.HasPrefix(from, "/") {
			return
		}
		from = strings.TrimSuffix(path.Clean("/" + from)[1:], "/")
		if from != "" {
			from += "/"
		}
		r := Rel(from, to)
		p, _, _ := strings.Cut(r, "#")
		if p == "" {
			return
		}
		if got := path.Clean(path.Join("/root", from, p)); !strings.HasPrefix(got+"/", "/root/") {
			t.Fatalf("Rel(%q, %q) = %q climbs out: %s", from, to, r, got)
		}
	})
}
