package site

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/query"
)

// Figures that cannot drift. A typed figure is written once, in the front
// matter of the brief it belongs to, and quoted elsewhere
// (`= [[China]].reserves_t`, see markdown.FigureRef): the page shows the
// value with its unit, as-of date and source, linked to that brief. Three
// checks catch the drift that is left:
//
//   - a quoted brief or field that does not exist (the text stays as
//     written);
//   - the same figure typed differently by two briefs. A figure is a field
//     of a subject: the brief it is written in, unless its mapping names
//     another with of: (reserves_t: {value: 44000000, of: China}, in
//     world.md). Two figures with the same field name and the same
//     subject are the same figure, and must have the same value and as-of
//     date;
//   - prose that states a number beside a figure's name, in the figure's
//     unit, that is not its value ("reserves of 40 million t" in the brief
//     whose reserves_t is 44,000,000 t REO). Only the brief's own figures
//     are compared, and only exactly.
//
// All three are problems of the note (diag.Note).

// Quote is a figure quoted in a brief's text, as the site resolved it.
type Quote struct {
	// From is the brief whose field it is; nil when the brief or the
	// field was not found (the text stays as written).
	From *Page
	Fact Fact
	// Source is the source the figure names (source: in its mapping),
	// and SourceID its id; nil when it names none.
	Source   *brief.Source
	SourceID string
	// Self is set when the brief quotes its own field.
	Self bool
}

// figureMeta is what a typed figure's mapping says besides its value.
type figureMeta struct {
	asOf    brief.Date
	source  string
	of      *Page // the subject, when of: names another brief
	ofPos   diag.Pos
	hasMeta bool
}

// meta reads the keys of a figure's mapping ({value, as_of, source, of}).
func (s *Site) figureMeta(p *Page, field string) figureMeta {
	var fm figureMeta
	m, ok := p.Params[field].(map[string]any)
	if !ok {
		return fm
	}
	if _, ok := m["value"]; !ok {
		return fm
	}
	fm.hasMeta = true
	if d, err := asDate(m["as_of"]); err == nil {
		fm.asOf = d
	}
	if src, ok := m["source"].(string); ok {
		fm.source = strings.TrimSpace(src)
	}
	return fm
}

// subjects resolves the of: key of every figure mapping, reports the
// briefs it does not name, and takes such figures out of the brief's
// values: they are another brief's figures, not this one's, and must not
// answer a query about this brief.
func (s *Site) subjects(idx *index, diags *diag.List) {
	for _, p := range s.Pages {
		for k, raw := range p.Params {
			m, ok := raw.(map[string]any)
			if !ok {
				continue
			}
			name, ok := m["of"].(string)
			if !ok {
				continue
			}
			if _, ok := m["value"]; !ok {
				continue
			}
			name = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(name), "[["), "]]")
			t, _ := idx.lookup(name, p)
			if t != nil && t.Withheld(s.Options.Audience) {
				diags.Audiencef(p.FieldPos[k], "%s: of: %s", k, withheld("figure", name, t, s.Options.Audience))
				continue
			}
			if t == nil || t.Hidden(s.Options.Drafts) {
				diags.Notef(p.FieldPos[k], "%s: of: no brief matches %q", k, name)
				continue
			}
			if t == p {
				continue
			}
			if p.subjectOf == nil {
				p.subjectOf = map[string]*Page{}
			}
			p.subjectOf[k] = t
			delete(p.values, k)
		}
	}
}

