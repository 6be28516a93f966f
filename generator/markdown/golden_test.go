package markdown

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/parser"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected HTML of testdata/golden/*.txtar")

// TestGolden renders each testdata/golden/*.txtar case: its "in.md" is the
// Markdown, its "out.html" the HTML Lodestone's goldmark makes of it (with
// raw HTML allowed when the archive's comment says "raw_html"). Wikilinks
// stay unresolved. go test -run TestGolden -update rewrites out.html.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var in []byte
			out := -1
			for i, f := range ar.Files {
				switch f.Name {
				case "in.md":
					in = f.Data
				case "out.html":
					out = i
				}
			}
			md := New(Options{RawHTML: bytes.Contains(ar.Comment, []byte("raw_html")), Blocks: goldenBlocks})
			doc := md.Parse(in, parser.WithContext(NewContext())) // as a brief is parsed
			var got bytes.Buffer
			if err := md.Renderer().Render(&got, in, doc); err != nil {
				t.Fatal(err)
			}
			if *update {
				if out < 0 {
					ar.Files = append(ar.Files, txtar.File{Name: "out.html"})
					out = len(ar.Files) - 1
				}
				ar.Files[out].Data = got.Bytes()
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if out < 0 {
				t.Fatal("no out.html: run go test -run TestGolden -update")
			}
			if want := ar.Files[out].Data; !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s: got\n%s\nwant\n%s", file, got.Bytes(), want)
			}
		})
	}
}

// goldenBlocks are the build-time blocks' languages (blocks.Langs, which
// imports this package).
var goldenBlocks = []string{"dataview", "table", "chart", "timeline"}
