package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// TestCalloutFamilies: every type and alias Obsidian documents, in any
// case, is shown in its family's style, with the type as written (title
// case) as its default title.
func TestCalloutFamilies(t *testing.T) {
	families := map[string][]string{
		"note":     {"note"},
		"abstract": {"abstract", "summary", "tldr"},
		"info":     {"info"},
		"todo":     {"todo"},
		"tip":      {"tip", "hint", "important"},
		"success":  {"success", "check", "done"},
		"question": {"question", "help", "faq"},
		"warning":  {"warning", "caution", "attention", "warn"},
		"failure":  {"failure", "fail", "missing"},
		"danger":   {"danger", "error"},
		"bug":      {"bug"},
		"example":  {"example"},
		"quote":    {"quote", "cite"},
	}
	for family, types := range families {
		for _, typ := range types {
			for _, written := range []string{typ, strings.ToUpper(typ), strings.ToUpper(typ[:1]) + typ[1:]} {
				t.Run(written, func(t *testing.T) {
					if got := CalloutFamily(written); got != family {
						t.Errorf("CalloutFamily(%q) = %q, want %q", written, got, family)
					}
					got := render(t, "> [!"+written+"]\n> Body.\n", nil)
					want := `<aside class="callout callout-` + family + `" role="note">` + "\n" +
						`<p class="callout-title">` + calloutIcon + strings.ToUpper(typ[:1]) + typ[1:] + "</p>\n<p>Body.</p>\n</aside>\n"
					if got != want {
						t.Errorf("got\n%s\nwant\n%s", got, want)
					}
				})
			}
		}
	}
	for _, typ := range []string{"notes", "warnings", "custom", ""} {
		if got := CalloutFamily(typ); got != "" {
			t.Errorf("CalloutFamily(%q) = %q, want none", typ, got)
		}
	}
}

