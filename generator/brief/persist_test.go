package brief

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/spool"
)

// storedNotes are notes that use every part of a brief a cache must keep:
// front matter of every YAML type, events, sources, typed figures,
// blocks, citations, quoted figures, quantities, fact ids, links, headings
// and block ids.
var storedNotes = map[string]string{
	"params.md": "---\ntitle: Params\naliases: [P, Q]\ntags: [a, b/c]\ndate: 2025-03\nupdated: 2026-01-02\ncount: 3\nbig: 18446744073709551615\nratio: 0.5\nflag: true\nnothing:\nwhen: 2025-07-10T09:00:00Z\nlist: [1, two, {three: 3}]\nnested: {a: {b: [x, y]}}\nodd: {1: one, true: yes}\nevents:\n  - date: 2020..2022\n    title: A range\n    status: planned\nsources:\n  - Plain source\n  - {title: T, url: 'https://example.com/t', author: 'Doe, Jane', date: 2024}\n---\n# Heading one\n\nFirst paragraph with 44 million t REO and 40% of it, see [[Other#Part|other]] and [md](other.md#x) ![img](a.png) ![[Other]].\n\nA claim [@usgs, p. 12] and @doe says so. Quoted `= [[China]].reserves_t` and `= this.ratio`. MP-011 is a fact. ^para\n\n## Sub heading\n\n```dataview\nTABLE title\nFROM #a\n```\n\n```chart\ntype: bar\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n%% a comment %%\n",
	"toml.md":   "+++\ntitle = \"T\"\n[[events]]\ndate = 2020\ntitle = \"E\"\n+++\nBody.\n",
	"broken.md": "---\ntitle: [unclosed\n---\nBody of a note whose front matter does not parse.\n",
	"bare.md":   "Just a body with a [[link]] and $x^2$ math.\n",
}

func storedMarkdown(t *testing.T) *markdown.Markdown {
	t.Helper()
	ids, err := markdown.NewFactIDs(`MP-\d{3}`)
	if err != nil {
		t.Fatal(err)
	}
	return markdown.New(markdown.Options{Blocks: []string{"dataview", "chart", "table", "timeline"}, FactIDs: ids, FigureUnits: []string{"t", "%"}})
}

// TestStoreRestore: a brief stored, encoded with gob, decoded and restored
// is the brief ParseLater returned, field for field, and renders the same
// body and text; for hand-written notes, the vault fixture and the
// repository's content.
func TestStoreRestore(t *testing.T) {
	md := storedMarkdown(t)
	for name, data := range allNotes(t) {
		b, _ := ParseLater("content/"+name, name, data, md)
		s, ok := b.Store()
		if !ok {
			t.Fatalf("%s: not stored", name)
		}
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(s); err != nil {
			t.Fatalf("%s: encode: %v", name, err)
		}
		var back Stored
		if err := gob.NewDecoder(&buf).Decode(&back); err != nil {
			t.Fatalf("%s: decode: %v", name, err)
		}
		r := back.Restore(md)
		if got, want := r.later, b.later; !bytes.Equal(got.src, want.src) || got.md != want.md {
			t.Errorf("%s: the body to render differs", name)
		}
		x, y := *b, *r
		x.later, y.later = nil, nil
		if !reflect.DeepEqual(x, y) {
			t.Errorf("%s: restored brief differs:\n got %#v\nwant %#v", name, y, x)
		}
		d1, err1 := b.Doc()
		d2, err2 := r.Doc()
		if err1 != nil || err2 != nil || !reflect.DeepEqual(d1, d2) || b.Text() != r.Text() {
			t.Errorf("%s: restored brief renders differently (%v, %v)", name, err1, err2)
		}
		if _, ok := b.Store(); ok {
			t.Errorf("%s: stored after its body was rendered (the Markdown is gone)", name)
		}
	}
}

