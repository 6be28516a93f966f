// Package render writes a *site.Site as HTML pages, static files, a sitemap
// and an Atom feed into an output.Sink.
//
// Pages use html/template layouts read from a theme file system (the site's
// own templates/ over the built-in theme). Each template is named by its path,
// e.g. "templates/brief.html", so errors point at the right file. Every page
// template is executed together with templates/base.html, which defines the
// page skeleton and calls {{block "main" .}}; files under templates/partials/
// are shared by all pages.
//
// Templates receive a *Page. Links in templates go through {{.Link URL}},
// which turns a site URL into one relative to the page, so the output works
// under any path prefix and from file://.
package render

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/blocks"
	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/changes"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/graph"
	"github.com/lodestone-ssg/lodestone/generator/numfmt"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/preview"
	"github.com/lodestone-ssg/lodestone/generator/search"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/slug"
	"github.com/lodestone-ssg/lodestone/generator/workers"
)

// Options control Render.
type Options struct {
	// Version is shown in the generator meta tag.
	Version string
	// Now is the build time (for the feed when no brief has a date).
	Now time.Time
	// Offline renders a bundle for reading from disk: no 404 page, sitemap,
	// feed, robots.txt or GitHub Pages files, and Provenance on the front page.
	Offline bool
	// Provenance says what an offline bundle was built from.
	Provenance string
	// PDF lays the single file out to be printed as a PDF: a title page
	// (Title, AsOf and Provenance), a table of contents, and only the pages
	// worth printing (see Plan.Single).
	PDF bool
	// Title names the PDF (the site's title when ""); AsOf is the date it
	// is as of, on its title page.
	Title, AsOf string
	// Root names the brief a --root bundle starts from (as a [[link]]
	// would): the bundle's home page is then a cover (see Cover).
	Root string
	// Since starts the events a cover lists (zero: a year before Now).
	Since time.Time
	// Changes, when set, makes the "What changed" page (site.ChangesURL)
	// and an entry of the feed for each brief added or changed.
	Changes *changes.Report
}

// WithoutNow is o without the build time: what decides how templates are
// parsed (the time only dates the feed).
func (o Options) WithoutNow() Options {
	o.Now = time.Time{}
	return o
}

// At returns r for a build at time now: the same parsed templates.
func (r *Renderer) At(now time.Time) *Renderer {
	c := *r
	c.opts.Now = now
	return &c
}

// Page is the data every template receives.
type Page struct {
	Site *site.Site
	// Kind is one of "home", "brief", "section", "tag", "tags", "type",
	// "types", "all", "timeline", "sources", "facts", "stale", "changes", "search", "graph"
	// and "404".
	Kind  string
	Title string
	// URL is the site URL of this page ("" for the home page).
	URL string
	// Brief is the page's own brief: set for "brief" pages, and for "home"
	// and "section" pages that have an index.md.
	Brief *site.Page
	// Body is the brief's rendered Markdown.
	Body template.HTML
	// Section is set on "home" and "section" pages.
	Section *site.Section
	// Term is set on "tag" and "type" pages.
	Term *site.Term
	// Groups lists pages grouped by type on the home page, by letter on
	// the A to Z list ("all").
	Groups []Group
	// Pager is set on the pages of the A to Z list.
	Pager *Pager
	// Timeline is the site timeline ("timeline" page; a part of it if it
	// is in parts) or the brief's own events as one group per year
	// ("brief" pages).
	Timeline []*site.Year
	// TimelineParts is set on the pages of a timeline in parts (see
	// timelinePages): on the timeline page, which then has no Timeline,
	// and on each part.
	TimelineParts *TimelineParts
	Version       string
	// Offline is true in offline bundles; Provenance (on the home page of a
	// bundle) says when and from what the bundle was built.
	Offline    bool
	Provenance string
	// Cover is set on the home page of a --root bundle.
	Cover *Cover
	// Changes is set on the "What changed" page.
	Changes *changes.Report
	// Math, Diagrams and Code tell that Body (with its embeds) has math,
	// mermaid diagrams or highlighted code: the page loads KaTeX, mermaid
	// or the code colours only then (see assets.go).
	Math, Diagrams, Code bool

	counts *navCounts // briefs per section, for SideNav
	// crumbs is Crumbs, once crumbsMade.
	crumbs     []NavLink
	crumbsMade bool
	// graph is the site's link graph, shared by every page.
	graph *graph.Graph
	// arena holds the HTML the page's methods make, while it is rendered
	// by a worker of Render (else nil).
	arena *arena
	// memo holds the parts Memo rendered on the plan's pages; set is the
	// template set the page is rendered with.
	memo *memo
	set  *template.Template
	// goParts tells which of the set's partials are the built-in ones.
	goParts goParts
}

