package graph

import (
	"cmp"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (go test -update rewrites it); got:\n%s", path, got)
	}
}

// mines is a small site: a mine operated by a company, located in a
// country, written about by a policy and a concept.
func mines() *Graph {
	nodes := []Node{
		{Title: "Mountain Pass mine", URL: "mines/mountain-pass/", Type: "mine", Tags: []string{"usa"}}, // 0
		{Title: "MP Materials", URL: "companies/mp/", Type: "company", Tags: []string{"usa"}},           // 1
		{Title: "United States", URL: "countries/us/", Type: "country"},                                 // 2
		{Title: "Export quotas", URL: "concepts/quotas/", Type: "concept"},                              // 3
		{Title: "China", URL: "countries/china/", Type: "country"},                                      // 4
		{Title: "DPA Title III", URL: "policy/dpa/", Type: "policy", Tags: []string{"usa", "defense"}},  // 5
		{Title: "Glossary", URL: "glossary/"},                                                           // 6
		{Title: "Lynas", URL: "companies/lynas/", Type: "company"},                                      // 7
	}
	edges := []Edge{
		{From: 0, To: 1, Kind: Relation, Label: "operated by"},
		{From: 0, To: 1}, // a text link too: one edge, a relation
		{From: 0, To: 2, Kind: Relation, Label: "located in"},
		{From: 0, To: 3},
		{From: 5, To: 0}, // links here only
		{From: 1, To: 0}, // both ways
		{From: 3, To: 4},
		{From: 2, To: 4},
		{From: 1, To: 2, Kind: Relation, Label: "based in"},
		{From: 5, To: 6},
		{From: 7, To: 4},
		{From: 4, To: 4}, // to itself: dropped
		{From: 6, To: 9}, // to nothing: dropped
	}
	return New(nodes, edges)
}

func TestNew(t *testing.T) {
	g := mines()
	// 13 given: one twice, one to itself, one to nothing.
	if len(g.Edges) != 10 {
		t.Fatalf("%d edges, want 10: %+v", len(g.Edges), g.Edges)
	}
	if e := g.Edges[0]; e != (Edge{From: 0, To: 1, Kind: Relation, Label: "operated by"}) {
		t.Errorf("a link and a relation between the same two: %+v, want one relation", e)
	}
	g2 := New(g.Nodes, []Edge{{From: 1, To: 2, Kind: Relation, Label: "b"}, {From: 1, To: 2, Kind: Relation, Label: "a"}, {From: 1, To: 2, Kind: Relation, Label: "b"}})
	if got := g2.Edges[0].Label; got != "a, b" {
		t.Errorf("labels %q, want %q", got, "a, b")
	}
	if want := []string{"company", "concept", "country", "mine", "policy"}; !reflect.DeepEqual(g.Types, want) {
		t.Errorf("types %v, want %v", g.Types, want)
	}
	if g.Find("countries/china/") != 4 || g.Find("nowhere/") != -1 {
		t.Error("Find")
	}
	if g.Degree(4) != 3 {
		t.Errorf("China's degree %d, want 3", g.Degree(4))
	}
}

// TestEdgeOrder checks byFromTo against a stable sort by From, then To,
// on edges as a site gives them (by From, a few each, relations from
// anywhere) and on edges in no order, some from nodes that are not there.
func TestEdgeOrder(t *testing.T) {
	const n = 50
	rnd := rand.New(rand.NewPCG(1, 2))
	site := func() []Edge {
		var es []Edge
		for from := range n {
			for range rnd.IntN(6) {
				es = append(es, Edge{From: from, To: rnd.IntN(n), Label: fmt.Sprint(len(es))})
			}
			if rnd.IntN(4) == 0 {
				es = append(es, Edge{From: rnd.IntN(n), To: from, Kind: Relation, Label: fmt.Sprint(len(es))})
			}
		}
		return es
	}
	shuffled := func() []Edge {
		var es []Edge
		for i := range 400 {
			es = append(es, Edge{From: rnd.IntN(n+4) - 2, To: rnd.IntN(n), Label: fmt.Sprint(i)})
		}
		return es
	}
	for name, edges := range map[string][]Edge{"site": site(), "shuffled": shuffled(), "none": nil} {
		var want []Edge
		for _, e := range edges {
			if e.From >= 0 && e.From < n {
				want = append(want, e)
			}
		}
		slices.SortStableFunc(want, func(a, b Edge) int { return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To)) })
		if got := byFromTo(edges, n); !slices.Equal(got, want) {
			t.Errorf("%s: got\n%v\nwant\n%v", name, got, want)
		}
	}
}

