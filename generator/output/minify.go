package output

import (
	"bytes"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
	"github.com/tdewolff/parse/v2/buffer"
)

type minifying struct {
	next Sink
	m    *minify.M
	// pages: HTML files are minified too (MinifyAll)
	pages bool
	bufs  sync.Pool // *bytes.Buffer: minified files on their way to next
}

// Minify returns a sink that minifies CSS, JS, SVG and XML files with
// github.com/tdewolff/minify before passing them to next. Other files pass
// through, HTML pages among them: Lodestone's layouts and goldmark write
// them nearly compact already, and minifying them saved 0.8% of a page's
// bytes (1.2% gzipped) for a tenth of a build's CPU.
func Minify(next Sink) Sink {
	return newMinifying(next, false)
}

// MinifyAll is Minify that minifies HTML too: for the one-file bundle,
// whose page carries the site's style sheets and scripts inline. HTML keeps
// its quotes, end tags and document tags: the saving is small and the
// output stays easy to read and to check.
func MinifyAll(next Sink) Sink {
	return newMinifying(next, true)
}

func newMinifying(next Sink, pages bool) Sink {
	m := minify.New()
	if pages {
		m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	}
	m.AddFunc("text/css", minifyCSS)
	// SVG files only: SVG inline in a page is Lodestone's own (charts,
	// graphs, icons), written compact, and minifying it again costs a
	// build of thousands of briefs a tenth of its time.
	m.AddFunc(svgFile, svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFunc("application/xml", xml.Minify) // the sitemap and feed (not inline SVG, image/svg+xml)
	return &minifying{next: next, m: m, pages: pages}
}

// minifyCSS minifies style sheets, and leaves style attributes as they are
// written: Lodestone writes them compact, a table's cells have one each
// (text-align), and minifying them cost a build of 10,000 briefs three
// million allocations.
func minifyCSS(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
	if params["inline"] == "1" {
		return minify.ErrNotExist // the HTML minifier keeps the attribute
	}
	return css.Minify(m, w, r, params)
}

// svgFile is the media type the minifier knows SVG files by; not
// image/svg+xml, which the HTML minifier asks for inline SVG.
const svgFile = "image/x-svg-file"

// maxPooled is the largest buffer kept for the next file: a buffer that
// held the timeline of a large site (megabytes) is left to the collector.
const maxPooled = 1 << 20

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".svg":  svgFile,
	".xml":  "application/xml",
}

// compact reports whether name is a data script Lodestone writes compact
// already (the search index, the link previews' data, the link graph):
// minifying megabytes of JSON gains nothing (and would undo its escaping of
// "<"); or a library minified by its authors (x.min.js, x.min.css: KaTeX,
// mermaid).
func compact(name string) bool {
	return name == "search-index.js" || strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".js") ||
		name == "preview-index.js" || strings.HasPrefix(name, "preview/") && strings.HasSuffix(name, ".js") ||
		name == "graph-data.js" ||
		strings.Contains(path.Base(name), ".min.")
}

func (s *minifying) WriteFile(name string, data []byte) error {
	if mt, ok := mediaTypes[path.Ext(name)]; ok && !compact(name) && (s.pages || mt != "text/html") {
		buf, _ := s.bufs.Get().(*bytes.Buffer)
		if buf == nil {
			buf = new(bytes.Buffer)
		}
		defer func() {
			if buf.Cap() <= maxPooled {
				s.bufs.Put(buf)
			}
		}()
		buf.Reset()
		buf.Grow(len(data))
		if err := s.m.Minify(mt, buf, buffer.NewReader(data)); err != nil {
			return fmt.Errorf("minify %s: %w", name, err)
		}
		data = buf.Bytes()
	}
	return s.next.WriteFile(name, data)
}
