// Package randvault makes small Obsidian-style vaults and edits them at
// random, for tests that check the preview's rebuilds against builds from
// scratch (generator/build, generator/serve). The names collide on
// purpose: a title may be another note's file name, an alias or a tag; a
// folder may share its name with a tag or a note beside it; events fall on
// the same dates with the same titles. A seed always makes the same vault
// and the same edits.
package randvault

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing/fstest"
)

// The words a vault is made of: few, so that names collide. A title
// may be another note's file name, an alias or a tag; a folder may share
// its name with a tag; events fall on the same dates with the same titles.
var (
	names       = []string{"Alpha", "alpha", "Beta", "Gamma", "Dash a", "Dash-a", "Twin", "topic", "a", "b", "index", "稀土", "Über"}
	folders     = []string{"", "", "a/", "A/", "b/", "tags/", "a/b/"}
	slugs       = []string{"", "", "", "alpha", "b", "custom"}
	permalinks  = []string{"", "", "", "", "/guides/setup/", "/a/", "/beta/"}
	tagNames    = []string{"topic", "a", "b", "alpha", "policy"}
	types       = []string{"", "company", "policy"}
	dates       = []string{"2001-01-01", "2001", "2001-Q1", "2002-05", "~1990"}
	eventTitles = []string{"Same day", "Mine opened", "Mine opened again", "Quota set"}
	headings    = []string{"Notes", "Output", "History"}
	// blocks are build-time blocks whose results hang on other notes:
	// their tags, folders, links, titles, types and events.
	blocks = []string{
		"```dataview\nLIST FROM #topic WHERE\n```", // a mistake
		"```dataview\nLIST FROM #topic\n```",
		"```dataview\nTABLE title, type FROM \"a\" SORT title\n```",
		"```dataview\nLIST FROM [[Alpha]] OR #a\n```",
		"```dataview\nTABLE WITHOUT ID file.link, tags WHERE type = \"policy\"\n```",
		"```timeline\nFROM #a OR #b\n```",
	}
	settings = []string{"title: Vault\n", "title: Vault\nhome: Alpha\n", "title: Vault\nattachments: media\n", "title: Vault\nhome: Twin\n"}
)

// note is a note of a random vault, written out by md.
type note struct {
	title, typ, heading string
	slug, permalink     string
	aliases, tags       []string
	events              [][2]string // date, title
	links               []string    // what is written inside [[ ]]
	draft               bool
	edits               int    // body edits: a sentence each
	block               string // a build-time block, or none
	broken              string // a front-matter line with a mistake, or none
}