// shown describes a local graph's nodes as "title/depth/side/label".
func shown(l *Local) []string {
	var out []string
	sides := map[Side]string{Centre: "C", Left: "L", Right: "R"}
	for _, n := range l.Nodes {
		s := l.g.Nodes[n.Node].Title + "/" + string(rune('0'+n.Depth)) + "/" + sides[n.Side]
		if n.Label != "" {
			s += "/" + n.Label
		}
		out = append(out, s)
	}
	return out
}

func TestLocal(t *testing.T) {
	g := mines()
	for _, c := range []struct {
		name              string
		centre            int
		lim               Limits
		want              []string
		moreNear, moreFar int
		edges             int
	}{
		{
			name:   "mine",
			centre: 0, lim: DefaultLimits,
			// Typed relations first (by label), on the side where they
			// read left to right; links both ways before one way.
			want: []string{
				"Mountain Pass mine/0/C",
				"DPA Title III/1/L",
				"Glossary/2/L",
				"United States/1/R/located in",
				"MP Materials/1/R/operated by",
				"Export quotas/1/R",
				"China/2/R",
			},
			edges: 9,
		},
		{
			name:   "company: the mine's relation reads from the left",
			centre: 1, lim: DefaultLimits,
			want: []string{
				"MP Materials/0/C",
				"Mountain Pass mine/1/L/operated by",
				"DPA Title III/2/L",
				"Export quotas/2/L",
				"United States/1/R/based in",
				"China/2/R",
			},
			edges: 8,
		},
		{
			name:   "capped: the strongest neighbours, the best linked beyond",
			centre: 0, lim: Limits{Near: 2, Total: 4},
			want: []string{
				"Mountain Pass mine/0/C",
				"United States/1/R/located in",
				"MP Materials/1/R/operated by",
				"China/2/R",
			},
			moreNear: 2, moreFar: 1,
			edges: 5,
		},
		{
			name:   "alone",
			centre: 6, lim: DefaultLimits,
			want:  []string{"Glossary/0/C", "DPA Title III/1/L", "Mountain Pass mine/2/L"},
			edges: 2,
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := g.Local(c.centre, c.lim)
			if got := shown(l); !reflect.DeepEqual(got, c.want) {
				t.Errorf("nodes\n got %q\nwant %q", got, c.want)
			}
			if l.MoreNear != c.moreNear || l.MoreFar != c.moreFar {
				t.Errorf("more: %d near, %d far; want %d, %d", l.MoreNear, l.MoreFar, c.moreNear, c.moreFar)
			}
			if len(l.Edges) != c.edges {
				t.Errorf("%d edges, want %d: %+v", len(l.Edges), c.edges, l.Edges)
			}
			for _, e := range l.Edges {
				if e.From >= len(l.Nodes) || e.To >= len(l.Nodes) {
					t.Errorf("edge %+v leaves the nodes shown", e)
				}
			}
		})
	}
}

// TestLocalBounded: however linked a brief, its graph has at most the
// limit's nodes, and says how many it leaves out.
func TestLocalBounded(t *testing.T) {
	var nodes []Node
	var edges []Edge
	for i := range 200 {
		nodes = append(nodes, Node{Title: "Brief " + string(rune('A'+i%26)) + string(rune('a'+i/26)), URL: "b" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "/"})
		if i > 0 {
			edges = append(edges, Edge{From: i, To: 0})             // everyone links to the hub
			edges = append(edges, Edge{From: i, To: (i*7)%199 + 1}) // and to another
		}
	}
	g := New(nodes, edges)
	for _, c := range []int{0, 5} {
		l := g.Local(c, DefaultLimits)
		if len(l.Nodes) > DefaultLimits.Total {
			t.Errorf("centre %d: %d nodes, limit %d", c, len(l.Nodes), DefaultLimits.Total)
		}
		near := 0
		for _, n := range l.Nodes {
			if n.Depth == 1 {
				near++
			}
		}
		if near+l.MoreNear != len(g.adj[c]) && c == 0 {
			t.Errorf("centre %d: %d shown + %d more near, want %d", c, near, l.MoreNear, len(g.adj[c]))
		}
		if c == 5 && l.MoreFar < 150 {
			t.Errorf("through the hub, %d more two links away; want the rest of the site", l.MoreFar)
		}
		if a, b := l.Figure("g", func(u string) string { return u }, ""), g.Local(c, DefaultLimits).Figure("g", func(u string) string { return u }, ""); a != b {
			t.Error("the same graph drew two figures")
		}
	}
}

