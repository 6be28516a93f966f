// Package bib reads a site's bibliography: the BibTeX, BibLaTeX (.bib) and
// CSL-JSON (.json) files that lodestone.yaml names under bibliography:,
// as Zotero and other reference managers export them. Each entry becomes
// a brief.Source with the position of its definition, so that briefs can
// cite it by key ([@key]) like a source of their own front matter.
//
// Parsing never stops at a bad entry: each problem is a diagnostic at its
// file:line:col (confined to the entry, which is left out), and the rest
// of the file is read.
package bib

import (
	"path"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// Exts are the file extensions Parse reads.
var Exts = map[string]bool{".bib": true, ".json": true}

// Parse reads bibliography file (its slash path from the site root) by
// its extension: .bib as BibTeX or BibLaTeX, .json as CSL-JSON.
func Parse(file string, b []byte) ([]brief.Source, diag.List) {
	switch strings.ToLower(path.Ext(file)) {
	case ".bib":
		return ParseBibTeX(file, b)
	case ".json":
		return ParseCSLJSON(file, b)
	}
	var diags diag.List
	diags.Errorf(diag.Pos{File: file}, "bibliography: cannot read %s files; give a .bib (BibTeX, BibLaTeX) or .json (CSL-JSON) file", path.Ext(file))
	return nil, diags
}

// dashes writes page ranges as they are printed: "144--145" and
// "144-145" as "144–145".
func dashes(s string) string {
	s = strings.ReplaceAll(s, "--", "–")
	if strings.Count(s, "-") == 1 && strings.Trim(strings.Replace(s, "-", "", 1), "0123456789 ") == "" {
		s = strings.Replace(s, "-", "–", 1)
	}
	return s
}

// cleanDOI strips the resolver from a DOI written as a URL.
func cleanDOI(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return s[len(p):]
		}
	}
	return s
}
