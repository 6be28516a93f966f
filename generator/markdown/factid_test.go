package markdown

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// factDoc parses src with fact ids of pattern and marks them as holes
// (and nothing else), as the brief stage does.
func factDoc(t *testing.T, pattern, src string) (*Doc, []string) {
	t.Helper()
	ids, err := NewFactIDs(pattern)
	if err != nil {
		t.Fatal(err)
	}
	md := New(Options{FactIDs: ids, RawHTML: true})
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(NewContext()))
	var refs []*FactRef
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if r, ok := n.(*FactRef); ok && entering {
			refs = append(refs, r)
		}
		return ast.WalkContinue, nil
	})
	hs := NewHoles()
	var found []string
	for _, r := range refs {
		found = append(found, r.ID)
		hs.Fact(r)
	}
	d, err := md.RenderDoc([]byte(src), doc, hs)
	if err != nil {
		t.Fatal(err)
	}
	return d, found
}

// fillFacts links MP-011 and MP-003 to the facts page; other ids are
// unknown.
func fillFacts(t *testing.T, d *Doc) string {
	t.Helper()
	var b bytes.Buffer
	err := d.Fill(&b, func(h Hole) (string, bool) {
		dest := ""
		if h.Kind == HoleFact && (h.Name == "MP-011" || h.Name == "MP-003") {
			dest = "../facts/#" + h.Name
		}
		return FactHTML(h.Name, dest), true
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func link(id string) string { return `<a class="fact-ref" href="../facts/#` + id + `">` + id + `</a>` }

// TestFactIDs finds fact ids in a brief's text, and only there, and links
// those the site defines.
func TestFactIDs(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		found []string
		html  string
	}{
		{"in parentheses after a comma", "(Molycorp site, MP-011).", []string{"MP-011"},
			"<p>(Molycorp site, " + link("MP-011") + ").</p>\n"},
		{"a range links both ends", "(MP-001 to MP-003)", []string{"MP-001", "MP-003"},
			"<p>(MP-001 to " + link("MP-003") + ")</p>\n"},
		{"a range with a dash", "MP-003–MP-011; MP-011, MP-011.", []string{"MP-003", "MP-011", "MP-011", "MP-011"},
			"<p>" + link("MP-003") + "–" + link("MP-011") + "; " + link("MP-011") + ", " + link("MP-011") + ".</p>\n"},
		{"an unknown id stays text", "COVID-19 and RES-054", []string{"COVID-19", "RES-054"},
			"<p>COVID-19 and RES-054</p>\n"},
		{"emphasis, a table cell, a list", "**MP-011** _MP-003_\n\n| a | b |\n|---|---|\n| MP-011 | x |\n\n- MP-003\n", []string{"MP-011", "MP-003", "MP-011", "MP-003"},
			"<p><strong>" + link("MP-011") + "</strong> <em>" + link("MP-003") + "</em></p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>" + link("MP-011") + "</td>\n<td>x</td>\n</tr>\n</tbody>\n</table>\n<ul>\n<li>" + link("MP-003") + "</li>\n</ul>\n"},
		{"line breaks kept", "see MP-011\nand MP-003  \nend", []string{"MP-011", "MP-003"},
			"<p>see " + link("MP-011") + "\nand " + link("MP-003") + "<br>\nend</p>\n"},
		{"Chinese text around", "见MP-011的记录（MP-003）。", []string{"MP-011", "MP-003"},
			"<p>见" + link("MP-011") + "的记录（" + link("MP-003") + "）。</p>\n"},
		{"not in code", "`MP-011` and\n\n```\nMP-011\n```\n\n    MP-011\n", nil,
			"<p><code>MP-011</code> and</p>\n<pre><code>MP-011\n</code></pre>\n<pre><code>MP-011\n</code></pre>\n"},
		{"not in links, URLs or image descriptions", "[MP-011](https://x.org/) https://x.org/MP-011 <https://x.org/MP-003> ![MP-011](a.png) [[MP-011]]", nil,
			`<p><a href="https://x.org/">MP-011</a> <a href="https://x.org/MP-011">https://x.org/MP-011</a> <a href="https://x.org/MP-003">https://x.org/MP-003</a> <img src="a.png" alt="MP-011"> <span class="wikilink broken" title="No brief named MP-011">MP-011</span></p>` + "\n"},
		{"not in headings, math, tags, citations or HTML attributes", "## MP-011\n\n$MP-011$ #MP-011 [@MP-011] <b title=\"MP-011\">MP-003</b>", []string{"MP-003"},
			`<h2 id="mp-011">MP-011</h2>` + "\n" + `<p><span class="math math-inline">MP-011</span> <span class="tag">#MP-011</span> <span class="cite-missing" title="No source has this id">[@MP-011]</span> <b title="MP-011">` + link("MP-003") + "</b></p>\n"},
		{"not inside words", "XMP-011a aMP-011 a_MP-011 MP-011b MP-011-b CORP-MP-011 x@MP-011 MP-011.5 MP-011_ mp-011 Ünter-1 éMP-011", nil,
			"<p>XMP-011a aMP-011 a_MP-011 MP-011b MP-011-b CORP-MP-011 x@MP-011 MP-011.5 MP-011_ mp-011 Ünter-1 éMP-011</p>\n"},
		{"a longer id is another id", "XMP-011 MP-0110 MP-011/MP-003", []string{"XMP-011", "MP-0110", "MP-011", "MP-003"},
			"<p>XMP-011 MP-0110 " + link("MP-011") + "/" + link("MP-003") + "</p>\n"},
		{"escaped text around", `\*MP-011\* &amp; MP-003`, []string{"MP-011", "MP-003"},
			"<p>*" + link("MP-011") + "* &amp; " + link("MP-003") + "</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, found := factDoc(t, DefaultFactIDs, tt.src)
			if !slices.Equal(found, tt.found) {
				t.Errorf("found %q, want %q", found, tt.found)
			}
			if got := fillFacts(t, d); got != tt.html {
				t.Errorf("got\n%s\nwant\n%s", got, tt.html)
			}
		})
	}
}

// TestFactIDsPattern: another pattern, matched by its regexp.
func TestFactIDsPattern(t *testing.T) {
	_, found := factDoc(t, `F[0-9]+|N°[0-9]+`, "F12 and F3, not F12a or F; N°7 and 见F8。")
	if want := []string{"F12", "F3", "N°7", "F8"}; !slices.Equal(found, want) {
		t.Errorf("found %q, want %q", found, want)
	}
	for _, bad := range []string{"[", "a*"} {
		if _, err := NewFactIDs(bad); err == nil {
			t.Errorf("pattern %q accepted", bad)
		}
	}
	ids, _ := NewFactIDs(DefaultFactIDs)
	for id, want := range map[string]bool{"MP-011": true, "PRODC-8": true, "mp-011": false, "MP-011 ": false, "MP": false} {
		if ids.Is(id) != want {
			t.Errorf("Is(%q) = %v", id, !want)
		}
	}
}

// TestFactIDsFast: the default pattern, found without the regexp, finds
// what the regexp finds.
func TestFactIDsFast(t *testing.T) {
	fast, _ := NewFactIDs(DefaultFactIDs)
	slow := &FactIDs{re: fast.re, whole: fast.whole}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"A", "M", "P", "Z", "a", "x", "0", "1", "9", "-", "-", "-", " ", ".", "_", "@", "/", "见", "é", "–"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(16) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		src := []byte(b.String())
		// The range is part of src, so the bytes around it count.
		start, end := 0, len(src)
		if len(src) > 2 {
			start, end = 1, len(src)-1
		}
		if f, s := fast.Find(src, start, end, 0, len(src)), slow.Find(src, start, end, 0, len(src)); !slices.Equal(f, s) {
			t.Fatalf("%q[%d:%d]: fast %v, regexp %v", src, start, end, f, s)
		}
	}
}

// BenchmarkFactIDs measures finding fact ids in prose with few of them.
func BenchmarkFactIDs(b *testing.B) {
	src := bytes.Repeat([]byte("The Mountain Pass mine in California produced 45,000 t REO in 2024 (MP-032), up from 2023-01. "), 100)
	fast, _ := NewFactIDs(DefaultFactIDs)
	slow := &FactIDs{re: fast.re, whole: fast.whole}
	for _, f := range []struct {
		name string
		ids  *FactIDs
	}{{"fast", fast}, {"regexp", slow}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				f.ids.Find(src, 0, len(src), 0, len(src))
			}
		})
	}
}
