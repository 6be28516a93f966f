package brief

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

func parse(t *testing.T, src string) (*Brief, []string) {
	t.Helper()
	b, diags := Parse("content/x/a.md", "x/a.md", []byte(src), markdown.New(markdown.Options{}))
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Error())
	}
	return b, msgs
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"2025", "2025", ""},
		{"2025-07", "2025-07", ""},
		{"2025-07-10", "2025-07-10", ""},
		{"2024-02-29", "2024-02-29", ""},
		{"2025-07-10T09:30:00Z", "2025-07-10", ""},
		{"2025-13-01", "", "month 13 is out of range"},
		{"2023-02-29", "", "day 29 is out of range"},
		{"2025-7", "", "is not a date"},
		{"25", "", "is not a date"},
		{"soon", "", "is not a date"},
		{"2025-Q3", "2025-Q3", ""},
		{"2025-q1", "2025-Q1", ""},
		{"2025-Q5", "", "quarter 5 is out of range"},
		{"~1965", "~1965", ""},
		{"2012..2015", "2012..2015", ""},
		{"2023-07..2024-Q1", "2023-07..2024-Q1", ""},
		{"2015..2012", "", "the range ends before it starts"},
		{"~", "", "is not a date"},
		{"2025-07-10-01", "", "is not a date"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDate(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || d.String() != tt.want {
				t.Fatalf("ParseDate(%q) = %v, %v; want %s", tt.in, d, err, tt.want)
			}
		})
	}
}

func TestDateOrder(t *testing.T) {
	in := []string{"2025-07-10", "2025", "2024-12-31", "2025-07", "2025-01", "2025-Q3", "2025-Q1", "~2025", "2025..2026", "2025-06"}
	want := []string{"2024-12-31", "2025", "~2025", "2025..2026", "2025-Q1", "2025-01", "2025-06", "2025-Q3", "2025-07", "2025-07-10"}
	var ds []Date
	for _, s := range in {
		d, _ := ParseDate(s)
		ds = append(ds, d)
	}
	for i := range ds {
		for j := i + 1; j < len(ds); j++ {
			if ds[j].Compare(ds[i]) < 0 {
				ds[i], ds[j] = ds[j], ds[i]
			}
		}
	}
	for i, d := range ds {
		if d.String() != want[i] {
			t.Errorf("position %d: %s, want %s", i, d, want[i])
		}
	}
}