// figures resolves every page's quoted figures and runs the checks above.
// It runs once fields are typed (checkFields) and sources collected.
func (s *Site) figures(idx *index, diags *diag.List) {
	byID := map[string]*brief.Source{}
	for _, p := range s.Pages {
		for i := range p.Sources {
			if id := p.Sources[i].ID; id != "" && byID[id] == nil {
				byID[id] = &p.Sources[i]
			}
		}
	}
	for _, p := range s.Pages {
		// A source named by a figure must exist.
		for _, k := range sortedKeys(p.Params) {
			if fm := s.figureMeta(p, k); fm.source != "" && byID[fm.source] == nil {
				diags.Notef(p.FieldPos[k], "%s: source: no source has id %q; add it to sources: in the front matter (id: %s)", k, fm.source, fm.source)
			}
		}
		if len(p.Figures) == 0 {
			continue
		}
		p.Quotes = make([]Quote, len(p.Figures))
		for i, f := range p.Figures {
			from := p
			if f.Brief != "" {
				t, _ := idx.lookup(f.Brief, p)
				if t != nil && t.Withheld(s.Options.Audience) {
					diags.Audiencef(f.Pos, "figure `%s`: %s", strings.TrimSpace(f.Raw), withheld("figure", f.Brief, t, s.Options.Audience))
					continue
				}
				if t == nil || t.Hidden(s.Options.Drafts) {
					diags.Notef(f.Pos, "figure `%s`: no brief matches %q; the text is kept as written", strings.TrimSpace(f.Raw), f.Brief)
					continue
				}
				from = t
			}
			fact, ok := from.fact(s, f.Field)
			if !ok {
				diags.Notef(f.Pos, "figure `%s`: %s has no field %s; the text is kept as written", strings.TrimSpace(f.Raw), from.File, f.Field)
				continue
			}
			q := Quote{From: from, Fact: fact, Self: from == p}
			if fm := s.figureMeta(from, f.Field); fm.source != "" {
				q.Source, q.SourceID = byID[fm.source], fm.source
			}
			p.Quotes[i] = q
		}
	}
	s.sameFigures(diags)
	for _, p := range s.Pages {
		s.checkProse(p, diags)
	}
}

