package cli

import (
	"bytes"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// TestGitHubFormat: workflow commands carry the position as properties and
// escape what would end the command or a property early.
func TestGitHubFormat(t *testing.T) {
	tests := []struct {
		name string
		d    diag.Diagnostic
		want string
	}{
		{"positioned error", diag.Diagnostic{Pos: diag.Pos{File: "content/a.md", Line: 3, Col: 7}, Msg: "link: x"},
			"::error file=content/a.md,line=3,col=7::link: x\n"},
		{"warning without a column", diag.Diagnostic{Pos: diag.Pos{File: "templates/brief.html", Line: 2}, Severity: diag.Warning, Msg: "w"},
			"::warning file=templates/brief.html,line=2::w\n"},
		{"no position", diag.Diagnostic{Msg: "--base-url: bad"}, "::error::--base-url: bad\n"},
		{"escapes", diag.Diagnostic{Pos: diag.Pos{File: "content/a,b:c%.md", Line: 1}, Msg: "50% done\nnext line\r"},
			"::error file=content/a%2Cb%3Ac%25.md,line=1::50%25 done%0Anext line%0D\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		printGitHub(&b, diag.List{tt.d})
		if b.String() != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, b.String(), tt.want)
		}
	}
}
