package bib

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// cslItem is the part of a CSL-JSON item Lodestone reads.
type cslItem struct {
	ID             any       `json:"id"`
	Title          string    `json:"title"`
	ContainerTitle string    `json:"container-title"`
	Publisher      string    `json:"publisher"`
	URL            string    `json:"URL"`
	DOI            string    `json:"DOI"`
	Page           any       `json:"page"`
	Note           string    `json:"note"`
	Author         []cslName `json:"author"`
	Editor         []cslName `json:"editor"`
	Issued         *cslDate  `json:"issued"`
}

type cslName struct {
	Family   string `json:"family"`
	Given    string `json:"given"`
	Literal  string `json:"literal"`
	Particle string `json:"non-dropping-particle"`
	Dropping string `json:"dropping-particle"`
	Suffix   string `json:"suffix"`
}

type cslDate struct {
	DateParts [][]any `json:"date-parts"`
	Raw       string  `json:"raw"`
	Literal   string  `json:"literal"`
}

// ParseCSLJSON reads a CSL-JSON file: an array of items, as Zotero's
// "CSL JSON" export writes it (file is its slash path from the site root,
// for positions). An item that cannot be read is left out, with a
// diagnostic at its position.
func ParseCSLJSON(file string, b []byte) ([]brief.Source, diag.List) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	lines := diag.NewLines(b, 1)
	at := func(off int64) diag.Pos {
		line, col := lines.Pos(int(off))
		return diag.Pos{File: file, Line: line, Col: col}
	}
	var diags diag.List
	dec := json.NewDecoder(bytes.NewReader(b))
	// syntax reports err, met reading from off on. A Decoder's offsets
	// are not the file's: Unmarshal from off finds the same error and
	// says where it is.
	syntax := func(err error, off int64) {
		var x any
		var se *json.SyntaxError
		if errors.As(json.Unmarshal(b[min(int(off), len(b)):], &x), &se) {
			err, off = se, off+max(se.Offset-1, 0)
		}
		diags.Errorf(at(off), "bibliography: %v; a CSL-JSON file is an array of items, [{\"id\": \"…\", \"title\": \"…\"}, …]", err)
	}
	tok, err := dec.Token()
	if err != nil {
		syntax(err, 0)
		return nil, diags
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		diags.Errorf(at(int64(skipSpace(b, 0))), "bibliography: a CSL-JSON file is an array of items, [{\"id\": \"…\", \"title\": \"…\"}, …]")
		return nil, diags
	}
	var out []brief.Source
	seen := map[string]diag.Pos{}
	for dec.More() {
		off := skipSpace(b, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			syntax(err, int64(off))
			return out, diags
		}
		pos := at(int64(off))
		var it cslItem
		if err := json.Unmarshal(raw, &it); err != nil {
			var te *json.UnmarshalTypeError
			if errors.As(err, &te) {
				pos = at(int64(off) + te.Offset - 1)
				err = fmt.Errorf("%s: expected %s, not a %s", te.Field, te.Type, te.Value)
			}
			diags.Notef(pos, "bibliography: item: %v; the item is left out", err)
			continue
		}
		id := ""
		switch v := it.ID.(type) {
		case string:
			id = strings.TrimSpace(v)
		case float64:
			id = strconv.FormatFloat(v, 'f', -1, 64)
		}
		if id == "" {
			diags.Notef(pos, "bibliography: item has no \"id\"; the item is left out")
			continue
		}
		if first, dup := seen[id]; dup {
			diags.Notef(pos, "bibliography: id %q is defined twice (first at line %d); this item is left out", id, first.Line)
			continue
		}
		seen[id] = pos
		s := brief.Source{
			ID:        id,
			Title:     clean(it.Title),
			Container: clean(it.ContainerTitle),
			Publisher: clean(it.Publisher),
			URL:       strings.TrimSpace(it.URL),
			DOI:       cleanDOI(it.DOI),
			Note:      clean(it.Note),
			Date:      it.Issued.String(),
			Pos:       pos,
		}
		switch v := it.Page.(type) {
		case string:
			s.Pages = dashes(clean(v))
		case float64:
			s.Pages = strconv.FormatFloat(v, 'f', -1, 64)
		}
		names := it.Author
		if len(names) == 0 {
			names = it.Editor
		}
		for _, n := range names {
			if name := n.name(); name.Family != "" {
				s.Authors = append(s.Authors, name)
			}
		}
		if s.Title == "" {
			diags.Notef(pos, "bibliography: item %q has no title; add \"title\"", id)
			s.Title = id
		}
		out = append(out, s)
	}
	if _, err := dec.Token(); err != nil {
		syntax(err, int64(skipSpace(b, int(dec.InputOffset()))))
	}
	return out, diags
}

func skipSpace(b []byte, off int) int {
	for off < len(b) && (b[off] == ' ' || b[off] == '\t' || b[off] == '\n' || b[off] == '\r' || b[off] == ',') {
		off++
	}
	return off
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func (n cslName) name() brief.Name {
	if n.Literal != "" {
		return brief.Name{Family: clean(n.Literal)}
	}
	family := clean(strings.TrimSpace(n.Particle + " " + n.Family))
	given := clean(strings.TrimSpace(n.Given + " " + n.Dropping))
	if n.Suffix != "" && given != "" {
		given += ", " + clean(n.Suffix)
	}
	return brief.Name{Family: family, Given: given}
}

// String is the date as YYYY, YYYY-MM or YYYY-MM-DD, else as written.
func (d *cslDate) String() string {
	if d == nil {
		return ""
	}
	if len(d.DateParts) > 0 && len(d.DateParts[0]) > 0 {
		var parts []string
		for i, p := range d.DateParts[0] {
			var n int
			switch v := p.(type) {
			case float64:
				n = int(v)
			case string:
				n, _ = strconv.Atoi(strings.TrimSpace(v))
			}
			if n <= 0 || i > 2 {
				break
			}
			if i == 0 {
				parts = append(parts, fmt.Sprintf("%04d", n))
			} else {
				parts = append(parts, fmt.Sprintf("%02d", n))
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, "-")
		}
	}
	return clean(cmp.Or(d.Raw, d.Literal))
}
