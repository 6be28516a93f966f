package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"golang.org/x/net/html"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
		removed        []string
	}{
		{"allowed markup", `<span class="x">a</span><b>b</b><br>`, `<span class="x">a</span><b>b</b><br>`, nil},
		{"script and content", `a<script>alert(1)</script>b`, `ab`, []string{"<script> element"}},
		{"style and iframe", `<style>p{}</style><iframe src="https://x"></iframe>ok`, `ok`, []string{"<style> element", "<iframe> element"}},
		{"handlers", `<img src="x.png" onerror="alert(1)" alt="A">`, `<img src="x.png" alt="A">`, []string{"onerror= attribute"}},
		{"javascript url", `<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt&#58;alert(1)">y</a>`, `<a>x</a><a>y</a>`, []string{"href=javascript: URL", "href=javascript: URL"}},
		{"obfuscated urls", "<a href=\"jav&#x61;script:x\">a</a><a href=\"java\tscript:x\">b</a><a href=\" javascript:x\">c</a><a href=\"&#1;javascript:x\">d</a>", `<a>a</a><a>b</a><a>c</a><a>d</a>`,
			[]string{"href=javascript: URL", "href=javascript: URL", "href=javascript: URL", "href=javascript: URL"}},
		{"data and vbscript", `<img src="data:text/html;base64,xx" alt="i"><a href="vbscript:x">v</a>`, `<img alt="i"><a>v</a>`, []string{"src=data: URL", "href=vbscript: URL"}},
		{"safe urls", `<a href="https://usgs.gov">u</a><a href="../x/">r</a><a href="#h">f</a><a href="mailto:a@b">m</a>`, `<a href="https://usgs.gov">u</a><a href="../x/">r</a><a href="#h">f</a><a href="mailto:a@b">m</a>`, nil},
		{"unknown tag keeps its text", `<marquee>hi</marquee>`, `hi`, []string{"<marquee> tag"}},
		{"svg tags dropped", `<svg onload=alert(1)><circle/></svg>after`, `after`, []string{"<svg> tag", "<circle> tag"}},
		{"comments", `a<!--[if IE]><script>x</script><![endif]-->b`, `ab`, nil},
		{"form controls", `<form action="x"><input name="q"><button>b</button></form>`, `b`, []string{"<form> tag", "<input> tag", "<button> tag"}},
		{"textarea body is text", `<div><textarea><img src=x onerror="alert(1)"></textarea></div>`, `<div>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;</div>`, []string{"<textarea> tag"}},
		{"title body is dropped", `<title><img src=x onerror=alert(1)></title>ok`, `ok`, []string{"<title> element"}},
		{"xmp body is text", `<xmp><img src=x onerror=alert(1)></xmp>`, `&lt;img src=x onerror=alert(1)&gt;`, []string{"<xmp> tag"}},
		{"CDATA is a comment up to the first >", `<![CDATA[<img src=x onerror=alert(1)>]]>ok`, `]]&gt;ok`, nil},
		{"noscript breakout", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`, `<img src="x">&#34;&gt;`, []string{"<noscript> element", "onerror= attribute"}},
		{"style in svg", `<svg><style><img src=x onerror=alert(1)></style></svg>ok`, `ok`, []string{"<svg> tag", "<style> element"}},
		{"task-list checkbox", `<input type="checkbox" checked disabled><input type="text">`, `<input type="checkbox" checked="" disabled="">`, []string{"<input> tag"}},
		{"table alignment", `<td style="text-align:right" align="left">1</td><td style="color:red">2</td>`, `<td style="text-align: right" align="left">1</td><td>2</td>`, []string{"style= attribute"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, removed := Sanitize([]byte(tt.in))
			if string(got) != tt.want {
				t.Errorf("Sanitize(%s) = %s, want %s", tt.in, got, tt.want)
			}
			var whats []string
			for _, r := range removed {
				whats = append(whats, r.What)
			}
			if strings.Join(whats, "|") != strings.Join(tt.removed, "|") {
				t.Errorf("removed %q, want %q", whats, tt.removed)
			}
		})
	}
}

func TestSanitizeRemovalOffsets(t *testing.T) {
	src := `<b>x</b> <img src="a.png" onerror="x"> <script>y</script>`
	_, removed := Sanitize([]byte(src))
	want := map[string]string{"onerror= attribute": `onerror="x"> <script>y</script>`, "<script> element": `<script>y</script>`}
	if len(removed) != len(want) {
		t.Fatalf("removed %v", removed)
	}
	for _, r := range removed {
		if got := src[r.Off:]; got != want[r.What] {
			t.Errorf("%s at %d: %q", r.What, r.Off, got)
		}
	}
}

