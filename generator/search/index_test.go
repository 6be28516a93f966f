package search

import (
	"encoding/json"
	"strings"
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
	if inline := Build(docs, Options{ShardBytes: 4096, Inline: true}); len(inline) != 1 {
		t.Errorf("inline index has %d files", len(inline))
	}
}
