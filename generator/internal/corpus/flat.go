package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// FlatName is the file stem of note i of a flat corpus.
func FlatName(i int) string { return fmt.Sprintf("Note %05d", i) }

// Flat returns a site shaped like a real vault: n notes in one folder, named
// like titles ("Note 00042.md", no front-matter title), each 500–800 words
// with a GFM table, five links to other notes, a footnote, 2–4 tags out of
// 50, 0–5 dated events and aliases. StyleMarkdown writes the same text with
// Markdown links to /note-00042/ for Hugo.
func Flat(n int, style Style) map[string][]byte {
	files := make(map[string][]byte, n)
	for i := range n {
		files["content/"+FlatName(i)+".md"] = flatNote(i, n, style)
	}
	return files
}

func flatNote(i, n int, style Style) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	var b strings.Builder
	sentence := func(k int) string { return sentence(r, k) }
	link := func(j int) string {
		if style == StyleWiki {
			if r.IntN(3) == 0 {
				return "[[" + FlatName(j) + "|" + words[r.IntN(len(words))] + "]]"
			}
			return "[[" + FlatName(j) + "]]"
		}
		return fmt.Sprintf("[%s](/note-%05d/)", FlatName(j), j)
	}

	year := 1950 + r.IntN(75)
	b.WriteString("---\n")
	if style == StyleMarkdown {
		fmt.Fprintf(&b, "title: %s\n", FlatName(i))
	}
	fmt.Fprintf(&b, "date: %d-%02d-%02d\n", year, 1+r.IntN(12), 1+r.IntN(28))
	b.WriteString("tags:\n")
	for range 2 + r.IntN(3) {
		fmt.Fprintf(&b, "  - topic-%d\n", r.IntN(50))
	}
	fmt.Fprintf(&b, "aliases: [N%d, \"note %d\"]\n", i, i)
	if k := r.IntN(6); k > 0 && style == StyleWiki {
		b.WriteString("events:\n")
		for e := range k {
			fmt.Fprintf(&b, "  - date: %d-%02d\n    title: %s\n", year+e, 1+r.IntN(12), sentence(4+r.IntN(4)))
		}
	}
	b.WriteString("---\n\n")

	words := 500 + r.IntN(301)
	written, links := 0, 0
	para := 0
	for written < words {
		for range 3 + r.IntN(4) {
			k := 8 + r.IntN(12)
			b.WriteString(sentence(k))
			b.WriteByte(' ')
			written += k
		}
		if links < 5 {
			fmt.Fprintf(&b, "See %s.", link(r.IntN(n)))
			links++
		}
		if para == 1 {
			b.WriteString(" As reported[^1].")
		}
		b.WriteString("\n\n")
		if para == 0 {
			b.WriteString("## Figures\n\n| Year | Reserves (t) | Production (t) | Share |\n|---|--:|--:|--:|\n")
			for y := range 5 {
				fmt.Fprintf(&b, "| %d | %d | %d | %d%% |\n", 2020+y, r.IntN(50_000_000), r.IntN(300_000), r.IntN(100))
			}
			b.WriteString("\n## Notes\n\n")
		}
		para++
	}
	for links < 5 {
		fmt.Fprintf(&b, "Also %s.\n\n", link(r.IntN(n)))
		links++
	}
	fmt.Fprintf(&b, "[^1]: %s\n", sentence(10))
	return []byte(b.String())
}
