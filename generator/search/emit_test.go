package search

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestEmit: an index whose shards are given to Emit as they are encoded
// has the same files as one returned whole, each given once, and only
// search-index.js is returned. (Emit drops each term's postings once
// its shard is written: dropped too early, a shard would lose them. And
// a shard's buffer goes back to spool's pool once Emit returns: Emit
// copies what it keeps; a shard encoded over one not yet given to Emit
// would differ.)
func TestEmit(t *testing.T) {
	var docs []Doc
	for i := range 300 {
		text := strings.Repeat(fmt.Sprintf("alpha%d beta%d common ", i%23, i), 1+i%40)
		docs = append(docs, Doc{URL: fmt.Sprintf("n%d/", i), Title: fmt.Sprintf("Note %d", i), Tags: []string{fmt.Sprintf("t%d", i%7)}, Text: text})
	}
	for _, shard := range []int{0, 8 << 10} {
		want := map[string][]byte{}
		for _, f := range Build(docs, Options{ShardBytes: shard}) {
			want[f.Name] = f.Data
		}
		var mu sync.Mutex
		got := map[string][]byte{}
		emitted := 0
		ret := Build(docs, Options{ShardBytes: shard, Emit: func(f File) {
			mu.Lock()
			defer mu.Unlock()
			if _, dup := got[f.Name]; dup {
				t.Errorf("shard bytes %d: %s given twice", shard, f.Name)
			}
			if !strings.HasPrefix(f.Name, "search/") {
				t.Errorf("shard bytes %d: %s given to Emit, want only shards", shard, f.Name)
			}
			got[f.Name] = bytes.Clone(f.Data) // Data is the encoder's again once Emit returns
			emitted++
		}})
		if len(ret) != 1 || ret[0].Name != "search-index.js" {
			var names []string
			for _, f := range ret {
				names = append(names, f.Name)
			}
			t.Fatalf("shard bytes %d: returned %v, want only search-index.js", shard, names)
		}
		got[ret[0].Name] = ret[0].Data
		if len(got) != len(want) {
			t.Errorf("shard bytes %d: %d files, want %d", shard, len(got), len(want))
		}
		for name, data := range want {
			if !bytes.Equal(got[name], data) {
				t.Errorf("shard bytes %d: %s differs from the index returned whole", shard, name)
			}
		}
		if shard > 0 && emitted < 4 {
			t.Errorf("shard bytes %d: %d shards emitted, want several", shard, emitted)
		}
	}
}
