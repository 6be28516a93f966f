package site

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"gopkg.in/yaml.v3"
)

// TypeDecl declares the front-matter fields of one brief type
// (lodestone.yaml: types: NAME: fields: …).
type TypeDecl struct {
	Fields map[string]FieldDecl `yaml:"fields"`
}

// FieldDecl declares one field.
type FieldDecl struct {
	// Kind is string, number, int, date, bool, list, link or enum.
	Kind     string   `yaml:"kind"`
	Required bool     `yaml:"required"`
	Unit     string   `yaml:"unit"`   // shown after numbers, e.g. "t REO"
	Values   []string `yaml:"values"` // the allowed values of an enum
	// Label names the field on pages ("Reserves" for reserves_t). For a
	// link field it also names the relation, as read from the target:
	// "operated by" gives "Mines operated by MP Materials" on MP Materials'
	// page. Default: the field name.
	Label string `yaml:"label"`
}

// FieldKinds lists the kinds a field may have.
var FieldKinds = []string{"string", "number", "int", "date", "bool", "list", "link", "enum"}

// Relation is a group of pages that point at a page through one link field.
type Relation struct {
	Title string // "Mines operated by MP Materials"
	Field string
	// Label names the relation as read from the target: "operated by"
	// (the field's label, else its name).
	Label string
	Pages []*Page
}

