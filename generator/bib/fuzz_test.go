package bib

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzBibTeX checks that any input is read without a panic, that every
// diagnostic points inside the file (line and column from 1, the line no
// further than the file's last), that every source read has a key and a
// title, and that text from valid UTF-8 stays valid UTF-8.
func FuzzBibTeX(f *testing.F) {
	for _, s := range []string{zoteroBib, "@book{a, title={T}}", "@book{a, title {T}}\n@book{b, title={B}}", "@string{x = {X}}@misc(b, title = x # \"y\")",
		"@misc{a, title={\\'{\\i}\\\"{o}\\c c --- {\\emph{x}}}, author={{A and B} and van der C, D and E F}}", "@misc{a,\ntitle={", "@@@{{{", "@misc{é, títle = {x}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, diags := ParseBibTeX("refs.bib", []byte(src))
		lines := strings.Count(src, "\n") + 1
		for _, d := range diags {
			if d.Pos.File != "refs.bib" || d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Fatalf("%q: diagnostic outside the file: %v", src, d)
			}
		}
		seen := map[string]bool{}
		for _, s := range out {
			if s.ID == "" || s.Title == "" || seen[s.ID] {
				t.Fatalf("%q: source without a key or title, or twice: %+v", src, s)
			}
			seen[s.ID] = true
			if utf8.ValidString(src) {
				for _, v := range []string{s.Title, s.Publisher, s.Container, s.Note, s.Date, s.Pages, s.URL, s.DOI} {
					if !utf8.ValidString(v) {
						t.Fatalf("%q: invalid UTF-8 in %q", src, v)
					}
				}
			}
		}
	})
}

// FuzzCSLJSON checks the same for CSL-JSON.
func FuzzCSLJSON(f *testing.F) {
	for _, s := range []string{`[{"id": "a", "title": "A", "issued": {"date-parts": [[2025, 1]]}}]`, `[{"id": 1, "title": 5}]`, `{}`, `[`, "[\n{\"id\": \"a\" \"t\": 1}]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, diags := ParseCSLJSON("refs.json", []byte(src))
		lines := strings.Count(src, "\n") + 1
		for _, d := range diags {
			if d.Pos.Line < 1 || d.Pos.Line > lines || d.Pos.Col < 1 {
				t.Fatalf("%q: diagnostic outside the file: %v", src, d)
			}
		}
		for _, s := range out {
			if s.ID == "" || s.Title == "" {
				t.Fatalf("%q: source without an id or title: %+v", src, s)
			}
		}
	})
}
