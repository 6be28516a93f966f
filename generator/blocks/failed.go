package blocks

import (
	"html"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
)

// failed is a block that could not be evaluated: the page shows why and
// the block as written, and the build goes on (the problem is a warning
// that --strict makes an error).
type failed struct {
	bl  brief.Block
	why string
}

func (f failed) HTML(Page) (string, error) {
	var b strings.Builder
	b.WriteString(`<div class="block-failed" role="note"><p class="block-failed-why">This `)
	b.WriteString(html.EscapeString(f.bl.Lang))
	b.WriteString(` block could not be shown: `)
	b.WriteString(html.EscapeString(f.why))
	b.WriteString(`</p><pre><code class="language-`)
	b.WriteString(html.EscapeString(f.bl.Lang))
	b.WriteString(`">`)
	b.WriteString(html.EscapeString(f.bl.Text))
	b.WriteString("</code></pre></div>")
	return b.String(), nil
}
