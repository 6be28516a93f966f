package search

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/lodestone-ssg/lodestone/generator/spool"
	"github.com/lodestone-ssg/lodestone/generator/workers"
)

// Doc is one brief to index.
type Doc struct {
	URL      string // site URL
	Title    string
	Type     string
	Aliases  []string
	Headings []string
	Tags     []string
	Text     string // the body as plain text
	// Body, if not nil, is the body as plain text instead of Text, in a
	// buffer its caller reuses once Release (if not nil) is called: the
	// index reads it while it indexes the document, keeps none of it, and
	// then calls Release. A build reads each text into one such buffer
	// instead of a string per document (165 MB at 30,000 notes).
	Body    []byte
	Release func()
}

// text is d's body as plain text: Text, or a view of Body (valid until
// Release).
func (d *Doc) text() string {
	if d.Body != nil {
		return unsafe.String(unsafe.SliceData(d.Body), len(d.Body))
	}
	return d.Text
}

// Field weights: a match in the title counts most, then aliases, headings,
// tags and type, then the body (where each further occurrence adds one, up
// to maxBody).
const (
	wTitle   = 50
	wAlias   = 40
	wHeading = 10
	wTag     = 8
	maxBody  = 5
	// snippetMax caps the text kept per brief for result snippets.
	snippetMax = 1200
)

// File is one file of the index: a name below the site root and its
// content, a classic script.
type File struct {
	Name string
	Data []byte
}

// Options shape the index files.
type Options struct {
	// ShardBytes: when the index would be larger, terms and texts go to
	// shard files loaded on demand (0: 1 MB). Inline (single-file bundle)
	// never shards.
	ShardBytes int
	Inline     bool
	// Store, if set, keeps the result snippets until they are written.
	Store Store
	// Emit, if set, is given each shard under search/ as soon as it is
	// encoded (from several goroutines at once), and BuildFrom returns
	// only the files it did not emit. The index is then encoded once:
	// each term's postings are dropped once written, and no shard waits
	// in memory for the others (55 MB at 30,000 notes). A file's Data is
	// the encoder's again once Emit returns (it goes back to spool's
	// buffers for the next shard): Emit copies what it keeps, as an
	// output.Sink does.
	Emit func(File)
}

// Build indexes docs and returns the script files: search-index.js, which
// sets window.LODESTONE_SEARCH, and, for a large index, shards under
// search/ that call window.LODESTONE_SEARCH_SHARD: terms-N.js (a range of
// the sorted terms with their postings), text-N.js (snippet texts) and
// words.js (Words, for typo tolerance).
func Build(docs []Doc, opts Options) []File {
	return BuildFrom(len(docs), func(i int) Doc { return docs[i] }, opts)
}

// BuildFrom is Build for n documents that doc returns one at a time (from
// several goroutines), so that only the documents being indexed are held
// in memory, not every text at once.
func BuildFrom(n int, doc func(i int) Doc, opts Options) []File {
	if opts.ShardBytes == 0 {
		opts.ShardBytes = 1 << 20
	}
	ix := newIndex(n)
	texts := newSnippets(n, opts.Store)
	meta := make([][]string, n)
	// Tokenise the documents in parallel; each is added to the postings
	// when the ones before it are (postings stay in document order, so
	// they are kept as varint deltas). Each worker interns its terms: a
	// term is allocated once per worker, not once per occurrence, and
	// given its index-wide number once.
	workers.EachWith(context.Background(), n, func() *weigher { return &weigher{} }, func(wr *weigher, i int) {
		d := doc(i)
		text := d.text()
		ps := ix.number(wr, wr.weigh(d, text))
		texts.set(i, clip(text, snippetMax))
		if d.Release != nil {
			d.Release() // text is not used after this
		}
		meta[i] = []string{d.URL, d.Title, d.Type, strings.Join(d.Aliases, " · ")}
		ix.add(i, ps)
	})
	return write(ix, texts, meta, opts)
}

// posting is a term's weight in one document, the term by its number in
// the index (add writes it to that term's list).
type posting struct {
	id, weight int32
}