// fact is the brief's field as its metadata shows it.
func (p *Page) fact(s *Site, field string) (Fact, bool) {
	for _, f := range p.Facts(s) {
		if f.Field == field {
			return f, true
		}
	}
	return Fact{}, false
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// typedFigure is one brief's figure, for sameFigures.
type typedFigure struct {
	page  *Page
	field string
	value query.Value
	text  string // as the metadata shows it
	asOf  brief.Date
	pos   diag.Pos
}

// sameFigures warns, at each, about figures of one field and subject that
// two briefs give differently.
func (s *Site) sameFigures(diags *diag.List) {
	type key struct {
		subject *Page
		field   string
	}
	groups := map[key][]typedFigure{}
	var order []key
	for _, p := range s.Pages {
		for _, k := range sortedKeys(p.Params) {
			subject := p
			if t := p.subjectOf[k]; t != nil {
				subject = t
			}
			v, ok := p.typedValue(s, k)
			if !ok {
				continue
			}
			fm := s.figureMeta(p, k)
			kk := key{subject, k}
			if _, seen := groups[kk]; !seen {
				order = append(order, kk)
			}
			groups[kk] = append(groups[kk], typedFigure{page: p, field: k, value: v, text: s.valueText(p, k, v), asOf: fm.asOf, pos: p.FieldPos[k]})
		}
	}
	for _, kk := range order {
		g := groups[kk]
		if len(g) < 2 {
			continue
		}
		for _, a := range g {
			var others []string
			for _, b := range g {
				if b.page == a.page || sameFigure(a, b) {
					continue
				}
				others = append(others, fmt.Sprintf("%s%s in %s", b.text, asOfText(b.asOf), b.page.File))
			}
			if len(others) > 0 {
				diags.Notef(a.pos, "%s of %s: %s%s here, but %s: give the figure in one brief and quote it in the others (`= [[%s]].%s`)",
					a.field, kk.subject.Title, a.text, asOfText(a.asOf), strings.Join(others, "; "), kk.subject.Title, a.field)
			}
		}
	}
}

func sameFigure(a, b typedFigure) bool {
	c, ok := query.Compare(a.value, b.value)
	return ok && c == 0 && a.text == b.text && sameDate(a.asOf, b.asOf)
}

func asOfText(d brief.Date) string {
	if d.IsZero() {
		return ""
	}
	return " (as of " + d.Human() + ")"
}

// typedValue is the typed value of one of the brief's fields, of: figures
// included; ok false for a field its type does not declare.
func (p *Page) typedValue(s *Site, field string) (query.Value, bool) {
	decl, ok := s.Config.Types[p.Type].Fields[field]
	if !ok || decl.Kind == "link" || decl.Kind == "list" {
		return query.Value{}, false
	}
	if v, ok := p.values[field]; ok {
		return v, v.Kind != query.Null
	}
	if p.subjectOf[field] == nil {
		return query.Value{}, false
	}
	raw := p.Params[field]
	if m, ok := raw.(map[string]any); ok {
		raw = m["value"]
	}
	v, err := s.typed(decl, raw, nil, p)
	return v, err == nil
}

// valueText is a typed value as pages show it: a number with thousands
// separators and the field's unit.
func (s *Site) valueText(p *Page, field string, v query.Value) string {
	t := v.Text()
	if u := s.Config.Types[p.Type].Fields[field].Unit; u != "" && v.Kind == query.Number {
		t += " " + u
	}
	return t
}

// checkProse compares the numbers in p's prose with p's own figures: a
// number in a figure's unit whose sentence names the figure (its field
// name or label, the words before the number) must be its value.
func (s *Site) checkProse(p *Page, diags *diag.List) {
	if len(p.Quantities) == 0 {
		return
	}
	decl := s.Config.Types[p.Type]
	type figure struct {
		field string
		unit  string
		names [][]string
		value float64
		text  string
	}
	var figs []figure
	for _, k := range sortedKeys(p.Params) {
		f, ok := decl.Fields[k]
		if !ok || f.Unit == "" || p.subjectOf[k] != nil {
			continue
		}
		v, ok := p.values[k]
		if !ok || v.Kind != query.Number {
			continue
		}
		unit := f.unitWord()
		fig := figure{field: k, unit: unit, value: v.Num, text: s.valueText(p, k, v)}
		if n := nameWords(strings.Split(k, "_"), unit); len(n) > 0 {
			fig.names = append(fig.names, n)
		}
		if f.Label != "" {
			if n := nameWords(wordsOfLabel(f.Label), unit); len(n) > 0 {
				fig.names = append(fig.names, n)
			}
		}
		figs = append(figs, fig)
	}
	own := map[string]bool{}
	for _, name := range append([]string{p.Title}, p.Aliases...) {
		for _, w := range wordsOfLabel(strings.ToLower(name)) {
			own[stem(w)] = true
		}
	}
	for _, q := range p.Quantities {
		before := make([]string, len(q.Before))
		for i, w := range q.Before {
			before[i] = stem(w)
		}
		for _, f := range figs {
			if q.Unit != f.unit || !slices.ContainsFunc(f.names, func(n []string) bool { return names(n, before, own) }) {
				continue
			}
			if math.Abs(q.Value-f.value) <= 1e-9*math.Max(math.Abs(f.value), 1) {
				continue
			}
			diags.Notef(q.Pos, "%s: the text says %s %s, but %s is %s: quote it (`= this.%s`) or correct one of them",
				f.field, q.Text, q.Unit, f.field, f.text, f.field)
		}
	}
}

// names reports whether the words before a number (stemmed, nearest
// last) name the figure whose name is name: its words stand together,
// the last of them at most nearName words before the number, and the word
// before them, if any, is one that leaves the figure as it is ("China's
// reserves", "the reserves", "has reserves"; own holds the words of the
// brief's title and aliases). Any other word there qualifies the name and
// makes it another figure: "monazite reserves", "JORC-compliant reserves".
func names(name, before []string, own map[string]bool) bool {
	n := len(name)
	for end := len(before); end >= n && end >= len(before)-nearName; end-- {
		if !sameWords(before[end-n:end], name) {
			continue
		}
		if i := end - n - 1; i >= 0 && !plainBefore[before[i]] && !own[before[i]] {
			return false
		}
		return true
	}
	return false
}

// nearName is how many words may stand between a figure's name and its
// number ("reserves were put at 44 million t").
const nearName = 4

// plainBefore are words that may stand before a figure's name without
// making it another figure.
var plainBefore = map[string]bool{
	"the": true, "it": true, "its": true, "their": true, "s": true, "total": true, "of": true, "and": true,
	"has": true, "have": true, "had": true, "hold": true, "held": true, "with": true, "put": true,
	"give": true, "gave": true, "estimated": true, "current": true, "official": true,
}

// sameWords reports whether a and b hold the same words, in any order.
func sameWords(a, b []string) bool {
	for _, w := range b {
		if !slices.Contains(a, w) {
			return false
		}
	}
	return true
}

// nameWords are the words that name a figure: its field name's or its
// label's, without the unit and the parts in brackets, stemmed.
func nameWords(words []string, unit string) []string {
	var out []string
	for i, w := range words {
		w = strings.ToLower(w)
		if w == "" || i == len(words)-1 && w == unit {
			continue
		}
		out = append(out, stem(w))
	}
	return out
}

// wordsOfLabel are a label's words outside brackets: "Reserves (MCS
// 2025)" gives "Reserves".
func wordsOfLabel(label string) []string {
	var b strings.Builder
	depth := 0
	for _, r := range label {
		switch {
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth = max(depth-1, 0)
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.FieldsFunc(b.String(), func(r rune) bool { return r == ' ' || r == '_' || r == '-' })
}

// stem is a word without a plural s ("reserves" and "reserve" are one).
func stem(w string) string {
	if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
		return w[:len(w)-1]
	}
	return w
}
