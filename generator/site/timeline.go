package site

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/workers"
)

// Two briefs often record the same event: the mine and the company that
// runs it, the policy and the country that made it. On a timeline that
// lists events of several briefs such an event is shown once, linking
// every brief that gives it. Events are the same when they come from
// different briefs, have the same date (as written: 2025-07 and
// 2025-07-10 are not the same) and nearly the same title (see
// nearlySameTitle).

// Pages lists the briefs that give the event: its own first, then those
// of Also.
func (e Event) Pages() []*Page {
	ps := []*Page{e.Page}
	for _, a := range e.Also {
		ps = append(ps, a.Page)
	}
	return ps
}

// All is the event followed by its Also: every brief's copy.
func (e Event) All() []Event {
	return append([]Event{e}, e.Also...)
}

// Noted reports whether any brief gives the event a note.
func (e Event) Noted() bool {
	return slices.ContainsFunc(e.All(), func(x Event) bool { return x.Note != "" })
}

// From and To bound the event's date as finely as it is known (see
// brief.Date.Bounds), for a filter by date range.
func (e Event) From() string { f, _ := e.Date.Bounds(); return f }

// To: see From.
func (e Event) To() string { _, t := e.Date.Bounds(); return t }

// Types lists the types of the briefs that give the event, each once,
// separated by spaces ("" when none has a type).
func (e Event) Types() string {
	var ts []string
	for _, p := range e.Pages() {
		if p.Type != "" && !slices.Contains(ts, p.Type) {
			ts = append(ts, p.Type)
		}
	}
	return strings.Join(ts, " ")
}

// Tags lists the tags of the briefs that give the event, each once,
// separated by "|".
func (e Event) Tags() string {
	var ts []string
	for _, p := range e.Pages() {
		for _, t := range p.TagTerms {
			if !slices.Contains(ts, t.Name) {
				ts = append(ts, t.Name)
			}
		}
	}
	return strings.Join(ts, "|")
}

// Jurisdictions lists the jurisdictions of the briefs that give the event
// (see Page.Jurisdictions), each once.
func (e Event) Jurisdictions() []string {
	var js []string
	for _, p := range e.Pages() {
		for _, j := range p.Jurisdictions() {
			if !slices.Contains(js, j) {
				js = append(js, j)
			}
		}
	}
	return js
}

// Jurisdictions tells where a brief's events happen, for the timeline's
// filter: the brief's jurisdiction field if it has one (a policy's
// "China"); else the titles of the country briefs its link fields point
// to (a company based in, a mine located in Australia); else, for a
// country brief, its own title. Briefs with none of these (concepts,
// analyses) have none.
func (p *Page) Jurisdictions() []string {
	var js []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(js, s) {
			js = append(js, s)
		}
	}
	if v, ok := p.values["jurisdiction"]; ok {
		for _, x := range append([]query.Value{v}, v.List...) {
			if x.Kind == query.String {
				add(x.Str)
			}
		}
		if len(js) > 0 {
			return js
		}
	}
	for _, lf := range p.linkFields {
		if lf.target != nil && lf.target.Type == "country" {
			add(lf.target.Title)
		}
	}
	if len(js) == 0 && p.Type == "country" {
		add(p.Title)
	}
	return js
}

// duplicateEvents reports every event that several briefs give (one row
// of the site timeline, see merge), at each brief's copy, naming the
// others: an event belongs in one brief, which the others link to. It is a
// problem of the note (diag.Note), so --strict fails on it.
func (s *Site) duplicateEvents(diags *diag.List) {
	for _, y := range s.Timeline {
		for _, e := range y.Events {
			if len(e.Also) == 0 {
				continue
			}
			all := e.All()
			for _, x := range all {
				var others []string
				for _, o := range all {
					if o.Page != x.Page {
						others = append(others, fmt.Sprintf("%s (%q)", o.Page.File, o.Title))
					}
				}
				diags.Notef(eventPos(x), "event %q of %s is also in %s: keep each event in one brief and link to it from the others",
					x.Title, x.Date.Human(), strings.Join(others, ", "))
			}
		}
	}
}

// eventPos is where e is written in its brief now (a timeline kept from
// the last build may hold the position the event had then).
func eventPos(e Event) diag.Pos {
	for _, be := range e.Page.Events {
		if sameDate(be.Date, e.Date) && be.Title == e.Title {
			return be.Pos
		}
	}
	return e.Pos
}