// newSpool is a spool with something in it already, removed after t.
func newSpool(t *testing.T) *spool.File {
	t.Helper()
	st, err := spool.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Put([]byte("something before")); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestSpoolLater: a brief parsed by ParseLater and spooled keeps its
// Markdown in the store, not in memory, renders the same body and text as
// one that was not, keeps them in the store once rendered, and is stored
// (for a kept cache) from the store, before and after its body renders.
func TestSpoolLater(t *testing.T) {
	md := storedMarkdown(t)
	for name, src := range storedNotes {
		plain, _ := ParseLater("content/"+name, name, []byte(src), md)
		b, _ := ParseLater("content/"+name, name, []byte(src), md)
		st := newSpool(t)
		if err := b.Spool(st); err != nil {
			t.Fatal(err)
		}
		if !b.SourceSpooled() || b.later.src != nil {
			t.Fatalf("%s: the Markdown is still in memory", name)
		}
		before, ok := b.Store()
		if want, _ := plain.Store(); !ok || !bytes.Equal(before.Body, want.Body) {
			t.Fatalf("%s: stored before rendering: %v, body %q", name, ok, before.Body)
		}
		wantDoc, err1 := plain.Doc()
		gotDoc, err2 := b.Doc()
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		var want, got bytes.Buffer
		fill := func(markdown.Hole) (string, bool) { return "[hole]", true }
		if err := wantDoc.Fill(&want, fill); err != nil {
			t.Fatal(err)
		}
		if err := gotDoc.Fill(&got, fill); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() || b.Text() != plain.Text() {
			t.Errorf("%s: renders differently once spooled:\n%s\nwant\n%s", name, got.String(), want.String())
		}
		if got := string(b.AppendText([]byte("»"))); got != "»"+plain.Text() {
			t.Errorf("%s: AppendText, spooled: %q, want » and %q", name, got, plain.Text())
		}
		if !gotDoc.Spooled() || !b.later.textIn || b.later.text != nil {
			t.Errorf("%s: the rendered body or text stayed in memory", name)
		}
		after, ok := b.Store()
		if !ok || !bytes.Equal(after.Body, before.Body) {
			t.Errorf("%s: not stored once rendered (%v)", name, ok)
		}
		if again := b.Spool(st); again != nil || !b.SourceSpooled() {
			t.Errorf("%s: spooled twice: %v", name, again)
		}
	}
}

// allNotes are the hand-written notes of this package's tests, the vault
// fixture's and the repository's content, by name.
func allNotes(t *testing.T) map[string][]byte {
	t.Helper()
	notes := map[string][]byte{}
	for name, src := range storedNotes {
		notes[name] = []byte(src)
	}
	for _, dir := range []string{"../internal/vault/testdata/vault", "../../content"} {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
				data, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				notes[p] = data
			}
			return nil
		})
	}
	if len(notes) < 60 {
		t.Fatalf("only %d notes found", len(notes))
	}
	return notes
}

// TestParseKeepsNoSource parses every note from a buffer that is then
// overwritten, as a build reuses it for the next note: the brief, its
// diagnostics, body and text must be those parsed from an untouched copy.
func TestParseKeepsNoSource(t *testing.T) {
	md := storedMarkdown(t)
	fill := func(h markdown.Hole) (string, bool) { return fmt.Sprintf("[%d:%d:%s]", h.Kind, h.Index, h.Name), false }
	for name, data := range allNotes(t) {
		buf := bytes.Clone(data)
		got, gotDiags := Parse("content/"+name, name, buf, md)
		for i := range buf {
			buf[i] = '#'
		}
		want, wantDiags := Parse("content/"+name, name, bytes.Clone(data), md)
		if !SameButBody(got, want) {
			t.Errorf("%s: the brief changed with its source", name)
		}
		if !reflect.DeepEqual(gotDiags, wantDiags) {
			t.Errorf("%s: the diagnostics changed with the source", name)
		}
		var gb, wb strings.Builder
		if err := got.Body.Fill(&gb, fill); err != nil {
			t.Fatal(err)
		}
		if err := want.Body.Fill(&wb, fill); err != nil {
			t.Fatal(err)
		}
		if gb.String() != wb.String() || got.Text() != want.Text() {
			t.Errorf("%s: the body or text changed with the source", name)
		}
	}
}
