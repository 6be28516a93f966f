package output

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func newDir(t *testing.T, out string, opts DirOptions) *Dir {
	t.Helper()
	d, err := NewDir(context.Background(), out, opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDirCommitReplacesWholeFolder(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	write(t, filepath.Join(out, Marker), "")
	write(t, filepath.Join(out, "stale.html"), "old")
	for _, page := range []string{"a/index.html", "b/c/index.html", "b/c/d/index.html", "e/f.png"} {
		write(t, filepath.Join(out, page), "old") // the previous build's folders go too
	}
	write(t, filepath.Join(root, "keep.txt"), "mine")

	d := newDir(t, out, DirOptions{})
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
	if _, err := os.Stat(filepath.Join(out, Marker)); err != nil {
		t.Errorf("no marker in the build: %v", err)
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
	d := newDir(t, out, DirOptions{Force: true})
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

// TestDirRefusesWhatItDidNotBuild: a non-empty folder without the marker
// (or an old Lodestone home page) is not replaced unless forced.
func TestDirRefusesWhatItDidNotBuild(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		force bool
		ok    bool
	}{
		{"missing", nil, false, true},
		{"empty", map[string]string{}, false, true},
		{"marker", map[string]string{Marker: "", "x.csv": "1"}, false, true},
		{"old lodestone output", map[string]string{"index.html": `<meta name=generator content="Lodestone devel">`}, false, true},
		{"someone's files", map[string]string{"data.csv": "1,2"}, false, false},
		{"someone's site", map[string]string{"index.html": `<meta name="generator" content="Hugo">`}, false, false},
		{"someone's files, forced", map[string]string{"data.csv": "1,2"}, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if tt.files != nil {
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			for n, c := range tt.files {
				write(t, filepath.Join(out, n), c)
			}
			d, err := NewDir(context.Background(), out, DirOptions{Force: tt.force})
			var notOurs *NotOursError
			switch {
			case tt.ok && err != nil:
				t.Fatal(err)
			case !tt.ok && !errors.As(err, &notOurs):
				t.Fatalf("err = %v, want a NotOursError", err)
			case !tt.ok:
				for n, c := range tt.files {
					if got := read(t, filepath.Join(out, n)); got != c {
						t.Errorf("%s changed", n)
					}
				}
				if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
					t.Errorf("refused build left %v", entries)
				}
			default:
				d.Abort()
			}
		})
	}
}

// TestDirRemovesDebris: temporary folders of killed builds go; a previous
// build left aside by a kill between the two renames of the fallback swap is
// put back when the target is missing, and removed when it is not.
func TestDirRemovesDebris(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	write(t, filepath.Join(root, ".public.tmp-123/a.html"), "half")
	write(t, filepath.Join(root, ".public.old-456/index.html"), "previous")
	write(t, filepath.Join(root, ".public.old-456", Marker), "")
	write(t, filepath.Join(root, ".other.tmp-1/keep"), "not ours")
	d := newDir(t, out, DirOptions{})
	if got := read(t, filepath.Join(out, "index.html")); got != "previous" {
		t.Errorf("previous build not restored: %q", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, ".public.old-789/index.html"), "older")
	newDir(t, out, DirOptions{}).Abort()
	var names []string
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != ".other.tmp-1 public" {
		t.Errorf("next to the output: %v", names)
	}
}

// TestDirLock: a second build into the same folder waits for the first.
func TestDirLock(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first := newDir(t, out, DirOptions{})
	waiting := make(chan struct{})
	got := make(chan *Dir)
	go func() {
		d, err := NewDir(context.Background(), out, DirOptions{Waiting: func() { close(waiting) }})
		if err != nil {
			t.Error(err)
		}
		got <- d
	}()
	<-waiting
	select {
	case <-got:
		t.Fatal("second build did not wait")
	default:
	}
	if err := first.WriteFile("index.html", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := first.Commit(); err != nil {
		t.Fatal(err)
	}
	second := <-got
	if err := second.WriteFile("index.html", []byte("2")); err != nil {
		t.Fatal(err)
	}
	if err := second.Commit(); err != nil {
		t.Fatal(err)
	}
	if s := read(t, filepath.Join(out, "index.html")); s != "2" {
		t.Errorf("index.html = %q", s)
	}

	// A build that gives up waiting says why.
	held := newDir(t, out, DirOptions{})
	defer held.Abort()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := NewDir(ctx, out, DirOptions{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}

// TestDirFirstFailureStops: after one failed write the others are skipped,
// and the error names the output file, not the temporary folder.
func TestDirFirstFailureStops(t *testing.T) {
	d := newDir(t, filepath.Join(t.TempDir(), "out"), DirOptions{})
	defer d.Abort()
	if err := d.WriteFile("a", []byte("file")); err != nil {
		t.Fatal(err)
	}
	err := d.WriteFile("a/b.html", nil) // a is a file: cannot make the folder
	if err == nil || strings.Contains(err.Error(), ".tmp-") || !strings.HasPrefix(err.Error(), "write a/b.html: ") {
		t.Fatalf("err = %v", err)
	}
	if err := d.WriteFile("c.html", nil); !errors.Is(err, ErrSkipped) {
		t.Errorf("write after failure: %v", err)
	}
}

func TestSinksRejectDuplicatesAndBadNames(t *testing.T) {
	d := newDir(t, filepath.Join(t.TempDir(), "out"), DirOptions{})
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
	page := "<!DOCTYPE html>\n<html>\n<head>\n<title> x </title>\n</head>\n<body>\n  <p class=\"a\">Hi   there</p>\n</body>\n</html>\n"
	// A style sheet in the page is minified; a style attribute is kept as
	// written (Lodestone writes them compact).
	styled := "<p><style>\n p { color : red ; }\n</style><td style=\"text-align: left ;\">x</td></p>"
	files := map[string]string{
		"a.html":  page,
		"b.html":  styled,
		"a.css":   "body {\n  color : red ;\n}\n",
		"a.js":    "function f ( a ) {\n  return a + 1 ;\n}\n",
		"a.svg":   "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"10\" />\n</svg>\n",
		"a.xml":   "<a>\n  <b>x</b>\n</a>\n",
		"a.txt":   "keep   me\n",
		"pic.png": "\x89PNG  raw",
		// Data scripts Lodestone writes compact pass through.
		"search-index.js": "var x = { a : 1 }",
	}
	minified := map[string]string{
		"a.css":           "body{color:red}",
		"a.js":            "function f(e){return e+1}",
		"a.svg":           `<svg xmlns="http://www.w3.org/2000/svg"><rect width="10"/></svg>`,
		"a.xml":           "<a><b>x</b></a>",
		"a.txt":           "keep   me\n",
		"pic.png":         "\x89PNG  raw",
		"search-index.js": "var x = { a : 1 }",
	}
	for _, tc := range []struct {
		name   string
		minify func(Sink) Sink
		pages  map[string]string
	}{
		// Pages pass through Minify as the layouts wrote them.
		{"Minify", Minify, map[string]string{"a.html": page, "b.html": styled}},
		{"MinifyAll", MinifyAll, map[string]string{
			"a.html": `<!doctype html><html><head><title>x</title></head><body><p class="a">Hi there</p></body></html>`,
			"b.html": `<p><style>p{color:red}</style><td style="text-align: left ;">x</td></p>`,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := NewMem()
			s := tc.minify(m)
			for n, c := range files {
				if err := s.WriteFile(n, []byte(c)); err != nil {
					t.Fatal(n, err)
				}
			}
			for _, want := range []map[string]string{minified, tc.pages} {
				for n, w := range want {
					got, _ := m.File(n)
					if string(got) != w {
						t.Errorf("%s = %q, want %q", n, got, w)
					}
				}
			}
		})
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

// TestWriteFile: writeFile makes or truncates the file, writes all of
// the data, and names the file and the step in its errors.
func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	for _, tc := range []struct {
		name      string
		before    []byte // the file's content before, if it exists
		data      []byte
		wantErrOp string
	}{
		{name: "new.html", data: []byte("<p>new</p>")},
		{name: "shorter.html", before: []byte("a longer text than the new one"), data: []byte("short")},
		{name: "empty.html", before: []byte("gone"), data: nil},
		{name: "big.js", data: big},
		{name: "folder", before: nil, data: []byte("x"), wantErrOp: "open"},
	} {
		p := filepath.Join(dir, tc.name)
		if tc.wantErrOp != "" {
			if err := os.Mkdir(p, 0o755); err != nil {
				t.Fatal(err)
			}
		} else if tc.before != nil {
			if err := os.WriteFile(p, tc.before, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		err := writeFile(p, tc.data)
		if tc.wantErrOp != "" {
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Op != tc.wantErrOp || pe.Path != p {
				t.Errorf("%s: err = %v, want a PathError of %q naming the file", tc.name, err, tc.wantErrOp)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, tc.data) {
			t.Errorf("%s: the file holds %d bytes, want the %d written", tc.name, len(got), len(tc.data))
		}
	}
}
