// Package preview writes the data of link previews: for every page a
// link may lead to, what a reader sees when hovering, focusing or
// long-pressing the link (static/js/previews.js) — its title, type,
// summary, key figures and first paragraph, all plain text.
//
// The data is a classic script, like the search index, so that it loads
// over HTTP, under any path prefix, from file:// and inline in the
// single-file bundle, with no fetch. A small site's data is one file,
// preview-index.js, which sets window.LODESTONE_PREVIEWS to {"p": {key:
// entry}}. A larger site's is split into shards, preview/N.js, each a call
// LODESTONE_PREVIEW_SHARD(N, {key: entry}), and preview-index.js sets
// {"n": shards} only: a page loads the shard of the link hovered, which
// Shard names. An entry is a JSON array [title, type, summary, text,
// [label, value, label, value…]].
//
// Every string is text: the script that shows it must put it in the page
// as text (textContent), never as markup. JSON escapes <, > and &, so the
// data can stand inside a <script> element as it is.
package preview

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/workers"
)

// Entry is the preview of one page.
type Entry struct {
	// Key is the page's site URL ("" for the home page,
	// "mines/mountain-pass/"), or in the single file its anchor
	// ("p-mines--mountain-pass").
	Key     string
	Title   string
	Type    string
	Summary string
	// Facts are the key figures as label and value.
	Facts [][2]string
	// Text is the first paragraph.
	Text string
}

// File is one script of the data: a name below the site root and its
// content.
type File struct {
	Name string
	Data []byte
}

// Options shape the data files.
type Options struct {
	// ShardBytes: when the data would be larger, it is split into shards of
	// about ShardBytes/4 (0: 256 KB). Inline (the single-file bundle) never
	// shards.
	ShardBytes int
	Inline     bool
}

// IndexName is the name of the script a page loads first.
const IndexName = "preview-index.js"

// ShardName is the name of shard k.
func ShardName(k int) string { return fmt.Sprintf("preview/%d.js", k) }

// Build returns the data files of entries: preview-index.js, and shards
// under preview/ when the data is larger than opts.ShardBytes.
func Build(entries []Entry, opts Options) []File {
	if opts.ShardBytes == 0 {
		opts.ShardBytes = 256 << 10
	}
	encoded := make([][]byte, len(entries))
	// Each entry on its own (a site's build waits for this step).
	workers.Each(context.Background(), len(entries), func(i int) { encoded[i] = encode(entries[i]) })
	total := 0
	for _, e := range encoded {
		total += len(e)
	}
	if opts.Inline || total <= opts.ShardBytes {
		all := make([]int, len(entries))
		for i := range all {
			all[i] = i
		}
		b := bytes.NewBuffer(make([]byte, 0, mapSize(entries, encoded, all)+64))
		b.WriteString(`window.LODESTONE_PREVIEWS={"p":`)
		writeMap(b, entries, encoded, all)
		b.WriteString("};\n")
		return []File{{Name: IndexName, Data: b.Bytes()}}
	}
	n := (total + opts.ShardBytes/4 - 1) / (opts.ShardBytes / 4)
	// Each shard's entries, found in one pass (not one pass a shard: at
	// 30,000 notes there are a hundred shards).
	shards := make([][]int, n)
	for i, e := range entries {
		k := Shard(e.Key, n)
		shards[k] = append(shards[k], i)
	}
	files := []File{{Name: IndexName, Data: fmt.Appendf(nil, "window.LODESTONE_PREVIEWS={\"n\":%d};\n", n)}}
	for k, in := range shards {
		b := bytes.NewBuffer(make([]byte, 0, mapSize(entries, encoded, in)+64))
		fmt.Fprintf(b, "LODESTONE_PREVIEW_SHARD(%d,", k)
		writeMap(b, entries, encoded, in)
		b.WriteString(");\n")
		files = append(files, File{Name: ShardName(k), Data: b.Bytes()})
	}
	return files
}

// Shard is the shard of n that holds key: FNV-1a over its code points,
// which static/js/previews.js computes the same way.
func Shard(key string, n int) int {
	h := uint32(2166136261)
	for _, r := range key {
		h ^= uint32(r)
		h *= 16777619
	}
	return int(h % uint32(n))
}

// encode is an entry's JSON array.
func encode(e Entry) []byte {
	facts := make([]string, 0, 2*len(e.Facts))
	for _, f := range e.Facts {
		facts = append(facts, f[0], f[1])
	}
	b, err := json.Marshal([]any{e.Title, e.Type, e.Summary, e.Text, facts})
	if err != nil {
		panic(err) // strings only
	}
	return b
}

// writeMap writes the entries of the given indices (which it sorts) as a
// JSON object, by key in sorted order (the same data makes the same
// bytes).
func writeMap(b *bytes.Buffer, entries []Entry, encoded [][]byte, order []int) {
	slices.SortStableFunc(order, func(x, y int) int { return strings.Compare(entries[x].Key, entries[y].Key) })
	b.WriteByte('{')
	for j, i := range order {
		if j > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(entries[i].Key)
		b.Write(k)
		b.WriteByte(':')
		b.Write(encoded[i])
	}
	b.WriteByte('}')
}

// mapSize is about the size writeMap writes for the entries of the given
// indices, so that its buffer is made once.
func mapSize(entries []Entry, encoded [][]byte, order []int) int {
	n := 2
	for _, i := range order {
		n += len(entries[i].Key) + len(encoded[i]) + 4
	}
	return n
}
