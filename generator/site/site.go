// Package site turns parsed briefs into a *Site: it gives every brief its URL,
// resolves [[wikilinks]] and Markdown links on the syntax trees, collects
// backlinks, sections, tags, types and the timeline, and reports everything
// that spans files (broken links and anchors, ambiguous names, URL
// collisions) as positioned diagnostics.
//
// URLs are slash-separated, relative to the site root and end in "/" (the
// home page's is ""): content/mines/mountain-pass.md is "mines/mountain-pass/"
// and is written to mines/mountain-pass/index.html. Links in pages are always
// relative to the page (see Rel), so one build works under any prefix.
//
// A Site is read-only once New returns.
package site

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/query"
	"github.com/lodestone-ssg/lodestone/generator/slug"
	"github.com/lodestone-ssg/lodestone/generator/workers"
	"gopkg.in/yaml.v3"
)

// Config is the site-wide configuration (lodestone.yaml).
type Config struct {
	Title       string `yaml:"title"`
	Description string `yaml:"description"`
	// BaseURL is the absolute URL the site is published under, e.g.
	// "https://owner.github.io/repo/". It is used only where a URL must be
	// absolute (sitemap, feed, canonical links); page links stay relative.
	BaseURL  string `yaml:"base_url"`
	Language string `yaml:"language"`
	// RawHTML lets raw HTML in briefs through to the pages, sanitised (on
	// unless raw_html: false; see AllowsRawHTML).
	RawHTML *bool `yaml:"raw_html"`
	// EmbedHosts are the hosts raw HTML may embed <iframe>s from, over
	// https (e.g. www.youtube-nocookie.com, player.vimeo.com); none unless
	// listed.
	EmbedHosts []string `yaml:"embed_hosts"`
	// CNAME is the custom domain GitHub Pages serves the site on; it is
	// written to the CNAME file.
	CNAME string `yaml:"cname"`
	// Types declares the fields of brief types, by type name.
	Types map[string]TypeDecl `yaml:"types"`
	// StaleAfter is how old a figure's as_of may be before the build warns.
	StaleAfter Period `yaml:"stale_after"`
	// Ignore lists patterns of paths below content/ to leave out, e.g.
	// "templates/**" (an Obsidian vault's template notes) or "*.excalidraw.md".
	Ignore []string `yaml:"ignore"`
	// Attachments is the folder (below content/) where notes' images and
	// other files are kept, tried before a search by name; "./" or "./sub"
	// for one beside each note. An Obsidian vault's own setting
	// (.obsidian/app.json) is used when this is not set.
	Attachments string `yaml:"attachments"`
	// Home names the note that is the home page (as a [[link]] would),
	// when content/index.md is not there; else a note called Home at the
	// top of the folder is.
	Home string `yaml:"home"`
	// FactIDs is the pattern of the fact ids that link to their
	// definitions (a Go regexp; see facts.go): markdown.DefaultFactIDs
	// unless set, none when "".
	FactIDs *string `yaml:"fact_ids"`
	// Bibliography names the site's bibliography: BibTeX, BibLaTeX (.bib)
	// or CSL-JSON (.json) files, by path from the site root; one, or a
	// list. Their entries can be cited from every brief (see sources.go).
	Bibliography Paths `yaml:"bibliography"`
	// BibliographyPos is where bibliography: is set, for messages about
	// its files.
	BibliographyPos diag.Pos `yaml:"-"`
	// CitationStyle is how citations read: "numeric" ([1, p. 12], the
	// default) or "author-date" ((USGS 2026, p. 12)).
	CitationStyle string `yaml:"citation_style"`
	// Audience is who builds are for unless --audience says otherwise:
	// "public" leaves out briefs whose audience: is not public; "internal"
	// (the default) publishes every brief (see Options.Audience).
	Audience string `yaml:"audience"`
}

// CitationStyles are the values citation_style: takes.
var CitationStyles = []string{"numeric", "author-date"}

// Paths is a list of paths that YAML may give as one path.
type Paths []string

// UnmarshalYAML reads a path or a list of paths.
func (p *Paths) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var s string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*p = Paths{s}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return fmt.Errorf("expected a file name or a list of them")
	}
	*p = list
	return nil
}

// AllowsRawHTML reports whether raw HTML in notes reaches pages
// (sanitised): yes unless raw_html: false.
func (c Config) AllowsRawHTML() bool { return c.RawHTML == nil || *c.RawHTML }

// attachmentFolder cleans an attachment folder setting (see
// Config.Attachments): "" for none or the root.
func attachmentFolder(f string) string {
	f = strings.TrimSpace(f)
	if f == "./" || f == "." {
		return "./"
	}
	if sub, ok := strings.CutPrefix(f, "./"); ok {
		if j, ok := joinInside(".", sub); ok && j != "." {
			return "./" + j
		}
		return "./"
	}
	if j, ok := joinInside(".", strings.TrimPrefix(f, "/")); ok && j != "." {
		return j
	}
	return ""
}

