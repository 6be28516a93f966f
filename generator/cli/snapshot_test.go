package cli

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// treeDigest describes every file and folder under dir with its mode, size,
// modification time and content hash, one per line.
func treeDigest(dir string) (string, error) {
	var lines []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		line := fmt.Sprintf("%s %v %d %d", rel, fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %x", sha256.Sum256(b))
		}
		lines = append(lines, line)
		return nil
	})
	sort.Strings(lines)
	return strings.Join(lines, "\n"), err
}

// cmdSnapshot records the state of a folder: snapshot DIR.
func cmdSnapshot(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 || neg {
		ts.Fatalf("usage: snapshot DIR")
	}
	d, err := treeDigest(ts.MkAbs(args[0]))
	ts.Check(err)
	ts.Setenv("SNAPSHOT_"+args[0], d)
}

// cmdUnchanged checks a folder is byte-for-byte (and mtime-for-mtime) as it
// was at its snapshot: unchanged DIR.
func cmdUnchanged(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: unchanged DIR")
	}
	d, err := treeDigest(ts.MkAbs(args[0]))
	ts.Check(err)
	same := d == ts.Getenv("SNAPSHOT_"+args[0])
	if same == neg {
		ts.Fatalf("%s changed=%v since its snapshot:\nnow:\n%s\nthen:\n%s", args[0], !same, d, ts.Getenv("SNAPSHOT_"+args[0]))
	}
}
