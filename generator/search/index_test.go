package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
)

// decode reads back an unsharded index script.
func decode(t *testing.T, files []File) (docs [][]string, terms []string, posts [][]int, texts []string) {
	t.Helper()
	if len(files) != 1 || files[0].Name != "search-index.js" {
		t.Fatalf("files = %v", files)
	}
	js := strings.TrimSuffix(strings.TrimPrefix(string(files[0].Data), "window.LODESTONE_SEARCH="), ";\n")
	var ix struct {
		Docs [][]string `json:"docs"`
		T    []string   `json:"t"`
		P    [][]int    `json:"p"`
		X    []string   `json:"x"`
	}
	if err := json.Unmarshal([]byte(js), &ix); err != nil {
		t.Fatal(err)
	}
	return ix.Docs, ix.T, ix.P, ix.X
}

// scores returns each document's weight for a term, decoding the deltas.
func scores(terms []string, posts [][]int, term string) map[int]int {
	out := map[int]int{}
	for i, t := range terms {
		if t == term {
			doc := 0
			for j := 0; j < len(posts[i]); j += 2 {
				doc += posts[i][j]
				out[doc] = posts[i][j+1]
			}
		}
	}
	return out
}

func TestRanking(t *testing.T) {
	docs := []Doc{
		{URL: "body/", Title: "Body", Text: "magnets magnets magnets magnets magnets magnets magnets"},
		{URL: "heading/", Title: "Heading", Headings: []string{"Magnets"}},
		{URL: "alias/", Title: "Alias", Aliases: []string{"Magnet", "磁石"}},
		{URL: "title/", Title: "NdFeB magnets", Text: "Strong magnets."},
		{URL: "cjk/", Title: "稀土产业链", Text: "Rare earth chain </script>"},
	}
	files := Build(docs, Options{})
	_, terms, posts, texts := decode(t, files)
	s := scores(terms, posts, "magnet")
	if !(s[3] > s[2] && s[2] > s[1] && s[1] > s[0] && s[0] > 0) {
		t.Errorf("weights for magnet (title, alias, heading, body) = %v", s)
	}
	if s[0] != maxBody {
		t.Errorf("body occurrences count up to %d, got %d", maxBody, s[0])
	}
	if got := scores(terms, posts, "稀土"); got[4] != wTitle {
		t.Errorf("CJK bigram 稀土 in title: %v", got)
	}
	if got := scores(terms, posts, "稀"); got[4] == 0 {
		t.Error("single CJK characters are not indexed")
	}
	if strings.Contains(string(files[0].Data), "</script>") {
		t.Error("index text can close a <script> element")
	}
	if texts[4] != "Rare earth chain </script>" {
		t.Errorf("text = %q", texts[4])
	}
}

func TestShards(t *testing.T) {
	var docs []Doc
	for i := range 300 {
		docs = append(docs, Doc{URL: strings.Repeat("x", i%7) + "/", Title: "Brief", Text: strings.Repeat("word"+string(rune('a'+i%26))+" ", 50)})
	}
	files := Build(docs, Options{ShardBytes: 4096})
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	joined := strings.Join(names, " ")
	if !strings.Contains(joined, "search/terms-0.js") || !strings.Contains(joined, "search/text-0.js") || files[0].Name != "search-index.js" {
		t.Errorf("shards = %s", joined)
	}
	if !strings.Contains(string(files[0].Data), `"ts":[`) || strings.Contains(string(files[0].Data), `"t":[`) {
		t.Error("the head of a sharded index must list shard bounds, not terms")
	}
	// The word list of typo tolerance: the words, without postings.
	words := files[len(files)-1]
	if words.Name != "search/words.js" || !strings.HasPrefix(string(words.Data), `LODESTONE_SEARCH_SHARD("w",0,["brief","word","worda","wordb",`) {
		t.Errorf("last file %s: %.80s", words.Name, words.Data)
	}
	if inline := Build(docs, Options{ShardBytes: 4096, Inline: true}); len(inline) != 1 {
		t.Errorf("inline index has %d files", len(inline))
	}
}

