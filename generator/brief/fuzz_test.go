package brief

import (
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// FuzzParse feeds arbitrary files to the front-matter splitter and the
// Markdown parser: they must never panic, every diagnostic and link must
// point inside the file (a line that exists, a column at most one past its
// end), and every front-matter diagnostic must name a line and a column.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: T\ndate: 2025-13-01\n---\nBody [[x#y|z]] ![[d.csv]] [@a; @b]\n",
		"+++\ntitle = \"T\"\n+++\n", "{\n\"title\": \"T\"\n}\n\nBody", "---\nunclosed",
		"\ufeff---\r\ntags: a, b\r\n---\r\n# H\r\n", "```dataview\nLIST\n```\n", "| a |\n|---|\n| [[a\\|b]] |\n",
		strings.Repeat(">", 200) + " deep", strings.Repeat("[", 300), "---\nevents:\n  - {date: ~1965..2012-Q3, title: x}\n---\n",
	} {
		f.Add([]byte(seed))
	}
	for _, m := range matterMistakes {
		f.Add([]byte(m.src))
	}
	md := markdown.New(markdown.Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, diags := Parse("content/f.md", "f.md", data, md)
		// Positions count in the file as Parse reads it: without a BOM,
		// as valid UTF-8, in lines ended by "\n".
		text := strings.ToValidUTF8(strings.TrimPrefix(string(data), "\ufeff"), "\uFFFD")
		lines := strings.Split(text, "\n")
		inside := func(p diag.Pos) bool {
			if p.Line == 0 {
				return p.Col == 0
			}
			return p.Line >= 1 && p.Line <= len(lines) && p.Col >= 0 && p.Col <= utf8.RuneCountInString(lines[p.Line-1])+1
		}
		for _, d := range diags {
			if d.Pos.File != "content/f.md" || !inside(d.Pos) {
				t.Fatalf("diagnostic outside the file: %v (%d lines)", d, len(lines))
			}
			if strings.HasPrefix(d.Msg, "front matter") && (d.Pos.Line == 0 || d.Pos.Col == 0) {
				t.Fatalf("front-matter diagnostic without a line and column: %v", d)
			}
		}
		for _, l := range b.Links {
			if l.Pos.Line < 1 || !inside(l.Pos) {
				t.Fatalf("link outside the file: %+v", l)
			}
		}
		if err := b.Body.Fill(io.Discard, func(markdown.Hole) (string, bool) { return "", false }); err != nil {
			t.Fatal(err)
		}
	})
}
