package render

import (
	"bytes"
	"strings"
	"sync"

	"github.com/lodestone-ssg/lodestone/generator/output"
)

// Math, diagrams and highlighted code need files that most pages do not:
// a page loads them only when its body (embeds included) has what they
// serve, a build or zip bundle writes them only when one of its pages
// does (Plan.Render), and the single-file bundle inlines them only then.
//
//   - Math: the TeX that generator/markdown leaves in
//     <span class="math …"> and <div class="math …"> is typeset in the page
//     by KaTeX, vendored from the npm registry into static/vendor/katex/
//     (katex 0.19.1: katex.min.js, katex.min.css, the woff2 fonts, the
//     licence, and the mhchem extension for \ce{Nd2O3}), run by
//     static/js/math.js. (The single file runs its scripts in the order of
//     their names: katex.min.js comes before mhchem.min.js.) No Go library typesets TeX well
//     enough at build time without a JavaScript engine (the choices were a
//     young LaTeX-to-MathML converter, or KaTeX/Temml run in goja or
//     QuickJS, slow and large), and KaTeX in the page works the same over
//     HTTP, from file:// and inline in one file. The stylesheet keeps only
//     the woff2 fonts (every browser that runs KaTeX reads them): the
//     single file carries them as data: URLs.
//   - Diagrams: ```mermaid blocks, <pre class="mermaid">, are drawn by
//     mermaid 12.3.0's single-file build (static/vendor/mermaid/), run by
//     static/js/diagrams.js with securityLevel "strict".
//   - Code: chroma's token classes are coloured by static/css/code.css.
//
// To update a library: npm pack katex@VERSION (or mermaid@VERSION), and
// copy from the package dist/katex.min.js, dist/katex.min.css with the
// woff and ttf sources taken out of each @font-face
// (sed -E 's/,url\(fonts\/[^)]+\.(woff|ttf)\) format\("(woff|truetype)"\)//g'),
// dist/fonts/*.woff2, dist/contrib/mhchem.min.js and LICENSE (as
// LICENSE.txt); for mermaid,
// dist/mermaid.min.js and LICENSE.

// features is what a page's body needs beyond the site's stylesheet and
// scripts.
type features struct {
	Math, Diagrams, Code bool
}

// featuresOf tells what a rendered body needs, from the markup
// generator/markdown writes for math, diagrams and highlighted code. Text
// cannot fake it (its quotes are escaped); raw HTML that the sanitiser
// lets through with such a class only loads a library for nothing.
// It looks only for what seen lacks (a page is tens of kilobytes, a site
// thousands of pages).
func featuresOf(html []byte, seen features) features {
	return features{
		Math:     !seen.Math && bytes.Contains(html, []byte(mathMark)),
		Diagrams: !seen.Diagrams && bytes.Contains(html, []byte(diagramMark)),
		Code:     !seen.Code && bytes.Contains(html, []byte(codeMark)),
	}
}

// featuresOfString is featuresOf for HTML in a string, in one pass over
// it (every brief's body goes through it): each mark has class=" in it.
func featuresOfString(html string) (f features) {
	const class = `class="`
	for i := 0; ; {
		j := strings.Index(html[i:], class)
		if j < 0 {
			return f
		}
		at := i + j
		f.Math = f.Math || strings.HasPrefix(html[at:], mathMark)
		if start := at - len("<pre "); start >= 0 {
			f.Diagrams = f.Diagrams || strings.HasPrefix(html[start:], diagramMark)
			f.Code = f.Code || strings.HasPrefix(html[start:], codeMark)
		}
		i = at + len(class)
	}
}

// What HTML with math, a diagram or highlighted code has.
const (
	// Each has class=", at the start or after "<pre " (featuresOfString).
	mathMark    = `class="math math-`
	diagramMark = `<pre class="mermaid">`
	codeMark    = `<pre class="chroma">`
)

func (f features) or(g features) features {
	return features{f.Math || g.Math, f.Diagrams || g.Diagrams, f.Code || g.Code}
}

// needs reports whether the static file name serves a feature that f
// lacks; true for files that every page uses.
func (f features) needs(name string) bool {
	switch {
	case name == "js/math.js" || strings.HasPrefix(name, "vendor/katex/"):
		return f.Math
	case name == "js/diagrams.js" || strings.HasPrefix(name, "vendor/mermaid/"):
		return f.Diagrams
	case name == "css/code.css":
		return f.Code
	}
	return true
}

// seenFeatures is a sink that notes what the pages written through it
// need.
type seenFeatures struct {
	output.Sink
	mu sync.Mutex
	f  features
}

func (s *seenFeatures) WriteFile(name string, data []byte) error {
	if strings.HasSuffix(name, ".html") {
		s.mu.Lock()
		seen := s.f
		s.mu.Unlock()
		s.note(seen.or(featuresOf(data, seen)))
	}
	return s.Sink.WriteFile(name, data)
}

// writeKnown is WriteFile for a page whose features are known (a brief's:
// see workspace), without looking for them in the page.
func (s *seenFeatures) writeKnown(name string, data []byte, f features) error {
	s.note(f)
	return s.Sink.WriteFile(name, data)
}

func (s *seenFeatures) note(f features) {
	s.mu.Lock()
	s.f = s.f.or(f)
	s.mu.Unlock()
}