// Group is a titled list of pages. On the home page a group shows at most
// homeGroupSize pages; Total tells how many there are in all.
type Group struct {
	Title string
	URL   string
	More  string // the words of the link to URL after the list, if not "All <Total> <title>"
	ID    string // its anchor, on the A to Z list
	Pages []*site.Page
	Total int
}

// homeGroupSize caps each type's list on the home page; the type's own page
// lists all of them.
const homeGroupSize = 12

// Link returns the site URL u relative to this page.
func (p *Page) Link(u string) string { return p.Site.Link(p.URL, u) }

// linkNow is Link for what is written while the page is rendered (its
// header, breadcrumbs, side navigation and lists of links): in the page's
// arena, so valid only until the page is written. What outlives the page
// (a memoized part's links) takes Link.
func (p *Page) linkNow(u string) string { return p.arena.link(p.Site, p.URL, u) }

// CitesSources reports whether the page's brief cites a known source: the
// page loads js/cite.js (the full reference on hover and focus) only then.
func (p *Page) CitesSources() bool {
	if p.Brief == nil {
		return false
	}
	for _, c := range p.Brief.Cites {
		for _, r := range c {
			if r.Num > 0 {
				return true
			}
		}
	}
	return false
}

// tagURL is the site URL of a tag's page, or "" for no such tag.
func tagURL(s *site.Site, name string) string {
	for _, t := range s.Tags {
		if strings.EqualFold(t.Name, name) || slug.Make(t.Name) == slug.Make(name) {
			return t.URL
		}
	}
	return ""
}

// factLink is the link from this page to where fact id id is defined, or
// "".
func (p *Page) factLink(id string) string {
	if u := p.Site.FactURL(id); u != "" {
		return p.Link(u)
	}
	return ""
}

// tagLink is the link from this page to a tag's page, or "".
func (p *Page) tagLink(name string) string {
	if u := tagURL(p.Site, name); u != "" {
		return p.Link(u)
	}
	return ""
}

// Canonical is the page's absolute URL, or "" when the site has no base URL.
func (p *Page) Canonical() string {
	if p.Site.Config.BaseURL == "" || p.Kind == "404" {
		return ""
	}
	return absURL(p.Site, p.URL)
}