// Options control New.
type Options struct {
	// Drafts includes briefs with draft: true.
	Drafts bool
	// Audience is who the site is built for: "public" leaves out every
	// brief whose audience: is not public (see brief.Withheld), and a link,
	// embed, link field or query of a published brief that names one is an
	// error. "" or "internal" publishes every brief.
	Audience string
	// Name is the site folder's name, the title when nothing else gives one.
	Name string
	// Strict warns about front-matter fields a type does not declare.
	Strict bool
	// Now is the build date, for stale_after.
	Now time.Time
	// Committed dates files by their last commit, by path from the site
	// folder ("content/a.md"): a brief without updated: is updated then.
	Committed map[string]time.Time
	// ExplicitIndex makes links to pages end in index.html
	// ("../mines/mountain-pass/index.html"), which file:// needs: a browser
	// opening a folder from disk shows a listing, not its index.html.
	ExplicitIndex bool
	// Prev is the site built last from the same folder, if any: New keeps
	// the link results of its briefs that did not change (see reuse.go).
	Prev *Site
	// Reused says the next build may pass this site as Prev, so New keeps
	// what that build can reuse (the live preview; a build does not).
	Reused bool
	// Bibliography holds the entries of the site's bibliography files
	// (Config.Bibliography, read by generator/bib), in the order of the
	// files.
	Bibliography []brief.Source
	// Changes says the site has a "What changed" page (ChangesURL): a
	// brief there is moved.
	Changes bool
}

// hides reports whether b stays off the site: a draft (unless drafts are
// published), publish: false, or withheld from the audience.
func (o Options) hides(b *brief.Brief) bool {
	return b.Hidden(o.Drafts) || b.Withheld(o.Audience)
}

// withheld is the error for a reference (what: "link", "embed", …) from a
// published brief to t, which the audience may not see, after "what: ".
func withheld(what, target string, t *Page, audience string) string {
	return fmt.Sprintf("%q is content/%s, whose audience is %s: --audience %s leaves it out, so no published page may point to it; remove the %s, or publish the brief (audience: public)", target, t.Rel, t.Audience, audience, what)
}

// Site is the cross-linked model of all briefs.
type Site struct {
	Config  Config
	Options Options
	// Pages are all published briefs, sorted by URL. Section index briefs
	// (index.md) are among them.
	Pages []*Page
	// Root is the home section; its Index is content/index.md if present.
	Root *Section
	// Sections lists every section below the root, sorted by URL.
	Sections []*Section
	Tags     []*Term // sorted by name
	Types    []*Term // sorted by name
	Timeline []*Year // oldest first
	// Sources lists every source of every brief, for the sources page.
	Sources []*SourceEntry
	// SourceGroups are Sources by their publisher's first letter (those
	// without one last).
	SourceGroups []SourceGroup
	// Facts are the facts data files define, for the facts page, by id
	// (see facts.go); FactGroups the same by their ids' prefixes.
	Facts      []*FactEntry
	FactGroups []FactGroup
	// Stale lists the figures older than stale_after, oldest first, for
	// the stale figures page (see stale.go).
	Stale    []StaleFigure
	factURLs map[string]string // where each fact id is defined

	tables     map[string]*data.Table
	idx        *index          // briefs by path, title and alias, for queries
	keys       *keyChecker     // front-matter keys that are near misses (checkKeys)
	folders    []folder        // the folders that hold notes (sections)
	assets     *assets         // every non-Markdown file below content/
	usedAssets map[string]bool // those a brief links to or embeds
	// Assets are non-Markdown files referenced from briefs, by their path
	// below content/; they are copied to the same path in the output.
	Assets []string

	// LinksResolved counts internal links that found their target.
	LinksResolved int

	// withheld holds the files of the briefs the audience may not read.
	withheld map[string]bool

	// What the next build may reuse (see reuse.go).
	collided     diag.List // from collisions
	all          []*Page   // every brief's page (published or not), by file
	contentFiles []string
	home         string        // the file of the home page's note, if not index.md
	links        []*linkResult // by place in all; nil for a page not published
	reused       reusedParts   // what was kept from Options.Prev
}

// reusedParts says what New kept from Options.Prev (see reuse.go): how many
// pages' link results, and whether the page order, the tags and types and
// the timeline.
type reusedParts struct {
	links                  int
	order, terms, timeline bool
}

// Withheld reports whether file (e.g. "content/plans.md") is a brief left
// out for the audience the site is built for (Options.Audience), so that
// the preview does not show its problems to a reader of the site.
func (s *Site) Withheld(file string) bool { return s.withheld[file] }