// checkFields checks p's front matter against its type's declaration and
// fills p.values with typed values for queries. Link fields become
// relations on their targets.
func (s *Site) checkFields(p *Page, idx *index, diags *diag.List) {
	if len(p.Params) > 0 {
		p.values = make(map[string]query.Value, len(p.Params))
		for k, v := range p.Params {
			p.values[k] = query.FromAny(v)
		}
	}
	misses := s.checkKeys(p, diags)
	s.paramLinks(p, idx, diags)
	decl, ok := s.Config.Types[p.Type]
	if !ok {
		return
	}
	keys := make([]string, 0, len(decl.Fields))
	for k := range decl.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	typePos := diag.Pos{File: p.File, Line: 1}
	if tp, ok := p.FieldPos["type"]; ok {
		typePos = tp
	}
	for _, name := range keys {
		f := decl.Fields[name]
		raw, present := p.Params[name]
		if !present || raw == nil {
			if f.Required {
				diags.Notef(typePos, "front matter: %s: missing; type %s requires it", name, p.Type)
			}
			continue
		}
		pos := p.FieldPos[name]
		// A figure may say when it was true: {value: 44000000, as_of: 2025-01}.
		if m, ok := raw.(map[string]any); ok && f.Kind != "list" {
			if val, has := m["value"]; has {
				raw = val
				if asOf, has := m["as_of"]; has {
					d, err := asDate(asOf)
					if err != nil {
						diags.Notef(pos, "%s: as_of %v", name, err)
					} else {
						s.checkStale(p, name, d, pos, diags)
					}
				}
			}
		}
		n := len(p.linkFields)
		v, err := s.typed(f, raw, idx, p)
		if w, ok := err.(withheldError); ok {
			diags.Audiencef(pos, "%s: %s", name, w)
			delete(p.values, name)
			p.linkFields = p.linkFields[:n]
			continue
		}
		if err != nil {
			diags.Notef(pos, "%s: %v", name, err)
			delete(p.values, name)
			p.linkFields = p.linkFields[:n]
			continue
		}
		for i := n; i < len(p.linkFields); i++ {
			p.linkFields[i].field = name
			p.linkFields[i].label = cmpOr(f.Label, strings.ReplaceAll(name, "_", " "))
		}
		if p.values == nil {
			p.values = map[string]query.Value{}
		}
		p.values[name] = v
	}
	if s.Options.Strict {
		var unknown []string
		for k := range p.Params {
			if _, ok := decl.Fields[k]; !ok && !misses[k] {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		for _, k := range unknown {
			diags.Warnf(p.FieldPos[k], "%s: not a field of type %s (declared in lodestone.yaml)", k, p.Type)
		}
	}
}

// paramLinks reports, in a site built for the public, every front-matter
// value of p outside its type's link fields that holds a [[link]] to a
// withheld brief ("related: '[[Plans]]'", as Obsidian's properties link):
// shown as written on p's page, it would name what is withheld.
func (s *Site) paramLinks(p *Page, idx *index, diags *diag.List) {
	if s.Options.Audience != brief.Public || len(s.withheld) == 0 {
		return
	}
	decl := s.Config.Types[p.Type]
	keys := slices.Sorted(maps.Keys(p.Params))
	for _, k := range keys {
		if f, ok := decl.Fields[k]; ok && f.Kind == "link" {
			continue // checked as a link field (typed)
		}
		var walk func(x any)
		walk = func(x any) {
			switch v := x.(type) {
			case string:
				for _, m := range wikiInText.FindAllStringSubmatch(v, -1) {
					if t, _ := idx.lookup(strings.TrimSpace(m[1]), p); t != nil && t.Withheld(s.Options.Audience) {
						diags.Audiencef(p.FieldPos[k], "%s: %s", k, withheld("link", m[1], t, s.Options.Audience))
					}
				}
			case []any:
				for _, e := range v {
					walk(e)
				}
			case map[string]any:
				for _, mk := range slices.Sorted(maps.Keys(v)) {
					if _, figure := v["value"]; figure && mk == "of" {
						continue // a figure's subject: see subjects
					}
					walk(v[mk])
				}
			}
		}
		walk(p.Params[k])
	}
}

// wikiInText finds [[target]], [[target#heading]] and [[target|label]] in
// text; the first group is the target.
var wikiInText = regexp.MustCompile(`\[\[([^\[\]|#]+)(?:#[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]`)

// typed checks one value against its declaration and converts it.
func (s *Site) typed(f FieldDecl, raw any, idx *index, from *Page) (query.Value, error) {
	got := describe(raw)
	switch f.Kind {
	case "string":
		if str, ok := raw.(string); ok {
			return query.Str(str), nil
		}
		return query.Value{}, fmt.Errorf("expected text, got %s", got)
	case "number", "int":
		var n float64
		switch v := raw.(type) {
		case int:
			n = float64(v)
		case float64:
			n = v
		default:
			return query.Value{}, fmt.Errorf("expected %s, got %s", f.Kind, got)
		}
		if f.Kind == "int" && n != math.Trunc(n) {
			return query.Value{}, fmt.Errorf("expected a whole number, got %s", got)
		}
		return query.Num(n), nil
	case "bool":
		if b, ok := raw.(bool); ok {
			return query.BoolV(b), nil
		}
		return query.Value{}, fmt.Errorf("expected true or false, got %s", got)
	case "date":
		switch v := raw.(type) {
		case brief.Date:
			return query.DateV(v), nil
		case int:
			return query.DateV(brief.Date{Year: v}), nil
		case string:
			d, err := brief.ParseDate(v)
			if err != nil {
				return query.Value{}, err
			}
			return query.DateV(d), nil
		}
		return query.Value{}, fmt.Errorf("expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got %s", got)
	case "list":
		if l, ok := raw.([]any); ok {
			return query.FromAny(l), nil
		}
		return query.Value{}, fmt.Errorf("expected a list, got %s", got)
	case "enum":
		if len(f.Values) == 0 {
			return query.FromAny(raw), nil // reported in lodestone.yaml
		}
		str, ok := raw.(string)
		if !ok || !slices.Contains(f.Values, str) {
			return query.Value{}, fmt.Errorf("expected one of %s, got %s", strings.Join(f.Values, ", "), got)
		}
		return query.Str(str), nil
	case "link":
		var names []string
		switch v := raw.(type) {
		case string:
			names = []string{v}
		case []any:
			for _, e := range v {
				str, ok := e.(string)
				if !ok {
					return query.Value{}, fmt.Errorf("expected the names of briefs, got %s", describe(e))
				}
				names = append(names, str)
			}
		default:
			return query.Value{}, fmt.Errorf("expected the name of a brief, got %s", got)
		}
		var links []query.Value
		for _, n := range names {
			n = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(n), "[["), "]]")
			t, _ := idx.lookup(n, from)
			if t == nil {
				return query.Value{}, fmt.Errorf("no brief matches %q", n)
			}
			if t.Withheld(s.Options.Audience) {
				return query.Value{}, withheldError(withheld("link", n, t, s.Options.Audience))
			}
			links = append(links, query.LinkV(t.Title, t.URL))
			from.linkFields = append(from.linkFields, linkField{target: t})
		}
		if len(links) == 1 {
			return links[0], nil
		}
		return query.ListV(links), nil
	}
	// An unknown kind is reported once, in lodestone.yaml; here the field
	// is left untyped.
	return query.FromAny(raw), nil
}

