package brief

import (
	"bytes"
	"strings"
	"testing"

	"github.com/adrg/frontmatter"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// matterMistakes are real writers' mistakes in front matter, each with the
// line:col where the writer has to fix it and a part of the message.
var matterMistakes = []struct {
	name, src, pos, msg string
}{
	{"unclosed quote", "---\ntitle: \"NdPr basics\ntype: mine\ndate: 2025\n---\nBody\n", "2:8", `the quote " here is never closed`},
	{"unclosed flow list", "---\ntitle: T\ntags: [a, b\ntype: mine\n---\n", "3:7", "the [ here is never closed"},
	{"list item indented less than the one above", "---\ntitle: T\ntags:\n    - a\n   - b\n---\n", "5:4", "indentation does not match"},
	{"no space after the colon", "---\ntitle:T\ntype: mine\n---\n", "2:6", `"title:T" needs a space after the colon`},
	{"duplicate key", "---\ntitle: A\ntype: mine\ntitle: B\n---\n", "4:1", "title: duplicate key; first set on line 2"},
	{"tab indentation", "---\ntitle: T\ntags:\n\t- a\n---\n", "4:1", "a tab indents this line, and tabs can't indent YAML"},
	{"colon and space in a value", "---\ntitle: Note: part 2\n---\n", "2:12", `a value that contains ": " must be quoted`},
	{"value starting with @", "---\ntitle: T\nauthors:\n  - @handle\n---\n", "4:5", `a value starting with @ must be quoted: "@handle"`},
	{"TOML string over two lines", "+++\ntitle = \"Part one\npart two\"\n+++\n", "2:9", "strings cannot contain newlines (close the quote"},
	{"NUL byte", "---\ntitle: a\x00b\n---\n", "2:9", "control characters are not allowed (U+0000 here"},
	{"front matter never closed", "---\ntitle: T\n\nBody text.\n", "1:1", `opened with "---" but never closed`},
	{"key indented more than the one above", "---\ntitle: T\n  type: mine\n---\n", "3:3", "indented more than the key above it"},
	{"key without colon", "---\ntitle: T\ntype mine\n---\n", "3:1", "could not find expected ':' (write key: value"},
	{"JSON trailing comma", "{\n  \"title\": \"T\",\n}\n\nBody\n", "2:15", "no comma after the last item"},
	{"JSON unclosed string", "{\n  \"title\": \"T,\n  \"type\": \"mine\"\n}\n\nBody\n", "2:12", `the " here is never closed`},
	{"TOML bad date", "+++\ntitle = \"T\"\ndate = 2025-13-01\n+++\n", "3:8", `Invalid TOML Datetime: "2025-13-01"`},
	{"TOML key without =", "+++\ntitle \"T\"\n+++\n", "2:7", "expected key separator '='"},
	{"unclosed flow mapping", "---\ntitle: T\nevents:\n  - {date: 2020, title: E\n---\n", "4:5", "the { here is never closed"},
	{"stray closing bracket", "---\ntitle: T\ntags: [a, b]]\n---\n", "3:13", "nothing opened this ]"},
	{"value without key", "---\ntitle: T\n: mine\n---\n", "3:1", "a value with no key"},
	{"list instead of key: value pairs", "---\n- a\n- b\n---\n", "2:1", "expected key: value pairs, got a list"},
	{"impossible date", "---\ntitle: T\ndate: 2025-13-01\n---\n", "3:7", `date "2025-13-01" is not a date: month 13 is out of range`},
	{"alias to no anchor", "---\ntitle: *x\n---\n", "2:8", "unknown anchor 'x' referenced (a value starting with * must be quoted)"},
	{"text where a list is expected", "---\nevents: 2020 launch\n---\n", "2:9", `events: expected a list of {date, title, note}, got a string "2020 launch"`},
	{"JSON missing comma", "{\n  \"title\": \"T\"\n  \"type\": \"mine\"\n}\n\nBody\n", "2:15", "a comma is missing here"},
	{"duplicate key in a list item", "---\nevents:\n  - date: 2020\n    title: E\n    date: 2021\n---\n", "5:5", "date: duplicate key; first set on line 3"},
}

func TestMatterMistakes(t *testing.T) {
	md := markdown.New(markdown.Options{})
	for _, tt := range matterMistakes {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse("content/a.md", "a.md", []byte(tt.src), md)
			if len(diags) != 1 {
				t.Fatalf("got %d diagnostics, want 1:\n%v", len(diags), diags)
			}
			d := diags[0]
			want := "content/a.md:" + tt.pos
			if d.Pos.String() != want || !strings.Contains(d.Msg, tt.msg) {
				t.Errorf("got\n\t%v\nwant at %s a message with\n\t%s", d, want, tt.msg)
			}
		})
	}
}

