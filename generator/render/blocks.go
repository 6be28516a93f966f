package render

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/blocks"
	"github.com/lodestone-ssg/lodestone/generator/htmlurl"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// blockPage is a page as build-time blocks see it (blocks.Page).
type blockPage struct {
	r *Renderer
	p *Page
}

func (b blockPage) Data() any { return b.p }

// Execute runs one of the theme's shared templates (partials).
func (b blockPage) Execute(name string, data any) (string, error) {
	var buf bytes.Buffer
	if err := b.r.pages["brief.html"].ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// blocks renders the build-time blocks of a brief page, by index in its
// Blocks; a block with no result stays as written ("").
func (r *Renderer) blocks(p *Page, results []blocks.Result, errs *[]error) []string {
	if len(results) == 0 {
		return nil
	}
	out := make([]string, len(results))
	for i, res := range results {
		if res == nil {
			continue
		}
		html, err := res.HTML(blockPage{r, p})
		if err != nil {
			*errs = append(*errs, err)
		}
		out[i] = html
	}
	return out
}

// embeds renders the ![[…]] embeds of a brief page, by link index.
func (r *Renderer) embeds(j job, p *Page, errs *[]error) map[int]string {
	return r.embedsAt(j, p, p.Brief, 0, errs)
}

// maxEmbedDepth bounds notes shown inside notes shown inside notes.
const maxEmbedDepth = 4

// embedsAt renders the embeds of brief b, shown on page p (b is p's own
// brief, or a note transcluded into it at the given depth).
func (r *Renderer) embedsAt(j job, p *Page, b *site.Page, depth int, errs *[]error) map[int]string {
	if len(b.Embeds) == 0 {
		return nil
	}
	out := map[int]string{}
	for i, e := range b.Embeds {
		switch {
		case e.Table != nil:
			html, err := blocks.DataTableHTML(blockPage{r, p}, e.Table)
			if err != nil {
				*errs = append(*errs, err)
			}
			out[i] = html
		case e.Asset != "" && e.Image:
			var w string
			if e.Width != "" {
				w = ` width="` + e.Width + `"`
			}
			if e.Height != "" {
				w += ` height="` + e.Height + `"`
			}
			out[i] = `<img src="` + markdown.Href(p.Link(e.Asset)) + `" alt="` + template.HTMLEscapeString(e.Name) + `"` + w + ` loading="lazy">`
		case e.Asset != "":
			out[i] = `<a class="embed-file" href="` + markdown.Href(p.Link(e.Asset)) + `">` + template.HTMLEscapeString(e.Name) + `</a>`
		case e.Note != nil && depth < maxEmbedDepth:
			out[i] = r.noteHTML(j, p, e, i, depth+1, errs)
		}
	}
	return out
}

// noteHTML renders a transcluded note (or one heading's section of it),
// with its links rewritten to work from page p.
func (r *Renderer) noteHTML(j job, p *Page, e *site.Embed, n, depth int, errs *[]error) string {
	t := e.Note
	doc, err := j.newer.of(t).Doc()
	if err != nil {
		*errs = append(*errs, fmt.Errorf("embed %s: %w", t.File, err))
		return ""
	}
	if id, ok := strings.CutPrefix(e.Anchor, "block-"); ok && strings.HasPrefix(e.Fragment, "^") {
		doc, err = doc.BlockRef(id)
	} else if e.Anchor != "" {
		doc, err = doc.Section(func(_ int, id string) bool { return id == e.Anchor })
	}
	if e.Fragment != "" {
		if err != nil {
			*errs = append(*errs, fmt.Errorf("embed %s: %w", t.File, err))
			return ""
		}
	}
	// Links relative to the note: rebased below with its other links.
	filled, err := body{t: t, style: p.Site.Config.CitationStyle, embedded: true, embeds: r.embedsAt(j, p, t, depth, errs), tag: func(name string) string {
		if u := tagURL(p.Site, name); u != "" {
			return p.Site.Link(t.URL, u)
		}
		return ""
	}, fact: func(id string) string {
		if u := p.Site.FactURL(id); u != "" {
			return p.Site.Link(t.URL, u)
		}
		return ""
	}, figure: func(i int) string {
		return figureHTML(p.Site, t, i, func(u string) string { return p.Site.Link(t.URL, u) })
	}}.append(nil, doc)
	if err != nil {
		*errs = append(*errs, fmt.Errorf("embed %s: %w", t.File, err))
		return ""
	}
	if bytes.HasPrefix(bytes.TrimSpace(filled), []byte("<li")) {
		filled = append(append([]byte("<ul>"), filled...), "</ul>"...) // one list item: a list of one
	}
	html := htmlurl.Rewrite(filled, func(tag, attr, ref string) string {
		u, err := url.Parse(ref)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "/") {
			return ref
		}
		target := t.URL // links in the note are relative to the note's page
		if u.Path != "" {
			target = path.Join(t.URL, u.Path)
			if strings.HasSuffix(u.Path, "/") {
				target += "/"
			}
		}
		if u.Fragment != "" {
			target += "#" + u.Fragment
		}
		return p.Link(strings.TrimPrefix(target, "./"))
	})
	// The note's ids, made its own on this page (a heading shown twice
	// must not answer #its-id twice): links into it go to its own page.
	prefix := "e" + strconv.Itoa(n) + "-"
	html = htmlurl.RewriteIDs(html, func(id string) string { return prefix + id })
	src := t.URL
	title := template.HTMLEscapeString(t.Title)
	if e.Fragment != "" {
		src += "#" + e.Anchor
		if label := headingText(t, e.Anchor); label != "" {
			title += " › " + template.HTMLEscapeString(label)
		}
	}
	src = template.HTMLEscapeString(p.Link(src))
	return `<div class="embed-note"><p class="embed-source"><a href="` + src + `">` + title + `</a></p>` + string(html) + `</div>`
}

func headingText(t *site.Page, id string) string {
	for _, h := range t.Headings {
		if h.ID == id {
			return h.Text
		}
	}
	return ""
}