func TestFields(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		check func(t *testing.T, b *Brief)
		diags []string
	}{
		{
			name: "all known fields",
			src: "---\ntitle: T\ntype: mine\ndate: 2025-07\nupdated: 2025-08-01\ntags: [a, '#b', c/d]\naliases: A\nsummary: S\ndraft: false\nslug: s\n" +
				"events:\n  - {date: 2020, title: E, note: N}\nsources:\n  - plain\n  - {title: MCS, url: 'https://x'}\nextra: 5\n---\nBody.\n",
			check: func(t *testing.T, b *Brief) {
				got := []string{b.Title, b.Type, b.Date.String(), b.Updated.String(), strings.Join(b.Tags, ","), strings.Join(b.Aliases, ","), b.Summary, b.Slug}
				want := []string{"T", "mine", "2025-07", "2025-08-01", "a,b,c/d", "A", "S", "s"}
				if strings.Join(got, "|") != strings.Join(want, "|") {
					t.Errorf("got %q, want %q", got, want)
				}
				if len(b.Events) != 1 || b.Events[0].Note != "N" || b.Events[0].Pos.Line != 12 {
					t.Errorf("events = %+v", b.Events)
				}
				if len(b.Sources) != 2 || b.Sources[0].Title != "plain" || b.Sources[1].URL != "https://x" {
					t.Errorf("sources = %+v", b.Sources)
				}
				if b.Params["extra"] != 5 {
					t.Errorf("params = %v", b.Params)
				}
			},
			// "#b" and aliases written as text are read as Obsidian reads
			// them, without a word.
		},
		{
			name: "title falls back to file name, summary to first paragraph",
			src:  "First *para*graph with `code`\nand a [[link|label]].\n\nSecond.\n",
			check: func(t *testing.T, b *Brief) {
				if b.Title != "a" || b.Summary != "First paragraph with code and a label." || !b.SummaryFromBody {
					t.Errorf("title %q summary %q (from body %v)", b.Title, b.Summary, b.SummaryFromBody)
				}
			},
		},
		{
			name: "the summary skips an embed alone and a paragraph with math",
			src:  "![[Glossary]]\n\nThe phase $Nd_2Fe_{14}B$ is hard.\n\nMagnets are strong.\n",
			check: func(t *testing.T, b *Brief) {
				if b.Summary != "Magnets are strong." {
					t.Errorf("summary %q", b.Summary)
				}
			},
		},
		{
			name: "with only math to summarise, the summary has it",
			src:  "The phase $x^2$ is hard.\n",
			check: func(t *testing.T, b *Brief) {
				if b.Summary != "The phase x^2 is hard." {
					t.Errorf("summary %q", b.Summary)
				}
			},
		},
		{
			name: "a summary given is not from the body",
			src:  "---\nsummary: S\n---\nBody.\n",
			check: func(t *testing.T, b *Brief) {
				if b.Summary != "S" || b.SummaryFromBody {
					t.Errorf("summary %q from body %v", b.Summary, b.SummaryFromBody)
				}
			},
		},
		{
			name:  "comma tags and null lists",
			src:   "---\ntags: a, b ,\naliases:\n---\n",
			check: func(t *testing.T, b *Brief) { checkEq(t, strings.Join(b.Tags, "|"), "a|b") },
		},
		{
			name:  "null and empty list items",
			src:   "---\ntags:\n- a\n- \n---\n",
			check: func(t *testing.T, b *Brief) { checkEq(t, strings.Join(b.Tags, "|"), "a") },
		},
		{
			name: "draft as text or with no value, aliases that are not text",
			src:  "---\ndraft:\naliases:\n- A\n- {x: 1}\n- 2\n---\n",
			check: func(t *testing.T, b *Brief) {
				checkEq(t, fmt.Sprint(b.Draft, b.Aliases), "false [A 2]")
			},
		},
		{
			name: "publishing properties: publish: false, description, and others not kept as fields",
			src:  "---\npublish: false\ndescription: About it.\npermalink: /x/y\ncssclasses: [wide]\nenableToc: true\ncapacity: 5\n---\nBody.\n",
			check: func(t *testing.T, b *Brief) {
				checkEq(t, fmt.Sprint(b.Unpublished, b.Hidden(true), b.Draft, " ", b.Summary, " ", len(b.Params), b.Params["capacity"]), "true true false About it. 1 5")
			},
		},
		{
			name:  "summary wins over description; publish: true publishes",
			src:   "---\ndescription: D\nsummary: S\npublish: true\n---\n",
			check: func(t *testing.T, b *Brief) { checkEq(t, fmt.Sprint(b.Draft, b.Summary), "falseS") },
		},
		{
			name: "a leading # Title that repeats the title is not shown twice",
			src:  "# A\n\nBody [[x]].\n",
			check: func(t *testing.T, b *Brief) {
				var out strings.Builder
				if err := b.Body.Fill(&out, func(markdown.Hole) (string, bool) { return "", false }); err != nil {
					t.Fatal(err)
				}
				checkEq(t, fmt.Sprint(strings.Contains(out.String(), "<h1"), len(b.Headings), b.Links[0].Target, strings.Contains(b.Text(), "A Body")), "false 1xfalse")
			},
		},
		{
			name: "with no title: a leading # heading is the title, shown once",
			src:  "# Magnet garden\n\nWelcome.\n",
			check: func(t *testing.T, b *Brief) {
				var out strings.Builder
				if err := b.Body.Fill(&out, func(markdown.Hole) (string, bool) { return "", false }); err != nil {
					t.Fatal(err)
				}
				checkEq(t, fmt.Sprint(b.Title, "|", b.TitleFromHeading, "|", strings.Contains(out.String(), "<h1")), "Magnet garden|true|false")
			},
		},
		{
			name: "a leading # heading that is not the title stays",
			src:  "---\ntitle: T\n---\n# Other\n\nBody.\n",
			check: func(t *testing.T, b *Brief) {
				var out strings.Builder
				_ = b.Body.Fill(&out, func(markdown.Hole) (string, bool) { return "", false })
				checkEq(t, fmt.Sprint(strings.Contains(out.String(), `<h1 id="other">Other</h1>`)), "true")
			},
		},
		{
			name:  "draft as text",
			src:   "---\ndraft: \"True\"\n---\n",
			check: func(t *testing.T, b *Brief) { checkEq(t, fmt.Sprint(b.Draft), "true") },
		},
		{
			name:  "wrong kinds",
			src:   "---\ntitle: [x]\ndraft: \"yes\"\nevents: 3\n---\n",
			diags: []string{"content/x/a.md:2:8: warning: front matter: title: expected text, got a list", `content/x/a.md:3:8: warning: front matter: draft: expected true or false, got string "yes"`, "content/x/a.md:4:9: warning: front matter: events: expected a list of {date, title, note}, got a 3"},
		},
		{
			name:  "event without title",
			src:   "---\nevents:\n  - date: 2020\n---\n",
			diags: []string{"content/x/a.md:3:5: warning: front matter: events[0]: missing title"},
		},
		{
			name:  "invalid utf-8",
			src:   "ok\nab\xffc\n",
			diags: []string{"content/x/a.md:2:3: warning: invalid UTF-8 (byte 0xff); save the file as UTF-8"},
		},
		{
			name:  "empty file",
			src:   "\n",
			diags: []string{"content/x/a.md: warning: empty file"},
		},
		{
			name: "positions of links and headings count front matter lines",
			src:  "---\ntitle: T\n---\n\n## Héading\n\nSee [[Other#Part]] and [b](../b.md).\n",
			check: func(t *testing.T, b *Brief) {
				if len(b.Headings) != 1 || b.Headings[0].ID != "héading" || b.Headings[0].Pos.Line != 5 {
					t.Errorf("headings = %+v", b.Headings)
				}
				if len(b.Links) != 2 {
					t.Fatalf("links = %+v", b.Links)
				}
				l := b.Links[0]
				checkEq(t, l.Pos.String()+" "+l.Target+"#"+l.Fragment, "content/x/a.md:7:5 Other#Part")
				l = b.Links[1]
				checkEq(t, l.Pos.String()+" "+l.Target, "content/x/a.md:7:24 ../b.md")
			},
		},
		{
			name: "external links are not site links",
			src:  "[a](https://x.org/a.md) [b](mailto:x@y) [c](//cdn/x.md) [d](../types/) ![e](https://x/e.png)\n",
			check: func(t *testing.T, b *Brief) {
				if len(b.Links) != 0 {
					t.Errorf("links = %+v", b.Links)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, diags := parse(t, tt.src)
			if tt.check != nil {
				tt.check(t, b)
			}
			checkEq(t, strings.Join(diags, "\n"), strings.Join(tt.diags, "\n"))
		})
	}
}