// Page is a published brief with its place in the site.
type Page struct {
	*brief.Brief
	URL string
	// Section is the section the page is listed in (for index.md, the parent
	// of the section it introduces).
	Section *Section
	// IsSection is true for index.md pages; SectionOf is the section they introduce.
	SectionOf *Section
	// TagOf is the tag a note in content/tags/ introduces (Quartz's
	// convention): tags/rare-earths.md gives the page of #rare-earths its
	// title and text, and is not a page of its own.
	TagOf    *Term
	tagIntro string // the tag, until taxonomies finds its Term
	TypeTerm *Term
	TagTerms []*Term
	// Backlinks are the pages that link here, sorted by title.
	Backlinks []*Page
	// Outlinks are the pages this one links to, in order of first link.
	Outlinks []*Page
	// Dests holds the resolved href of each of the brief's Links (same
	// index), relative to this page; "" where the link did not resolve.
	Dests []string

	// Updated is the brief's updated: date, else the date of the last
	// commit that changed its file (Options.Committed), else zero.
	Updated brief.Date
	// UpdatedByCommit says Updated is the last commit's date.
	UpdatedByCommit bool

	// Relations group the pages whose link fields point here.
	Relations []*Relation
	// References is the numbered reference list (see sources.go).
	References []Reference
	// Cites holds, for each of the brief's Citations, what each of its
	// items refers to.
	Cites [][]CiteRef
	// Embeds holds what each ![[target]] shows, by index in Links.
	Embeds map[int]*Embed

	// Quotes holds what each of the brief's Figures quotes (same index).
	Quotes []Quote

	staleAge   map[string]string      // the age of each stale figure, by field
	subjectOf  map[string]*Page       // the subject of each figure with of:, by field
	sortKey    string                 // lower-case title, for byTitle
	values     map[string]query.Value // typed front-matter fields
	linkFields []linkField
	ord        int // the page's place in New's list of every page by file
}

// Section is a folder of content/.
type Section struct {
	Title    string
	URL      string
	Index    *Page // the folder's index.md, or nil
	Parent   *Section
	Children []*Section
	Pages    []*Page // briefs directly in the folder, sorted by title
}

// Term is a tag or a type with the pages that carry it.
type Term struct {
	Name  string
	URL   string
	Pages []*Page // sorted by title
	Intro *Page   // a tag's note in content/tags/, or nil
}

// Year groups timeline events.
type Year struct {
	Year   int
	Events []Event
}

// Event is a brief's event placed on a timeline. An event that other
// briefs give too (same date, nearly the same title: see merge) is shown
// once, with their copies in Also.
type Event struct {
	// Event is the brief's own, shared rather than copied (a site may
	// have tens of thousands).
	*brief.Event
	Page *Page
	Also []Event
}

// generatedURLs are the URL prefixes of generated pages: a brief there is
// moved (see freeURL).
var generatedURLs = []string{TagsURL, TypesURL, TimelineURL, SourcesURL, SearchURL, AllURL, GraphURL}

// AllPageSize is how many briefs a page of the A to Z list holds.
const AllPageSize = 2000

// TimelinePartSize is the most events the site timeline shows on one page:
// a longer one is in parts of whole years (see render.timelinePages).
const TimelinePartSize = 2000

// Reserved URL prefixes used by generated pages.
const (
	TagsURL     = "tags/"
	TypesURL    = "types/"
	TimelineURL = "timeline/"
	SearchURL   = "search/"
	// AllURL lists every brief, A to Z, in pages of AllPageSize.
	AllURL = "all/"
	// GraphURL is the site's graph page.
	GraphURL = "graph/"
	// ChangesURL is the "What changed" page, made with Options.Changes.
	ChangesURL = "changes/"
)

