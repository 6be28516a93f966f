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
		{"callout", "> [!warning] Check the edition\n> USGS revises **figures**.", []string{`<aside class="callout callout-warning" role="note"><p class="callout-title">Check the edition</p>`, "<p>USGS revises <strong>figures</strong>.</p>", "</aside>"}, []string{"[!warning]", "<blockquote>"}},
		{"callout without title", "> [!note]\n> Body.", []string{`<p class="callout-title">Note</p>`, "<p>Body.</p>"}, nil},
		{"foldable closed", "> [!tip]- More\n> Hidden.", []string{`<details class="callout callout-tip"><summary class="callout-title">More</summary>`, "</details>"}, []string{" open"}},
		{"foldable open", "> [!info]+ Open\n> Shown.", []string{`<details class="callout callout-info" open>`}, nil},
		{"title escaped", "> [!note] <b>x</b>\n> y", []string{"&lt;b&gt;x&lt;/b&gt;"}, []string{"<b>x</b>"}},
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

func TestStripComments(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a %%hidden%% b", "a            b"},
		{"a %%multi\nline%% b\n", "a        \n       b\n"},
		{"`%%code%%` %%x%%", "`%%code%%`      "},
		{"```\n%%in fence%%\n```\n%%out%%", "```\n%%in fence%%\n```\n       "},
		{"no comments", "no comments"},
	}
	for _, tt := range tests {
		if got := string(StripComments([]byte(tt.in))); got != tt.want {
			t.Errorf("StripComments(%q) = %q, want %q", tt.in, got, tt.want)
		}
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
