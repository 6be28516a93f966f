package brief

import (
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// FuzzParse feeds arbitrary files to the front-matter splitter and the
// Markdown parser: they must never panic, and every diagnostic and link
// must point inside the file.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"---\ntitle: T\ndate: 2025-13-01\n---\nBody [[x#y|z]] ![[d.csv]] [@a; @b]\n",
		"+++\ntitle = \"T\"\n+++\n", "{\n\"title\": \"T\"\n}\n\nBody", "---\nunclosed",
		"\ufeff---\r\ntags: a, b\r\n---\r\n# H\r\n", "```dataview\nLIST\n```\n", "| a |\n|---|\n| [[a\\|b]] |\n",
		strings.Repeat(">", 200) + " deep", strings.Repeat("[", 300), "---\nevents:\n  - {date: ~1965..2012-Q3, title: x}\n---\n",
	} {
		f.Add([]byte(seed))
	}
	md := markdown.New(markdown.Options{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b, diags := Parse("content/f.md", "f.md", data, md)
		lines := strings.Count(string(data), "\n") + 1
		for _, d := range diags {
			if d.Pos.File != "content/f.md" || d.Pos.Line < 0 || d.Pos.Line > lines+1 {
				t.Fatalf("diagnostic outside the file: %v (%d lines)", d, lines)
			}
		}
		for _, l := range b.Links {
			if l.Pos.Line < 1 || l.Pos.Line > lines+1 {
				t.Fatalf("link outside the file: %+v", l)
			}
		}
		_ = b.Tree(md, Resolved{})
		_ = b.Text(md)
	})
}