// TestMatterPositions covers line endings, the other formats' duplicate keys
// and mistakes whose position is worked out from a shorter prefix.
func TestMatterPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"lone CRs are not line ends (fuzz)", "---\n0\r\r\r0: \n---",
			`content/a.md:2:6: warning: front matter: mapping values are not allowed in this context (a value that contains ": " must be quoted, e.g. title: "NdPr: the basics")`},
		{"nodes after a lone CR", "---\ntitle: T\rdate: 2025-13-01\n---\n",
			`content/a.md:2:16: warning: front matter: date "2025-13-01" is not a date: month 13 is out of range`},
		{"nodes after CRLF", "---\r\ntitle: T\r\ndate: 2025-13-01\r\n---\r\n",
			`content/a.md:3:7: warning: front matter: date "2025-13-01" is not a date: month 13 is out of range`},
		{"nodes after a line separator", "---\ntitle: T\u2028date: 2025-13-01\n---\n",
			`content/a.md:2:16: warning: front matter: date "2025-13-01" is not a date: month 13 is out of range`},
		{"TOML duplicate key", "+++\ntitle = \"A\"\n\ntitle = \"B\"\n+++\n",
			"content/a.md:4:1: warning: front matter (toml): title: duplicate key; first set on line 2"},
		{"JSON duplicate key", "{\n  \"title\": \"A\",\n  \"title\": \"B\"\n}\n\n",
			"content/a.md:3:3: warning: front matter (json): title: duplicate key; first set on line 2"},
		{"comma missing in a flow mapping", "---\nevents:\n  - {date: 2020 title: E}\n---\n",
			"content/a.md:3:17: warning: front matter: did not find expected ',' or '}' (separate the items with commas)"},
		{"apostrophe in single quotes", "---\ntitle: 'Lynas's plant'\n---\n",
			"content/a.md:2:14: warning: front matter: did not find expected key (this ' ends the quoted value; write a ' inside '…' as '')"},
		{"key:value as the last line", "---\ntype: mine\ntitle:T\n---\n",
			`content/a.md:3:6: warning: front matter: "title:T" needs a space after the colon: write title: T`},
		{"tab where a key is expected", "---\ntitle: T\n\ttype: x\n---\n",
			"content/a.md:3:1: warning: front matter: a tab indents this line, and tabs can't indent YAML; indent with spaces"},
		{"error on the first line", "---\ntitle: a: b\n---\n",
			`content/a.md:2:9: warning: front matter: mapping values are not allowed in this context (a value that contains ": " must be quoted, e.g. title: "NdPr: the basics")`},
		{"duplicate key, last value counts", "---\ntitle: A\ntitle: B\n---\n# H\n",
			"content/a.md:3:1: warning: front matter: title: duplicate key; first set on line 2"},
		{"duplicate key three times, in a mapping yaml.v3 would decode", "---\nextra:\n  a: 1\n  a: 2\n  a: 3\n---\n",
			"content/a.md:4:3: warning: front matter: a: duplicate key; first set on line 3\ncontent/a.md:5:3: warning: front matter: a: duplicate key; first set on line 3"},
		{"list item inside brackets", "---\ntags: [a,\n\t- b]\n---\n",
			"content/a.md:3:2: warning: front matter: did not find expected node content"},
		{"TOML unclosed array", "+++\ntitle = \"x\" # \"\ntags = [\"a\", \"b\"\n+++\n",
			"content/a.md:3:8: warning: front matter (toml): expected a comma or array terminator ']', but the front matter ended (the [ here is never closed)"},
		{"TOML table", "+++\ntitle = \"T\"\n[[events]]\ndate = 2020\n+++\n",
			"content/a.md:3:3: warning: front matter: events[0]: missing title"},
	}
	md := markdown.New(markdown.Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, diags := Parse("content/a.md", "a.md", []byte(tt.src), md)
			checkEq(t, diags.Error(), tt.want)
			if strings.Contains(tt.name, "last value") && b.Title != "B" {
				t.Errorf("title = %q, want B", b.Title)
			}
		})
	}
}

// TestSplitReadsAsFrontmatter checks that split, which stops the
// front-matter library reading once it has the front matter (and skips it
// for notes without), finds the same front matter and body as the library
// reading the whole note.
func TestSplitReadsAsFrontmatter(t *testing.T) {
	cases := []string{
		"---\ntitle: T\n---\nBody\n",
		"\n\n  \n---\ntitle: T\n---\n\nBody after a blank line\n",
		"---\r\ntitle: T\r\n---\r\nCRLF body\r\n",
		"---yaml\ntitle: T\n---\nBody",
		"+++\ntitle = \"T\"\n+++\nBody",
		";;;\n{\"title\": \"T\"}\n;;;\nBody",
		"{\n\"title\": \"T\"\n}\n\nBody",
		"{\n\"title\": \"T\"\n}\nnot blank\n}\n\nBody",
		"---\nunclosed\n",
		"---",
		"---\ntitle: T\n---",
		"# No front matter\n\n---\ntitle: not front matter\n---\n",
		"",
		"Body only",
		"---\ntitle: T\n---\n" + strings.Repeat("A long body line that is past the reader's first buffer.\n", 400),
		"---\ntitle: " + strings.Repeat("x", 9000) + "\n---\nBody after long front matter\n",
	}
	for _, src := range cases {
		checkSplit(t, []byte(src))
	}
}

// FuzzSplit is TestSplitReadsAsFrontmatter on any input.
func FuzzSplit(f *testing.F) {
	f.Add([]byte("---\ntitle: T\n---\nBody\n"))
	f.Add([]byte("{\n\"a\": 1\n}\n\nB"))
	f.Fuzz(func(t *testing.T, data []byte) { checkSplit(t, data) })
}

func checkSplit(t *testing.T, data []byte) {
	t.Helper()
	var want matter
	var raw []byte
	capture := func(format string) frontmatter.UnmarshalFunc {
		return func(b []byte, _ any) error {
			want.format, raw = format, b
			return nil
		}
	}
	formats := matterFormats(capture)
	wantBody, err := frontmatter.Parse(bytes.NewReader(data), nil, formats...)
	if err != nil {
		return // split reports it; nothing to compare
	}
	got, body, line, _ := split("f.md", data)
	if got.format != want.format || string(body) != string(wantBody) {
		t.Fatalf("%q: split found format %q, body %q; the library reading all of it %q, %q (front matter %q)", data, got.format, body, want.format, wantBody, raw)
	}
	if wantLine := 1 + bytes.Count(data[:len(data)-len(wantBody)], []byte("\n")); line != wantLine {
		t.Fatalf("%q: body line %d, want %d", data, line, wantLine)
	}
}
