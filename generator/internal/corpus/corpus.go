// Package corpus generates deterministic synthetic sites for benchmarks: N
// briefs spread over folders, each with front matter (type, date, tags,
// aliases, events), a few paragraphs, a GFM table, wikilinks to other briefs
// and a link to a heading. The same N and style always give the same bytes.
//
// StyleMarkdown writes the same site with standard Markdown links and
// Hugo-compatible front matter, so Hugo can build an equivalent site.
package corpus

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Style chooses how briefs link to each other.
type Style int

const (
	// StyleWiki uses [[wikilinks]] (Lodestone).
	StyleWiki Style = iota
	// StyleMarkdown uses [label](/section/brief/) links (Hugo).
	StyleMarkdown
)

var words = strings.Fields(`rare earth oxide neodymium praseodymium separation
solvent extraction concentrate bastnaesite monazite ionic clay magnet sintered
quota export license reserve resource tonne capacity refinery smelter alloy
metal price floor offtake agreement supply chain demand motor turbine vehicle
policy ministry survey edition revision estimate production mine pit plant
stockpile tariff subsidy loan equity processing cracking leaching kiln
flotation grade deposit carbonatite tailings permit environmental`)

const sections = 10

var types = []string{"concept", "country", "mine", "company", "policy"}

// Name returns the folder and file stem of brief i.
func Name(i int) (dir, stem string) {
	return fmt.Sprintf("section-%02d", i%sections), fmt.Sprintf("brief-%05d", i)
}

// Title returns the title of brief i.
func Title(i int) string { return fmt.Sprintf("Brief %d", i) }

// Files returns the site's files by slash-separated path (content/…).
func Files(n int, style Style) map[string][]byte {
	files := make(map[string][]byte, n+sections)
	for s := range sections {
		dir := fmt.Sprintf("section-%02d", s)
		name := "content/" + dir + "/_index.md"
		if style == StyleWiki {
			name = "content/" + dir + "/index.md"
		}
		files[name] = []byte(fmt.Sprintf("---\ntitle: Section %d\n---\nBriefs of section %d.\n", s, s))
	}
	for i := range n {
		dir, stem := Name(i)
		files["content/"+dir+"/"+stem+".md"] = brief(i, n, style)
	}
	return files
}

func brief(i, n int, style Style) []byte {
	r := rand.New(rand.NewPCG(uint64(i), 42))
	var b strings.Builder
	sentence := func(k int) string { return sentence(r, k) }
	link := func(j int, label, frag string) string {
		if style == StyleWiki {
			t := Title(j)
			if frag != "" {
				t += "#" + frag
			}
			if label != "" {
				t += "|" + label
			}
			return "[[" + t + "]]"
		}
		dir, stem := Name(j)
		u := "/" + dir + "/" + stem + "/"
		if frag != "" {
			u += "#" + strings.ToLower(frag)
		}
		if label == "" {
			label = Title(j)
		}
		return "[" + label + "](" + u + ")"
	}

	year := 1950 + r.IntN(75)
	fmt.Fprintf(&b, "---\ntitle: %s\ntype: %s\ndate: %d-%02d-%02d\n", Title(i), types[i%len(types)], year, 1+r.IntN(12), 1+r.IntN(28))
	fmt.Fprintf(&b, "tags: [tag-%d, tag-%d, tag-%d]\n", r.IntN(50), r.IntN(50), r.IntN(50))
	fmt.Fprintf(&b, "aliases: [B%d]\n", i)
	fmt.Fprintf(&b, "summary: %s\n", sentence(12))
	if style == StyleWiki {
		fmt.Fprintf(&b, "events:\n  - date: %d\n    title: %s\n  - date: %d-%02d\n    title: %s\n", year, sentence(4), year+1, 1+r.IntN(12), sentence(5))
	}
	b.WriteString("---\n\n")
	for p := range 3 {
		for range 4 {
			b.WriteString(sentence(8 + r.IntN(8)))
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "See %s and %s.\n\n", link(r.IntN(n), "", ""), link(r.IntN(n), "related", ""))
		if p == 0 {
			b.WriteString("## Figures\n\n| Year | Reserves (t) | Production (t) | Share |\n|---|--:|--:|--:|\n")
			for y := range 5 {
				fmt.Fprintf(&b, "| %d | %d | %d | %d%% |\n", 2020+y, r.IntN(50_000_000), r.IntN(300_000), r.IntN(100))
			}
			b.WriteString("\n## History\n\n")
		}
	}
	fmt.Fprintf(&b, "Background in %s.\n", link(r.IntN(n), "", "History"))
	return []byte(b.String())
}

// Write writes the site's files below dir.
func Write(dir string, files map[string][]byte) error {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// sentence is k random words from the vocabulary, capitalised, with a full
// stop.
func sentence(r *rand.Rand, k int) string {
	ws := make([]string, k)
	for j := range ws {
		ws[j] = words[r.IntN(len(words))]
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
