package markdown

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// imageSizeTransformer reads Obsidian's size in a Markdown image's alt
// text: ![alt|300](x.png) is 300 pixels wide, ![alt|300x200](x.png) is 300
// by 200; the size is taken out of the alt text.
type imageSizeTransformer struct{}

func (imageSizeTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	if !bytes.Contains(src, []byte("![")) {
		return // no image: most notes
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		t, ok := img.LastChild().(*ast.Text)
		if !ok {
			return ast.WalkSkipChildren, nil
		}
		v := t.Segment.Value(src)
		i := bytes.LastIndexByte(v, '|')
		if i < 0 {
			return ast.WalkSkipChildren, nil
		}
		w, h, _ := bytes.Cut(bytes.TrimSpace(v[i+1:]), []byte("x"))
		if !digits(w) || (h != nil && !digits(h)) {
			return ast.WalkSkipChildren, nil
		}
		img.SetAttributeString("width", w)
		if h != nil {
			img.SetAttributeString("height", h)
		}
		t.Segment = t.Segment.WithStop(t.Segment.Start + len(bytes.TrimRight(v[:i], " ")))
		return ast.WalkSkipChildren, nil
	})
}

// digits reports whether b is a number of 1 to 5 digits.
func digits(b []byte) bool {
	if len(b) == 0 || len(b) > 5 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