func TestSafeURL(t *testing.T) {
	tests := []struct {
		url  string
		safe bool
	}{
		{"https://usgs.gov/x", true},
		{"http://a.b", true},
		{"mailto:a@b.c", true},
		{"MAILTO:a@b.c", true},
		{"../mines/", true},
		{"#fn:1", true},
		{"?q=a:b", true},
		{"a/b:c", true},
		{"//example.com/", true},
		{"", true},
		{"javascript:alert(1)", false},
		{"JaVaScRiPt:alert(1)", false},
		{"jav&#x61;script:alert(1)", false},
		{"&#106;avascript:alert(1)", false},
		{"javascript&colon;alert(1)", false},
		{"java\tscript:alert(1)", false},
		{"java\nscript:alert(1)", false},
		{" javascript:alert(1)", false},
		{"\x01javascript:alert(1)", false},
		{"\u2028javascript:alert(1)", false},
		{"vbscript:msgbox(1)", false},
		{"data:text/html,<script>alert(1)</script>", false},
		{"data:image/png;base64,AAAA", false},
		{"file:///etc/passwd", false},
		{"tel:123", false},
		{"foo:bar", false},
	}
	for _, tt := range tests {
		if got := SafeURL([]byte(tt.url)); got != tt.safe {
			t.Errorf("SafeURL(%q) = %v, want %v", tt.url, got, tt.safe)
		}
	}
}

// renderWith renders src with the given options, each wikilink and tag
// resolved by resolve (if not nil).
func renderWith(t *testing.T, opts Options, src string, resolve func(ast.Node)) string {
	t.Helper()
	md := New(opts)
	doc := md.Parser().Parse(text.NewReader([]byte(src)), parser.WithContext(NewContext()))
	if resolve != nil {
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering {
				resolve(n)
			}
			return ast.WalkContinue, nil
		})
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, []byte(src), doc); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// unsafeAttr matches an href or src that keeps a dangerous scheme.
var unsafeAttr = regexp.MustCompile(`(?i)(href|src)="[^"]*(script|data):`)

