package build

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/source"
)

// shortReads is a file system whose files return at most 7 bytes a read,
// as some network and FUSE file systems return less than asked.
type shortReads struct{ fs.FS }

type shortFile struct{ fs.File }

func (s shortReads) Open(name string) (fs.File, error) {
	f, err := s.FS.Open(name)
	return shortFile{f}, err
}

func (f shortFile) Read(p []byte) (int, error) { return f.File.Read(p[:min(len(p), 7)]) }

// TestReadFile: a brief is read whole whatever its listed size says and
// however the file system splits reads; one listed without a size and
// time gets them from the open file.
func TestReadFile(t *testing.T) {
	text := strings.Repeat("A note of some length.\n", 20)
	modified, listed := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	mem := fstest.MapFS{"a.md": {Data: []byte(text), ModTime: modified}}
	n := int64(len(text))
	for _, tt := range []struct {
		name string
		fsys fs.FS
		size int64
	}{
		{"listed size", mem, n},
		{"unknown size", mem, 0},
		{"grew since listed", mem, n - 10},
		{"shrank since listed", mem, n + 10},
		{"short reads", shortReads{mem}, n},
		{"short reads, grew", shortReads{mem}, n - 10},
		{"short reads, shrank", shortReads{mem}, n + 10},
	} {
		f := source.File{Rel: "a.md", Size: tt.size, ModTime: listed}
		if tt.size == 0 {
			f.ModTime = time.Time{}
		}
		got, err := readFile(tt.fsys, &f)
		if err != nil || string(got) != text {
			t.Errorf("%s: read %d bytes (%v), want %d", tt.name, len(got), err, n)
		}
		if tt.size == 0 && (f.Size != n || !f.ModTime.Equal(modified)) {
			t.Errorf("%s: size %d and time %v set, want %d and %v", tt.name, f.Size, f.ModTime, n, modified)
		}
	}
	if _, err := readFile(mem, &source.File{Rel: "missing.md", Size: 10, ModTime: listed}); err == nil {
		t.Error("a missing file read without error")
	}
}