// TestLocalFarChoice checks the nodes two links away that a local graph
// shows against every candidate sorted in full: the most links with the
// neighbours shown (a typed relation counting half a link more), then the
// most linked, then by title; and the count of the others.
func TestLocalFarChoice(t *testing.T) {
	const near, far = 6, 300
	var nodes []Node
	var edges []Edge
	for i := range 1 + near + far {
		nodes = append(nodes, Node{Title: fmt.Sprintf("Brief %03d", (i*37)%(1+near+far)), URL: fmt.Sprintf("b%d/", i)})
	}
	for n := 1; n <= near; n++ {
		edges = append(edges, Edge{From: 0, To: n})
	}
	for f := 1 + near; f < len(nodes); f++ {
		for k := range 1 + f%3 { // one to three neighbours
			e := Edge{From: f, To: 1 + (f*(k+3))%near}
			if f%11 == 0 {
				e.Kind, e.Label = Relation, "part of"
			}
			edges = append(edges, e)
		}
		if f%5 == 0 { // some are linked more elsewhere
			edges = append(edges, Edge{From: f, To: 1 + near + (f*13)%far})
		}
	}
	g := New(nodes, edges)
	l := g.Local(0, DefaultLimits)
	defer l.Free()

	links, rel := map[int]int{}, map[int]bool{}
	for n := 1; n <= near; n++ {
		for _, h := range g.adj[n] {
			if o := int(h.other); o > near {
				links[o]++
				rel[o] = rel[o] || g.Edges[h.edge].Kind == Relation
			}
		}
	}
	type cand struct{ node, score, degree int }
	var all []cand
	for o, n := range links {
		c := cand{o, 2 * n, g.Degree(o)}
		if rel[o] {
			c.score++
		}
		all = append(all, c)
	}
	slices.SortFunc(all, func(a, b cand) int {
		return cmp.Or(b.score-a.score, b.degree-a.degree, g.byTitle(a.node, b.node))
	})
	keep := DefaultLimits.Total - 1 - near
	var want, got []int
	for _, c := range all[:keep] {
		want = append(want, c.node)
	}
	for _, n := range l.Nodes {
		if n.Depth == 2 {
			got = append(got, n.Node)
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("two links away, shown:\n got %v\nwant %v", got, want)
	}
	if l.MoreFar != len(all)-keep {
		t.Errorf("MoreFar = %d, want %d", l.MoreFar, len(all)-keep)
	}
}

// TestLocalFigure holds the SVG of two local graphs to golden files: the
// same input always gives the same bytes.
func TestLocalFigure(t *testing.T) {
	g := mines()
	link := func(u string) string { return "../../" + u }
	golden(t, "mine.html", g.Local(0, DefaultLimits).Figure("graph", link, "../../graph/")+"\n")
	golden(t, "company.html", g.Local(1, DefaultLimits).Figure("graph", link, "")+"\n")
	fig := g.Local(0, DefaultLimits).Figure("graph", link, "../../graph/")
	for _, want := range []string{
		`<svg class="graph-wide"`, `<svg class="graph-narrow"`,
		`<title id="graph-w-t">Connections of Mountain Pass mine</title>`,
		`<a href="../../companies/mp/"><circle class="g0"`,
		"<tspan class=\"cap\">operated by\u00a0</tspan>",
		`class="e-rel c"`, `class="e-back c"`, `class="e-link c"`,
		`<a href="../../graph/">The whole site’s graph</a>`,
	} {
		if !strings.Contains(fig, want) {
			t.Errorf("the figure lacks %s", want)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, c := range []struct {
		s     string
		width float64
		lines int
		want  []string
	}{
		{"Mountain Pass mine", 20, 2, []string{"Mountain Pass mine"}},
		{"Mountain Pass mine", 9, 2, []string{"Mountain Pass", "mine"}},
		{"Mountain Pass mine", 6, 2, []string{"Mountain", "Pass mine"}},
		{"US Defense Department support for rare earths", 10, 2, []string{"US Defense", "Department…"}},
		{"Supercalifragilisticexpialidocious", 6, 2, []string{"Supercalifr", "agilistice…"}},
		{"稀土产业链与钕镨氧化物", 4, 2, []string{"稀土产业", "链与钕…"}},
		{"", 10, 2, nil},
	} {
		got := wrap(c.s, c.width, c.lines)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("wrap(%q, %v, %d) = %q, want %q", c.s, c.width, c.lines, got, c.want)
		}
		for _, l := range got {
			if textWidth(l) > c.width+0.01 && len([]rune(l)) > 1 {
				t.Errorf("wrap(%q): line %q is %.2f em wide, more than %v", c.s, l, textWidth(l), c.width)
			}
		}
	}
}

func TestOverview(t *testing.T) {
	g := mines()
	groups := []Group{
		{Name: "Countries", URL: "types/country/", Nodes: []int{2, 4}},
		{Name: "Companies", URL: "types/company/", Nodes: []int{1, 7}},
		{Name: "Mines", URL: "types/mine/", Nodes: []int{0}},
		{Name: "Empty"},
		{Name: "USA", URL: "tags/usa/", Nodes: []int{0, 1, 5}}, // overlaps
	}
	o := g.Overview("type", groups)
	var names []string
	for _, gr := range o.Groups {
		names = append(names, gr.Name)
	}
	if want := []string{"USA", "Companies", "Countries", "Mines"}; !reflect.DeepEqual(names, want) {
		t.Errorf("groups %v, want %v (largest first, empty left out)", names, want)
	}
	within := map[string]int{}
	for _, gr := range o.Groups {
		within[gr.Name] = gr.Within
	}
	// Countries: US→China; Companies: none; USA: 0→1 (one edge), 5→0, 1→0.
	if want := map[string]int{"USA": 3, "Companies": 0, "Countries": 1, "Mines": 0}; !reflect.DeepEqual(within, want) {
		t.Errorf("links within %v, want %v", within, want)
	}
	between := map[string]int{}
	for _, l := range o.Links {
		between[o.Groups[l.A].Name+"-"+o.Groups[l.B].Name] = l.N
	}
	// Companies–Countries: MP→US, Lynas→China; Companies–Mines: 0→1, 1→0.
	if between["Companies-Countries"] != 2 || between["Companies-Mines"] != 2 || between["Countries-Mines"] != 1 {
		t.Errorf("links between %v", between)
	}
	if top := o.Top(1, 1); len(top) != 1 || o.Other(top[0], 1).Name == "Companies" {
		t.Errorf("Top(Companies) = %+v", top)
	}
	golden(t, "overview.svg", o.SVG("arcs", func(u string) string { return "../" + u })+"\n")

	var many []Group
	for i := range MaxGroups + 5 {
		many = append(many, Group{Name: string(rune('a' + i)), Nodes: []int{i % len(g.Nodes)}})
	}
	if o := g.Overview("tag", many); len(o.Groups) != MaxGroups || o.Left != 5 {
		t.Errorf("%d groups shown, %d left; want %d and 5", len(o.Groups), o.Left, MaxGroups)
	}
}

func TestData(t *testing.T) {
	g := New([]Node{
		{Title: "A </script><script>alert(1)</script>", URL: "a/", Type: "mine", Tags: []string{"x", "b"}},
		{Title: "B", URL: "b/", Tags: []string{"b"}},
	}, []Edge{{From: 0, To: 1, Kind: Relation, Label: "operated by"}, {From: 1, To: 0}})
	js := string(g.Data())
	if strings.Contains(js, "</script") {
		t.Errorf("the data can end its <script>: %s", js)
	}
	want := `window.LodestoneGraph={"types":["mine"],"tags":["b","x"],"nodes":[["A \u003c/script\u003e\u003cscript\u003ealert(1)\u003c/script\u003e","a/",0,[1,0]],["B","b/",-1,[0]]],"links":[[1],[0]],"rels":[[0,1,"operated by"]]};` + "\n"
	if js != want {
		t.Errorf("data\n got %s\nwant %s", js, want)
	}
}

// TestMarksForget: a reset forgets what was set, also when the stamp wraps
// around, and a larger graph gets longer arrays.
func TestMarksForget(t *testing.T) {
	var m marks
	m.reset(3)
	m.set(1, 7)
	if v, ok := m.get(1); !ok || v != 7 {
		t.Fatalf("get(1) = %d, %v", v, ok)
	}
	m.reset(3)
	m.set(2, 9)
	if _, ok := m.get(1); ok {
		t.Error("1 still set after reset")
	}
	// A stamp set long ago matches nothing after the stamp wraps around.
	m.now = 1
	m.set(2, 9)
	m.now = ^uint32(0)
	m.reset(3)
	if _, ok := m.get(2); ok {
		t.Error("2 set again after the stamp wrapped around")
	}
	m.set(2, 1)
	m.reset(10)
	if _, ok := m.get(2); ok {
		t.Error("2 still set after reset for a larger graph")
	}
	m.set(9, 4)
	if v, ok := m.get(9); !ok || v != 4 {
		t.Errorf("get(9) = %d, %v", v, ok)
	}
}

// TestFigureAfterAnother: drawings reuse their layouts; a small graph
// drawn after a large one is drawn as it was before.
func TestFigureAfterAnother(t *testing.T) {
	var nodes []Node
	var edges []Edge
	for i := range 60 {
		nodes = append(nodes, Node{Title: "A brief with a long title that wraps, number " + string(rune('A'+i%26)) + string(rune('a'+i/26)), URL: "b" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + "/"})
		if i > 0 {
			edges = append(edges, Edge{From: 0, To: i}, Edge{From: i, To: (i*7)%59 + 1})
		}
	}
	big, small := New(nodes, edges), mines()
	link := func(u string) string { return u }
	before := small.Local(1, DefaultLimits).Figure("g", link, "")
	for c := range 3 {
		big.Local(c, DefaultLimits).Figure("g", link, "")
		if after := small.Local(1, DefaultLimits).Figure("g", link, ""); after != before {
			t.Fatalf("drawn after a larger graph:\n%s\nbefore:\n%s", after, before)
		}
	}
}

func FuzzSqueezed(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\u00a0b", "\u00a0a", "a\u0085", "a\u2003", "\u3000a", "\xc2", "a\xe2\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := !(strings.Contains(s, "  ") || strings.ContainsAny(s, "\t\n\r\v\f") || strings.TrimSpace(s) != s)
		if got := squeezed(s); got != want {
			t.Errorf("squeezed(%q) = %v, want %v", s, got, want)
		}
	})
}