// New builds the site from briefs. contentFiles lists every non-Markdown file
// below content/ (by path below content/), so image links can be checked;
// tables holds the data files (data/**, and data files in content/) by
// path from the site root.
func New(cfg Config, briefs []*brief.Brief, contentFiles []string, tables map[string]*data.Table, opts Options) (*Site, diag.List) {
	s := &Site{Config: cfg, Options: opts, Root: &Section{Title: cfg.Title, URL: ""}, tables: tables}
	var diags diag.List
	s.facts(&diags) // before collisions: a site with facts has a facts page
	var all []*Page
	for _, b := range briefs {
		p := &Page{Brief: b, sortKey: strings.ToLower(b.Title), Updated: b.Updated}
		if t, ok := opts.Committed[b.File]; ok && b.Updated.IsZero() {
			t = t.UTC()
			p.Updated, p.UpdatedByCommit = brief.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, true
		}
		var named bool
		p.URL, named = pageURL(b)
		if !named {
			diags.Notef(diag.Pos{File: b.File, Line: 1}, "no letters or digits in %q to make a URL from: published at %s; rename it or set slug:", b.Rel, p.URL)
		}
		all = append(all, p)
		if b.Withheld(opts.Audience) {
			if s.withheld == nil {
				s.withheld = map[string]bool{}
			}
			s.withheld[b.File] = true
		}
		if opts.hides(b) {
			continue
		}
		s.Pages = append(s.Pages, p)
	}
	slices.SortFunc(all, func(a, b *Page) int { return strings.Compare(a.File, b.File) })
	pages := make(map[string]*Page, len(all))
	for i, p := range all {
		pages[p.File] = p
		p.ord = i
	}
	home := homeNote(all, cfg.Home)
	if home != nil {
		home.URL = ""
	}
	for _, p := range all {
		name, ok := strings.CutPrefix(strings.TrimSuffix(p.Rel, ".md"), "tags/")
		if !ok || name == "index" {
			continue
		}
		if k := slug.Make(name); k != "" {
			p.URL, p.tagIntro = TagsURL+k+"/", name
		}
	}
	reuse := reusable(s, all, pages, contentFiles, home)
	// A whole build makes the link index, then the timeline, beside the
	// steps up to the links: they read the briefs (and the timeline the
	// pages' URLs, settled by collisions), which those steps leave alone,
	// and one after the other they left a core idle (0.3 seconds at
	// 30,000 notes).
	var idx *index
	var indexing, timeline sync.WaitGroup
	if reuse == nil {
		indexing.Go(func() { idx = indexFor(all, pages, nil) })
	} else {
		idx = indexFor(all, pages, reuse)
	}
	order := reuse != nil && !reuse.urls && len(reuse.prev.collided) == 0 && (len(reuse.prev.Facts) > 0) == (len(s.Facts) > 0)
	if order {
		// The same pages at the same URLs: last build's order holds.
		for i, p := range reuse.prev.Pages {
			s.Pages[i] = reuse.page(p)
		}
		s.collided = reuse.prev.collided
	} else {
		slices.SortFunc(s.Pages, func(a, b *Page) int {
			if c := strings.Compare(a.URL, b.URL); c != 0 {
				return c
			}
			return strings.Compare(a.File, b.File)
		})
		s.collided = s.collisions()
	}
	if reuse != nil && (len(s.collided) > 0 || len(reuse.prev.collided) > 0) {
		// A page is moved to a free URL, or was: links to it, and its
		// place among events of one date, are found anew.
		reuse, order = nil, false
	}
	if reuse == nil {
		timeline.Go(s.timeline)
	}
	s.sections()
	s.reused.order = order
	if s.reused.terms = s.keepTaxonomies(reuse, order); !s.reused.terms {
		s.taxonomies()
	}
	indexing.Wait()
	idx.generated = s.generatedNames()
	reuse.generated(idx.generated)
	if reuse == nil {
		timeline.Wait()
	} else if s.reused.timeline = s.keepTimeline(reuse); !s.reused.timeline {
		s.timeline()
	}
	s.duplicateEvents(&diags)
	diags.Merge(s.collided)

	assets := newAssets(contentFiles, attachmentFolder(cfg.Attachments))
	s.assets, s.usedAssets = assets, map[string]bool{}
	// Resolve in parallel (or keep last build's results, see reuse.go),
	// then record backlinks in page order.
	results := make([]resolved, len(s.Pages))
	kept := make([]*linkResult, len(s.Pages))
	var restored atomic.Int64
	workers.Each(context.Background(), len(s.Pages), func(i int) {
		p := s.Pages[i]
		if lr, ok := reuse.kept(p); ok {
			results[i], kept[i] = reuse.restore(lr, p)
			restored.Add(1)
			return
		}
		results[i] = resolveLinks(p, idx, assets, opts)
		if opts.Reused {
			kept[i] = result(p, results[i])
		}
	})
	s.reused.links = int(restored.Load())
	if opts.Reused {
		s.all, s.contentFiles, s.home = all, contentFiles, fileOf(home)
		s.links = make([]*linkResult, len(all))
		for i, p := range s.Pages {
			s.links[p.ord] = kept[i]
		}
	}
	s.Options.Prev = nil // not kept: one site back is enough
	used := s.usedAssets
	for i, r := range results {
		diags.Merge(r.diags)
		s.LinksResolved += r.n
		s.Pages[i].Outlinks = r.targets
		for _, t := range r.targets {
			t.Backlinks = append(t.Backlinks, s.Pages[i])
		}
		for _, a := range r.assets {
			used[a] = true
		}
	}
	for _, p := range s.Pages {
		slices.SortFunc(p.Backlinks, byTitle)
	}
	for _, p := range s.Pages {
		s.checkFields(p, idx, &diags)
	}
	s.subjects(idx, &diags)
	s.staleFigures()
	s.plannedEvents(&diags)
	s.relations()
	s.idx = idx
	for _, p := range s.Pages {
		s.embeds(p, idx, &diags)
	}
	s.embedCycles(&diags)
	for a := range s.usedAssets {
		s.Assets = append(s.Assets, a)
	}
	slices.Sort(s.Assets)
	s.sources(&diags)
	s.citeFacts()
	s.figures(idx, &diags)

	return s, diags
}

