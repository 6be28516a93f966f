package markdown

import (
	"strconv"

	"github.com/lodestone-ssg/lodestone/generator/slug"
	"github.com/yuin/goldmark/ast"
)

// ids generates heading IDs: the slug of the heading text ("Why the figures
// changed" -> "why-the-figures-changed", "稀土 产业链" -> "稀土-产业链"), with
// "-1", "-2"… appended to repeats so every ID on a page is unique.
type ids struct {
	used map[string]bool
	next map[string]int // per base: the suffix to try first, so n repeats cost n, not n²
}

func newIDs() *ids { return &ids{used: map[string]bool{}, next: map[string]int{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	base := slug.Anchor(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	if s.used[id] {
		i := max(s.next[base], 1)
		for ; s.used[base+"-"+strconv.Itoa(i)]; i++ {
		}
		id = base + "-" + strconv.Itoa(i)
		s.next[base] = i + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