// merge shows each event once: of the events of one date that have
// nearly the same title and come from different briefs, the first (in
// eventOrder) stays, with the others in its Also. evs must be sorted by
// eventOrder, with no Also of their own.
//
// An event is compared only with the kept events of its date that share
// its fact words and a word of its title's prefix (see titleSig.keys):
// comparing it with every one made a date with thousands of events (a
// vault whose notes give only a year) take time by the square of them.
func merge(evs []Event) []Event {
	out := make([]Event, 0, len(evs))
	all := make([]titleSig, len(evs)) // evs' titles' signatures
	workers.Each(context.Background(), len(evs), func(i int) { all[i] = sigOf(evs[i].Title) })
	var sigs []titleSig // of out's events of the current date
	var cands []int
	for i := 0; i < len(evs); {
		j := i + 1
		for j < len(evs) && evs[j].Date.Compare(evs[i].Date) == 0 {
			j++
		}
		start := len(out) // the events of this date kept so far
		sigs = sigs[:0]
		// The kept events (by their index in sigs) under each key of
		// their signature.
		byKey := map[sigKey][]int{}
		for x, e := range evs[i:j] {
			sig := all[i+x]
			cands = cands[:0]
			for _, key := range sig.keys {
				cands = append(cands, byKey[key]...)
			}
			// The first kept event that e repeats, as when every kept
			// event was tried in turn.
			slices.Sort(cands)
			k := -1
			for n, c := range cands {
				if n > 0 && c == cands[n-1] {
					continue
				}
				if sameEvent(out[start+c], sigs[c], e, sig) {
					k = start + c
					break
				}
			}
			if k >= 0 {
				out[k].Also = append(out[k].Also, e)
				continue
			}
			for _, key := range sig.keys {
				byKey[key] = append(byKey[key], len(sigs))
			}
			sigs = append(sigs, sig)
			out = append(out, e)
		}
		i = j
	}
	return out
}

// sameEvent reports whether e repeats the kept event k (with its Also)
// from another brief; ks and es are their titles' signatures.
func sameEvent(k Event, ks titleSig, e Event, es titleSig) bool {
	if !sameDate(k.Date, e.Date) || !sameTitle(ks, es) {
		return false
	}
	return !slices.Contains(k.Pages(), e.Page)
}

// nearlySameTitle reports whether two event titles name the same event.
// Both are cut into words: letters and digits, lower-cased, apostrophes
// dropped ("China's" is "chinas"), a plural or possessive s taken off
// words of four letters or more, and small words (the, of, to, …) left
// out. Then
//   - the words that carry a fact must be the same in both: numbers and
//     words with digits (2024, 20%, Q3, H1), ordinals and number words
//     (first, second, two) and negations (no, not, without): "First batch
//     of 2022 quotas" is not "Second batch of 2022 quotas", nor "Quotas
//     raised by 20%" the same as "… by 25%";
//   - every capitalised word of each title (a name, most likely) must be
//     in the other: "USGS puts Brazil's reserves at 21 million t" is not
//     "USGS puts Russia's reserves at 21 million t";
//   - and at least 80% of the words of the longer title must be in the
//     other: one word in five may differ or be added ("DoD-MP Materials
//     partnership" and "DoD–MP Materials partnership announced"), so a
//     title of four words or fewer must have all of its words in the
//     other, and "Mining resumes" is not "Mining halts".
//
// Words are compared whole, never by edit distance: "Exports banned" and
// "Exports unbanned" differ by two letters and mean the opposite.
func nearlySameTitle(a, b string) bool { return sameTitle(sigOf(a), sigOf(b)) }

// titleSig is what nearlySameTitle compares of a title, worked out once.
type titleSig struct {
	norm  string   // normTitle
	words []string // titleWords
	names []string // the word each capitalised word makes, if one
	facts string   // the fact words, sorted, joined by spaces
	// keys are where merge files the title: its fact words with each
	// word of its prefix, or its normal form if it has no words (it is
	// then the same only as a title of the same normal form). The prefix
	// is the first len(words)-need(len(words))+1 of the words in sorted
	// order. Two titles nearlySameTitle calls the same share need of the
	// longer's words, so the first shared word (in that order) has fewer
	// than that many unshared words before it in either: their prefixes
	// share a word.
	keys []sigKey
}

