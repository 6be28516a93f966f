package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDirCommitReplacesWholeFolder(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	write(t, filepath.Join(out, "stale.html"), "old")
	write(t, filepath.Join(root, "keep.txt"), "mine")

	d, err := NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("a/index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	// Before Commit the old site is intact.
	if got := read(t, filepath.Join(out, "stale.html")); got != "old" {
		t.Fatalf("stale.html = %q before commit", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(t, filepath.Join(out, "a/index.html")); got != "new" {
		t.Errorf("a/index.html = %q", got)
	}
	if _, err := os.Stat(filepath.Join(out, "stale.html")); !os.IsNotExist(err) {
		t.Errorf("stale file survived: %v", err)
	}
	if got := read(t, filepath.Join(root, "keep.txt")); got != "mine" {
		t.Errorf("file next to the output changed: %q", got)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 2 {
		t.Errorf("leftovers next to output: %v", entries)
	}
}

func TestDirAbortLeavesOutputAlone(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	write(t, filepath.Join(out, "index.html"), "old")
	d, err := NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	_ = d.WriteFile("index.html", []byte("new"))
	d.Abort()
	if got := read(t, filepath.Join(out, "index.html")); got != "old" {
		t.Errorf("index.html = %q after abort", got)
	}
	entries, _ := os.ReadDir(root)
	if len(entries) != 1 {
		t.Errorf("leftovers: %v", entries)
	}
}

func TestSinksRejectDuplicatesAndBadNames(t *testing.T) {
	d, err := NewDir(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	for _, s := range []Sink{NewMem(), d, Minify(NewMem())} {
		if err := s.WriteFile("a/index.html", nil); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteFile("A/index.html", nil); err == nil || !strings.Contains(err.Error(), "written twice") {
			t.Errorf("%T: case-only duplicate: %v", s, err)
		}
		for _, bad := range []string{"../x", "/etc/passwd", "a/../../x", `a\..\x`, ""} {
			if err := s.WriteFile(bad, nil); err == nil {
				t.Errorf("%T: %q accepted", s, bad)
			}
		}
	}
}

func TestMinify(t *testing.T) {
	m := NewMem()
	s := Minify(m)
	files := map[string]string{
		"a.html":  "<!DOCTYPE html>\n<html>\n<head>\n<title> x </title>\n</head>\n<body>\n  <p class=\"a\">Hi   there</p>\n</body>\n</html>\n",
		"a.css":   "body {\n  color : red ;\n}\n",
		"a.js":    "function f ( a ) {\n  return a + 1 ;\n}\n",
		"a.svg":   "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"10\" />\n</svg>\n",
		"a.xml":   "<a>\n  <b>x</b>\n</a>\n",
		"a.txt":   "keep   me\n",
		"pic.png": "\x89PNG  raw",
	}
	for n, c := range files {
		if err := s.WriteFile(n, []byte(c)); err != nil {
			t.Fatal(n, err)
		}
	}
	want := map[string]string{
		"a.html":  `<!doctype html><html><head><title>x</title></head><body><p class="a">Hi there</p></body></html>`,
		"a.css":   "body{color:red}",
		"a.js":    "function f(e){return e+1}",
		"a.svg":   `<svg xmlns="http://www.w3.org/2000/svg"><rect width="10"/></svg>`,
		"a.xml":   "<a><b>x</b></a>",
		"a.txt":   "keep   me\n",
		"pic.png": "\x89PNG  raw",
	}
	for n, w := range want {
		got, _ := m.File(n)
		if string(got) != w {
			t.Errorf("%s = %q, want %q", n, got, w)
		}
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
