package output

import (
	"archive/zip"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Zip collects a build in memory and writes it, on Commit, as a zip archive
// whose entries sit in one folder (so unzipping gives a single folder), in
// sorted order, all dated Modified. The archive appears under its name only
// when complete.
type Zip struct {
	*Mem
	target   string
	folder   string
	Modified time.Time
}

// NewZip prepares the archive target of the files in m, with entries
// below folder/.
func NewZip(m *Mem, target, folder string) *Zip {
	return &Zip{Mem: m, target: target, folder: folder, Modified: time.Now()}
}

// Commit writes the archive.
func (z *Zip) Commit() error {
	return WriteFileAtomic(z.target, func(f *os.File) error {
		w := zip.NewWriter(f)
		for _, name := range z.Names() {
			data, _ := z.File(name)
			hdr := &zip.FileHeader{Name: z.folder + "/" + name, Method: zip.Deflate, Modified: z.Modified}
			hdr.SetMode(0o644)
			fw, err := w.CreateHeader(hdr)
			if err != nil {
				return err
			}
			if _, err := fw.Write(data); err != nil {
				return err
			}
		}
		return w.Close()
	})
}

// WriteFileAtomic creates target through write: it writes a temporary file
// next to target and renames it over target only if write succeeded, so a
// failure never leaves a half-written file.
func WriteFileAtomic(target string, write func(*os.File) error) error {
	dir := filepath.Dir(target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(target)+".tmp-")
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), target)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("output: write %s: %w", target, err)
	}
	return nil
}