// withheldError is a link field's target that the audience may not see:
// an error, where other problems with a field are confined to its note.
type withheldError string

func (e withheldError) Error() string { return string(e) }

type linkField struct {
	field  string
	label  string
	target *Page
}

func describe(x any) string {
	switch v := x.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	case time.Time, brief.Date:
		return fmt.Sprintf("the date %v", v)
	}
	return fmt.Sprint(x)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// relations groups, on every link field's target, the pages that point at
// it, by field and by the pointing page's type.
func (s *Site) relations() {
	type key struct {
		target     *Page
		field, typ string
	}
	groups := map[key]*Relation{}
	for _, p := range s.Pages {
		for _, lf := range p.linkFields {
			k := key{lf.target, lf.field, p.Type}
			r, ok := groups[k]
			if !ok {
				r = &Relation{Field: lf.field, Label: lf.label, Title: TypeTitle(p.Type) + " " + lf.label + " " + lf.target.Title}
				groups[k] = r
				lf.target.Relations = append(lf.target.Relations, r)
			}
			if !slices.Contains(r.Pages, p) {
				r.Pages = append(r.Pages, p)
			}
			if !slices.Contains(p.Outlinks, lf.target) {
				p.Outlinks = append(p.Outlinks, lf.target)
			}
		}
	}
	for _, p := range s.Pages {
		for _, r := range p.Relations {
			slices.SortFunc(r.Pages, byTitle)
		}
		slices.SortFunc(p.Relations, func(a, b *Relation) int { return strings.Compare(a.Title, b.Title) })
	}
}

// PlainBacklinks are the backlinks not already shown in a relation.
func (p *Page) PlainBacklinks() []*Page {
	var out []*Page
	for _, b := range p.Backlinks {
		shown := false
		for _, r := range p.Relations {
			shown = shown || slices.Contains(r.Pages, b)
		}
		if !shown {
			out = append(out, b)
		}
	}
	return out
}

