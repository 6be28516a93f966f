package htmlurl

import (
	"strings"
	"testing"
)

func TestRefs(t *testing.T) {
	page := `<!doctype html><html><head><link rel="stylesheet" href="../css/site.css"><style>body{background:url('img/bg.png')}</style></head>
<body><a href="a/?x=1&amp;y=2#top">A</a><img src=pic.png alt="x"><p style="background: url(dot.svg)">t</p>
<pre>href="not/a/link"</pre><script>var s = "<a href='no'>";</script></body></html>`
	var got []string
	for _, r := range Refs([]byte(page)) {
		got = append(got, r.Tag+" "+r.Attr+" "+r.URL)
	}
	want := []string{"link href ../css/site.css", "style url img/bg.png", "a href a/?x=1&y=2#top", "img src pic.png", "p style dot.svg"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestRewrite(t *testing.T) {
	page := `<a class="x" href="a/">A</a> <img src='p.png'> <a href="https://x.org/">ext</a><style>p{background:url(bg.png)}</style>`
	out := string(Rewrite([]byte(page), func(tag, attr, u string) string {
		switch u {
		case "a/":
			return "a/index.html"
		case "p.png", "bg.png":
			return "data:image/png;base64,AAA=" // "=" and ";" survive
		}
		return u
	}))
	want := `<a class="x" href="a/index.html">A</a> <img src="data:image/png;base64,AAA="> <a href="https://x.org/">ext</a><style>p{background:url("data:image/png;base64,AAA=")}</style>`
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	// Untouched input comes back byte for byte.
	if same := string(Rewrite([]byte(page), func(_, _, u string) string { return u })); same != page {
		t.Errorf("identity rewrite changed the page:\n%s", same)
	}
	if got := string(Rewrite([]byte(`<a href="x">`), func(_, _, u string) string { return `a"b<c` })); got != `<a href="a&#34;b&lt;c">` {
		t.Errorf("escaping: %s", got)
	}
}

func TestCSSRefs(t *testing.T) {
	got := CSSRefs([]byte(`@font-face{src:url("f.woff2") format("woff2")} a{background:url( x.png )} b{content:"url(no)"}`))
	if strings.Join(got, " ") != "f.woff2 x.png" {
		t.Errorf("got %v", got)
	}
}

func TestRewriteIDs(t *testing.T) {
	page := `<section aria-labelledby="h1 h2"><h2 id="h1">A</h2><label for="x">L</label><a href="#h1" id=bare>x</a></section>`
	got := string(RewriteIDs([]byte(page), func(id string) string { return "p__" + id }))
	want := `<section aria-labelledby="p__h1 p__h2"><h2 id="p__h1">A</h2><label for="p__x">L</label><a href="#h1" id="p__bare">x</a></section>`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// TestInlineSVG: the links and ids inside inline SVG (a graph's nodes, a
// chart's title), which the HTML lexer hands over as one token, are
// rewritten too; untouched SVG comes back byte for byte.
func TestInlineSVG(t *testing.T) {
	page := `<p>x</p><svg viewBox="0 0 9 9" aria-labelledby="t d"><title id="t">T</title><desc id="d">D</desc><a href="../a/" aria-label="A"><circle r="1"/><text>A &amp; B</text></a><image href="p.png"/></svg><a href="../b/">b</a>`
	got := string(Rewrite([]byte(page), func(tag, attr, u string) string { return tag + ":" + strings.TrimPrefix(u, "../") }))
	want := `<p>x</p><svg viewBox="0 0 9 9" aria-labelledby="t d"><title id="t">T</title><desc id="d">D</desc><a href="a:a/" aria-label="A"><circle r="1"/><text>A &amp; B</text></a><image href="image:p.png"/></svg><a href="a:b/">b</a>`
	if got != want {
		t.Errorf("links:\n got %s\nwant %s", got, want)
	}
	got = string(RewriteIDs([]byte(page), func(id string) string { return "p__" + id }))
	want = strings.NewReplacer(`"t d"`, `"p__t p__d"`, `id="t"`, `id="p__t"`, `id="d"`, `id="p__d"`).Replace(page)
	if got != want {
		t.Errorf("ids:\n got %s\nwant %s", got, want)
	}
	if same := string(Rewrite([]byte(page), func(_, _, u string) string { return u })); same != page {
		t.Errorf("identity rewrite changed the page:\n%s", same)
	}
}