// TestRuneWidthTable checks the looked-up widths against the rules they
// were written from.
func TestRuneWidthTable(t *testing.T) {
	rule := func(r rune) float64 {
		switch {
		case r == ' ':
			return 0.32
		case strings.ContainsRune("iljtfrI.,;:'!|()[]", r):
			return 0.36
		case r == 'm' || r == 'w' || r == 'M' || r == 'W' || r == '—' || r == '%':
			return 0.9
		case r >= 'A' && r <= 'Z':
			return 0.7
		case r < 0x80:
			return 0.6
		case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || (r >= 0xFF00 && r <= 0xFFEF):
			return 1
		}
		return 0.62
	}
	for r := range rune(0x3100) {
		if got, want := runeWidth(r), rule(r); got != want {
			t.Errorf("runeWidth(%q) = %v, want %v", r, got, want)
		}
	}
	for _, r := range []rune{'中', 'あ', 'ア', '한', 'Ａ', '😀', utf8.RuneError} {
		if got, want := runeWidth(r), rule(r); got != want {
			t.Errorf("runeWidth(%q) = %v, want %v", r, got, want)
		}
	}
}

// TestWriterNumber checks writer.n against strconv for coordinates of
// every size and sign, at tenths and between them.
func TestWriterNumber(t *testing.T) {
	ref := func(v float64) string {
		t := int64(math.Round(v * 10))
		s := ""
		if t < 0 {
			s, t = "-", -t
		}
		s += strconv.FormatInt(t/10, 10)
		if d := t % 10; d != 0 {
			s += "." + strconv.FormatInt(d, 10)
		}
		return s
	}
	vals := []float64{0, 0.04, 0.05, 0.06, -0.04, -0.05, 9.95, 99.96, 999.94, 9999.9, 9999.95, 10000, 123456.78, -360, -0.5, 1e12}
	for i := range 3000 {
		vals = append(vals, float64(i)*3.7-500, float64(i)/7)
	}
	for _, v := range vals {
		w := &writer{}
		w.n(v)
		if got, want := string(w.b), ref(v); got != want {
			t.Errorf("n(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestWriterEsc: the drawing's escaper writes what html/template writes
// for text and quoted attributes (& < > " '), and copies the rest.
func TestWriterEsc(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Mountain Pass", "Mountain Pass"},
		{`AT&T <b> "q" 'a'`, "AT&amp;T &lt;b&gt; &#34;q&#34; &#39;a&#39;"},
		{"&&", "&amp;&amp;"},
		{"é—中 <", "é—中 &lt;"},
		{">end", "&gt;end"},
	} {
		w := &writer{b: []byte("x")}
		w.esc(tc.in)
		if got := string(w.b[1:]); got != tc.want {
			t.Errorf("esc(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestFigureHrefs: each node's link is written once for both drawings,
// escaped for the attribute, whatever the link function gives.
func TestFigureHrefs(t *testing.T) {
	g := mines()
	links := map[string]string{
		"companies/mp/":        `mp?a=1&b="2"`,
		"countries/us/":        "us/<x>'y'",
		"concepts/quotas/":     "quotas/",
		"policy/dpa/":          "dpa/",
		"countries/china/":     "../../countries/china/",
		"mines/mountain-pass/": "never-asked",
	}
	link := func(u string) string { return links[u] }
	fig := g.Local(0, DefaultLimits).Figure("g", link, "")
	for _, want := range []string{
		`<a href="mp?a=1&amp;b=&#34;2&#34;">`,
		`<a href="us/&lt;x&gt;&#39;y&#39;">`,
		`<a href="quotas/">`,
		`<a href="dpa/">`,
		`<a href="../../countries/china/">`,
	} {
		if n := strings.Count(fig, want); n != 2 {
			t.Errorf("%s is in the figure %d times, want 2 (one per drawing)", want, n)
		}
	}
	if strings.Contains(fig, "never-asked") {
		t.Error("the centre has a link")
	}
}

// TestTitleWidth: a title placed through its width measured when the
// graph was made is placed as wrapping it gives, for titles of every
// length around the room a label has in either drawing.
func TestTitleWidth(t *testing.T) {
	var titles []string
	for n := range 90 {
		titles = append(titles, strings.Repeat("m", n), strings.Repeat("Rare earth ", n/10+1)[:n], strings.Repeat("稀", n/3))
	}
	titles = append(titles, " spaced ", "a  b", "tab\there")
	for _, title := range titles {
		g := New([]Node{{Title: "Centre", URL: "c/"}, {Title: title, URL: "t/"}, {Title: "In", URL: "i/"}}, []Edge{{From: 0, To: 1}, {From: 2, To: 0}, {From: 2, To: 1}})
		for _, d := range []drawing{wide, narrow} {
			for _, c := range []int{0, 2} { // the title as a neighbour, and two links away
				l := g.Local(c, DefaultLimits)
				var fast, slow layout
				l.place(&fast, d)
				w := g.width[1]
				g.width[1] = -1 // wrapped as any title is
				l.place(&slow, d)
				g.width[1] = w
				for i := range fast.nodes {
					if f, s := fast.nodes[i], slow.nodes[i]; !reflect.DeepEqual(f.lines, s.lines) || f.cut != s.cut {
						t.Errorf("%s, centre %d: %q placed as %q (cut %v), wrapped %q (cut %v)", d.id, c, title, f.lines, f.cut, s.lines, s.cut)
					}
				}
				l.Free()
			}
		}
	}
}

// TestLocalEdges: a local graph's edges are every edge of the graph
// between two nodes it shows, each once, sorted by From then To, with its
// kind and label.
func TestLocalEdges(t *testing.T) {
	var nodes []Node
	var edges []Edge
	for i := range 120 {
		nodes = append(nodes, Node{Title: "Brief " + strconv.Itoa(i), URL: "b" + strconv.Itoa(i) + "/"})
	}
	for i := range 120 {
		for _, j := range []int{(i*7 + 3) % 120, (i*13 + 5) % 120, (i + 1) % 120} {
			e := Edge{From: i, To: j}
			if (i+j)%3 == 0 {
				e.Kind, e.Label = Relation, "rel "+strconv.Itoa(i%3)
			}
			edges = append(edges, e)
		}
	}
	g := New(nodes, edges)
	for c := range 120 {
		l := g.Local(c, DefaultLimits)
		var want []Edge
		for from, a := range l.Nodes {
			for to, b := range l.Nodes {
				for _, e := range g.Edges {
					if e.From == a.Node && e.To == b.Node {
						want = append(want, Edge{From: from, To: to, Kind: e.Kind, Label: e.Label})
					}
				}
			}
		}
		if !reflect.DeepEqual(l.Edges, want) {
			t.Fatalf("centre %d: edges %v, want %v", c, l.Edges, want)
		}
		l.Free()
	}
}