func byTitle(a, b *Page) int {
	if c := strings.Compare(a.sortKey, b.sortKey); c != 0 {
		return c
	}
	return strings.Compare(a.URL, b.URL)
}

// pageURL is the URL of b, or "\x00" if its name has no letters or digits.
func pageURL(b *brief.Brief) (url string, named bool) {
	dir, file := path.Split(strings.TrimSuffix(b.Rel, path.Ext(b.Rel)))
	var segs []string
	named = true
	// A name with no letters or digits ("???.md", a folder "_") gets a
	// stable made-up name instead.
	seg := func(name string) string {
		if s := slug.Make(name); s != "" {
			return s
		}
		named = false
		sum := sha256.Sum256([]byte(name))
		return "n-" + hex.EncodeToString(sum[:4])
	}
	if b.Permalink != "" {
		// permalink: the whole address, each part made a slug.
		for _, d := range strings.Split(strings.Trim(b.Permalink, "/"), "/") {
			if d != "" && d != "." && d != ".." {
				segs = append(segs, seg(d))
			}
		}
		if len(segs) > 0 {
			return strings.Join(segs, "/") + "/", named
		}
	}
	for _, d := range strings.Split(strings.Trim(dir, "/"), "/") {
		if d != "" {
			segs = append(segs, seg(d))
		}
	}
	if file != "index" {
		name := file
		if b.Slug != "" {
			name = b.Slug
		}
		segs = append(segs, seg(name))
	}
	if len(segs) == 0 {
		return "", named
	}
	return strings.Join(segs, "/") + "/", named
}

// OutPath is the output file of a page URL: "a/b/" -> "a/b/index.html".
func OutPath(url string) string { return url + "index.html" }

func (s *Site) sections() {
	byURL := map[string]*Section{"": s.Root}
	// A folder's page is titled by its name as written ("MTE 220",
	// "05 Concepts"), or made readable when it is a slug ("supply-chain"
	// → "Supply chain"); its index note's title wins.
	s.folders = folderURLs(s.Pages)
	folders := map[string]string{} // section URL → folder name as written
	for _, f := range s.folders {
		if _, ok := folders[f.url]; !ok && f.name != slug.Make(f.name) {
			folders[f.url] = f.name
		}
	}
	var get func(url string) *Section
	get = func(url string) *Section {
		if sec, ok := byURL[url]; ok {
			return sec
		}
		parentURL := parentOf(url)
		parent := get(parentURL)
		title, ok := folders[url]
		if !ok {
			title = humanize(strings.TrimSuffix(strings.TrimPrefix(url, parentURL), "/"))
		}
		sec := &Section{Title: title, URL: url, Parent: parent}
		parent.Children = append(parent.Children, sec)
		byURL[url] = sec
		s.Sections = append(s.Sections, sec)
		return sec
	}
	for _, p := range s.Pages {
		if p.tagIntro != "" {
			continue // a tag's page, not a folder's
		}
		if path.Base(p.Rel) == "index.md" || p.URL == "" { // a folder's index, or the home note
			sec := get(p.URL)
			sec.Index = p
			p.SectionOf = sec
			_, titled := p.FieldPos["title"]
			if sec != s.Root || (sec.Title == "" && titled) {
				sec.Title = p.Title // the site title from lodestone.yaml wins
			}
			if p.URL != "" {
				p.Section = get(parentOf(p.URL))
			}
			continue
		}
		p.Section = get(parentOf(p.URL))
		p.Section.Pages = append(p.Section.Pages, p)
	}
	if s.Root.Title == "" {
		s.Root.Title = s.Options.Name // the folder's name
	}
	if s.Root.Title == "" {
		s.Root.Title = "Lodestone"
	}
	slices.SortFunc(s.Sections, func(a, b *Section) int { return cmp.Compare(a.URL, b.URL) })
	for _, sec := range append([]*Section{s.Root}, s.Sections...) {
		slices.SortFunc(sec.Pages, byTitle)
		slices.SortFunc(sec.Children, func(a, b *Section) int { return cmp.Compare(a.Title, b.Title) })
	}
}

// homeNote returns the note that is the home page when there is no
// content/index.md: the one home names (by path, file name or title), or a
// top-level note called Home (or README); nil if none.
func homeNote(pages []*Page, home string) *Page {
	var named, called *Page
	for _, p := range pages {
		if p.Rel == "index.md" {
			return nil
		}
		stem := strings.TrimSuffix(p.Rel, ".md")
		if k := lookupKey(home); home != "" && named == nil && (key(stem) == k || key(path.Base(stem)) == k || key(p.Title) == k) {
			named = p
		}
		if called == nil && !strings.Contains(stem, "/") && (strings.EqualFold(stem, "home") || strings.EqualFold(stem, "readme")) {
			called = p
		}
	}
	if named != nil {
		return named
	}
	return called
}

