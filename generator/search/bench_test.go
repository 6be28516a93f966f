package search

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkBuild indexes 2,000 documents of 600 words each.
func BenchmarkBuild(b *testing.B) {
	words := strings.Fields("rare earth oxide neodymium praseodymium separation solvent extraction concentrate bastnaesite monazite ionic clay magnet sintered quota export license reserves resources tonnes capacity refinery companies Réunion 稀土产业链")
	docs := make([]Doc, 2000)
	for i := range docs {
		var sb strings.Builder
		for j := range 600 {
			sb.WriteString(words[(i*7+j*13)%len(words)])
			sb.WriteByte(' ')
		}
		docs[i] = Doc{URL: fmt.Sprintf("n%d/", i), Title: fmt.Sprintf("Note %d", i), Tags: []string{"a", "b"}, Text: sb.String()}
	}
	b.ReportAllocs()
	for b.Loop() {
		Build(docs, Options{})
	}
}