// index holds the postings of every term, by the term's number: each list
// is a run of uvarint pairs (document minus the previous document of the
// list, weight), documents in increasing order. At 30,000 notes that is
// about a third of the memory of a slice of postings per term.
//
// Two locks, so that numbering one document's terms and adding another's
// postings do not wait for each other: with both under one lock the
// tokenising workers spent a tenth of their time waiting (flat 10,000).
// One worker at a time adds postings (adding), without a lock: it alone
// touches lists, last and count, and grows them to the terms numbered.
type index struct {
	termMu sync.Mutex
	ids    map[string]int32 // term -> number (termMu)
	terms  []string         // by number (termMu)

	lists [][]byte // by number (the adder's)
	last  []int32  // by number: the last document in the list (the adder's)
	count []int32  // by number: documents in the list (the adder's)

	mu      sync.Mutex
	next    int // the next document to add
	pending map[int][]posting
	adding  bool        // a worker is adding postings
	moved   *sync.Cond  // signalled when next moves
	free    [][]posting // postings added to the lists, for number to reuse
}

// termsPerDoc is the room an index makes for terms, per document: the
// generated corpora bring 11 new terms a document, this repository's
// briefs 44. A map grown from empty moves its entries at every doubling,
// under the lock the tokenising workers share.
const termsPerDoc = 16

// maxTermsRoom caps the room made: past it the map grows as it must.
const maxTermsRoom = 1 << 19

func newIndex(docs int) *index {
	ix := &index{ids: make(map[string]int32, min(termsPerDoc*docs, maxTermsRoom)), pending: map[int][]posting{}}
	ix.moved = sync.NewCond(&ix.mu)
	return ix
}

// postings returns room for n postings: a slice add is done with, or a
// new one.
func (ix *index) postings(n int) []posting {
	ix.mu.Lock()
	var ps []posting
	if k := len(ix.free); k > 0 {
		ps, ix.free = ix.free[k-1], ix.free[:k-1]
	}
	ix.mu.Unlock()
	if cap(ps) < n {
		return make([]posting, n)
	}
	return ps[:n]
}

// maxAhead is how far past the next document to add a worker may run:
// a worker the system left waiting must not make the others hold the
// postings of thousands of documents.
const maxAhead = 1024

// number gives the weigher's terms of one document their index-wide
// numbers (looked up once per term and weigher).
func (ix *index) number(wr *weigher, tws []termWeight) []posting {
	ps := ix.postings(len(tws))
	var missing bool
	for _, tw := range tws {
		if int(tw.id) >= len(wr.global) || wr.global[tw.id] < 0 {
			missing = true
			break
		}
	}
	if missing {
		ix.termMu.Lock()
		for len(wr.global) < len(wr.terms) {
			wr.global = append(wr.global, -1)
		}
		for _, tw := range tws {
			if wr.global[tw.id] >= 0 {
				continue
			}
			t := wr.terms[tw.id]
			g, ok := ix.ids[t]
			if !ok {
				g = int32(len(ix.terms))
				ix.ids[t] = g
				ix.terms = growAppend(ix.terms, t)
			}
			wr.global[tw.id] = g
		}
		ix.termMu.Unlock()
	}
	for i, tw := range tws {
		ps[i] = posting{wr.global[tw.id], int32(tw.weight)}
	}
	return ps
}

// add adds document doc's postings, and those of the documents after it
// that waited for it, unless another worker is adding: that one adds
// them.
func (ix *index) add(doc int, ps []posting) {
	ix.mu.Lock()
	for doc-ix.next > maxAhead {
		ix.moved.Wait()
	}
	ix.pending[doc] = ps
	if ix.adding {
		ix.mu.Unlock()
		return
	}
	ix.adding = true
	for {
		ps, ok := ix.pending[ix.next]
		if !ok {
			ix.adding = false
			ix.moved.Broadcast()
			ix.mu.Unlock()
			return
		}
		delete(ix.pending, ix.next)
		d := int32(ix.next)
		ix.mu.Unlock()
		for _, p := range ps {
			for int(p.id) >= len(ix.lists) {
				ix.lists = growAppend(ix.lists, nil)
				ix.last = growAppend(ix.last, 0)
				ix.count = growAppend(ix.count, 0)
			}
			l := ix.lists[p.id]
			l = binary.AppendUvarint(l, uint64(d-ix.last[p.id]))
			ix.lists[p.id] = binary.AppendUvarint(l, uint64(p.weight))
			ix.last[p.id] = d
			ix.count[p.id]++
		}
		ix.mu.Lock()
		ix.free = append(ix.free, ps) // in the lists now
		ix.next++
	}
}

// growAppend appends v to s, doubling s when it is full (append grows a
// large slice by a quarter, which leaves four times its size behind).
func growAppend[T any](s []T, v T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(len(s), 1024))
	}
	return append(s, v)
}

