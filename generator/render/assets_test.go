package render

import (
	"strings"
	"testing"
)

// FuzzFeaturesOfString compares the one-pass scan with a search for each
// mark.
func FuzzFeaturesOfString(f *testing.F) {
	for _, s := range []string{"", mathMark, diagramMark, codeMark, "<p>x</p>" + diagramMark + "y" + mathMark, `<pre class="chroma"`, `pre class="mermaid">`,
		`<span class="math math-inline">x</span><pre class="chroma">`, `class="class="math math-`, `<pre <pre class="mermaid">`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, html string) {
		want := features{Math: strings.Contains(html, mathMark), Diagrams: strings.Contains(html, diagramMark), Code: strings.Contains(html, codeMark)}
		if got := featuresOfString(html); got != want {
			t.Errorf("featuresOfString(%q) = %+v, want %+v", html, got, want)
		}
	})
}
