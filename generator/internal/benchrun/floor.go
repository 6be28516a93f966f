package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/adrg/frontmatter"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// floor is the least a static-site generator must do with a folder of
// notes: read each, split off and decode its front matter, render the body
// with goldmark (GFM and footnotes) and write one page per note, on all
// cores. No links, lists, search or templates: the speed to compare against.
func floor(src, out string) error {
	var files []string
	err := filepath.WalkDir(filepath.Join(src, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	work := make(chan string)
	errs := make(chan error, 1)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf bytes.Buffer
			for p := range work {
				if err := floorOne(md, &buf, src, out, p); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		}()
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func floorOne(md goldmark.Markdown, buf *bytes.Buffer, src, out, p string) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var meta map[string]any
	body, err := frontmatter.Parse(bytes.NewReader(data), &meta)
	if err != nil {
		return err
	}
	buf.Reset()
	buf.WriteString("<!doctype html><html><body>")
	if err := md.Convert(body, buf); err != nil {
		return err
	}
	buf.WriteString("</body></html>")
	rel, _ := filepath.Rel(filepath.Join(src, "content"), strings.TrimSuffix(p, ".md"))
	dir := filepath.Join(out, strings.ToLower(strings.ReplaceAll(rel, " ", "-")))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}