// maxWeigherTerms is the most terms a weigher keeps numbered between
// documents.
const maxWeigherTerms = 1 << 15

type termWeight struct {
	id     int32 // the weigher's number of the term
	weight int
}

// weigher gives each term of a document its weight. It keeps its scanner
// and interned terms from one document to the next: each term is
// allocated once per weigher and numbered, and a document's weights are
// kept in slices indexed by those numbers (one map look-up per occurrence).
type weigher struct {
	sc     scanner
	ids    map[string]int32 // interned term -> its number
	terms  []string         // by number
	weight []int            // by number: the field weights in this document
	body   []int            // by number: occurrences in the body, at most maxBody
	seen   []int32          // by number: the last document (doc) that had the term
	doc    int32            // this document, counted from 1
	used   []int32          // the numbers of this document's terms
	global []int32          // by number: the term's number in the index, or -1
	out    []termWeight     // weigh's result, reused
	// recent holds, by a hash of the term, the last term of that hash
	// and its number: most words of a text are a few hundred common
	// ones, found here without a look-up in ids, which grows to
	// maxWeigherTerms (numbers, names) and misses the processor's caches.
	recent *[recentSize]recentTerm
}

// recentSize is the number of weigher.recent's places (a power of two).
const recentSize = 1 << 12

type recentTerm struct {
	term string
	id   int32
}

// id is the number of term t, which is marked as used by this document.
func (wr *weigher) id(t []byte) int32 {
	r := &wr.recent[recentHash(t)&(recentSize-1)]
	id, ok := r.id, r.term == string(t) && r.term != ""
	if !ok {
		id, ok = wr.ids[string(t)]
		if !ok {
			id = int32(len(wr.terms))
			k := string(t)
			wr.ids[k] = id
			wr.terms = append(wr.terms, k)
			wr.weight = append(wr.weight, 0)
			wr.body = append(wr.body, 0)
			wr.seen = append(wr.seen, 0)
		}
		*r = recentTerm{wr.terms[id], id}
	}
	if wr.seen[id] != wr.doc {
		wr.seen[id] = wr.doc
		wr.weight[id], wr.body[id] = 0, 0
		wr.used = append(wr.used, id)
	}
	return id
}

// recentHash is a quick hash of t for weigher.recent, where a collision
// costs only a look-up in ids: eight bytes at a time (or the first and last
// bytes of a short term) mixed by a multiplication, not a byte at a time.
func recentHash(t []byte) uint64 {
	const k = 0x9e3779b97f4a7c15
	n := len(t)
	var x uint64
	switch {
	case n >= 8:
		for i := 0; i < n-8; i += 8 {
			x = (x ^ binary.LittleEndian.Uint64(t[i:])) * k
		}
		x ^= binary.LittleEndian.Uint64(t[n-8:]) // the last eight, overlapping
	case n >= 4:
		x = uint64(binary.LittleEndian.Uint32(t))<<32 | uint64(binary.LittleEndian.Uint32(t[n-4:]))
	case n > 0:
		x = uint64(t[0])<<16 | uint64(t[n/2])<<8 | uint64(t[n-1])
	}
	x = (x ^ uint64(n)) * k
	return x ^ x>>29
}

// weigh weighs the terms of d, whose body is text.
func (wr *weigher) weigh(d Doc, text string) []termWeight {
	if wr.ids == nil || len(wr.terms) > maxWeigherTerms {
		// Most terms of a large site are rare (names, numbers): each
		// worker keeping every term it met would hold the index's
		// dictionary again. Start afresh; common terms come back at once.
		// The map and arrays are kept (cleared): filled again at once,
		// they would grow through the same sizes. The map is made with
		// room for all it keeps: grown from empty, it moved its entries at
		// every doubling.
		if wr.ids == nil {
			wr.ids, wr.recent = make(map[string]int32, maxWeigherTerms), new([recentSize]recentTerm)
		}
		clear(wr.ids)
		clear(wr.recent[:])
		clear(wr.terms)
		wr.terms, wr.weight, wr.body, wr.seen, wr.global = wr.terms[:0], wr.weight[:0], wr.body[:0], wr.seen[:0], wr.global[:0]
	}
	wr.doc++
	wr.used = wr.used[:0]
	add := func(text string, w int) {
		wr.sc.scan(text, true, func(t []byte) { wr.weight[wr.id(t)] += w })
	}
	add(d.Title, wTitle)
	for _, a := range d.Aliases {
		add(a, wAlias)
	}
	for _, h := range d.Headings {
		add(h, wHeading)
	}
	for _, t := range d.Tags {
		add(t, wTag)
	}
	add(d.Type, wTag)
	wr.sc.scan(text, true, func(t []byte) {
		id := wr.id(t)
		wr.body[id] = min(wr.body[id]+1, maxBody)
	})
	out := wr.out[:0] // number reads it before the next document
	for _, id := range wr.used {
		out = append(out, termWeight{id, wr.weight[id] + wr.body[id]})
	}
	wr.out = out
	return out
}

