package markdown

import (
	"strings"
	"testing"
)

func TestObsidian(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"highlight", "A ==marked== word and a = sign, == not ==.", []string{"A <mark>marked</mark> word", "a = sign"}, nil},
		{"plain quote", "> Just a quote.", []string{"<blockquote>"}, []string{"callout"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.src, nil)
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

// TestComments: %% comments %% are part of the parse: hidden wherever
// Obsidian hides them, never parsed inside, and text inside code.
func TestComments(t *testing.T) {
	tests := []struct {
		name, in string
		has, not []string
	}{
		{"inline", "a %%hidden%% b\n", []string{"<p>a  b</p>"}, []string{"hidden", "%%"}},
		{"inline over lines", "a %%multi\nline%% b\n", []string{"<p>a  b</p>"}, []string{"multi", "line"}},
		{"code span", "`%%code%%` %%x%%\n", []string{"<code>%%code%%</code>"}, []string{"x"}},
		{"fence", "```\n%%in fence%%\n```\n%%out%%\n", []string{"%%in fence%%"}, []string{"out"}},
		{"long fence", "````\n```\n%%in fence%%\n```\n````\n%%out%%\n", []string{"%%in fence%%"}, []string{"out"}},
		{"block", "before\n\n%%\nsecret [[link]] #tag\n```dataview\nLIST\n```\n%%\n\nafter\n", []string{"<p>before</p>", "<p>after</p>"}, []string{"secret", "link", "tag", "dataview", "LIST", "<pre"}},
		{"fence in a quote, then a comment", "> ```\n> code\n> ```\n\n%% private comment %%\n", []string{"code"}, []string{"private"}},
		{"in a quote", "> seen\n> %%\n> hidden\n> %%\n", []string{"seen"}, []string{"hidden"}},
		{"in a callout", "> [!note] Title\n> shown %%secret%% too\n", []string{"shown", "too"}, []string{"secret"}},
		{"interrupts a paragraph", "text\n%%\nhidden\n%%\n", []string{"<p>text</p>"}, []string{"hidden"}},
		{"unclosed is text", "50%% of it\n", []string{"50%% of it"}, nil},
		{"in a list", "- a %%hidden%%\n- b\n", []string{"<li>a </li>"}, []string{"hidden"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(t, tt.in, nil)
			for _, w := range tt.has {
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

func TestInlineTags(t *testing.T) {
	got := render(t, "Tagged #supply-chain and #a/b, not C# or #1 or a#b or `#code`.\n\n# Heading\n", nil)
	for _, w := range []string{`<span class="tag">#supply-chain</span>`, `<span class="tag">#a/b</span>`, "C# or #1 or a#b", "<code>#code</code>", `<h1 id="heading">Heading</h1>`} {
		if !strings.Contains(got, w) {
			t.Errorf("output lacks %q:\n%s", w, got)
		}
	}
}