func checkEq(t *testing.T, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDateHuman(t *testing.T) {
	for in, want := range map[string]string{
		"2025": "2025", "2025-07": "July 2025", "2025-07-10": "10 July 2025", "2023-Q3": "Q3 2023",
		"~1965": "c. 1965", "2012..2015": "2012–2015", "2023-07..2024-03": "July 2023–March 2024",
	} {
		d, err := ParseDate(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Human(); got != want {
			t.Errorf("%s: Human() = %q, want %q", in, got, want)
		}
	}
}

// TestDateInYear: under a heading of its year a date leaves the year
// out (a year alone is empty), except an approximate year, a range of
// years and a range's end in another year.
func TestDateInYear(t *testing.T) {
	for in, want := range map[string]string{
		"2025": "", "2025-07": "Jul", "2025-09-10": "10 Sep", "2023-Q3": "Q3", "~2025-06": "c. Jun",
		"~1965": "c. 1965", "2012..2015": "2012–2015", "2023-07..2023-09-30": "Jul–30 Sep",
		"2023-Q3..2024-Q1": "Q3–Q1 2024", "2024-02..2024-12": "Feb–Dec",
	} {
		d, err := ParseDate(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.InYear(); got != want {
			t.Errorf("%s: InYear() = %q, want %q", in, got, want)
		}
	}
}

// TestDateBounds: the first and last day a date may mean, as precise as
// it is known.
func TestDateBounds(t *testing.T) {
	for in, want := range map[string][2]string{
		"2025": {"2025", "2025"}, "2025-07-10": {"2025-07-10", "2025-07-10"}, "2023-Q3": {"2023-07", "2023-09"},
		"2012..2015": {"2012", "2015"}, "2023-Q4..2024-03-05": {"2023-10", "2024-03-05"}, "~1965": {"1965", "1965"},
	} {
		d, err := ParseDate(in)
		if err != nil {
			t.Fatal(err)
		}
		if f, to := d.Bounds(); f != want[0] || to != want[1] {
			t.Errorf("%s: Bounds() = %q, %q, want %q", in, f, to, want)
		}
	}
}

// TestParseLaterSame: a brief parsed by ParseLater renders, when asked
// (from several goroutines at once), the same body and text as Parse, and
// is otherwise the same brief. Run on this repository's briefs.
// TestFactIDsOfBrief: a brief lists the fact ids of its text once each,
// in order, and its text for search keeps them.
func TestFactIDsOfBrief(t *testing.T) {
	ids, err := markdown.NewFactIDs(markdown.DefaultFactIDs)
	if err != nil {
		t.Fatal(err)
	}
	md := markdown.New(markdown.Options{FactIDs: ids})
	b, _ := Parse("content/a.md", "a.md", []byte("---\ntitle: A\nevents: [{date: 2020, title: Not MP-099}]\n---\nSold in 2017 (MP-020, MP-001 to MP-003); see MP-020 and `MP-098`.\n"), md)
	if want := []string{"MP-020", "MP-001", "MP-003"}; !slices.Equal(b.FactIDs, want) {
		t.Errorf("FactIDs = %q, want %q", b.FactIDs, want)
	}
	if want := "Sold in 2017 (MP-020, MP-001 to MP-003); see MP-020 and MP-098."; b.Text() != want {
		t.Errorf("Text = %q, want %q", b.Text(), want)
	}
	var html strings.Builder
	if err := b.Body.Fill(&html, func(h markdown.Hole) (string, bool) { return "{" + h.Name + "}", true }); err != nil {
		t.Fatal(err)
	}
	if want := "<p>Sold in 2017 ({MP-020}, {MP-001} to {MP-003}); see {MP-020} and <code>MP-098</code>.</p>\n"; html.String() != want {
		t.Errorf("body = %q, want %q", html.String(), want)
	}
}

func TestParseLaterSame(t *testing.T) {
	ids, err := markdown.NewFactIDs(markdown.DefaultFactIDs)
	if err != nil {
		t.Fatal(err)
	}
	md := markdown.New(markdown.Options{Blocks: []string{"dataview", "table", "chart", "timeline"}, FactIDs: ids})
	files, _ := filepath.Glob("../../content/*/*.md")
	if len(files) < 10 {
		t.Fatalf("only %d briefs found", len(files))
	}
	fill := func(h markdown.Hole) (string, bool) { return fmt.Sprintf("[%d:%d:%s]", h.Kind, h.Index, h.Name), false }
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		now, _ := Parse(f, filepath.Base(f), data, md)
		later, _ := ParseLater(f, filepath.Base(f), data, md)
		if !SameButBody(now, later) {
			t.Errorf("%s: the briefs differ", f)
		}
		var wg sync.WaitGroup
		got := make([]string, 4)
		for i := range got {
			wg.Go(func() {
				doc, err := later.Doc()
				var b strings.Builder
				if err == nil {
					err = doc.Fill(&b, fill)
				}
				if err != nil {
					t.Error(err)
				}
				got[i] = b.String() + later.Text()
			})
		}
		wg.Wait()
		var want strings.Builder
		if err := now.Body.Fill(&want, fill); err != nil {
			t.Fatal(err)
		}
		for _, g := range got {
			if g != want.String()+now.Text() {
				t.Errorf("%s: rendered later, the body or text differs", f)
				break
			}
		}
		for _, b := range []*Brief{now, later} {
			if got := string(b.AppendText([]byte("»"))); got != "»"+b.Text() {
				t.Errorf("%s: AppendText gives %q, want » and Text", f, got)
			}
		}
	}
}

// TestKeys checks that every key in Keys is read by the brief stage (never
// kept in Params), and that the keys it does not know are kept with the
// position of the key.
func TestKeys(t *testing.T) {
	for _, k := range Keys {
		b, _ := parse(t, "---\n"+k+": x\n---\nBody.\n")
		if _, ok := b.Params[k]; ok {
			t.Errorf("%s: kept in Params, but Keys lists it as read", k)
		}
	}
	b, _ := parse(t, "---\ntitle: A\ncustom: 1\ntitel:   B\n---\n")
	for key, want := range map[string]string{"custom": "content/x/a.md:3:1", "titel": "content/x/a.md:4:1"} {
		if got := b.ParamPos[key].String(); got != want {
			t.Errorf("ParamPos[%s] = %s, want %s", key, got, want)
		}
	}
	b, _ = parse(t, "+++\ntitle = \"A\"\n  titel = \"B\"\n+++\n")
	if got, want := b.ParamPos["titel"].String(), "content/x/a.md:3:3"; got != want {
		t.Errorf("TOML ParamPos[titel] = %s, want %s", got, want)
	}
}

// TestLead: a link preview's first paragraph is the body's first paragraph
// as plain text, whether or not the note has a summary; one without math
// if there is one; not an embed; cut at a word after 320 characters.
func TestLead(t *testing.T) {
	long := strings.Repeat("word ", 100)
	for _, tc := range []struct {
		name, src, want string
	}{
		{"first paragraph", "# T\n\nFirst **bold** and [[a link|label]].\n\nSecond.\n", "First bold and label."},
		{"with a summary", "---\nsummary: S\n---\nThe text.\n", "The text."},
		{"math skipped", "$x^2$ first.\n\nPlain second.\n", "Plain second."},
		{"only math", "$x^2$ first.\n", "x^2 first."},
		{"embed skipped", "![[Other]]\n\nAfter the embed.\n", "After the embed."},
		{"tight list: no paragraph", "- an item\n", ""},
		{"none", "## Only a heading\n", ""},
		{"cut", long, strings.TrimSpace(strings.Repeat("word ", 64)) + "…"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := parse(t, tc.src)
			if got := b.Lead(); got != tc.want {
				t.Errorf("Lead() = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestQuantitiesOnlyInFigureUnits: the prose's numbers are recorded only
// in the units of the site's typed figures, and not at all on a site
// without any (most vaults: the check has nothing to compare them with).
func TestQuantitiesOnlyInFigureUnits(t *testing.T) {
	text := []byte("Reserves of 44 million t, a share of 40%, and 12 mines in 3 provinces.\n")
	for _, c := range []struct {
		units []string
		want  []string
	}{
		{nil, nil},
		{[]string{"t"}, []string{"t"}},
		{[]string{"%", "t"}, []string{"t", "%"}},
	} {
		b, diags := Parse("content/a.md", "a.md", text, markdown.New(markdown.Options{FigureUnits: c.units}))
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		var got []string
		for _, q := range b.Quantities {
			got = append(got, q.Unit)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("units %q: recorded %q, want %q", c.units, got, c.want)
		}
	}
}

// TestKeptWithoutRoom: what a build keeps of every brief until its end
// (links, headings, events) is in arrays of its length, not in what append
// grew.
func TestKeptWithoutRoom(t *testing.T) {
	src := "---\ntitle: A\nevents:\n  - {date: 2020, title: a}\n  - {date: 2021, title: b}\n  - {date: 2022, title: c}\n---\n" +
		"# One\n\n## Two\n\n### Three\n\n[[a]] [[b]] [[c]] [[d]] [[e]]\n"
	b, msgs := parse(t, src)
	if len(msgs) > 0 {
		t.Fatal(msgs)
	}
	for _, c := range []struct {
		what     string
		len, cap int
	}{
		{"links", len(b.Links), cap(b.Links)},
		{"headings", len(b.Headings), cap(b.Headings)},
		{"events", len(b.Events), cap(b.Events)},
	} {
		if c.len < 3 || c.cap != c.len {
			t.Errorf("%s: len %d, cap %d", c.what, c.len, c.cap)
		}
	}
}

// TestShedLinks: once shed, a brief keeps no Links, and LinkText still
// gives each link's target and destination as written.
func TestShedLinks(t *testing.T) {
	b, _ := parse(t, "---\ntitle: A\n---\nSee [[Mountain Pass#History|the mine]], [the act](../policy/dpa.md#s3), ![map](img/map.png) and [[B]].\n")
	if len(b.Links) != 4 {
		t.Fatalf("%d links, want 4", len(b.Links))
	}
	type text struct{ target, raw string }
	var before []text
	for i := -1; i <= len(b.Links); i++ {
		target, raw := b.LinkText(i)
		before = append(before, text{target, raw})
	}
	if got := before[1]; got.target != "Mountain Pass" {
		t.Errorf("link 0: target %q, want Mountain Pass", got.target)
	}
	if got := before[2]; got.raw != "../policy/dpa.md#s3" {
		t.Errorf("link 1: raw %q, want ../policy/dpa.md#s3", got.raw)
	}
	if before[0] != (text{}) || before[len(before)-1] != (text{}) {
		t.Errorf("links -1 and %d: %q and %q, want none", len(b.Links), before[0], before[len(before)-1])
	}
	n := len(b.Links)
	b.Shed()
	if b.Links != nil || b.FieldPos != nil {
		t.Errorf("shed: %d links and %d field positions kept", len(b.Links), len(b.FieldPos))
	}
	for i := -1; i <= n; i++ {
		target, raw := b.LinkText(i)
		if got := (text{target, raw}); got != before[i+1] {
			t.Errorf("link %d after Shed: %q, want %q", i, got, before[i+1])
		}
	}
}
