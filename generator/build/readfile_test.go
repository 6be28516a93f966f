package build

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
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
// however the file system splits reads.
func TestReadFile(t *testing.T) {
	text := strings.Repeat("A note of some length.\n", 20)
	mem := fstest.MapFS{"a.md": {Data: []byte(text)}}
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
		got, err := readFile(tt.fsys, "a.md", tt.size)
		if err != nil || string(got) != text {
			t.Errorf("%s: read %d bytes (%v), want %d", tt.name, len(got), err, n)
		}
	}
	if _, err := readFile(mem, "missing.md", 10); err == nil {
		t.Error("a missing file read without error")
	}
}