// TestCallouts: titles are Markdown, folding, nesting, unknown types, and
// the places a callout may be.
func TestCallouts(t *testing.T) {
	dest := func(wl *WikiLink) { wl.Destination = "../" + wl.Target + "/" }
	icon := calloutIcon
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"custom title", "> [!warning] Check the edition\n> USGS revises **figures**.",
			[]string{`<aside class="callout callout-warning" role="note">` + "\n" + `<p class="callout-title">` + icon + "Check the edition</p>\n<p>USGS revises <strong>figures</strong>.</p>\n</aside>"},
			[]string{"[!warning]", "<blockquote>"}},
		{"title with inline Markdown", "> [!tip] A *custom* title with `code`, **bold**, [[mines|a link]] and [web](https://example.org)\n> Body.",
			[]string{`<p class="callout-title">` + icon + `A <em>custom</em> title with <code>code</code>, <strong>bold</strong>, <a class="wikilink" href="../mines/">a link</a> and <a href="https://example.org">web</a></p>`, "<p>Body.</p>"},
			[]string{"*custom*", "[["}},
		{"title with a wikilink, no label", "> [!info] See [[mines]]", []string{`<p class="callout-title">` + icon + `See <a class="wikilink" href="../mines/">mines</a></p>`}, nil},
		{"emphasis does not run from the title into the body", "> [!note] *a\n> b*", []string{`<p class="callout-title">` + icon + "*a</p>\n<p>b*</p>"}, []string{"<em>"}},
		{"title only", "> [!tip] Title-only callout", []string{`<aside class="callout callout-tip" role="note">` + "\n" + `<p class="callout-title">` + icon + "Title-only callout</p>\n</aside>"}, nil},
		{"type only", "> [!question]", []string{`<p class="callout-title">` + icon + "Question</p>\n</aside>"}, nil},
		{"no space before the title", "> [!note]Title\n> Body.", []string{icon + "Title</p>"}, nil},
		{"metadata after a pipe", "> [!info|right] Aside\n> Body.", []string{`<aside class="callout callout-info" role="note">`, icon + "Aside</p>"}, []string{"right"}},
		{"folded", "> [!tip]- More\n> Hidden.",
			[]string{`<details class="callout callout-tip">` + "\n" + `<summary class="callout-title">` + icon + "More</summary>\n<p>Hidden.</p>\n</details>"},
			[]string{" open", "<aside"}},
		{"open", "> [!info]+ Open\n> Shown.", []string{`<details class="callout callout-info" open>` + "\n" + `<summary class="callout-title">` + icon + "Open</summary>"}, nil},
		{"folded without title", "> [!faq]-\n> Answer.", []string{`<details class="callout callout-question">` + "\n" + `<summary class="callout-title">` + icon + "Faq</summary>"}, nil},
		{"folded, title only", "> [!example]+ Nothing inside", []string{`<summary class="callout-title">` + icon + "Nothing inside</summary>\n</details>"}, nil},
		{"unknown type", "> [!Kanban] Board\n> x", []string{`<aside class="callout callout-kanban" role="note">`, icon + "Board</p>"}, nil},
		{"unknown type, default title", "> [!my-type]\n> x", []string{`<aside class="callout callout-my-type" role="note">`, icon + "My-type</p>"}, nil},
		{"unknown type with odd characters", "> [!a b\"<c]\n> x", []string{`<aside class="callout callout-a-b--c" role="note">`, icon + "A b&quot;&lt;c</p>"}, []string{`b"`}},
		{"nested", "> [!question] Can callouts be nested?\n> > [!todo] Yes!, they can.\n> > > [!example] You can even use multiple layers of nesting.",
			[]string{`<aside class="callout callout-question" role="note">` + "\n" + `<p class="callout-title">` + icon + "Can callouts be nested?</p>\n" +
				`<aside class="callout callout-todo" role="note">` + "\n" + `<p class="callout-title">` + icon + "Yes!, they can.</p>\n" +
				`<aside class="callout callout-example" role="note">` + "\n" + `<p class="callout-title">` + icon + "You can even use multiple layers of nesting.</p>\n</aside>\n</aside>\n</aside>"},
			nil},
		{"nested after body text", "> [!note] Outer\n> Text.\n>\n> > [!warning]- Inner\n> > Folded.",
			[]string{icon + "Outer</p>\n<p>Text.</p>\n<details class=\"callout callout-warning\">\n<summary class=\"callout-title\">" + icon + "Inner</summary>\n<p>Folded.</p>\n</details>\n</aside>"}, nil},
		{"in a list item", "- item\n\n  > [!tip] In a list\n  > Body.\n- next",
			[]string{"<li>\n<p>item</p>\n<aside class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">" + icon + "In a list</p>\n<p>Body.</p>\n</aside>\n</li>"}, nil},
		{"in a tight list item", "- > [!done] Shipped\n  > Yes.", []string{"<li>\n<aside class=\"callout callout-success\" role=\"note\">"}, nil},
		{"a table after the title", "> [!info] Figures\n> | a | b |\n> |---|---|\n> | 1 | 2 |",
			[]string{icon + "Figures</p>\n<table>", `<td style="text-align:right">1</td>`}, nil},
		{"a list after the title", "> [!todo] Tasks\n> - one\n> - two", []string{icon + "Tasks</p>\n<ul>\n<li>one</li>"}, nil},
		{"lazy continuation", "> [!note] Title\nlazy line", []string{icon + "Title</p>\n<p>lazy line</p>"}, nil},
		{"the marker must open the quote", "> Text first\n> [!note] not a callout", []string{"<blockquote>", "[!note] not a callout"}, []string{"callout-title"}},
		{"empty type is a quote", "> [!] x", []string{"<blockquote>"}, []string{"callout"}},
		{"unclosed marker is a quote", "> [!note x", []string{"<blockquote>"}, []string{"callout"}},
		{"plain quote", "> Just a quote.", []string{"<blockquote>"}, []string{"callout"}},
		{"raw HTML in a title is omitted, as in the body", "> [!note] <b>x</b>\n> y", []string{"<!-- raw HTML omitted -->x"}, []string{"<b>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.src, dest)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("output has %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestCalloutTree: the parse gives a Callout with its type and fold, its
// CalloutTitle first, and positions that point into the source.
func TestCalloutTree(t *testing.T) {
	src := []byte("Intro.\n\n> [!WARN]- Check [[x]]\n> Body.\n")
	md := New(Options{})
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(NewContext()))
	c, ok := doc.FirstChild().NextSibling().(*Callout)
	if !ok {
		t.Fatalf("second block is %T, want *Callout", doc.FirstChild().NextSibling())
	}
	if c.Variant != "warn" || c.Fold != "-" || c.Family() != "warning" {
		t.Errorf("Callout{Variant: %q, Fold: %q}, family %q", c.Variant, c.Fold, c.Family())
	}
	if want := strings.Index(string(src), "[!WARN]"); c.Pos() != want {
		t.Errorf("Pos() = %d, want %d", c.Pos(), want)
	}
	title, ok := c.FirstChild().(*CalloutTitle)
	if !ok {
		t.Fatalf("first child is %T, want *CalloutTitle", c.FirstChild())
	}
	var link *WikiLink
	_ = ast.Walk(title, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if l, ok := n.(*WikiLink); ok {
			link = l
		}
		return ast.WalkContinue, nil
	})
	if link == nil || link.Target != "x" || link.Pos() != strings.Index(string(src), "[[x]]") {
		t.Errorf("the title's wikilink: %+v", link)
	}
	if p, ok := title.NextSibling().(*ast.Paragraph); !ok || strings.TrimSpace(string(p.Lines().Value(src))) != "Body." {
		t.Errorf("body after the title: %T", title.NextSibling())
	}
}