// write encodes the postings, texts and document list as script files.
func write(ix *index, texts *snippets, meta [][]string, opts Options) []File {
	// The terms in order, and each one's list.
	order := make([]int32, len(ix.terms))
	for i := range order {
		order[i] = int32(i)
	}
	workers.Sort(order, func(a, b int32) int { return strings.Compare(ix.terms[a], ix.terms[b]) }) // terms are unique
	terms := make([]string, len(order))
	for i, id := range order {
		terms[i] = ix.terms[id]
	}
	// encode appends the postings of terms[from:to] to b as a JSON array of flat
	// arrays [docDelta, weight, docDelta, weight, …] (doc ids as deltas),
	// straight from the postings: no intermediate copy of the whole index.
	encode := func(b []byte, from, to int) []byte {
		b = append(b, '[')
		for i := range terms[from:to] {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			l := ix.lists[order[from+i]]
			for j := 0; len(l) > 0; j++ {
				delta, n := binary.Uvarint(l)
				weight, m := binary.Uvarint(l[n:])
				l = l[n+m:]
				if j > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendUint(b, delta, 10)
				b = append(b, ',')
				b = strconv.AppendUint(b, weight, 10)
			}
			b = append(b, ']')
		}
		return append(b, ']')
	}

	head := map[string]any{"v": 1, "docs": meta}
	// The size of the index, estimated without encoding it (an index of
	// 30,000 briefs would be encoded whole just to learn it must be
	// sharded): a term, a posting and a text cost at least their bytes.
	size := 0
	for i, t := range terms {
		size += len(t) + 3 + 4*int(ix.count[order[i]])
	}
	for i := range meta {
		size += texts.len(i) + 3
	}
	if opts.Inline || size <= opts.ShardBytes {
		termsJSON := mustJSON(terms)
		postJSON := encode(nil, 0, len(terms))
		all, buf := texts.slice(0, len(meta))
		textJSON := mustJSON(all)
		spool.Release(buf)
		if opts.Inline || len(termsJSON)+len(postJSON)+len(textJSON) <= opts.ShardBytes {
			head["t"], head["p"], head["x"] = json.RawMessage(termsJSON), json.RawMessage(postJSON), json.RawMessage(textJSON)
			return []File{{Name: "search-index.js", Data: script("window.LODESTONE_SEARCH=", head)}}
		}
	}

	// Shard terms (by ranges of the sorted list) and texts (by ranges of
	// documents), each shard near ShardBytes/2.
	// The shards' bounds first, then the shards, in parallel (at 30,000
	// notes there are a hundred; one after the other they took a second).
	var ends []int      // of each term shard, in terms
	var bounds []string // first term of each term shard
	var sizes []int     // of each term shard, about, in bytes
	start, size := 0, 0
	for i, t := range terms {
		size += len(t) + 16*int(ix.count[order[i]]) + 8
		if size > opts.ShardBytes/2 || i == len(terms)-1 {
			bounds, ends, sizes = append(bounds, terms[start]), append(ends, i+1), append(sizes, size)
			start, size = i+1, 0
		}
	}
	perText := 0
	for i := range meta {
		perText += texts.len(i) + 4
	}
	textsPer := max(1, len(meta)*(opts.ShardBytes/2)/max(perText, 1))
	files := make([]File, len(ends)+(len(meta)+textsPer-1)/textsPer)
	// With Emit, a shard is encoded into a pooled buffer (spool.Buffer),
	// given back once Emit has written it: a shard is half a megabyte,
	// and at 30,000 notes a hundred fresh ones came while the heap was at
	// its limit, each a round of returning pages to the system and
	// faulting them back in.
	newBuf := func(n int) []byte {
		if opts.Emit != nil {
			return spool.Buffer(n)
		}
		return make([]byte, 0, n)
	}
	keep := func(k int, f File) {
		if opts.Emit != nil {
			opts.Emit(f)
			spool.Release(f.Data)
			return
		}
		files[k] = f
	}
	workers.Each(context.Background(), len(files), func(k int) {
		if k < len(ends) {
			from := 0
			if k > 0 {
				from = ends[k-1]
			}
			// {"p":…,"t":…}, as encoding/json writes a map, without
			// reading the postings (most of the bytes) again to check them.
			// Sized once: a shard is near half a megabyte.
			b := newBuf(sizes[k] + 64)
			b = fmt.Appendf(b, "LODESTONE_SEARCH_SHARD(\"t\",%d,{\"p\":", k)
			b = encode(b, from, ends[k])
			b = append(b, `,"t":`...)
			b = append(appendJSON(b, terms[from:ends[k]]), "});\n"...)
			if opts.Emit != nil {
				for _, id := range order[from:ends[k]] {
					ix.lists[id] = nil // written
				}
			}
			keep(k, File{Name: fmt.Sprintf("search/terms-%d.js", k), Data: b})
			return
		}
		x := k - len(ends)
		i := x * textsPer
		end := min(len(meta), i+textsPer)
		b := newBuf(64 + perText*(end-i)/len(meta)*11/10) // the texts, and some escapes
		b = fmt.Appendf(b, "LODESTONE_SEARCH_SHARD(\"x\",%d,", x)
		shard, buf := texts.slice(i, end)
		b = append(appendJSON(b, shard), ");\n"...)
		spool.Release(buf)
		keep(k, File{Name: fmt.Sprintf("search/text-%d.js", x), Data: b})
	})
	head["ts"], head["xs"] = bounds, textsPer
	// The words a misspelt query word may stand for, without their
	// postings, so that typo tolerance reads one small file and then only
	// the term shards that hold the words it found, not every shard.
	words := File{Name: "search/words.js", Data: script(`LODESTONE_SEARCH_SHARD("w",0,`, Words(terms), ")")}
	out := []File{{Name: "search-index.js", Data: script("window.LODESTONE_SEARCH=", head)}}
	if opts.Emit != nil {
		opts.Emit(words)
		return out
	}
	return append(append(out, files...), words)
}