// sigKey is a key of titleSig.keys: the fact words and a word, or (whole)
// the normal form of a title without words.
type sigKey struct {
	facts, word string
	whole       bool
}

// need is how many of the words of a title of n words another title must
// have to be nearly the same: four in five, rounded up.
func need(n int) int { return (4*n + 4) / 5 }

// sigOf works out the signature of title. Most titles are ASCII, and
// asciiSig reads them in one pass; others take the general way, whose
// lower-casing and splitting into words follow Unicode.
func sigOf(title string) titleSig {
	for i := 0; i < len(title); i++ {
		if title[i] >= utf8.RuneSelf {
			return generalSig(title)
		}
	}
	return asciiSig(title)
}

// generalSig is sigOf for any title.
func generalSig(title string) titleSig {
	sig := titleSig{norm: normTitle(title)}
	sig.words = wordsOf(sig.norm)
	for _, f := range strings.FieldsFunc(apostrophes.Replace(title), notWordRune) {
		if r, _ := utf8.DecodeRuneInString(f); unicode.IsUpper(r) {
			if ws := titleWords(f); len(ws) == 1 {
				sig.names = append(sig.names, ws[0])
			}
		}
	}
	sig.setKeys()
	return sig
}

// asciiSig is generalSig for an ASCII title, without its copies: the
// normal form is built in one pass, its words are parts of it, and a
// capitalised word is found as it is read.
func asciiSig(title string) titleSig {
	var buf strings.Builder
	buf.Grow(len(title))
	type word struct {
		start, end int
		upper      bool // capitalised
	}
	var spans [16]word
	words, in := spans[:0], false
	for i := 0; i < len(title); i++ {
		c := title[i]
		upper := 'A' <= c && c <= 'Z'
		switch {
		case c == '\'':
			continue // dropped: "China's" is "chinas"
		case upper:
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		default:
			in = false
			continue
		}
		if !in {
			if buf.Len() > 0 {
				buf.WriteByte(' ')
			}
			words = append(words, word{start: buf.Len(), upper: upper})
			in = true
		}
		buf.WriteByte(c)
		words[len(words)-1].end = buf.Len()
	}
	sig := titleSig{norm: buf.String(), words: make([]string, 0, len(words))}
	for _, w := range words {
		tw, ok := titleWord(sig.norm[w.start:w.end])
		if !ok {
			continue
		}
		if !slices.Contains(sig.words, tw) {
			sig.words = append(sig.words, tw)
		}
		if w.upper {
			sig.names = append(sig.names, tw)
		}
	}
	if len(sig.words) == 0 {
		sig.words = nil // as wordsOf gives
	}
	sig.setKeys()
	return sig
}

// setKeys sets sig.facts and sig.keys from sig.words (or sig.norm).
func (sig *titleSig) setKeys() {
	var facts []string
	for _, w := range sig.words {
		if factWord(w) {
			facts = append(facts, w)
		}
	}
	slices.Sort(facts)
	sig.facts = strings.Join(facts, " ")
	n := len(sig.words)
	if n == 0 {
		sig.keys = []sigKey{{word: sig.norm, whole: true}}
		return
	}
	sig.keys = make([]sigKey, 0, n-need(n)+1)
	sorted := slices.Clone(sig.words) // one array (slices.Sorted grows one)
	slices.Sort(sorted)
	for _, w := range sorted[:n-need(n)+1] {
		sig.keys = append(sig.keys, sigKey{facts: sig.facts, word: w})
	}
}

func sameTitle(a, b titleSig) bool {
	wa, wb := a.words, b.words
	if len(wa) == 0 || len(wb) == 0 {
		return a.norm == b.norm
	}
	if a.facts != b.facts || !allIn(a.names, wb) || !allIn(b.names, wa) {
		return false
	}
	shared := 0
	for _, w := range wa {
		if slices.Contains(wb, w) {
			shared++
		}
	}
	return shared >= need(max(len(wa), len(wb)))
}

// allIn reports whether every one of names (the capitalised words of a
// title: names, most likely: "Brazil's", "USGS", "Lynas") is among words.
func allIn(names, words []string) bool {
	for _, n := range names {
		if !slices.Contains(words, n) {
			return false
		}
	}
	return true
}

var apostrophes = strings.NewReplacer("'", "", "’", "")

