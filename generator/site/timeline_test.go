package site

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/query"
)

// TestNearlySameTitle: titles of the same event in different words are
// one; near misses that differ in a number, an ordinal, a name, a
// negation or the one word that matters stay two.
func TestNearlySameTitle(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", "Record output", "Record output", true},
		{"case and punctuation", "DoD-MP Materials partnership", "DoD–MP materials: partnership!", true},
		{"word order and small words", "DoD-MP Materials partnership", "DoD partnership with MP Materials", true},
		{"one word added to four", "DoD-MP Materials partnership", "DoD–MP Materials partnership announced", true},
		{"plural and possessive", "China's export quota cut", "China export quotas cut", true},
		{"apostrophe kinds", "Lynas’s Malaysia plant starts", "Lynas's Malaysia plant starts", true},
		{"one word in five differs", "Mine placed on care and maintenance again", "Mine put on care and maintenance again", true},
		{"non-Latin, same", "稀土开采总量控制指标", "稀土开采总量控制指标", true},

		{"another number", "Quotas raised by 20%", "Quotas raised by 25%", false},
		{"another year", "Record 2024 output", "Record 2025 output", false},
		{"another ordinal", "First batch of 2022 quotas", "Second batch of 2022 quotas", false},
		{"another name", "USGS puts Brazil's reserves at 21 million t", "USGS puts Russia's reserves at 21 million t", false},
		{"a name added", "Separation restarts", "Separation restarts at Mountain Pass", false},
		{"negation", "Export licence granted", "Export licence not granted", false},
		{"opposite verb", "Mining resumes", "Mining halts", false},
		{"prefix changes the word", "Exports banned", "Exports unbanned", false},
		{"one word in four differs", "Lynas Malaysia plant starts", "Lynas Malaysia plant opens", false},
		{"a quarter of the words added", "Separation plant starts", "Separation plant starts trial runs", false},
		{"phase number", "Phase 1 heavy rare earth contract to MP", "Phase 2 heavy rare earth contract to MP", false},
		{"non-Latin, different", "稀土开采总量控制指标", "稀土冶炼分离总量控制指标", false},
		{"only small words, other order", "To be", "Be to", false},
		{"only small words, same", "To be", "to be", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nearlySameTitle(tt.a, tt.b); got != tt.want {
				t.Errorf("nearlySameTitle(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
			if got := nearlySameTitle(tt.b, tt.a); got != tt.want {
				t.Errorf("nearlySameTitle(%q, %q) = %v, want %v (reversed)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}

func testPage(title, typ string) *Page {
	return &Page{Brief: &brief.Brief{Title: title, Type: typ}, sortKey: strings.ToLower(title)}
}

func ev(p *Page, date, title, note string) Event {
	d, err := brief.ParseDate(date)
	if err != nil {
		panic(err)
	}
	return Event{Event: &brief.Event{Date: d, Title: title, Note: note}, Page: p}
}

// rows renders a timeline as "year: date title [briefs]" lines.
func rows(years []*Year) []string {
	var out []string
	for _, y := range years {
		for _, e := range y.Events {
			var ps []string
			for _, p := range e.Pages() {
				ps = append(ps, p.Title)
			}
			out = append(out, e.Date.String()+" "+e.Title+" ["+strings.Join(ps, ", ")+"]")
		}
	}
	return out
}

// TestByYearMerges: an event given by several briefs (same date, nearly
// the same title) is one row that lists every brief, the first brief's
// title first; events of one brief, of another date (even a finer one),
// or with another title stay apart; the counts per year follow.
func TestByYearMerges(t *testing.T) {
	mine, co, dod, other := testPage("Mountain Pass", "mine"), testPage("MP Materials", "company"), testPage("US DoD", "policy"), testPage("Zeta", "")
	evs := []Event{
		ev(dod, "2025-07-10", "DoD-MP Materials partnership", "Equity and a floor."),
		ev(mine, "2025-07-10", "DoD partnership with MP Materials", "Largest shareholder."),
		ev(co, "2025-07-10", "DoD–MP Materials partnership announced", ""),
		ev(other, "2025-07", "DoD partnership with MP Materials", ""),      // a month, not the day
		ev(other, "2025-07-10", "Phase 2 of the DoD partnership", ""),      // another event, same day
		ev(mine, "2025-04-17", "Shipments to China stop", ""),              // same brief twice:
		ev(mine, "2025-04-17", "Shipments to China stop", "Second entry."), // kept as written
		ev(co, "2024", "Record output", ""),
		ev(mine, "2024", "Record output", ""),
	}
	got := rows(ByYear(evs))
	want := []string{
		"2024 Record output [Mountain Pass, MP Materials]",
		"2025-04-17 Shipments to China stop [Mountain Pass]",
		"2025-04-17 Shipments to China stop [Mountain Pass]",
		"2025-07 DoD partnership with MP Materials [Zeta]",
		"2025-07-10 DoD partnership with MP Materials [Mountain Pass, MP Materials, US DoD]",
		"2025-07-10 Phase 2 of the DoD partnership [Zeta]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	years := ByYear(slices.Clone(evs))
	merged := years[1].Events[3]
	if n := len(merged.All()); n != 3 || !merged.Noted() || merged.Types() != "mine company policy" {
		t.Errorf("merged event: %d copies, noted %v, types %q", n, merged.Noted(), merged.Types())
	}
	// flatten undoes merge, and merging again gives the same timeline.
	var flat []Event
	for _, y := range years {
		flat = append(flat, flatten(y.Events)...)
	}
	if len(flat) != len(evs) {
		t.Errorf("flatten: %d events, want %d", len(flat), len(evs))
	}
	if again := rows(ByYear(flat)); !slices.Equal(again, want) {
		t.Errorf("merged again:\n%s", strings.Join(again, "\n"))
	}
}

// TestByYearOwnsItsEvents: the years share one array, but an append to a
// year's events never writes over the next year's.
func TestByYearOwnsItsEvents(t *testing.T) {
	p := testPage("A", "")
	years := ByYear([]Event{ev(p, "2020", "a", ""), ev(p, "2020-05", "b", ""), ev(p, "2021", "c", ""), ev(p, "2022", "d", "")})
	if len(years) != 3 {
		t.Fatalf("%d years, want 3", len(years))
	}
	for _, y := range years {
		y.Events = append(y.Events, ev(p, "1999", "appended", ""))
	}
	for i, want := range [][]string{{"a", "b", "appended"}, {"c", "appended"}, {"d", "appended"}} {
		var got []string
		for _, e := range years[i].Events {
			got = append(got, e.Title)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d: events %q, want %q", years[i].Year, got, want)
		}
	}
}

// TestOverview: a count per year from the first to the last, empty years
// included, as a share of the busiest; centuries apart, only the years
// with events.
func TestOverview(t *testing.T) {
	p := testPage("A", "")
	years := ByYear([]Event{ev(p, "2020", "a", ""), ev(p, "2022", "b", ""), ev(p, "2022-05", "c", ""), ev(p, "2022-06", "d", ""), ev(p, "2023", "e", "")})
	got := Overview(years)
	want := []YearCount{{2020, 1, 34}, {2021, 0, 0}, {2022, 3, 100}, {2023, 1, 34}}
	if !slices.Equal(got, want) {
		t.Errorf("Overview = %v, want %v", got, want)
	}
	if got := Overview(ByYear([]Event{ev(p, "1500", "a", ""), ev(p, "2020", "b", "")})); len(got) != 2 {
		t.Errorf("Overview over 520 years: %d bars, want 2", len(got))
	}
	if Overview(nil) != nil {
		t.Error("Overview(nil) is not nil")
	}
}

// TestJurisdictions: a brief's jurisdiction field, else the country
// briefs its link fields point to, else a country brief itself; and the
// facets of a timeline list each once, sorted.
func TestJurisdictions(t *testing.T) {
	china, us := testPage("China", "country"), testPage("United States", "country")
	policy := testPage("Export controls", "policy")
	policy.values = map[string]query.Value{"jurisdiction": query.Str("China")}
	policy.linkFields = []linkField{{field: "affects", target: us}}
	mine := testPage("Mountain Pass", "mine")
	mine.linkFields = []linkField{{field: "operator", target: testPage("MP Materials", "company")}, {field: "country", target: us}}
	concept := testPage("Prices", "concept")
	for _, c := range []struct {
		p    *Page
		want []string
	}{{policy, []string{"China"}}, {mine, []string{"United States"}}, {china, []string{"China"}}, {concept, nil}} {
		if got := c.p.Jurisdictions(); !slices.Equal(got, c.want) {
			t.Errorf("%s: Jurisdictions() = %q, want %q", c.p.Title, got, c.want)
		}
	}
	f := Facets(ByYear([]Event{ev(mine, "2020", "a", ""), ev(policy, "2021", "b", ""), ev(concept, "2021", "c", ""), ev(china, "2022", "d", "")}))
	if !slices.Equal(f.Jurisdictions, []string{"China", "United States"}) || !slices.Equal(f.Types, []string{"concept", "country", "mine", "policy"}) {
		t.Errorf("Facets = %+v", f)
	}
}

// mergePairwise is merge as it was: each event compared with every kept
// event of its date that has its fact words.
func mergePairwise(evs []Event) []Event {
	var out []Event
	for i := 0; i < len(evs); {
		j := i + 1
		for j < len(evs) && evs[j].Date.Compare(evs[i].Date) == 0 {
			j++
		}
		start := len(out)
		for _, e := range evs[i:j] {
			k := -1
			for c := start; c < len(out); c++ {
				if sigOf(out[c].Title).facts == sigOf(e.Title).facts && sameEvent(out[c], sigOf(out[c].Title), e, sigOf(e.Title)) {
					k = c
					break
				}
			}
			if k >= 0 {
				out[k].Also = append(out[k].Also, e)
				continue
			}
			out = append(out, e)
		}
		i = j
	}
	return out
}

// TestMergeMatchesPairwise: merge, which compares an event only with the
// kept events that share a word of its title's prefix, keeps and groups
// the same events as comparing it with every kept event of its date, on
// random titles made to be near one another (few words, shared names,
// numbers, small words and plurals).
func TestMergeMatchesPairwise(t *testing.T) {
	vocab := []string{"mine", "mines", "plant", "output", "quota", "record", "China", "Lynas", "MP", "2024", "20%", "first", "not", "the", "of", "to", "separation", "export"}
	dates := []string{"2024", "2024-05", "2024-05-01"}
	var pages []*Page
	for _, name := range []string{"A", "B", "C", "D", "E"} {
		pages = append(pages, testPage(name, ""))
	}
	r := rand.New(rand.NewPCG(1, 2))
	merged := 0
	for round := range 300 {
		var evs []Event
		// A few titles of this round, and events that give them with up
		// to two words dropped, added or changed: near the threshold.
		bases := make([][]string, 1+r.IntN(4))
		for b := range bases {
			for range r.IntN(7) {
				bases[b] = append(bases[b], vocab[r.IntN(len(vocab))])
			}
		}
		for range 20 + r.IntN(60) {
			words := slices.Clone(bases[r.IntN(len(bases))])
			for range r.IntN(3) {
				switch w := r.IntN(len(words) + 1); {
				case w == len(words):
					words = append(words, vocab[r.IntN(len(vocab))])
				case r.IntN(2) == 0:
					words = slices.Delete(words, w, w+1)
				default:
					words[w] = vocab[r.IntN(len(vocab))]
				}
			}
			evs = append(evs, ev(pages[r.IntN(len(pages))], dates[r.IntN(len(dates))], strings.Join(words, " "), ""))
		}
		slices.SortFunc(evs, eventOrder)
		want := mergePairwise(slices.Clone(evs))
		got := merge(slices.Clone(evs))
		same := len(got) == len(want)
		for i := 0; same && i < len(got); i++ {
			same = got[i].Event == want[i].Event && len(got[i].Also) == len(want[i].Also)
			for a := 0; same && a < len(got[i].Also); a++ {
				same = got[i].Also[a].Event == want[i].Also[a].Event
			}
			merged += len(got[i].Also)
		}
		if !same {
			t.Fatalf("round %d: merge kept %d events, comparing every pair %d:\n%s\nwant:\n%s", round, len(got), len(want), eventRows(got), eventRows(want))
		}
	}
	if merged < 1000 {
		t.Errorf("only %d events merged into others: the titles are too far apart to test merge", merged)
	}
}

func eventRows(evs []Event) string {
	var b strings.Builder
	for _, e := range evs {
		fmt.Fprintf(&b, "%s %q %s", e.Date, e.Title, e.Page.Title)
		for _, a := range e.Also {
			fmt.Fprintf(&b, " + %q %s", a.Title, a.Page.Title)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestASCIISig: the one-pass signature of an ASCII title is the one the
// general way works out, on random titles of words, capitals, digits,
// apostrophes, punctuation and small words.
func TestASCIISig(t *testing.T) {
	parts := []string{"Mine", "mines", "MP", "Lynas's", "China's", "the", "Of", "2024", "20%", "Q3", "first", "not", "isn't", "'90s", "-", " ", "  ", ",", "—", ".", "'", "x", "A", "ss", "bus", "USGS", "H1"}
	r := rand.New(rand.NewPCG(3, 4))
	titles := []string{"", " ", "'", "...", "A", "The", "Mining resumes", "DoD-MP Materials partnership"}
	for range 5000 {
		var b strings.Builder
		for range r.IntN(8) {
			b.WriteString(parts[r.IntN(len(parts))])
			if r.IntN(3) > 0 {
				b.WriteByte(" -,'"[r.IntN(4)])
			}
		}
		titles = append(titles, b.String())
	}
	for _, title := range titles {
		if strings.ContainsRune(title, '—') {
			if got, want := sigOf(title), generalSig(title); !reflect.DeepEqual(got, want) {
				t.Fatalf("sigOf(%q) = %+v, want %+v", title, got, want)
			}
			continue
		}
		if got, want := asciiSig(title), generalSig(title); !reflect.DeepEqual(got, want) {
			t.Fatalf("asciiSig(%q) = %+v, want %+v", title, got, want)
		}
	}
}
