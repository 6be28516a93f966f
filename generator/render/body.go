package render

import (
	"bytes"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// body is what fills the holes of a brief's rendered Markdown (see
// markdown.Doc) when it is shown on a page: its own page, or another page
// it is embedded in.
type body struct {
	t *site.Page
	// blocks holds the HTML of each build-time block, by index ("" keeps
	// the block as written); embeds that of each embed, by link index.
	blocks []string
	embeds map[int]string
	// tag returns the href of a tag's page, relative to t's page, or "";
	// fact that of where a fact id is defined.
	tag, fact func(name string) string
	// figure returns the HTML of the brief's figure reference i (see
	// figureHTML); nil writes them as written.
	figure func(i int) string
	// style is the site's citation style; embedded says the body is
	// shown in another page (its citations have no anchors there).
	style    string
	embedded bool
}

// fill is a markdown.Filler: links go where the site stage resolved them
// (relative to t's page), unresolved Markdown links keep their destination
// as written.
func (b body) fill(h markdown.Hole) (string, bool) {
	t := b.t
	dest := func() string {
		if h.Index < len(t.Dests) {
			return t.Dests[h.Index]
		}
		return ""
	}
	switch h.Kind {
	case markdown.HoleHref:
		d := dest()
		if d == "" {
			_, d = t.LinkText(h.Index)
		}
		return markdown.Href(d), true
	case markdown.HoleLinkOpen:
		target, _ := t.LinkText(h.Index)
		return markdown.WikiLinkOpen(dest(), target), true
	case markdown.HoleLinkClose:
		return markdown.WikiLinkClose(dest()), true
	case markdown.HoleTag:
		d := ""
		if b.tag != nil {
			d = b.tag(h.Name)
		}
		return markdown.TagHTML(h.Name, d), true
	case markdown.HoleFact:
		d := ""
		if b.fact != nil {
			d = b.fact(h.Name)
		}
		return markdown.FactHTML(h.Name, d), true
	case markdown.HoleFigure:
		if b.figure != nil {
			return b.figure(h.Index), true
		}
		raw := ""
		if h.Index < len(t.Figures) {
			raw = t.Figures[h.Index].Raw
		}
		return markdown.FigureCode(raw), true
	case markdown.HoleCite:
		if h.Index >= len(t.Citations) {
			return "", true
		}
		c := t.Citations[h.Index]
		var refs []markdown.CiteRef
		if h.Index < len(t.Cites) {
			for _, r := range t.Cites[h.Index] {
				mr := markdown.CiteRef{Num: r.Num, Anchor: r.Anchor}
				if r.Num > 0 && r.Num <= len(t.References) {
					ref := t.References[r.Num-1]
					mr.Author, mr.Year = ref.Author, ref.Year
				}
				if b.embedded {
					mr.Anchor = "" // the page it is shown on has its own
				}
				refs = append(refs, mr)
			}
		}
		return markdown.CiteHTML(b.style, c.Cite, refs), true
	case markdown.HoleBlock:
		if h.Index < len(b.blocks) && b.blocks[h.Index] != "" {
			return b.blocks[h.Index] + "\n", true
		}
	case markdown.HoleEmbed:
		if html, ok := b.embeds[h.Index]; ok {
			if h.Block {
				html += "\n"
			} else if h.InPara && strings.HasPrefix(html, "<div") {
				// A note or a table amid a paragraph's text: the paragraph
				// closes before it and goes on after it, as in Obsidian.
				html = "</p>\n" + html + "\n<p>"
			}
			return html, true
		}
	}
	return "", false
}

// append appends doc (t's body, or part of it), filled, to dst.
func (b body) append(dst []byte, doc *markdown.Doc) ([]byte, error) {
	buf := bytes.NewBuffer(dst)
	err := doc.Fill(buf, b.fill)
	return buf.Bytes(), err
}
