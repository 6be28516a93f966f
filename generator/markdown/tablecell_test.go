package markdown

import (
	"bytes"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestTableCells: tables come out as goldmark's own table renderer writes
// them (every alignment, header and body cells, an empty cell), though
// Lodestone writes the cells itself.
func TestTableCells(t *testing.T) {
	src := []byte("| left | centre | right | none |\n|:--|:-:|--:|---|\n| a | *b* | c | d |\n| e | | f | g |\n\n| x |\n|---|\n| y |\n")
	var want bytes.Buffer
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert(src, &want); err != nil {
		t.Fatal(err)
	}
	md := New(Options{})
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(NewContext()))
	var got bytes.Buffer
	if err := md.Renderer().Render(&got, src, doc); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("got\n%s\nwant (goldmark)\n%s", got.String(), want.String())
	}
	if !bytes.Contains(got.Bytes(), []byte(`<th style="text-align:center">centre</th>`)) {
		t.Errorf("no aligned header cell in\n%s", got.String())
	}
}

// TestTableCellsAllocate: writing an aligned cell allocates nothing
// (goldmark's renderer makes a style attribute for each).
func TestTableCellsAllocate(t *testing.T) {
	var src bytes.Buffer
	src.WriteString("| a | b |\n|--:|:-:|\n")
	const rows = 200
	for range rows {
		src.WriteString("| 1 | 2 |\n")
	}
	md := New(Options{})
	doc := md.Parser().Parse(text.NewReader(src.Bytes()), parser.WithContext(NewContext()))
	var out bytes.Buffer
	allocs := testing.AllocsPerRun(5, func() {
		out.Reset()
		if err := md.Renderer().Render(&out, src.Bytes(), doc); err != nil {
			t.Fatal(err)
		}
	})
	if allocs >= rows {
		t.Errorf("rendering %d aligned cells allocates %.0f times", 2*rows, allocs)
	}
}
