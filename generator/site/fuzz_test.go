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

// FuzzRelSame: Rel, and AppendRel after what dst holds, give what the
// plain version with split paths gives, for any two strings.
func FuzzRelSame(f *testing.F) {
	for _, c := range [][2]string{{"mines/mountain-pass/", "countries/china/#x"}, {"", "a/b/"}, {"a/", "a/"}, {"a/b/", "a/index.html"},
		{"/", "/"}, {"a//b/", "a//c/"}, {"a/b/", ""}, {"", "#top"}, {"a/", "a/#top"}, {"x", "y"}, {"a/b/c/", "a/x/y/z.html"}} {
		f.Add(c[0], c[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		want := relSplit(from, to)
		if got := Rel(from, to); got != want {
			t.Fatalf("Rel(%q, %q) = %q, want %q", from, to, got, want)
		}
		if got := string(AppendRel([]byte("x"), from, to)); got != "x"+want {
			t.Fatalf("AppendRel(\"x\", %q, %q) = %q, want %q", from, to, got, "x"+want)
		}
	})
}

// relSplit is Rel as it was written first, with the paths split into
// slices: the reference for FuzzRelSame.
func relSplit(from, to string) string {
	frag := ""
	if i := strings.IndexByte(to, '#'); i >= 0 {
		to, frag = to[:i], to[i:]
	}
	fromSegs := strings.Split(strings.TrimSuffix(from, "/"), "/")
	if from == "" {
		fromSegs = nil
	}
	toDir, toFile := path.Split(to)
	toSegs := strings.Split(strings.TrimSuffix(toDir, "/"), "/")
	if toDir == "" {
		toSegs = nil
	}
	i := 0
	for i < len(fromSegs) && i < len(toSegs) && fromSegs[i] == toSegs[i] {
		i++
	}
	var b strings.Builder
	for range fromSegs[i:] {
		b.WriteString("../")
	}
	for _, seg := range toSegs[i:] {
		b.WriteString(seg)
		b.WriteByte('/')
	}
	b.WriteString(toFile)
	if b.Len() == 0 {
		if frag != "" {
			return frag
		}
		return "./"
	}
	return b.String() + frag
}