// folder is a folder that holds notes: its path below content/ as
// written, its last part, and the URL of its page.
type folder struct{ dir, name, url string }

// folderURLs lists the folders above pages, in page order, each folder
// once (its URL made from its parent's).
func folderURLs(pages []*Page) []folder {
	url := map[string]string{".": ""}
	var out []folder
	var visit func(dir string) string
	visit = func(dir string) string {
		if u, ok := url[dir]; ok {
			return u
		}
		parent := visit(path.Dir(dir))
		name := path.Base(dir)
		u := parent + slug.Make(name) + "/"
		url[dir] = u
		out = append(out, folder{dir, name, u})
		return u
	}
	for _, p := range pages {
		visit(path.Dir(p.Rel))
	}
	return out
}

// generatedNames lists the pages Lodestone makes (tags, folders) by the
// names a [[link]] may give them (see index.generated).
func (s *Site) generatedNames() map[string]string {
	out := map[string]string{}
	for _, t := range s.Tags {
		out[key("tags/"+t.Name)] = t.URL
		out[key(strings.TrimSuffix(t.URL, "/"))] = t.URL
	}
	secs := map[string]bool{}
	for _, sec := range s.Sections {
		secs[sec.URL] = true
	}
	for _, f := range s.folders {
		if secs[f.url] {
			out[key(f.dir)] = f.url // each folder, by its path as written
		}
	}
	return out
}

// TOC lists the page's section headings (levels 2 and 3) for a table of
// contents, or nil when there are fewer than three: a short brief needs
// none.
func (p *Page) TOC() []brief.Heading {
	var out []brief.Heading
	for _, h := range p.Headings {
		if (h.Level == 2 || h.Level == 3) && h.ID != "" {
			out = append(out, h)
		}
	}
	if len(out) < 3 {
		return nil
	}
	return out
}

func parentOf(url string) string {
	t := strings.TrimSuffix(url, "/")
	i := strings.LastIndexByte(t, '/')
	if i < 0 {
		return ""
	}
	return t[:i+1]
}

func humanize(name string) string {
	name = strings.ReplaceAll(name, "-", " ")
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

func (s *Site) taxonomies() {
	tags, types := map[string]*Term{}, map[string]*Term{} // by slug
	// Names repeat across thousands of briefs: each name's term (nil for
	// a name with no slug) is found once per taxonomy.
	tagNames, typeNames := map[string]*Term{}, map[string]*Term{}
	term := func(m, names map[string]*Term, prefix, name string) *Term {
		if t, ok := names[name]; ok {
			return t
		}
		var t *Term
		if key := slug.Make(name); key != "" {
			if t = m[key]; t == nil {
				t = &Term{Name: name, URL: prefix + key + "/"}
				m[key] = t
			}
		}
		names[name] = t
		return t
	}
	for _, p := range s.Pages {
		if p.tagIntro != "" {
			if t := term(tags, tagNames, TagsURL, p.tagIntro); t != nil && t.URL == p.URL {
				t.Intro, p.TagOf = p, t
				continue
			}
		}
		if p.Type != "" {
			if t := term(types, typeNames, TypesURL, p.Type); t != nil {
				p.TypeTerm = t
				t.Pages = append(t.Pages, p)
			}
		}
		var seen map[*Term]bool // for a page of many tags; most have a few
		if len(p.Tags) > 16 {
			seen = map[*Term]bool{}
		}
		for _, tag := range p.Tags {
			t := term(tags, tagNames, TagsURL, tag)
			if t == nil || seen[t] || seen == nil && slices.Contains(p.TagTerms, t) {
				continue
			}
			if seen != nil {
				seen[t] = true
			}
			p.TagTerms = append(p.TagTerms, t)
			t.Pages = append(t.Pages, p)
		}
	}
	collect := func(m map[string]*Term) []*Term {
		var out []*Term
		for _, t := range m {
			slices.SortFunc(t.Pages, byTitle)
			out = append(out, t)
		}
		slices.SortFunc(out, func(a, b *Term) int { return cmp.Compare(a.URL, b.URL) })
		return out
	}
	s.Tags, s.Types = collect(tags), collect(types)
}

func (s *Site) timeline() {
	n := 0
	for _, p := range s.Pages {
		n += len(p.Events)
	}
	evs := make([]Event, 0, n)
	for _, p := range s.Pages {
		for i := range p.Events {
			evs = append(evs, Event{Event: &p.Events[i], Page: p})
		}
	}
	// A total order (ties only between identical events), so an unstable
	// sort gives the same result every time.
	s.Timeline = ByYear(evs)
}

// eventOrder orders events by date, then brief, then title and note, then
// place in the brief.
func eventOrder(a, b Event) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return c
	}
	if a.Page != b.Page {
		return byTitle(a.Page, b.Page)
	}
	if c := strings.Compare(a.Title, b.Title); c != 0 {
		return c
	}
	if c := strings.Compare(a.Note, b.Note); c != 0 {
		return c
	}
	// Two alike in one brief: in the order written, so that the order is
	// total (ByYear sorts in parts, see workers.Sort).
	return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col))
}