// TypeTitle names a type's list: "policy" -> "Policies", "mine" -> "Mines".
// Only lower-case ASCII names are pluralised; others ("稀土", "Data") stay
// as written.
func TypeTitle(t string) string {
	for _, r := range t {
		if (r < 'a' || r > 'z') && r != '-' && r != ' ' {
			return t
		}
	}
	if t == "" {
		return "Briefs"
	}
	switch {
	case strings.HasSuffix(t, "y") && !strings.HasSuffix(t, "ey") && !strings.HasSuffix(t, "ay"):
		t = t[:len(t)-1] + "ies"
	case strings.HasSuffix(t, "is"):
		t = t[:len(t)-2] + "es" // analysis -> analyses
	case strings.HasSuffix(t, "s") || strings.HasSuffix(t, "x") || strings.HasSuffix(t, "ch") || strings.HasSuffix(t, "sh"):
		t += "es"
	default:
		t += "s"
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

func asDate(x any) (brief.Date, error) {
	switch v := x.(type) {
	case brief.Date:
		return v, nil
	case time.Time:
		return brief.Date{Year: v.Year(), Month: int(v.Month()), Day: v.Day()}, nil
	case int:
		return brief.Date{Year: v}, nil
	case string:
		return brief.ParseDate(v)
	}
	return brief.Date{}, fmt.Errorf("%s is not a date", describe(x))
}

// Period is a length of time in whole months, written in lodestone.yaml as
// "18 months" or "2 years".
type Period struct{ Months int }

// UnmarshalYAML reads "N months" or "N years".
func (p *Period) UnmarshalYAML(n *yaml.Node) error {
	var s string
	if err := n.Decode(&s); err != nil {
		return err
	}
	var num int
	var unit string
	if _, err := fmt.Sscanf(strings.TrimSpace(s), "%d %s", &num, &unit); err != nil || num <= 0 {
		return fmt.Errorf("stale_after %q: write a period such as \"18 months\" or \"2 years\"", s)
	}
	switch strings.TrimSuffix(unit, "s") {
	case "month":
		p.Months = num
	case "year":
		p.Months = 12 * num
	default:
		return fmt.Errorf("stale_after %q: the unit is months or years", s)
	}
	return nil
}

func (p Period) String() string {
	if p.Months%12 == 0 {
		if p.Months == 12 {
			return "1 year"
		}
		return fmt.Sprintf("%d years", p.Months/12)
	}
	if p.Months == 1 {
		return "1 month"
	}
	return fmt.Sprintf("%d months", p.Months)
}

// Fact is a front-matter field shown in a brief's metadata.
type Fact struct {
	Field string // the front-matter key
	Label string
	Text  string
	URL   string // a link field's target page
	AsOf  string // "January 2025" when the figure carries as_of
	// Typed is set for the fields the brief's type declares.
	Typed bool
	// Stale is set when the figure's as_of is older than stale_after;
	// Age says how old it is.
	Stale bool
	Age   string
	asOf  brief.Date
}

// Facts lists the brief's fields for display: those its type declares, in
// order of name, typed and with their units; then other short values.
func (p *Page) Facts(s *Site) []Fact {
	var out []Fact
	decl := s.Config.Types[p.Type]
	names := make([]string, 0, len(p.Params))
	for k := range p.Params {
		names = append(names, k)
	}
	slices.Sort(names)
	label := func(k string) string {
		k = strings.ReplaceAll(k, "_", " ")
		return strings.ToUpper(k[:1]) + k[1:]
	}
	for _, k := range names {
		raw := p.Params[k]
		f, declared := decl.Fields[k]
		v, ok := p.values[k]
		if !ok || v.Kind == query.Null {
			continue
		}
		fact := Fact{Field: k, Label: label(k), Typed: declared}
		if declared && f.Label != "" {
			fact.Label = label(f.Label)
		}
		switch {
		case v.Kind == query.LinkKind:
			fact.Text, fact.URL = v.Link.Title, v.Link.URL
		case v.Kind == query.Date:
			fact.Text = v.Date.Human()
		case v.Kind == query.List:
			fact.Text = v.Text()
		default:
			fact.Text = v.Text()
			if declared && f.Unit != "" && v.Kind == query.Number {
				fact.Text += " " + f.Unit
			}
		}
		if m, ok := raw.(map[string]any); ok {
			if d, err := asDate(m["as_of"]); err == nil && !d.IsZero() {
				fact.AsOf, fact.asOf = d.Human(), d
				fact.Age, fact.Stale = p.staleAge[k]
			}
		}
		out = append(out, fact)
	}
	return out
}

// FigureUnits are the units of the typed fields, each by its first word
// lower-cased ("t" for "t REO"), sorted, each once: the units in which a
// number in the prose can state a typed figure (see checkProse).
func (c Config) FigureUnits() []string {
	var units []string
	for _, t := range c.Types {
		for _, f := range t.Fields {
			if u := f.unitWord(); u != "" {
				units = append(units, u)
			}
		}
	}
	slices.Sort(units)
	return slices.Compact(units)
}

// unitWord is the word the prose writes f's unit with: its first word,
// lower-cased ("t" for "t REO"), or "" for a field without a unit.
func (f FieldDecl) unitWord() string {
	if w := strings.Fields(f.Unit); len(w) > 0 {
		return strings.ToLower(w[0])
	}
	return ""
}