func TestWords(t *testing.T) {
	got := strings.Join(Words([]string{"2020", "45x", "ab", "abc", "café", "magnet", "n2378", "稀土", "鉄鋼業"}), " ")
	if want := "abc café magnet"; got != want {
		t.Errorf("Words = %q, want %q", got, want)
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		name, s string
		n       int
		want    string
	}{
		{"short", "rare earth", 20, "rare earth"},
		{"mid-word", "rare earth oxide", 13, "rare earth"},
		{"at a space", "rare earth oxide", 10, "rare earth"},
		{"after punctuation", "rare earth, oxide", 14, "rare earth,"},
		{"mid-rune", "oxide 稀土产业链", 10, "oxide 稀"},
		{"CJK between characters", "稀土产业链", 9, "稀土产"},
		{"a word longer than clipWord", strings.Repeat("a", 100), 50, strings.Repeat("a", 50)},
		{"accented", "naïve façade", 11, "naïve"},
	} {
		if got := clip(c.s, c.n); got != c.want {
			t.Errorf("%s: clip(%q, %d) = %q, want %q", c.name, c.s, c.n, got, c.want)
		}
	}
}

// TestBuildFromOutOfOrder holds the first document back while the other
// workers index thousands past it (more than maxAhead): the index must be
// the one built in order, and the build must finish.
func TestBuildFromOutOfOrder(t *testing.T) {
	const n = 3 * maxAhead
	doc := func(i int) Doc {
		return Doc{URL: fmt.Sprintf("n%d/", i), Title: fmt.Sprintf("Note %d", i), Text: fmt.Sprintf("word%d word%d shared %d", i%7, i%13, i)}
	}
	want := Build(func() []Doc {
		docs := make([]Doc, n)
		for i := range docs {
			docs[i] = doc(i)
		}
		return docs
	}(), Options{ShardBytes: 64 << 10})
	release := make(chan struct{})
	var later atomic.Int32
	got := BuildFrom(n, func(i int) Doc {
		if i == 0 {
			<-release // the others run ahead until they must wait
		} else if int(later.Add(1)) == maxAhead {
			close(release)
		}
		return doc(i)
	}, Options{ShardBytes: 64 << 10})
	if len(got) != len(want) || len(got) < 3 {
		t.Fatalf("%d files, want %d (sharded)", len(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("%s differs from the index built in order", got[i].Name)
		}
	}
}

// TestWeigherForgets indexes documents with more distinct terms than a
// weigher keeps (it starts afresh past maxWeigherTerms) with one weigher,
// and again with a new weigher per document: the files must be the same.
func TestWeigherForgets(t *testing.T) {
	const n = 400
	docs := make([]Doc, n)
	for i := range docs {
		var text strings.Builder
		for j := range 3 * maxWeigherTerms / n {
			fmt.Fprintf(&text, "rare%dx%d common%d ", i, j, j%50)
		}
		docs[i] = Doc{URL: fmt.Sprintf("n%d/", i), Title: fmt.Sprintf("Note %d", i), Text: text.String()}
	}
	build := func(next func() *weigher) []File {
		ix := newIndex(0)
		texts := newSnippets(n, nil)
		meta := make([][]string, n)
		resets := 0
		for i, d := range docs {
			wr := next()
			before := len(wr.terms)
			ix.add(i, ix.number(wr, wr.weigh(d, d.Text)))
			if len(wr.terms) < before {
				resets++
			}
			texts.set(i, d.Text[:20])
			meta[i] = []string{d.URL, d.Title, "", ""}
		}
		if resets > 0 {
			t.Logf("%d resets", resets)
		}
		return write(ix, texts, meta, Options{ShardBytes: 64 << 10})
	}
	one := &weigher{}
	reused := build(func() *weigher { return one })
	fresh := build(func() *weigher { return &weigher{} })
	if len(reused) != len(fresh) {
		t.Fatalf("%d files with one weigher, %d with one per document", len(reused), len(fresh))
	}
	for i := range fresh {
		if reused[i].Name != fresh[i].Name || !bytes.Equal(reused[i].Data, fresh[i].Data) {
			t.Fatalf("%s differs with one weigher for every document", fresh[i].Name)
		}
	}
	if len(one.terms) > maxWeigherTerms+3*maxWeigherTerms/n+60 {
		t.Errorf("the weigher keeps %d terms", len(one.terms))
	}
}

// TestRecentHash: every byte of a term counts in its hash, whatever its
// length (a hash that skipped some would send many terms to one place of
// weigher.recent).
func TestRecentHash(t *testing.T) {
	for n := 1; n <= 40; n++ {
		term := []byte(strings.Repeat("abcdefghij", 4)[:n])
		h := recentHash(term)
		for i := range term {
			other := bytes.Clone(term)
			other[i] ^= 0x01
			if recentHash(other) == h {
				t.Errorf("%q and %q hash alike: byte %d of %d does not count", term, other, i, n)
			}
		}
	}
	if recentHash(nil) == recentHash([]byte{0}) {
		t.Error(`"" and "\x00" hash alike: the length does not count`)
	}
}
