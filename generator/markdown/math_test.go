package markdown

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

func renderString(t *testing.T, in string) string {
	t.Helper()
	md := New(Options{Blocks: goldenBlocks})
	src := []byte(in)
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(NewContext()))
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, src, doc); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestMathDelimiters checks where math starts and ends, one rule a case.
func TestMathDelimiters(t *testing.T) {
	const (
		in  = `<span class="math math-inline">`
		dis = `<span class="math math-display">`
		blk = `<div class="math math-display">`
	)
	for _, tc := range []struct {
		name, md, want string
	}{
		{"dollars", `$x$`, `<p>` + in + `x</span></p>`},
		{"backslashes kept", `$a \\ b \, c$`, in + `a \\ b \, c</span>`},
		{"underscores and asterisks kept", `$a_b*c_d*e_f$`, in + `a_b*c_d*e_f</span>`},
		{"escaped dollar inside", `$a\$b$`, in + `a\$b</span>`},
		{"space after opener", `$ x$`, `<p>$ x$</p>`},
		{"space before closer", `$x $`, `<p>$x $</p>`},
		{"money", `$5 and $6`, `<p>$5 and $6</p>`},
		{"digit after closer", `$x$5`, `<p>$x$5</p>`},
		{"money, then math", `$5 and $6 and $x$.`, `<p>$5 and $6 and ` + in + `x</span>.</p>`},
		{"no dollar inside", `$a $ b$`, `<p>$a $ b$</p>`},
		{"dollar at a line's start", "$a\n$b$", `<p>$a` + "\n" + in + `b</span></p>`},
		{"letter after closer", `$x$y`, in + `x</span>y`},
		{"escaped dollars", `\$x\$`, `<p>$x$</p>`},
		{"escaped opener", `\$x$`, `<p>$x$</p>`},
		{"unclosed", `a $x and more`, `<p>a $x and more</p>`},
		{"display in text", `a $$x_1$$ b`, `<p>a ` + dis + `x_1</span> b</p>`},
		{"three dollars", `$$$x$$$`, `<p>$$$x$$$</p>`},
		{"paren", `\(a_1\)`, in + `a_1</span>`},
		{"paren with escaped paren", `\(\\)\)`, in + `\\)</span>`},
		{"bracket", `a \[x^2\] b`, dis + `x^2</span>`},
		{"bracket of prose", `\[1\] and \[edit\]`, `<p>[1] and [edit]</p>`},
		{"escaped backslash before paren", `\\(x\)`, `<p>\(x)</p>`},
		{"code span wins", "`$x$`", `<code>$x$</code>`},
		{"math holds backticks", "$a`b$ c`", in + "a`b</span> c`"},
		{"html escaped", `$<b>&amp;</b>$`, in + `&lt;b&gt;&amp;amp;&lt;/b&gt;</span>`},
		{"block", "$$\na_1\n$$", blk + "a_1\n</div>"},
		{"block on one line", "$$a_1$$", blk + "a_1</div>"},
		{"block closed on a text line", "$$\na\nb$$", blk + "a\nb</div>"},
		{"block first line text", "$$ a\nb\n$$", blk + " a\nb\n</div>"},
		{"block without closer", "$$\na\n\nb", `<p>$$` + "\na</p>"},
		{"block closer with text after", "$$\na\n$$ b", `<p>` + dis + "\na\n</span> b</p>"},
		{"block interrupts paragraph", "p\n$$\na\n$$", "<p>p</p>\n" + blk + "a\n</div>"},
		{"block list markers inside", "$$\n- a\n+ b\n# c\n$$", blk + "- a\n+ b\n# c\n</div>"},
		{"bracket block", "\\[\na\n\\]", blk + "a\n</div>"},
		{"bracket block one line", `\[x^2\]`, blk + "x^2</div>"},
		{"bracket block of prose", `\[1\]`, `<p>[1]</p>`},
		{"math fence", "```math\na_1\n```", blk + "a_1\n</div>"},
		{"in code block", "```\n$x$\n```", "<pre><code>$x$\n</code></pre>"},
		{"indented code", "    $x$", "<pre><code>$x$\n</code></pre>"},
		{"in a link text", `[$x_1$](u)`, `<a href="u">` + in + `x_1</span></a>`},
		{"in a heading", `# Euler $e^{i\pi}$`, in + `e^{i\pi}</span></h1>`},
		{"in a table", "| a |\n|---|\n| $x_1$ |", `<td>` + in + `x_1</span></td>`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := renderString(t, tc.md); !strings.Contains(got, tc.want) {
				t.Errorf("%q: got\n%s\nwant it to contain\n%s", tc.md, got, tc.want)
			}
		})
	}
}

// TestMathLinear: a search for a closing delimiter that finds none is
// not repeated, so unclosed delimiters cost linear time. Quadratic
// parsing of these inputs takes minutes.
func TestMathLinear(t *testing.T) {
	for _, tc := range []struct{ name, unit, end string }{
		{"dollars", "$a ", ""},
		{"double dollars", "$$a ", ""},
		{"parens", `\(a `, ""},
		{"brackets", `\[a `, ""},
		{"prose brackets", `\[a `, `\]`},
		{"blocks", "$$a\n", ""},
		{"bracket blocks", "\\[\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Repeat(tc.unit, 200_000/len(tc.unit)) + tc.end
			start := time.Now()
			renderString(t, src)
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%d bytes of %q took %v", len(src), tc.unit, d)
			}
		})
	}
}