// ByYear sorts events by date (then brief and title), shows each event
// that several briefs give once (see merge), and groups them by year. The
// events must have no Also.
func ByYear(evs []Event) []*Year {
	workers.Sort(evs, eventOrder)
	evs = merge(evs)
	var years []*Year
	for i := 0; i < len(evs); {
		j := i + 1
		for j < len(evs) && evs[j].Date.Year == evs[i].Date.Year {
			j++
		}
		// The years share merge's slice, each capped at its own events (an
		// append copies): the site's timeline is kept for the whole build,
		// without an append's room to spare.
		years = append(years, &Year{Year: evs[i].Date.Year, Events: evs[i:j:j]})
		i = j
	}
	return years
}

// collisions finds pages whose output paths are equal, or differ only in
// case (which breaks on case-insensitive file systems and when unzipped on
// macOS or Windows), and pages that take a generated page's URL. Each such
// page but the first (by URL, then file) is moved to a free URL next to it
// ("a-b-2/"), so that both are published, with a warning that --strict
// makes an error. s.Pages is sorted again if a page moved.
func (s *Site) collisions() diag.List {
	var diags diag.List
	taken := make(map[string]bool, len(s.Pages))
	for _, p := range s.Pages {
		taken[strings.ToLower(p.URL)] = true
	}
	// The folders' pages (see sections): a note beside a folder of its
	// name ("Projects.md" and "Projects/", as Obsidian's folder notes keep
	// them) would take its URL.
	folders := map[string]bool{}
	for _, p := range s.Pages {
		if p.tagIntro != "" {
			continue
		}
		for u := parentOf(p.URL); u != ""; u = parentOf(u) {
			k := strings.ToLower(u)
			if folders[k] {
				break
			}
			folders[k], taken[k] = true, true
		}
	}
	seen := map[string]*Page{}
	moved := false
	for _, p := range s.Pages {
		key := strings.ToLower(p.URL)
		pos := diag.Pos{File: p.File, Line: 1}
		if sp, ok := p.FieldPos["slug"]; ok {
			pos = sp
		}
		why := ""
		for _, r := range s.reserved() {
			if strings.HasPrefix(key, r) && p.tagIntro == "" {
				why = fmt.Sprintf("output path %s is reserved for generated %s pages", OutPath(p.URL), strings.TrimSuffix(r, "/"))
			}
		}
		if why == "" && folders[key] && p.tagIntro == "" && path.Base(p.Rel) != "index.md" {
			why = fmt.Sprintf("output path %s is the page of the folder %s", OutPath(p.URL), folderOf(s.Pages, key))
		}
		if other, ok := seen[key]; ok && why == "" {
			because := "both names make this URL"
			if strings.EqualFold(other.Rel, p.Rel) || other.URL != p.URL {
				because = "paths that differ only in case count as the same"
			}
			why = fmt.Sprintf("output path %s collides with %s (%s)", OutPath(p.URL), other.File, because)
		}
		if why == "" {
			seen[key] = p
			continue
		}
		p.URL, p.tagIntro = freeURL(p.URL, taken), ""
		taken[strings.ToLower(p.URL)] = true
		seen[strings.ToLower(p.URL)] = p
		moved = true
		diags.Notef(pos, "%s: published at %s; rename one or set slug:", why, OutPath(p.URL))
	}
	if moved {
		slices.SortFunc(s.Pages, func(a, b *Page) int {
			if c := strings.Compare(a.URL, b.URL); c != 0 {
				return c
			}
			return strings.Compare(a.File, b.File)
		})
	}
	return diags
}

// folderOf names the folder whose page is at url (lower-cased), as
// content/Name/.
func folderOf(pages []*Page, url string) string {
	for _, f := range folderURLs(pages) {
		if strings.ToLower(f.url) == url {
			return "content/" + f.dir + "/"
		}
	}
	return url
}

// reserved lists the URL prefixes of generated pages: the facts page's
// only when the site has facts (a site may well have a facts/ folder).
func (s *Site) reserved() []string {
	r := generatedURLs
	if len(s.Facts) > 0 {
		r = slices.Concat(r, []string{FactsURL})
	}
	if s.HasStalePage() {
		r = slices.Concat(r, []string{StaleURL})
	}
	if s.Options.Changes {
		r = slices.Concat(r, []string{ChangesURL})
	}
	return r
}