// TestLinkURLs checks that Markdown links, images, autolinks, wikilinks and
// tag links never keep an unsafe URL, with raw HTML off and on.
func TestLinkURLs(t *testing.T) {
	tests := []struct {
		name, src string
		resolve   func(ast.Node)
		want      []string
	}{
		{"link", "[a](javascript:alert(1))", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link mixed case", "[a](JaVaScRiPt:alert(1))", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link entity", "[a](jav&#x61;script:alert(1))", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link decimal entity", "[a](&#106;avascript:alert(1))", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link colon entity", "[a](javascript&colon;alert(1))", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link tab", "[a](<java\tscript:alert(1)>)", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link tab entity", "[a](java&#9;script:alert(1))", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link leading space", "[a](< javascript:alert(1)>)", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link vbscript", "[a](vbscript:x)", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link data", "[a](data:text/html,x)", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"link title kept", `[a](javascript:x "t")`, nil, []string{`<a href="" title="t">a</a>`, `<a title="t">a</a>`}},
		{"reference link", "[a][r]\n\n[r]: javascript:x\n", nil, []string{`<a href="">a</a>`, `<a>a</a>`}},
		{"image", "![i](javascript:x)", nil, []string{`<img src="" alt="i">`, `<img alt="i">`}},
		{"image data", "![i](data:image/svg+xml,x)", nil, []string{`<img src="" alt="i">`, `<img alt="i">`}},
		{"autolink", "<javascript:alert(1)>", nil, []string{`<p>javascript:alert(1)</p>`, `<p>javascript:alert(1)</p>`}},
		{"autolink vbscript", "<VBSCRIPT:x>", nil, []string{`<p>VBSCRIPT:x</p>`, `<p>VBSCRIPT:x</p>`}},
		{"safe link", "[a](https://usgs.gov/x?y=1#z)", nil, []string{`<a href="https://usgs.gov/x?y=1#z">a</a>`, `<a href="https://usgs.gov/x?y=1#z">a</a>`}},
		{"safe relative link", "[a](../x.md#h)", nil, []string{`<a href="../x.md#h">a</a>`, `<a href="../x.md#h">a</a>`}},
		{"safe autolink", "<https://usgs.gov>", nil, []string{`<a href="https://usgs.gov">https://usgs.gov</a>`, `<a href="https://usgs.gov">https://usgs.gov</a>`}},
		{"email autolink", "<a@b.cd>", nil, []string{`<a href="mailto:a@b.cd">a@b.cd</a>`, `<a href="mailto:a@b.cd">a@b.cd</a>`}},
		{"wikilink with unsafe destination", "[[x]]", func(n ast.Node) {
			if w, ok := n.(*WikiLink); ok {
				w.Destination = "javascript:alert(1)"
			}
		}, []string{`<span class="wikilink broken" title="No brief named x">x</span>`, `<span class="wikilink broken" title="No brief named x">x</span>`}},
		{"wikilink unresolved", "[[javascript:alert(1)]]", nil, []string{`<span class="wikilink broken"`, `<span class="wikilink broken"`}},
		{"tag with unsafe destination", "a #tag", func(n ast.Node) {
			if tl, ok := n.(*TagLink); ok {
				tl.Destination = "javascript:alert(1)"
			}
		}, []string{`<span class="tag">#tag</span>`, `<span class="tag">#tag</span>`}},
	}
	for _, tt := range tests {
		for i, raw := range []bool{false, true} {
			got := renderWith(t, Options{RawHTML: raw}, tt.src, tt.resolve)
			if !strings.Contains(got, tt.want[i]) {
				t.Errorf("%s (raw HTML %v): output lacks %q:\n%s", tt.name, raw, tt.want[i], got)
			}
			if unsafeAttr.MatchString(got) {
				t.Errorf("%s (raw HTML %v): unsafe URL kept:\n%s", tt.name, raw, got)
			}
		}
	}
}

// TestRawHTMLRendering renders whole Markdown documents with raw HTML on:
// raw HTML in fragments (inline tags, blocks) is sanitised as one document,
// Lodestone's own markup survives, and its trusted HTML is put back.
func TestRawHTMLRendering(t *testing.T) {
	tests := []struct {
		name, src string
		resolve   func(ast.Node)
		want, not []string
	}{
		{"textarea split over inline fragments", "a <textarea><img src=x onerror=\"alert(1)\"></textarea> b", nil,
			[]string{"&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"}, []string{"<img", "<textarea"}},
		{"textarea in a block", "<div><textarea><img src=x onerror=\"document.title='X'\"></textarea></div>", nil,
			[]string{"<div>&lt;img"}, []string{"<img", "<textarea"}},
		{"self-closing textarea", "<textarea/><img src=x onerror=alert(1)>\n\nafter", nil,
			[]string{"&lt;img src=x onerror=alert(1)&gt;"}, []string{"<img", "<textarea"}},
		{"xmp", "<xmp><img src=x onerror=alert(1)></xmp>", nil, []string{"&lt;img"}, []string{"<img", "<xmp"}},
		{"title", "x <title><img src=x onerror=alert(1)></title> y", nil, []string{"x", "y"}, []string{"<img", "<title", "alert"}},
		{"CDATA", "<![CDATA[<img src=x onerror=alert(1)>]]>", nil, nil, []string{"<img", "onerror"}},
		{"noscript", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>", nil, nil, []string{"onerror", "<noscript"}},
		{"svg style", "<svg><style><img src=x onerror=alert(1)></style></svg>", nil, nil, []string{"onerror", "<svg", "<style"}},
		{"handlers in paragraphs", "a <span onmouseover=alert(1)>s</span> b", nil, []string{"<span>s</span>"}, []string{"onmouseover"}},
		{"Lodestone's markup survives", "# Title\n\nText[^1] ==mark== ~~del~~ #tag [[w]] [@src]\n\n- [x] done\n- [ ] todo\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n> [!note] Note\n> body\n\n> [!tip]+ Open\n> body\n\npara ^blk\n\n[^1]: The note.\n", func(n ast.Node) {
			switch n := n.(type) {
			case *WikiLink:
				n.Destination = "../w/"
			case *TagLink:
				n.Destination = "../tags/tag/"
			case *Citation:
				n.Refs = []CiteRef{{Num: 1}}
			}
		}, []string{`<h1 id="title">Title</h1>`, `<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>`, "<mark>mark</mark>", "<del>del</del>",
			`<a class="tag" href="../tags/tag/">#tag</a>`, `<a class="wikilink" href="../w/">w</a>`, `<sup class="cite"><a href="#ref-1" role="doc-biblioref">[1]</a></sup>`,
			`<input checked="" disabled="" type="checkbox"`, `<input disabled="" type="checkbox"`, `<th style="text-align: left">a</th>`, `<td style="text-align: right">2</td>`,
			`<aside class="callout callout-note" role="note">
<p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>Note</p>`, `<details class="callout callout-tip" open="">
<summary class="callout-title"><span class="callout-icon" aria-hidden="true"></span>Open</summary>`,
			`<p id="block-blk">para</p>`, `<div class="footnotes" role="doc-endnotes">`, `<li id="fn:1">`, `class="footnote-backref" role="doc-backlink"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := renderWith(t, Options{RawHTML: true}, tt.src, tt.resolve)
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

// TestTrustedHTML checks that Lodestone's own HTML (a query table, a chart,
// an embed), put in the holes of a sanitised body, reaches the page as it
// is, only where markup may start, and that a brief cannot forge the
// placeholder of a hole.
func TestTrustedHTML(t *testing.T) {
	const chart = `<figure class="chart"><svg viewBox="0 0 10 10"><title>t</title><rect width="5" height="5"/></svg></figure>`
	tests := []struct {
		name, src string
		want, not []string
	}{
		{"block in place", "before\n\n```dataview\n```\n\nafter", []string{"<p>before</p>\n" + chart + "\n<p>after</p>"}, []string{holePrefix}},
		{"embed in place", "a ![[note]] b", []string{"<p>a " + chart + " b</p>"}, []string{holePrefix}},
		{"inside a textarea left open", "<div><textarea>\n\n```dataview\n```\n\n</textarea></div>", []string{"<div>", chart}, []string{"<textarea", holePrefix}},
		{"inside an attribute left open", "<div title=\"\n\n```dataview\n```\n\n\"><img src=x onerror=alert(1)></div>", nil, []string{"<svg", holePrefix, "onerror"}},
		{"forged placeholder", "x " + holePrefix + "AAAA-0. y", []string{holePrefix + "AAAA-0."}, []string{"<svg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := holed(t, tt.src, true).Fill(&buf, func(h Hole) (string, bool) {
				switch h.Kind {
				case HoleBlock:
					return chart + "\n", true
				case HoleEmbed:
					return chart, true
				}
				return "", false
			})
			if err != nil {
				t.Fatal(err)
			}
			got := buf.String()
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

// TestVectorsParsed renders every vector of the browser test's collection
// (../cli/testdata/xss-vectors.txt) with raw HTML on, parses the result as a
// browser would (golang.org/x/net/html builds the HTML5 tree), and checks
// that no element that runs or hides markup, no event handler and no
// dangerous URL is left. It is the browser test's check without a browser.
func TestVectorsParsed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "cli", "testdata", "xss-vectors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors []string
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case strings.HasPrefix(line, "-- ") && strings.HasSuffix(line, " --"):
			vectors = append(vectors, "")
		case len(vectors) > 0:
			vectors[len(vectors)-1] += line + "\n"
		}
	}
	if len(vectors) < 150 {
		t.Fatalf("only %d vectors", len(vectors))
	}
	bad := map[string]bool{"script": true, "style": true, "iframe": true, "object": true, "embed": true, "svg": true, "math": true, "textarea": true,
		"title": true, "xmp": true, "noscript": true, "template": true, "form": true, "base": true, "meta": true, "link": true, "frame": true, "frameset": true}
	for i, v := range vectors {
		for _, src := range []string{v, "> [!note] x\n> " + strings.ReplaceAll(v, "\n", "\n> "), "- " + strings.ReplaceAll(v, "\n", "\n  ")} {
			out := renderWith(t, Options{RawHTML: true}, src, nil)
			doc, err := html.Parse(strings.NewReader("<!doctype html><body>" + out))
			if err != nil {
				t.Fatal(err)
			}
			for n := range doc.Descendants() {
				if n.Type != html.ElementNode {
					continue
				}
				if bad[n.Data] || n.Namespace != "" {
					t.Errorf("vector %d: <%s> (namespace %q) left in:\n%s", i+1, n.Data, n.Namespace, out)
				}
				for _, a := range n.Attr {
					if strings.HasPrefix(a.Key, "on") || (a.Key == "href" || a.Key == "src" || a.Key == "cite") && !SafeURL([]byte(a.Val)) || a.Key == "style" && n.Data != "td" && n.Data != "th" {
						t.Errorf("vector %d: <%s %s=%q> left in:\n%s", i+1, n.Data, a.Key, a.Val, out)
					}
				}
			}
		}
	}
}