// Words returns the terms, in the order given, that a misspelt query word
// may stand for: words of three letters or more, without digits (a year or
// a figure one digit off is another year or figure) and not CJK (bigrams
// have no typos to tolerate). search.js allows one edit in a query word of
// four letters or more and two from eight, so three letters is the
// shortest word a typo can reach.
func Words(terms []string) []string {
	var out []string
	for _, t := range terms {
		if utf8.RuneCountInString(t) >= 3 && !strings.ContainsFunc(t, func(r rune) bool { return unicode.IsDigit(r) || IsCJK(r) }) {
			out = append(out, t)
		}
	}
	return out
}

// clip cuts s to at most n bytes, at a word boundary: back to the space or
// punctuation before a word cut in half (CJK text, written without spaces,
// is cut between characters), unless the word is longer than clipWord.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	inWord := func(r rune) bool { return (unicode.IsLetter(r) || unicode.IsDigit(r)) && !IsCJK(r) }
	next, _ := utf8.DecodeRuneInString(s[n:])
	if !inWord(next) {
		return s[:n]
	}
	for i := n; i > 0 && n-i <= clipWord; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !inWord(r) {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace)
		}
		i -= size
	}
	return s[:n]
}

// clipWord is the longest word clip moves back over.
const clipWord = 40

// appendJSON appends v to dst as encoding/json encodes it, with "<", ">"
// and "&" escaped, without the encoder's newline; a value it cannot
// encode is a bug (the index's values are strings and numbers).
func appendJSON(dst []byte, v any) []byte {
	buf := bytes.NewBuffer(dst)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(true) // "<" as \u003c: the script can sit inside an HTML page
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	b := buf.Bytes()
	return b[:len(b)-1] // Encode's newline
}

// mustJSON is v as appendJSON encodes it.
func mustJSON(v any) []byte { return appendJSON(nil, v) }

func script(prefix string, v any, suffix ...string) []byte {
	js := mustJSON(v)
	end := strings.Join(suffix, "") + ";\n"
	b := make([]byte, 0, len(prefix)+len(js)+len(end)) // shards are near a megabyte
	b = append(b, prefix...)
	b = append(b, js...)
	return append(b, end...)
}