func (n *note) md() []byte {
	var b strings.Builder
	b.WriteString("---\n")
	if n.title != "" {
		fmt.Fprintf(&b, "title: %q\n", n.title)
	}
	if n.typ != "" {
		fmt.Fprintf(&b, "type: %s\n", n.typ)
	}
	if n.slug != "" {
		fmt.Fprintf(&b, "slug: %s\n", n.slug)
	}
	if n.permalink != "" {
		fmt.Fprintf(&b, "permalink: %s\n", n.permalink)
	}
	if n.draft {
		b.WriteString("draft: true\n")
	}
	b.WriteString(n.broken)
	if len(n.aliases) > 0 {
		fmt.Fprintf(&b, "aliases: [%s]\n", quoteAll(n.aliases))
	}
	if len(n.tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", quoteAll(n.tags))
	}
	if len(n.events) > 0 {
		b.WriteString("events:\n")
		for _, e := range n.events {
			fmt.Fprintf(&b, "  - {date: %q, title: %q}\n", e[0], e[1])
		}
	}
	b.WriteString("---\nAn opening sentence. ^opening")
	for i, l := range n.links {
		if i%3 == 2 {
			fmt.Fprintf(&b, "\n\n![[%s]]\n\n", l) // an embed
			continue
		}
		fmt.Fprintf(&b, " See [[%s]].", l)
	}
	b.WriteString("\n")
	if n.heading != "" {
		fmt.Fprintf(&b, "\n## %s\n\nUnder the heading.\n", n.heading)
	}
	if n.block != "" {
		fmt.Fprintf(&b, "\n%s\n", n.block)
	}
	for i := range n.edits {
		fmt.Fprintf(&b, "\nEdit number %d.\n", i+1)
	}
	return []byte(b.String())
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// toggle adds s to list, or takes it out if it is there.
func toggle(list []string, s string) []string {
	if i := slices.Index(list, s); i >= 0 {
		return slices.Delete(slices.Clone(list), i, i+1)
	}
	return append(slices.Clone(list), s)
}

// randomLink is a link target as a writer types one: a name, a title, an
// alias, a heading in one, a tag's or folder's page, an image or nothing.
func randomLink(r *rand.Rand) string {
	switch r.IntN(7) {
	case 6:
		return names[r.IntN(len(names))] + "#^opening"
	case 0:
		return "tags/" + tagNames[r.IntN(len(tagNames))]
	case 1:
		return names[r.IntN(len(names))] + "#" + headings[r.IntN(len(headings))]
	case 2:
		return []string{"Nowhere", "chart.png", "a", "b", "a/", "b/"}[r.IntN(6)]
	default:
		return names[r.IntN(len(names))]
	}
}

// Vault is a site folder in memory (lodestone.yaml and content/) and the
// notes it was written from.
type Vault struct {
	FS    fstest.MapFS
	Log   []string // what each edit did, for a failure message
	r     *rand.Rand
	notes map[string]*note
	paths []string // sorted
	steps int
}

// Change is what an edit touched: the files written or removed (paths
// in FS), and whether files came or went.
type Change struct {
	Files   []string
	Listing bool
}

// New returns a vault of twelve notes made from seed.
func New(seed uint64) *Vault {
	v := &Vault{
		FS: fstest.MapFS{
			"lodestone.yaml":          &fstest.MapFile{Data: []byte(settings[0])},
			"content/media/chart.png": &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")},
			"content/old/chart.png":   &fstest.MapFile{Data: []byte("\x89PNG\r\n\x1a\n")},
		},
		r:     rand.New(rand.NewPCG(seed, 12)),
		notes: map[string]*note{},
	}
	for range 12 {
		v.put(v.freePath(), v.newNote())
	}
	return v
}

func (v *Vault) put(path string, n *note) {
	v.notes[path] = n
	v.FS[path] = &fstest.MapFile{Data: n.md()}
	if i, found := slices.BinarySearch(v.paths, path); !found {
		v.paths = slices.Insert(v.paths, i, path)
	}
}

func (v *Vault) drop(path string) {
	delete(v.notes, path)
	delete(v.FS, path)
	if i, found := slices.BinarySearch(v.paths, path); found {
		v.paths = slices.Delete(v.paths, i, i+1)
	}
}

func (v *Vault) freePath() string {
	for {
		p := "content/" + folders[v.r.IntN(len(folders))] + names[v.r.IntN(len(names))] + ".md"
		if v.notes[p] == nil {
			return p
		}
	}
}

func (v *Vault) newNote() *note {
	r := v.r
	n := &note{}
	if r.IntN(2) == 0 {
		n.title = names[r.IntN(len(names))]
	}
	for range r.IntN(3) {
		n.links = append(n.links, randomLink(r))
	}
	if r.IntN(2) == 0 {
		n.tags = []string{tagNames[r.IntN(len(tagNames))]}
	}
	if r.IntN(2) == 0 {
		n.events = [][2]string{{dates[r.IntN(len(dates))], eventTitles[r.IntN(len(eventTitles))]}}
	}
	if r.IntN(2) == 0 {
		n.heading = headings[r.IntN(len(headings))]
	}
	if r.IntN(3) == 0 {
		n.block = blocks[r.IntN(len(blocks))]
	}
	return n
}

// Edit makes one random edit, as a writer saves it: a note's title,
// aliases, tags, type, events, heading, links, draft, slug, permalink or
// body changed; a note added, removed or moved; or lodestone.yaml
// changed.
func (v *Vault) Edit() Change {
	r := v.r
	step := v.steps
	v.steps++
	for {
		path := v.paths[r.IntN(len(v.paths))]
		n := *v.notes[path] // edited as a copy: the map's note is replaced
		what := ""
		switch r.IntN(18) {
		case 17:
			n.broken = []string{"", "", "summary: [unclosed\n", "date: 2025-13-01\n", "tags: {a: b}\n"}[r.IntN(5)]
			what = fmt.Sprintf("front matter %q", n.broken)
		case 16:
			n.block = []string{"", blocks[r.IntN(len(blocks))]}[r.IntN(2)]
			what = fmt.Sprintf("block %q", n.block)
		case 0:
			n.title = []string{"", names[r.IntN(len(names))]}[r.IntN(2)]
			what = fmt.Sprintf("title %q", n.title)
		case 1:
			n.aliases = toggle(n.aliases, names[r.IntN(len(names))])
			what = fmt.Sprintf("aliases %q", n.aliases)
		case 2:
			n.tags = toggle(n.tags, tagNames[r.IntN(len(tagNames))])
			what = fmt.Sprintf("tags %q", n.tags)
		case 3:
			n.typ = types[r.IntN(len(types))]
			what = fmt.Sprintf("type %q", n.typ)
		case 4:
			e := [2]string{dates[r.IntN(len(dates))], eventTitles[r.IntN(len(eventTitles))]}
			if len(n.events) > 0 && r.IntN(2) == 0 {
				n.events = slices.Clone(n.events)
				n.events[r.IntN(len(n.events))] = e
			} else if len(n.events) > 0 && r.IntN(2) == 0 {
				n.events = n.events[1:]
			} else {
				n.events = append(slices.Clone(n.events), e)
			}
			what = fmt.Sprintf("events %q", n.events)
		case 5:
			n.heading = headings[r.IntN(len(headings))]
			what = fmt.Sprintf("heading %q", n.heading)
		case 6, 7:
			n.links = toggle(n.links, randomLink(r))
			what = fmt.Sprintf("links %q", n.links)
		case 8:
			n.draft = !n.draft
			what = fmt.Sprintf("draft %v", n.draft)
		case 9:
			n.edits++
			what = "body edited"
		case 10:
			p, nn := v.freePath(), v.newNote()
			v.put(p, nn)
			v.Log = append(v.Log, fmt.Sprintf("edit %d: %s added:\n%s", step, p, nn.md()))
			return Change{Files: []string{p}, Listing: true}
		case 11:
			if len(v.paths) < 4 {
				continue
			}
			v.drop(path)
			v.Log = append(v.Log, fmt.Sprintf("edit %d: %s removed", step, path))
			return Change{Files: []string{path}, Listing: true}
		case 12:
			p := v.freePath()
			v.drop(path)
			v.put(p, &n)
			v.Log = append(v.Log, fmt.Sprintf("edit %d: %s moved to %s", step, path, p))
			return Change{Files: []string{path, p}, Listing: true}
		case 13:
			v.FS["lodestone.yaml"] = &fstest.MapFile{Data: []byte(settings[r.IntN(len(settings))])}
			v.Log = append(v.Log, fmt.Sprintf("edit %d: lodestone.yaml:\n%s", step, v.FS["lodestone.yaml"].Data))
			return Change{Files: []string{"lodestone.yaml"}}
		case 14:
			n.slug = slugs[r.IntN(len(slugs))]
			what = fmt.Sprintf("slug %q", n.slug)
		case 15:
			n.permalink = permalinks[r.IntN(len(permalinks))]
			what = fmt.Sprintf("permalink %q", n.permalink)
		}
		v.put(path, &n)
		v.Log = append(v.Log, fmt.Sprintf("edit %d: %s: %s", step, path, what))
		return Change{Files: []string{path}}
	}
}

// Steps is the log, one edit a line.
func (v *Vault) Steps() string { return strings.Join(v.Log, "\n") }
