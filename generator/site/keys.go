package site

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
)

// Front matter may hold any key: vaults carry many of their own
// (cssclasses, created, status…), and templates read them as
// .Brief.Params. So an unknown key is not a mistake in itself. A key that
// is one or two letters from a key Lodestone reads, or from a field of the
// schema (titel, tpye, daet, Date), most likely is: the brief's title or
// type silently falls back to a default. Such a key is a problem confined
// to its note (an error with --strict), with the key it resembles. Keys that
// other tools read (Obsidian, Quartz, Hugo, Jekyll, Dataview, plugins) are
// never near misses, however close they are to one.

// commonKeys are front-matter keys other tools read, lower-cased.
var commonKeys = func() map[string]bool {
	m := map[string]bool{}
	for _, k := range strings.Fields(`
		alias tag created modified lastmod published publishdate expirydate
		author authors category categories status source url link links lang language
		layout weight keywords id uid name time data dates types note notes topic topics
		related parent up resources images series excerpt menu params sitemap headless
		linktitle socialdescription socialimage banner_x banner_y banner_icon icon
		date_created date_modified due priority rating project area kind
	`) {
		m[k] = true
	}
	return m
}()

// NearMiss reports whether key looks like a misspelling of known: they
// differ, but only in case, or by one edit (a letter added, removed,
// changed, or two swapped) in keys of four letters or fewer, two in longer
// ones.
func NearMiss(key, known string) bool {
	if key == known {
		return false
	}
	a, b := strings.ToLower(key), strings.ToLower(known)
	if a == b {
		return true
	}
	limit := 2
	if min(utf8.RuneCountInString(a), utf8.RuneCountInString(b)) <= 4 {
		limit = 1
	}
	return editDistance(a, b, limit) <= limit
}

// editDistance is the optimal string alignment distance between a and b
// (insertions, deletions, substitutions and swaps of neighbours), or
// limit+1 once it must exceed limit.
func editDistance(a, b string, limit int) int {
	x, y := []rune(a), []rune(b)
	if d := len(x) - len(y); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			low = min(low, cur[j])
		}
		if low > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}

// keyChecker finds the near misses among the keys of a site's briefs. It
// remembers each answer: a vault repeats the same few keys in every note.
type keyChecker struct {
	// known are the keys that are never near misses: the brief stage's,
	// every type's fields and commonKeys.
	known map[string]bool
	// candidates are what a key may be a near miss of, per type ("" for
	// briefs without a declared type): the brief stage's keys and the
	// type's fields (all types' fields for briefs without one).
	candidates map[string][]string
	memo       map[[2]string]string
}

func newKeyChecker(types map[string]TypeDecl) *keyChecker {
	c := &keyChecker{known: map[string]bool{}, candidates: map[string][]string{}, memo: map[[2]string]string{}}
	var all []string
	for _, k := range brief.Keys {
		c.known[k] = true
	}
	names := make([]string, 0, len(types))
	for t := range types {
		names = append(names, t)
	}
	slices.Sort(names)
	for _, t := range names {
		var fields []string
		for f := range types[t].Fields {
			fields = append(fields, f)
			c.known[f] = true
		}
		slices.Sort(fields)
		c.candidates[t] = append(slices.Clone(brief.Keys), fields...)
		all = append(all, fields...)
	}
	c.candidates[""] = append(slices.Clone(brief.Keys), all...)
	return c
}

// suggest returns the key that key, in a brief of the given type, is a
// near miss of, or "".
func (c *keyChecker) suggest(key, typ string) string {
	if c.known[key] || commonKeys[strings.ToLower(key)] {
		return ""
	}
	if _, ok := c.candidates[typ]; !ok {
		typ = ""
	}
	m := [2]string{key, typ}
	if s, ok := c.memo[m]; ok {
		return s
	}
	s := ""
	for _, k := range c.candidates[typ] {
		if NearMiss(key, k) && (s == "" || editDistance(strings.ToLower(key), strings.ToLower(k), 2) < editDistance(strings.ToLower(key), strings.ToLower(s), 2)) {
			s = k
		}
	}
	c.memo[m] = s
	return s
}

// checkKeys reports the keys of p's front matter that are near misses of
// keys Lodestone reads or the schema declares; it returns them.
func (s *Site) checkKeys(p *Page, diags *diag.List) map[string]bool {
	if len(p.Params) == 0 {
		return nil
	}
	if s.keys == nil {
		s.keys = newKeyChecker(s.Config.Types)
	}
	var misses map[string]bool
	keys := make([]string, 0, len(p.Params))
	for k := range p.Params {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if near := s.keys.suggest(k, p.Type); near != "" {
			pos := p.ParamPos[k]
			if pos.File == "" {
				pos = p.FieldPos[k]
			}
			diags.Notef(pos, "front matter: unknown key %q; did you mean %q?", k, near)
			if misses == nil {
				misses = map[string]bool{}
			}
			misses[k] = true
		}
	}
	return misses
}