// BaseHref is what the 404 page puts in <base href>: the path of the base
// URL (or "/"), so its relative links work at whatever depth the server
// shows it (GitHub Pages serves it at /repo/a/b/missing).
func (p *Page) BaseHref() string {
	u, err := url.Parse(p.Site.Config.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// Renderer holds parsed templates.
type Renderer struct {
	theme fs.FS
	pages map[string]*template.Template // by kind file: "brief.html", …
	// single is templates/single.html, the frame of the one-file bundle.
	single *template.Template
	opts   Options
	// goBriefs is set when the brief pages' templates are the built-in
	// ones: their pages are then drawn in Go (see briefpage.go).
	goBriefs bool
	// goParts tells, for each template set, which of its partials are the
	// built-in ones: Page.PageList and Page.EventList draw those in Go.
	goParts map[*template.Template]goParts
}

var pageTemplates = []string{"home.html", "brief.html", "list.html", "timeline.html", "sources.html", "facts.html", "stale.html", "changes.html", "search.html", "graph.html", "404.html"}

// New parses the templates of theme.
func New(theme fs.FS, opts Options) (*Renderer, diag.List) {
	r := &Renderer{theme: theme, pages: map[string]*template.Template{}, opts: opts, goBriefs: builtinBriefTemplates(theme)}
	var diags diag.List
	base := template.New("").Funcs(funcs)
	files := []string{"templates/base.html"}
	partials, _ := fs.Glob(theme, "templates/partials/*.html")
	files = append(files, partials...)
	for _, f := range files {
		if err := parseFile(base, theme, f); err != nil {
			diags.Add(templateError(f, err))
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	if t, err := base.Clone(); err == nil {
		if err := parseFile(t, theme, "templates/single.html"); err != nil {
			diags.Add(templateError("templates/single.html", err))
		} else {
			r.single = t
		}
	}
	for _, name := range pageTemplates {
		f := "templates/" + name
		t, err := base.Clone()
		if err == nil {
			err = parseFile(t, theme, f)
		}
		if err != nil {
			diags.Add(templateError(f, err))
			continue
		}
		r.pages[name] = t
	}
	r.goParts = map[*template.Template]goParts{}
	for _, t := range append(slices.Collect(maps.Values(r.pages)), r.single) {
		if t != nil {
			r.goParts[t] = goParts{list: builtinPart(t, "pagelist"), events: builtinPart(t, "events")}
		}
	}
	return r, diags
}

func parseFile(t *template.Template, fsys fs.FS, name string) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	_, err = t.New(name).Parse(string(b))
	return err
}

// templateError turns "template: templates/brief.html:12: …" into a
// positioned diagnostic. An error inside a template called from another
// (through Page.Memo: "… error calling Memo: template: templates/partials/
// frame.html:42:59: …") is placed where it is, in the inner one.
func templateError(file string, err error) diag.Diagnostic {
	msg := err.Error()
	if i := strings.LastIndex(msg, "template: templates/"); i > 0 {
		msg = msg[i:]
	}
	pos := diag.Pos{File: file}
	rest := strings.TrimPrefix(msg, "template: ")
	if f, after, ok := strings.Cut(rest, ":"); ok && strings.HasPrefix(f, "templates/") {
		pos.File = f
		var line, col int
		if n, _ := fmt.Sscanf(after, "%d:%d", &line, &col); n >= 1 {
			pos.Line, pos.Col = line, col
		}
		if i := strings.Index(after, ": "); i >= 0 {
			msg = after[i+2:]
		}
	}
	return diag.Diagnostic{Pos: pos, Msg: "template: " + msg}
}

var funcs = template.FuncMap{
	"join":         strings.Join,
	"filters":      eventFilters, // an event's data- attributes on the site timeline (eventattrs.go)
	"lower":        strings.ToLower,
	"typeTitle":    humanType,
	"facets":       site.Facets,   // timeline.html's filters
	"timelineBars": timelineBars,  // timeline.html's events per year
	"overview":     site.Overview, // the same, unlinked (for themes written before timelineBars)
	"count":        func(n int) string { return numfmt.Format(float64(n)) },
	// list builds a map from key-value pairs, to pass several values to a
	// sub-template: {{template "pagelist" list "Page" $ "Pages" .Pages}}.
	"list": func(kv ...any) (map[string]any, error) {
		m, err := listOf(kv...)
		if err != nil {
			return nil, fmt.Errorf("list: %w", err)
		}
		return m, nil
	},
}

// listOf is a map of the key-value pairs kv.
func listOf(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// job is one page to render.
type job struct {
	tmpl string
	// pg is the page; for a brief's own page, brief is set and pg is the
	// part every brief's page shares (see page), so that a site of 30,000
	// briefs does not keep 30,000 Pages from planning to the end.
	pg    *Page
	brief *site.Page
	out   string
	// blocks holds the results of the page's build-time blocks.
	blocks []blocks.Result
	// newer holds briefs parsed again since the site was built, whose
	// bodies changed and nothing else (see Plan.WithBriefs).
	newer newer
}

// page returns the job's page: for a brief, a new Page made of the
// shared part and the brief.
func (j job) page() *Page {
	if j.brief == nil {
		return j.pg
	}
	p := *j.pg
	p.Title, p.URL, p.Brief = j.brief.Title, j.brief.URL, j.brief
	return &p
}

// kind, url and ownBrief are the page's Kind, URL and Brief, without
// making it.
func (j job) kind() string { return j.pg.Kind }

func (j job) url() string {
	if j.brief != nil {
		return j.brief.URL
	}
	return j.pg.URL
}

func (j job) ownBrief() *site.Page {
	if j.brief != nil {
		return j.brief
	}
	return j.pg.Brief
}

// newer maps pages to a newer parse of their brief, the same but for its
// body and text.
type newer map[*site.Page]*brief.Brief

// of returns the newest parse of t's brief.
func (n newer) of(t *site.Page) *brief.Brief {
	if b, ok := n[t]; ok {
		return b
	}
	return t.Brief
}

// Plan is every file of a site, by output name, before anything is
// rendered: pages are rendered by File when asked for (the preview server
// renders only what the browser requests), static files and assets are read
// from the theme and content folders then.
type Plan struct {
	r       *Renderer
	content fs.FS
	jobs    []job
	pages   map[string]job
	static  map[string]string // output name -> path in the theme FS
	assets  map[string]string // output name -> path in the content FS
	gen     map[string]bool   // sitemap.xml, feed.xml…, made when asked for (generate)
	names   []string

	site        *site.Site
	graph       *graph.Graph // the site's link graph
	searchOnce  sync.Once
	searchFiles map[string][]byte // search-index.js and its shards
	snippets    search.Store      // where the search index keeps its snippets, if set
	searchNames []string          // the shards, written after names

	previewOnce  sync.Once
	previewFiles map[string][]byte // preview-index.js and its shards
	previewNames []string          // the shards, written after names

	final bool // Render is the plan's last use (see Final)
}

// Final tells the plan that Render will be its last use (a build's): it
// then lets go of the link graph once the pages are written, before the
// search index is made. A plan rendered again, or whose files are asked
// for after Render, must not be Final.
func (p *Plan) Final() { p.final = true }

// Plan lays out the files of s, whose build-time blocks gave results.
// Diagnostics report static files that would overwrite a page or each
// other.
func (r *Renderer) Plan(s *site.Site, results blocks.Results, content fs.FS) (*Plan, diag.List) {
	var diags diag.List
	p := &Plan{r: r, site: s, content: content, static: map[string]string{}, assets: map[string]string{}, gen: map[string]bool{}}
	// The link graph and the pages' jobs are made at the same time: both
	// only read the site, and a live preview's edit waits for each (about
	// 30 ms at 10,000 notes).
	built := make(chan *graph.Graph, 1)
	go func() { built <- graph.FromSite(s) }()
	p.jobs = r.jobs(s)
	p.graph = <-built
	for _, j := range p.jobs {
		j.pg.graph = p.graph
	}
	for i, j := range p.jobs {
		if b := j.ownBrief(); b != nil {
			p.jobs[i].blocks = results[b]
		}
	}
	// Sized once: at 30,000 notes, growing them took a tenth of a second,
	// in a step that the build and every preview edit wait for.
	n := len(p.jobs) + len(s.Assets) + 64 // and the theme's files, and generated ones
	p.pages, p.names = make(map[string]job, len(p.jobs)), make([]string, 0, n)
	// What claimed a name is prefix+by, joined only for a message.
	type claimant struct{ prefix, by string }
	taken := make(map[string]claimant, n) // lower-case name -> what claimed it
	claim := func(name, prefix, by string) bool {
		k := strings.ToLower(name)
		if prev, ok := taken[k]; ok {
			diags.Errorf(diag.Pos{File: prefix + by}, "output path %s is written twice (also by %s)", name, prev.prefix+prev.by)
			return false
		}
		taken[k] = claimant{prefix, by}
		p.names = append(p.names, name)
		return true
	}
	for _, j := range p.jobs {
		if claim(j.out, "page ", j.out) {
			p.pages[j.out] = j
		}
	}
	for _, a := range s.Assets {
		if claim(a, "content/", a) {
			p.assets[a] = a
		}
	}
	err := fs.WalkDir(r.theme, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		name := strings.TrimPrefix(path, "static/")
		if claim(name, "", path) {
			p.static[name] = path
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		diags.Errorf(diag.Pos{File: "static"}, "%v", err)
	}
	generated := []string{"feed.xml", "robots.txt", "search-index.js", preview.IndexName, "graph-data.js", ".nojekyll"}
	if s.Config.BaseURL != "" {
		// A sitemap's addresses must be absolute: without a base URL
		// there is none (the command line says so).
		generated = append(generated, "sitemap.xml")
	}
	if s.Config.CNAME != "" {
		generated = append(generated, "CNAME")
	}
	if r.opts.Offline {
		// Files for servers and crawlers only are left out.
		generated = []string{"search-index.js", preview.IndexName, "graph-data.js"}
	}
	for _, name := range generated {
		if claim(name, "", name) {
			p.gen[name] = true
		}
	}
	slices.Sort(p.names)
	return p, diags
}

// generate makes a generated file.
func (p *Plan) generate(name string) []byte {
	s := p.site
	switch name {
	case "sitemap.xml":
		return sitemap(s, p.jobs)
	case "feed.xml":
		return feed(s, p.r.opts.Now, p.r.opts.Changes)
	case "robots.txt":
		return robots(s)
	case "search-index.js":
		// The search index; its shards (for large sites) come with it.
		return p.search()["search-index.js"]
	case preview.IndexName:
		// The link previews' data; its shards (for large sites) come with it.
		return p.previews()[preview.IndexName]
	case "graph-data.js":
		// The whole link graph, for the graph page's script.
		return p.graph.Data()
	case "CNAME":
		return []byte(s.Config.CNAME + "\n")
	}
	return nil // .nojekyll: GitHub Pages publishes files as they are, without Jekyll
}

// WithBriefs returns the plan of the same site in which the pages of
// newer show the bodies of newer parses of their briefs: briefs that
// changed in nothing else (the live preview's edits of a body), so
// that nothing else on any page changes.
func (p *Plan) WithBriefs(briefs map[*site.Page]*brief.Brief) *Plan {
	n := newer{}
	for t, b := range p.newer() {
		n[t] = b
	}
	for t, b := range briefs {
		n[t] = b
	}
	np := &Plan{r: p.r, content: p.content, static: p.static, assets: p.assets, gen: p.gen, names: p.names, site: p.site, graph: p.graph,
		jobs: make([]job, len(p.jobs)), pages: make(map[string]job, len(p.pages))}
	for i, j := range p.jobs {
		j.newer = n
		np.jobs[i] = j
		np.pages[j.out] = j
	}
	return np
}

// Names lists every output file, sorted.
func (p *Plan) Names() []string { return p.names }

// File returns the content of the output file name, rendering it if it is a
// page. ok is false if the site has no such file.
func (p *Plan) File(name string) (data []byte, ok bool, d *diag.Diagnostic) {
	return p.file(nil, name)
}

// file is File, rendering a page into the worker's ws when ws is not nil:
// the data is then valid only until ws is used again, and ws.known tells
// whether the page's features are known (ws.features).
func (p *Plan) file(ws *workspace, name string) (data []byte, ok bool, d *diag.Diagnostic) {
	if j, ok := p.pages[name]; ok {
		if ws == nil {
			ws = new(workspace)
		}
		ws.out.Reset()
		ws.known = false
		if d := p.r.renderPage(ws, j); d != nil {
			return nil, true, d
		}
		return ws.out.Bytes(), true, nil
	}
	if p.gen[name] {
		return p.generate(name), true, nil
	}
	if strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".js") {
		if data, ok := p.search()[name]; ok {
			return data, true, nil
		}
	}
	if isPreviewFile(name) {
		if data, ok := p.previews()[name]; ok {
			return data, true, nil
		}
	}
	var fsys fs.FS
	var src, shown string
	if s, ok := p.static[name]; ok {
		fsys, src, shown = p.r.theme, s, s
	} else if a, ok := p.assets[name]; ok {
		fsys, src, shown = p.content, a, "content/"+a
	} else {
		return nil, false, nil
	}
	b, err := fs.ReadFile(fsys, src)
	if err != nil {
		return nil, true, &diag.Diagnostic{Pos: diag.Pos{File: shown}, Msg: err.Error()}
	}
	return b, true, nil
}

// source is the file an output name is made from (a brief, a static file,
// an asset), to name in an error about it; generated files name themselves.
func (p *Plan) source(name string) diag.Pos {
	if j, ok := p.pages[name]; ok && j.ownBrief() != nil {
		return diag.Pos{File: j.ownBrief().File}
	}
	if s, ok := p.static[name]; ok {
		return diag.Pos{File: s}
	}
	if a, ok := p.assets[name]; ok {
		return diag.Pos{File: "content/" + a}
	}
	return diag.Pos{File: name}
}

// Render writes every file of the plan to sink, pages by a pool of workers,
// then the other files, then the search index and the link previews' data. The static files of math,
// diagrams and highlighted code (KaTeX, mermaid, code.css: see assets.go)
// are written only if a page uses them. (The live preview, which renders
// what is asked for, serves them all.)
func (p *Plan) Render(ctx context.Context, sink output.Sink) diag.List {
	var pages, rest []string
	for _, name := range p.names {
		if _, ok := p.pages[name]; ok {
			pages = append(pages, name)
		} else if name != "search-index.js" && name != preview.IndexName {
			rest = append(rest, name)
		}
	}
	p.longestFirst(pages)
	seen := &seenFeatures{Sink: sink}
	diags := p.write(ctx, seen, pages)
	rest = slices.DeleteFunc(rest, func(name string) bool {
		_, static := p.static[name]
		return static && !seen.f.needs(name)
	})
	diags.Merge(p.write(ctx, sink, rest))
	if p.final {
		// Every page with a graph is written: at 30,000 notes the link
		// graph is 15 MB the search index can have instead.
		p.graph = nil
		for i := range p.jobs {
			p.jobs[i].pg.graph = nil
		}
	}
	if ctx.Err() == nil {
		diags.Merge(p.writeSearch(ctx, sink))
	}
	if ctx.Err() == nil {
		p.previews()
		diags.Merge(p.write(ctx, sink, slices.Concat([]string{preview.IndexName}, p.previewNames)))
	}
	if err := ctx.Err(); err != nil {
		diags.Errorf(diag.Pos{}, "render: %v", err)
	}
	return collapseTemplateErrors(diags)
}

// longestFirst orders pages (output names) for rendering: the longest
// first, so that a timeline of tens of thousands of events, which takes
// one worker seconds, is not the build's tail.
func (p *Plan) longestFirst(pages []string) {
	slices.SortStableFunc(pages, func(a, b string) int { return cmp.Compare(p.pages[b].weight(), p.pages[a].weight()) })
}

// weight is how long the job's page takes to render, roughly: the pages
// that list many briefs or events weigh more than a brief's.
func (j job) weight() int {
	switch {
	case j.kind() == "timeline":
		return 2
	case j.ownBrief() == nil || j.kind() == "home":
		return 1
	}
	return 0
}

// renderingNote starts what a template error adds about the page it broke.
const renderingNote = " (rendering "

// source names what a page is made from: its brief, or its output file.
func (j job) source() string {
	if b := j.ownBrief(); b != nil {
		return b.File
	}
	return j.out
}

// collapseTemplateErrors reports a template mistake once, however many
// pages it broke: the first page is named, with a count of the others.
func collapseTemplateErrors(diags diag.List) diag.List {
	type key struct {
		pos diag.Pos
		msg string
	}
	slices.SortStableFunc(diags, func(a, b diag.Diagnostic) int { return strings.Compare(a.Msg, b.Msg) })
	first := map[key]int{}
	more := map[key]int{}
	var out diag.List
	for _, d := range diags {
		base, _, ok := strings.Cut(d.Msg, renderingNote)
		if !ok || !strings.HasPrefix(d.Msg, "template: ") {
			out = append(out, d)
			continue
		}
		k := key{d.Pos, base}
		if _, seen := first[k]; seen {
			more[k]++
			continue
		}
		first[k] = len(out)
		out = append(out, d)
	}
	for k, n := range more {
		d := &out[first[k]]
		d.Msg = strings.TrimSuffix(d.Msg, ")") + fmt.Sprintf(", and %d more %s)", n, plural(n, "page", "pages"))
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// write renders and writes names to sink with a pool of workers, until ctx
// is cancelled. Each worker renders its pages into one buffer, which the
// sink must not keep (see output.Sink).
func (p *Plan) write(ctx context.Context, sink output.Sink, names []string) diag.List {
	var diags diag.List
	var mu sync.Mutex
	workers.EachWith(ctx, len(names), func() *workspace { return new(workspace) }, func(ws *workspace, k int) {
		name := names[k]
		buf := &ws.out
		ws.arena.reset() // the last page is written
		data, ok, d := p.file(ws, name)
		if !ok {
			return
		}
		if d == nil {
			var err error
			if seen, isSeen := sink.(*seenFeatures); isSeen && ws.known {
				err = seen.writeKnown(name, data, ws.features)
			} else {
				err = sink.WriteFile(name, data)
			}
			if err != nil {
				d = &diag.Diagnostic{Pos: p.source(name), Msg: err.Error()}
			}
		}
		if d != nil {
			mu.Lock()
			diags.Add(*d)
			mu.Unlock()
		}
		if buf.Cap() > maxKeptBuffer {
			// A page of megabytes (the timeline of a large site, rendered
			// first) would otherwise keep its buffer for the whole build.
			*buf = bytes.Buffer{}
		}
	})
	return diags
}

// workspace is what a render worker keeps from one page to the next.
type workspace struct {
	out   bytes.Buffer
	arena arena
	// features is what the last page rendered needs, if known: a brief's
	// page, whose body is the only part that can have math, diagrams or
	// code (see seenFeatures).
	features features
	known    bool
}

// maxKeptBuffer is the largest buffer a render worker keeps for its next
// page: a brief's page is tens of kilobytes.
const maxKeptBuffer = 1 << 20

func posOf(p *Page) diag.Pos {
	if p.Brief != nil {
		return diag.Pos{File: p.Brief.File}
	}
	return diag.Pos{File: p.URL}
}

// renderPage executes one page's template into buf. A panic in goldmark or a
// template is caught and reported against the page's file (see execute).
// There is no time limit: the work is linear in the size of the page, since
// parsing is (see markdown.Limits).
func (r *Renderer) renderPage(ws *workspace, j job) *diag.Diagnostic {
	return r.execute(&ws.out, j, "templates/base.html", &ws.arena, ws)
}

// execute runs one page's template set from the template named entry:
// "templates/base.html" for a whole page, "content" for what its <main> holds.
// The HTML the page's methods make goes to a, if not nil (see arena).
func (r *Renderer) execute(buf *bytes.Buffer, j job, entry string, a *arena, ws *workspace) (d *diag.Diagnostic) {
	defer func() {
		if v := recover(); v != nil {
			d = &diag.Diagnostic{Pos: posOf(j.page()), Msg: fmt.Sprintf("render: internal error: %v", v)}
		}
	}()
	p := j.page()
	if j.brief == nil {
		own := *p // the plan's, which the preview server renders concurrently
		p = &own
	}
	p.arena = a
	p.crumbs, p.crumbsMade = nil, false // this page's, in a
	if p.Brief != nil {
		var errs []error // template errors in blocks and embeds
		doc, err := j.newer.of(p.Brief).Doc()
		if err == nil {
			b := body{t: p.Brief, blocks: r.blocks(p, j.blocks, &errs), embeds: r.embeds(j, p, &errs), tag: p.tagLink, fact: p.factLink, style: p.Site.Config.CitationStyle, figure: func(i int) string {
				return figureHTML(p.Site, p.Brief, i, p.Link)
			}}
			p.Body = a.html(func(dst []byte) []byte {
				dst, err = b.append(dst, doc)
				return dst
			})
		}
		if err != nil {
			return &diag.Diagnostic{Pos: posOf(p), Msg: "render: " + err.Error()}
		}
		if len(errs) > 0 {
			dd := templateError("templates/brief.html", errs[0])
			dd.Msg += renderingNote + "a block of " + p.Brief.File + ")"
			return &dd
		}
		f := featuresOfString(string(p.Body))
		p.Math, p.Diagrams, p.Code = f.Math, f.Diagrams, f.Code
		if p.Kind == "brief" {
			p.Timeline = ownTimeline(p.Brief)
			if ws != nil {
				ws.features, ws.known = f, true
			}
		}
	}
	t := r.pages[j.tmpl]
	if t == nil {
		return &diag.Diagnostic{Pos: diag.Pos{File: "templates/" + j.tmpl}, Msg: "template: missing"}
	}
	p.set, p.goParts = t, r.goParts[t]
	if r.goBriefs && j.tmpl == "brief.html" && p.Kind == "brief" && entry == "templates/base.html" {
		out, err := appendBriefPage(buf.AvailableBuffer(), p)
		if err != nil {
			dd := templateError("templates/base.html", err)
			dd.Msg += renderingNote + j.source() + ")"
			return &dd
		}
		buf.Write(out)
		return nil
	}
	if err := t.ExecuteTemplate(buf, entry, p); err != nil {
		dd := templateError("templates/"+j.tmpl, err)
		dd.Msg += renderingNote + j.source() + ")"
		return &dd
	}
	return nil
}

// jobs lists the site's pages; their graph is set once it is made (see
// Plan).
func (r *Renderer) jobs(s *site.Site) []job {
	jobs := make([]job, 0, len(s.Pages)+len(s.Sections)+len(s.Tags)+16) // and the site's own pages
	counts := countBriefs(s)
	m := new(memo)
	add := func(tmpl string, p *Page) {
		p.Site, p.Version, p.Offline, p.counts, p.memo = s, r.opts.Version, r.opts.Offline, counts, m
		if p.Kind == "404" && r.opts.Offline {
			return // no server to show it
		}
		if p.Kind == "home" {
			p.Provenance = r.opts.Provenance
		}
		out := site.OutPath(p.URL)
		if p.Kind == "404" {
			out = "404.html"
		}
		jobs = append(jobs, job{tmpl: tmpl, pg: p, out: out})
	}
	briefs := listedBriefs(s)
	home := &Page{Kind: "home", Title: s.Root.Title, URL: "", Brief: s.Root.Index, Section: s.Root, Groups: byType(s, briefs)}
	if r.opts.Root != "" {
		home.Cover = r.cover(s)
	}
	add("home.html", home)
	shared := &Page{Kind: "brief", Site: s, Version: r.opts.Version, Offline: r.opts.Offline, counts: counts, memo: m}
	for _, p := range s.Pages {
		if p.SectionOf != nil || p.TagOf != nil {
			continue
		}
		jobs = append(jobs, job{tmpl: "brief.html", pg: shared, brief: p, out: site.OutPath(p.URL)}) // Timeline: filled when rendered
	}
	for _, sec := range s.Sections {
		add("list.html", &Page{Kind: "section", Title: sec.Title, URL: sec.URL, Brief: sec.Index, Section: sec})
	}
	for _, t := range s.Tags {
		title := "Tag: " + t.Name
		if t.Intro != nil {
			if _, titled := t.Intro.FieldPos["title"]; titled {
				title = t.Intro.Title
			}
		}
		add("list.html", &Page{Kind: "tag", Title: title, URL: t.URL, Term: t, Brief: t.Intro})
	}
	if len(s.Tags) > 0 {
		add("list.html", &Page{Kind: "tags", Title: "Tags", URL: site.TagsURL})
	}
	if len(s.Types) > 0 {
		add("list.html", &Page{Kind: "types", Title: "Types", URL: site.TypesURL})
	}
	for _, t := range s.Types {
		add("list.html", &Page{Kind: "type", Title: humanType(t.Name), URL: t.URL, Term: t})
	}
	for _, p := range allPages(s, briefs) {
		add("list.html", p)
	}
	for _, p := range timelinePages(s) {
		add("timeline.html", p)
	}
	add("search.html", &Page{Kind: "search", Title: "Search", URL: site.SearchURL})
	add("graph.html", &Page{Kind: "graph", Title: "Graph", URL: site.GraphURL})
	if len(s.Sources) > 0 {
		add("sources.html", &Page{Kind: "sources", Title: "Sources", URL: site.SourcesURL})
	}
	if len(s.Facts) > 0 {
		add("facts.html", &Page{Kind: "facts", Title: "Facts", URL: site.FactsURL})
	}
	if s.HasStalePage() {
		add("stale.html", &Page{Kind: "stale", Title: "Stale figures", URL: site.StaleURL})
	}
	if r.opts.Changes != nil {
		add("changes.html", &Page{Kind: "changes", Title: "What changed", URL: site.ChangesURL, Changes: r.opts.Changes})
	}
	add("404.html", &Page{Kind: "404", Title: "Page not found", URL: ""})
	return jobs
}

// humanType names a type's list page.
func humanType(t string) string {
	if t == "" {
		return t
	}
	return site.TypeTitle(t)
}

// byType groups the briefs (listedBriefs) by type, untyped last. Each
// group shows homeGroupSize briefs and leads to its type's page; the
// untyped ones lead to the A to Z list.
func byType(s *site.Site, briefs []*site.Page) []Group {
	var groups []Group
	for _, t := range s.Types {
		var ps []*site.Page
		for _, p := range t.Pages {
			if p.SectionOf == nil && p.TagOf == nil {
				ps = append(ps, p)
			}
		}
		if len(ps) > 0 {
			groups = append(groups, Group{Title: humanType(t.Name), URL: t.URL, Pages: ps[:min(len(ps), homeGroupSize)], Total: len(ps)})
		}
	}
	var other []*site.Page
	for _, p := range briefs {
		if p.TypeTerm == nil {
			other = append(other, p)
		}
	}
	if len(other) > 0 {
		g := Group{Title: "Other briefs", Pages: other[:min(len(other), homeGroupSize)], Total: len(other)}
		if g.Total > len(g.Pages) {
			g.URL, g.More = site.AllURL, "All briefs, A to Z"
		}
		groups = append(groups, g)
	}
	return groups
}

func ownTimeline(p *site.Page) []*site.Year {
	evs := make([]*brief.Event, len(p.Events))
	for i := range p.Events {
		evs[i] = &p.Events[i]
	}
	slices.SortStableFunc(evs, func(a, b *brief.Event) int { return a.Date.Compare(b.Date) })
	var years []*site.Year
	for _, e := range evs {
		if n := len(years); n == 0 || years[n-1].Year != e.Date.Year {
			years = append(years, &site.Year{Year: e.Date.Year})
		}
		years[len(years)-1].Events = append(years[len(years)-1].Events, site.Event{Event: e, Page: p})
	}
	return years
}