// normTitle is the title lower-cased, with every run of characters other
// than letters and digits made one space.
func normTitle(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(apostrophes.Replace(s)), notWordRune), " ")
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// titleWords are the distinct words of a title that count for
// nearlySameTitle.
func titleWords(s string) []string { return wordsOf(normTitle(s)) }

// wordsOf is titleWords of a title already normalised.
func wordsOf(norm string) []string {
	var ws []string
	for _, w := range strings.Fields(norm) {
		if w, ok := titleWord(w); ok && !slices.Contains(ws, w) {
			ws = append(ws, w)
		}
	}
	return ws
}

// titleWord is what a word of a normal form counts as, without a plural
// or possessive s; false for a small word, which does not count.
func titleWord(w string) (string, bool) {
	if stopWords[w] {
		return "", false
	}
	if len(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !factWord(w) {
		w = w[:len(w)-1]
	}
	return w, true
}

// factWord reports whether a title word carries a fact that two titles of
// the same event must share (see nearlySameTitle).
func factWord(w string) bool {
	return strings.ContainsFunc(w, unicode.IsDigit) || factWords[w]
}

var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true, "for": true,
	"and": true, "by": true, "at": true, "with": true, "from": true, "as": true, "its": true,
	"is": true, "are": true, "be": true, "into": true, "over": true,
}

var factWords = map[string]bool{
	"first": true, "second": true, "third": true, "fourth": true, "fifth": true, "sixth": true,
	"seventh": true, "eighth": true, "ninth": true, "tenth": true, "last": true, "final": true,
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true,
	"seven": true, "eight": true, "nine": true, "ten": true, "half": true,
	"no": true, "not": true, "non": true, "without": true, "never": true,
}

// flatten undoes merge: every event with its Also as events of their own.
func flatten(evs []Event) []Event {
	var out []Event
	for _, e := range evs {
		also := e.Also
		e.Also = nil
		out = append(out, e)
		out = append(out, also...)
	}
	return out
}

// TimelineFacets are what the events of a timeline can be filtered by.
type TimelineFacets struct {
	Types, Tags, Jurisdictions []string // each sorted
}

// Facets lists the types, tags and jurisdictions of the briefs that give
// the events of years.
func Facets(years []*Year) TimelineFacets {
	seen := map[string]bool{}
	var f TimelineFacets
	add := func(list *[]string, kind, v string) {
		if v != "" && !seen[kind+"\x00"+v] {
			seen[kind+"\x00"+v] = true
			*list = append(*list, v)
		}
	}
	for _, y := range years {
		for _, e := range y.Events {
			for _, p := range e.Pages() {
				add(&f.Types, "type", p.Type)
				for _, t := range p.TagTerms {
					add(&f.Tags, "tag", t.Name)
				}
				for _, j := range p.Jurisdictions() {
					add(&f.Jurisdictions, "j", j)
				}
			}
		}
	}
	slices.Sort(f.Types)
	slices.Sort(f.Tags)
	slices.Sort(f.Jurisdictions)
	return f
}

// YearCount is one year of a timeline's overview: how many events it
// has, and that as a percentage of the busiest year's.
type YearCount struct {
	Year, Events, Percent int
}

// Overview counts the events of every year from the first of years to
// the last, years without events included (with none), unless they span
// maxOverviewYears or more.
func Overview(years []*Year) []YearCount {
	if len(years) == 0 {
		return nil
	}
	most := 0
	for _, y := range years {
		most = max(most, len(y.Events))
	}
	first, last := years[0].Year, years[len(years)-1].Year
	if last-first >= maxOverviewYears {
		// Centuries apart: an even axis would be empty slivers.
		out := make([]YearCount, len(years))
		for i, y := range years {
			out[i] = YearCount{Year: y.Year, Events: len(y.Events), Percent: (len(y.Events)*100 + most - 1) / most}
		}
		return out
	}
	out := make([]YearCount, 0, last-first+1)
	i := 0
	for y := first; y <= last; y++ {
		c := YearCount{Year: y}
		if i < len(years) && years[i].Year == y {
			c.Events = len(years[i].Events)
			c.Percent = (c.Events*100 + most - 1) / most
			i++
		}
		out = append(out, c)
	}
	return out
}

// maxOverviewYears is the longest span Overview shows year by year,
// empty years included; a longer one shows the years with events only.
const maxOverviewYears = 150