// HasStalePage reports whether the site has a stale figures page: when
// lodestone.yaml sets stale_after.
func (s *Site) HasStalePage() bool { return s.Config.StaleAfter.Months > 0 }

// freeURL returns url with "-2", "-3"… after its first segment (for a
// reserved prefix such as "tags/") or its last, whichever makes it free.
func freeURL(url string, taken map[string]bool) string {
	segs := strings.Split(strings.TrimSuffix(url, "/"), "/")
	at := len(segs) - 1
	if len(segs) > 1 {
		for _, r := range slices.Concat(generatedURLs, []string{FactsURL, StaleURL, ChangesURL}) {
			if strings.EqualFold(segs[0]+"/", r) {
				at = 0
			}
		}
	}
	base := segs[at]
	for n := 2; ; n++ {
		segs[at] = fmt.Sprintf("%s-%d", base, n)
		u := strings.Join(segs, "/") + "/"
		if !taken[strings.ToLower(u)] {
			return u
		}
	}
}

// Link returns the link from the page at URL from to the URL to, relative
// to from, ending in index.html where the site's options ask for it.
func (s *Site) Link(from, to string) string {
	return link(from, to, s.Options.ExplicitIndex)
}

func link(from, to string, explicit bool) string {
	r := Rel(from, to)
	if !explicit {
		return r
	}
	p, frag, _ := strings.Cut(r, "#")
	switch {
	case p == "./":
		p = "index.html"
	case p == "" && frag != "":
		return r // a fragment on the same page
	case strings.HasSuffix(p, "/"):
		p += "index.html"
	}
	if frag != "" {
		return p + "#" + frag
	}
	return p
}

// AppendLink appends Link(from, to) to dst: a page's links written into
// it without a string each.
func (s *Site) AppendLink(dst []byte, from, to string) []byte {
	if s.Options.ExplicitIndex {
		return append(dst, s.Link(from, to)...)
	}
	return AppendRel(dst, from, to)
}

// Rel returns the link from the page at URL from to the URL to, relative
// ("../../mines/mountain-pass/"). Both are site URLs; to may carry a fragment.
func Rel(from, to string) string {
	r := splitRel(from, to)
	if s, ok := r.short(); ok {
		return s
	}
	if r.ups == 0 {
		// dir, file and frag end to: the link is its end, no new string.
		return to[len(to)-len(r.dir)-len(r.file)-len(r.frag):]
	}
	var b strings.Builder
	b.Grow(3*r.ups + len(r.dir) + len(r.file) + len(r.frag))
	for range r.ups {
		b.WriteString("../")
	}
	b.WriteString(r.dir)
	b.WriteString(r.file)
	b.WriteString(r.frag)
	return b.String()
}

// AppendRel appends Rel(from, to) to dst.
func AppendRel(dst []byte, from, to string) []byte {
	r := splitRel(from, to)
	if s, ok := r.short(); ok {
		return append(dst, s...)
	}
	for range r.ups {
		dst = append(dst, "../"...)
	}
	dst = append(dst, r.dir...)
	dst = append(dst, r.file...)
	return append(dst, r.frag...)
}

// relPath is a relative link in parts: ups times "../", then dir (a
// folder path with its slash, or ""), file and frag.
type relPath struct {
	ups             int
	dir, file, frag string
}

// short is the link when it is no path: "./" or only a fragment.
func (r relPath) short() (string, bool) {
	if r.ups > 0 || r.dir != "" || r.file != "" {
		return "", false
	}
	if r.frag != "" {
		return r.frag, true
	}
	return "./", true
}

// splitRel is the link from from to to in parts. A link is made for every
// page, so without a slice: the folders of each are compared one at a
// time, from's being all of it but a trailing slash, to's all but its
// last part (the file, "" for a folder URL).
func splitRel(from, to string) relPath {
	var r relPath
	if i := strings.IndexByte(to, '#'); i >= 0 {
		to, r.frag = to[:i], to[i:]
	}
	toDir, toFile := path.Split(to)
	fromRest, toRest := strings.TrimSuffix(from, "/"), strings.TrimSuffix(toDir, "/")
	fromLeft, toLeft := from != "", toDir != "" // folders left to compare
	for fromLeft && toLeft {
		f, fr, fok := strings.Cut(fromRest, "/")
		t, tr, tok := strings.Cut(toRest, "/")
		if f != t {
			break
		}
		fromRest, toRest, fromLeft, toLeft = fr, tr, fok, tok
	}
	if fromLeft {
		r.ups = strings.Count(fromRest, "/") + 1
	}
	if toLeft {
		// toRest with its slash: the end of toDir.
		r.dir = toDir[len(toDir)-len(toRest)-1:]
	}
	r.file = toFile
	return r
}
