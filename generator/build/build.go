// Package build runs the pipeline that turns a site folder into a website:
//
//	read (source) → brief (one file each) → site (cross-file) → render → sink
//
// Build is the only place that calls every stage, in that order. Each stage
// adds positioned diagnostics; when any is an error the build stops before
// anything is committed, so a failed build never half-writes its output.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/bib"
	"github.com/lodestone-ssg/lodestone/generator/blocks"
	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/changes"
	"github.com/lodestone-ssg/lodestone/generator/data"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/render"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/source"
	"github.com/lodestone-ssg/lodestone/generator/spool"
	"github.com/lodestone-ssg/lodestone/generator/workers"
	"gopkg.in/yaml.v3"
)

// Options control Build.
type Options struct {
	// Strict turns warnings about links, and problems confined to one note
	// (diag.Note), into errors.
	Strict bool
	// Drafts publishes briefs marked draft: true.
	Drafts bool
	// Audience, when set, overrides audience: from lodestone.yaml: "public"
	// leaves out every brief whose audience: is not public (see
	// site.Options.Audience); "internal" publishes them all.
	Audience string
	// BaseURL, when set, overrides base_url from lodestone.yaml.
	BaseURL string
	// Version is written into every page's generator tag.
	Version string
	// Now is the build time; zero means time.Now().
	Now time.Time
	// Committed gives, by path from the site folder
	// ("content/mines/a.md"), the date of the last commit that changed a
	// file (vcs.LastChanged): a brief without updated: is dated by it.
	// It is called once the briefs are parsed (so that it can read the
	// history meanwhile); nil: no dates.
	Committed func() map[string]time.Time
	// Offline builds a bundle to read from disk: links name index.html
	// files, and files only servers need are left out (see render.Options).
	Offline bool
	// Provenance is shown on an offline bundle's front page.
	Provenance string
	// Root, when set, limits the site to the brief it names (a path, title
	// or alias, as in a [[link]]) and the briefs it links to, Depth links deep.
	Root  string
	Depth int
	// Single writes the whole (offline) site as one self-contained page,
	// SingleName, instead of a page per brief.
	Single bool
	// Name is the site folder's name: the site's title when neither
	// lodestone.yaml nor content/index.md gives one.
	Name string
	// PDF lays the single file out to be printed as a PDF (with Single):
	// a title page, a table of contents, only the pages worth printing.
	// Its title is the Root brief's (else the site's), AsOf its date.
	PDF  bool
	AsOf string
	// Changes, when set, tells what changed in the site being built since
	// an earlier version (the cli compares it with the site at --since
	// REV): the build adds a "What changed" page and feed entries.
	Changes func(*site.Site) *changes.Report
	// Since starts the events the cover of a --root bundle lists (zero:
	// a year before Now).
	Since time.Time
	// Read, when set, is called with the size of each note as it is read
	// (by several goroutines at once; the cli sizes the heap's limit by
	// what has been read).
	Read func(bytes int)
	// Parsed, when set, is called by Load once every note is parsed,
	// before the site is cross-linked (the cli caps the heap's limit by
	// what the parse left live).
	Parsed func()
	// Loaded, when set, is called by Build once the site is read, parsed,
	// cross-linked and planned, before any page is rendered: what is live
	// then stays live to the end (the cli sizes the heap's limit by it).
	Loaded func()
}

// Result tells what a build did.
type Result struct {
	Site *site.Site
	// Diags holds every warning and error, sorted.
	Diags diag.List
	// Files is the number of files written (0 when the build failed).
	Files  int
	Briefs int
	Pages  int
	Took   time.Duration
}

// Summary is the one-line report printed after a build.
func (r *Result) Summary() string {
	e, w := r.Diags.Count()
	links := 0
	if r.Site != nil {
		links = r.Site.LinksResolved
	}
	notes := map[string]bool{}
	for _, d := range r.Diags {
		if d.Kind == diag.Note && d.Severity == diag.Warning {
			notes[d.Pos.File] = true
		}
	}
	published := ""
	if len(notes) > 0 {
		published = fmt.Sprintf(" (%s published with problems; --strict makes them errors)", plural(len(notes), "note", "notes"))
	}
	return fmt.Sprintf("%s (%s), %s, %s resolved, %s%s, %s in %s",
		plural(r.Pages, "page", "pages"), plural(r.Briefs, "brief", "briefs"), plural(r.Files, "file", "files"),
		plural(links, "link", "links"), plural(w, "warning", "warnings"), published, plural(e, "error", "errors"),
		r.Took.Round(time.Millisecond))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// counter counts the files that pass through to a sink. The first write
// that fails stops the render (a full disk would otherwise fail every file
// after it): later files are not written and not reported.
type counter struct {
	next   output.Sink
	stop   context.CancelFunc
	mu     sync.Mutex
	n      int
	html   int
	failed bool
}

func (c *counter) WriteFile(name string, data []byte) error {
	c.mu.Lock()
	failed := c.failed
	c.mu.Unlock()
	if failed {
		return nil
	}
	if err := c.next.WriteFile(name, data); err != nil {
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.failed {
			return nil
		}
		c.failed = true
		c.stop()
		return err
	}
	c.mu.Lock()
	c.n++
	if len(name) > 5 && name[len(name)-5:] == ".html" {
		c.html++
	}
	c.mu.Unlock()
	return nil
}

// Model is a site read, parsed and cross-linked, with the plan of its output
// files: everything a build does except writing.
type Model struct {
	Site *site.Site
	Plan *render.Plan // nil when Diags has errors
	// Diags holds every warning and error, sorted.
	Diags diag.List
	// Parsed counts the briefs parsed by this load (not taken from a Cache).
	Parsed int
}

// Load runs every stage but the output: read, parse, cross-link, plan. It
// returns an error only when it could not run at all (e.g. no content/
// folder); content problems are in Model.Diags. cache may be nil; the
// preview server passes the same Cache to every Load so that only changed
// briefs are parsed again.
func Load(ctx context.Context, src, theme fs.FS, opts Options, cache *Cache) (*Model, error) {
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if cache == nil {
		cache = NewCache()
	}
	m := &Model{}
	defer func() { m.Diags.Sort() }()

	cfg, d := LoadConfig(src)
	m.Diags.Merge(d)
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
	}
	if err := CheckBaseURL(cfg.BaseURL); err != nil {
		if opts.BaseURL != "" {
			m.Diags.Errorf(diag.Pos{}, "--base-url %q: %v", cfg.BaseURL, err)
		} else {
			m.Diags.Errorf(diag.Pos{File: source.ConfigFile}, "base_url %q: %v", cfg.BaseURL, err)
		}
	} else if cfg.BaseURL != "" && !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}

	if cfg.Attachments == "" {
		cfg.Attachments = source.VaultAttachments(src)
	}

	files := cache.listing
	if files == nil || !cache.keepListing {
		// A watched cache needs no sizes or times (the watcher says what
		// changed), nor does one used once, unless it must check kept
		// briefs against them; a kept cache to be written gets them as
		// each brief is read (in parallel; the walk is one goroutine).
		f, err := source.Walk(src, !cache.Watched && !cache.once || cache.stored != nil, append(source.VaultIgnores(src), cfg.Ignore...)...)
		if err != nil {
			return nil, fmt.Errorf("read: %w", err)
		}
		files = &f
	}
	cache.keptListing = cache.keepListing && cache.listing != nil
	cache.listing, cache.keepListing = files, false
	for _, l := range files.Links {
		m.Diags.Warnf(diag.Pos{File: source.ContentDir + "/" + l}, "symbolic link not followed (copy the file or folder into content/ instead)")
	}
	md := cache.markdown(cfg)
	content, err := fs.Sub(src, source.ContentDir)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	briefs, d, parsed := cache.parseAll(ctx, content, files.Briefs, md, opts.Read)
	m.Diags.Merge(d)
	m.Parsed = len(parsed)
	if opts.Parsed != nil {
		opts.Parsed()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// What was forgotten since the last Load that ran to here is what
	// changed (a stopped Load may have parsed and cached some of it).
	briefsOnly := cache.briefsOnly
	bodiesOnly := briefsOnly && cache.keptListing && opts.Root == ""
	cache.briefsOnly = false
	forgotten := cache.forgotten
	cache.forgotten = map[string]cached{}
	if bodiesOnly {
		if fast := cache.bodiesOnly(forgotten); fast != nil {
			fast.Parsed = len(parsed)
			return fast, nil
		}
	}
	defer func() { cache.remember(m) }()

	tables, d := loadTables(src, files.Other)
	m.Diags.Merge(d)
	bibliography, d := loadBibliography(src, cfg)
	m.Diags.Merge(d)
	audience := cfg.Audience
	if opts.Audience != "" {
		audience = opts.Audience
		if !slices.Contains(brief.Audiences, audience) {
			m.Diags.Errorf(diag.Pos{}, "--audience %q: write %s", audience, strings.Join(brief.Audiences, " or "))
		}
	}
	siteOpts := site.Options{Drafts: opts.Drafts, Audience: audience, ExplicitIndex: opts.Offline, Strict: opts.Strict, Now: opts.Now, Name: opts.Name, Bibliography: bibliography, Changes: opts.Changes != nil}
	if opts.Committed != nil {
		siteOpts.Committed = opts.Committed()
	}
	if opts.Root == "" && cache.Watched {
		siteOpts.Prev, siteOpts.Reused = cache.site, true
	}
	s, d := site.New(cfg, briefs, files.Other, tables, siteOpts)
	if siteOpts.Reused {
		cache.site = s
	}
	siteOpts.Prev, siteOpts.Reused = nil, false
	if opts.Root != "" && !d.HasErrors() {
		// Rebuild the site from the chosen briefs only, so that its home,
		// lists and timeline hold just them and every link stays inside.
		keep, err := s.Reachable(opts.Root, opts.Depth)
		if err != nil {
			return nil, err
		}
		var sub []*brief.Brief
		for _, b := range briefs {
			if keep[b] {
				sub = append(sub, b)
			}
		}
		s, d = site.New(cfg, sub, files.Other, tables, siteOpts)
		d = d.Without("link") // links out of the selection are expected
	}
	m.Site = s
	m.Diags.Merge(d)
	// Blocks are evaluated whatever else is wrong, so that one run reports
	// every mistake.
	results, d := blocks.Eval(s)
	m.Diags.Merge(d)
	if opts.Strict {
		// For CI and publishing: a broken link, or a note published with
		// problems, fails the build.
		m.Diags.Promote("link")
		m.Diags.Promote(diag.Note)
	}

	// Templates are parsed again unless only briefs changed since the last
	// load that parsed them.
	rOpts := render.Options{Version: opts.Version, Now: opts.Now, Offline: opts.Offline, Provenance: opts.Provenance, PDF: opts.PDF, AsOf: opts.AsOf,
		Root: opts.Root, Since: opts.Since}
	if opts.Changes != nil {
		rOpts.Changes = opts.Changes(s)
	}
	if opts.PDF && opts.Root != "" {
		if keep, err := s.Reachable(opts.Root, 0); err == nil {
			for b := range keep {
				rOpts.Title = b.Title
			}
		}
	}
	r, d := cache.renderer, cache.rDiags
	if !briefsOnly || r == nil || cache.rOpts != rOpts.WithoutNow() {
		r, d = render.New(source.Overlay{Top: src, Base: theme}, rOpts)
		cache.renderer, cache.rDiags, cache.rOpts = r, d, rOpts.WithoutNow()
	}
	if r != nil {
		r = r.At(opts.Now)
	}
	m.Diags.Merge(d)
	if m.Diags.HasErrors() {
		return m, nil
	}
	plan, d := r.Plan(s, results, content)
	m.Diags.Merge(d)
	if !m.Diags.HasErrors() {
		m.Plan = plan
	}
	if cache.once {
		s.Shed() // the site stage is done, and no later load reuses it
	}
	return m, nil
}

// Build runs the whole pipeline: Load, then render every file into sink.
// The caller commits the sink only if !Result.Diags.HasErrors().
func Build(ctx context.Context, src, theme fs.FS, sink output.Sink, opts Options) (*Result, error) {
	start := time.Now()
	cache := NewCache()
	cache.once = true
	// Bodies wait on disk between parsing and rendering, so that the whole
	// site is never resident (without a temporary folder, in memory).
	cache.Spool()
	defer cache.Close()
	m, err := Load(ctx, src, theme, opts, cache)
	if err != nil {
		return nil, err
	}
	if opts.Loaded != nil {
		opts.Loaded()
	}
	res := &Result{Site: m.Site, Diags: m.Diags}
	if m.Site != nil {
		res.Briefs = len(m.Site.Pages)
	}
	if m.Plan != nil && opts.Single {
		page, d := m.Plan.Single()
		res.Diags.Merge(d)
		if !d.HasErrors() {
			if err := sink.WriteFile(SingleName, page); err != nil {
				res.Diags.Errorf(diag.Pos{File: SingleName}, "%v", err)
			} else {
				res.Files, res.Pages = 1, 1
			}
		}
		res.Diags.Sort()
	} else if m.Plan != nil {
		if cache.spool != nil {
			m.Plan.KeepSnippetsIn(cache.spool)
		}
		rctx, stop := context.WithCancel(ctx)
		c := &counter{next: sink, stop: stop}
		m.Plan.Final()
		d := m.Plan.Render(rctx, c)
		stop()
		if c.failed && ctx.Err() == nil {
			// The render stopped itself on the failed write: only that
			// failure is news.
			d = slices.DeleteFunc(d, func(x diag.Diagnostic) bool { return strings.Contains(x.Msg, context.Canceled.Error()) })
		}
		res.Diags.Merge(d)
		res.Diags.Sort()
		res.Files, res.Pages = c.n, c.html
		if res.Diags.HasErrors() {
			res.Files, res.Pages = 0, 0
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

// SingleName is the file a build with Options.Single writes.
const SingleName = "index.html"

// CheckBaseURL accepts "" or an absolute http(s) URL without query or fragment.
func CheckBaseURL(u string) error {
	if u == "" {
		return nil
	}
	p, err := url.Parse(u)
	switch {
	case err != nil:
		return err
	case p.Scheme != "http" && p.Scheme != "https" || p.Host == "":
		return errors.New("must be an absolute http:// or https:// URL, e.g. https://owner.github.io/repo/")
	case p.RawQuery != "" || p.Fragment != "":
		return errors.New("must not have a query or fragment")
	}
	return nil
}

// loadTables reads every data file: those below data/ and those among the
// other files of content/, keyed by path from the site root.
func loadTables(src fs.FS, contentOther []string) (map[string]*data.Table, diag.List) {
	var diags diag.List
	tables := map[string]*data.Table{}
	read := func(p string) {
		if !data.Exts[strings.ToLower(path.Ext(p))] {
			return
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			diags.Errorf(diag.Pos{File: p}, "read: %v", err)
			return
		}
		t, d := data.Parse(p, b)
		if d != nil {
			diags.Add(*d)
			return
		}
		tables[p] = t
	}
	_ = fs.WalkDir(src, "data", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // no data/ folder
		}
		if p != "data" && source.Hidden(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			read(p)
		}
		return nil
	})
	for _, o := range contentOther {
		read(source.ContentDir + "/" + o)
	}
	return tables, diags
}

// loadBibliography reads the files that bibliography: names (see
// generator/bib), by path from the site root.
func loadBibliography(src fs.FS, cfg site.Config) ([]brief.Source, diag.List) {
	var diags diag.List
	var out []brief.Source
	for _, name := range cfg.Bibliography {
		p := path.Clean(strings.TrimPrefix(strings.TrimSpace(name), "./"))
		if !fs.ValidPath(p) || p == "." {
			diags.Outsidef(cfg.BibliographyPos, "bibliography: %q is not a file inside the site folder", name)
			continue
		}
		if !bib.Exts[strings.ToLower(path.Ext(p))] {
			diags.Errorf(cfg.BibliographyPos, "bibliography: %s: give .bib (BibTeX, BibLaTeX) or .json (CSL-JSON) files", name)
			continue
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				diags.Errorf(cfg.BibliographyPos, "bibliography: %s: no such file (paths are from the site folder, e.g. data/references.bib)", name)
			} else {
				diags.Errorf(cfg.BibliographyPos, "bibliography: %s: %v", name, err)
			}
			continue
		}
		sources, d := bib.Parse(p, b)
		diags.Merge(d)
		out = append(out, sources...)
	}
	return out, diags
}

// checkTypes checks the types: section of lodestone.yaml: every field
// needs a known kind, and an enum its values.
func checkTypes(n *yaml.Node, diags *diag.List) {
	at := func(n *yaml.Node) diag.Pos { return diag.Pos{File: source.ConfigFile, Line: n.Line, Col: n.Column} }
	pairs := func(n *yaml.Node) [][2]*yaml.Node {
		var out [][2]*yaml.Node
		if n.Kind != yaml.MappingNode {
			diags.Errorf(at(n), "expected key: value pairs")
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			out = append(out, [2]*yaml.Node{n.Content[i], n.Content[i+1]})
		}
		return out
	}
	for _, t := range pairs(n) {
		for _, tk := range pairs(t[1]) {
			if tk[0].Value != "fields" {
				diags.Errorf(at(tk[0]), "types: %s: unknown setting %q (a type has fields:)", t[0].Value, tk[0].Value)
				continue
			}
			for _, f := range pairs(tk[1]) {
				var kind *yaml.Node
				hasValues := false
				for _, a := range pairs(f[1]) {
					switch a[0].Value {
					case "kind":
						kind = a[1]
					case "values":
						hasValues = true
					case "required", "unit", "label":
					default:
						diags.Errorf(at(a[0]), "types: %s: %s: unknown setting %q (kind, required, unit, values, label)", t[0].Value, f[0].Value, a[0].Value)
					}
				}
				switch {
				case kind == nil:
					diags.Errorf(at(f[0]), "types: %s: %s: missing kind (one of %s)", t[0].Value, f[0].Value, strings.Join(site.FieldKinds, ", "))
				case !slices.Contains(site.FieldKinds, kind.Value):
					diags.Errorf(at(kind), "types: %s: %s: kind %q is not one of %s", t[0].Value, f[0].Value, kind.Value, strings.Join(site.FieldKinds, ", "))
				case kind.Value == "enum" && !hasValues:
					diags.Errorf(at(kind), "types: %s: %s: an enum needs values: [...]", t[0].Value, f[0].Value)
				}
			}
		}
	}
}

// fieldOf returns a pointer to the Config field for a lodestone.yaml key, or
// to a throwaway value for unknown keys.
func fieldOf(cfg *site.Config, key string) any {
	v := reflect.ValueOf(cfg).Elem()
	for f := range v.Type().Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name == key {
			return v.FieldByIndex(f.Index).Addr().Interface()
		}
	}
	var x any
	return &x
}

// LoadConfig reads lodestone.yaml from src (a missing file is an empty
// configuration) and checks its settings and types.
func LoadConfig(src fs.FS) (site.Config, diag.List) {
	var cfg site.Config
	var diags diag.List
	b, err := fs.ReadFile(src, source.ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, nil
	}
	if err != nil {
		diags.Errorf(diag.Pos{File: source.ConfigFile}, "read: %v", err)
		return cfg, diags
	}
	var node yaml.Node
	if err := yaml.Unmarshal(b, &node); err != nil {
		diags.Add(brief.YAMLErrorAt(source.ConfigFile, 1, b, err))
		return cfg, diags
	}
	if len(node.Content) == 0 {
		return cfg, nil
	}
	root := node.Content[0]
	known := map[string]bool{}
	for f := range reflect.TypeFor[site.Config]().Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); name != "" && name != "-" {
			known[name] = true
		}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if !known[k.Value] {
			diags.Warnf(diag.Pos{File: source.ConfigFile, Line: k.Line, Col: k.Column}, "unknown setting %q", k.Value)
		}
	}
	if root.Kind != yaml.MappingNode {
		diags.Errorf(diag.Pos{File: source.ConfigFile, Line: root.Line, Col: root.Column}, "expected key: value settings")
		return cfg, diags
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value == "types" {
			checkTypes(v, &diags)
		}
		if err := v.Decode(fieldOf(&cfg, k.Value)); err != nil && known[k.Value] {
			diags.Errorf(diag.Pos{File: source.ConfigFile, Line: v.Line, Col: v.Column}, "%s: %v", k.Value, strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "))
		}
		if k.Value == "bibliography" {
			cfg.BibliographyPos = diag.Pos{File: source.ConfigFile, Line: v.Line, Col: v.Column}
		}
		if k.Value == "citation_style" && cfg.CitationStyle != "" && !slices.Contains(site.CitationStyles, cfg.CitationStyle) {
			diags.Errorf(diag.Pos{File: source.ConfigFile, Line: v.Line, Col: v.Column}, "citation_style: %q is not one of %s", cfg.CitationStyle, strings.Join(site.CitationStyles, ", "))
			cfg.CitationStyle = ""
		}
		if k.Value == "audience" {
			cfg.Audience = strings.ToLower(strings.TrimSpace(cfg.Audience))
		}
		if k.Value == "audience" && !slices.Contains(brief.Audiences, cfg.Audience) {
			diags.Errorf(diag.Pos{File: source.ConfigFile, Line: v.Line, Col: v.Column}, "audience: %q is not an audience; write %s", v.Value, strings.Join(brief.Audiences, " or "))
			cfg.Audience = ""
		}
		if k.Value == "fact_ids" {
			if _, err := cfg.FactIDPattern(); err != nil {
				diags.Errorf(diag.Pos{File: source.ConfigFile, Line: v.Line, Col: v.Column}, "%v; write a Go regular expression, or \"\" for no fact ids", err)
				cfg.FactIDs = new(string) // off
			}
		}
	}
	return cfg, diags
}

// Cache keeps parsed briefs between loads of one site folder, keyed by
// path, size and modification time, so that a rebuild parses only the files
// that changed. Briefs are immutable, so a cached brief can be shared by the
// site being served and the one being built. A Cache is used by one Load at
// a time.
type Cache struct {
	// Watched says a watcher calls Forget for every brief that changes, so
	// the cache need not compare sizes and modification times (which saves
	// an lstat per brief on every rebuild).
	Watched bool
	// Persist says the cache is kept between runs (see Snapshot and
	// UseKept): loads read each brief's size and modification time, which
	// the kept briefs are checked against.
	Persist bool

	md      *markdown.Markdown
	mdKey   string // the options md was made with, as a string
	entries map[string]cached

	// stored are the briefs UseKept took, for the Markdown options
	// storedKey, until the first Load takes them.
	stored    []storedEntry
	storedKey string
	once      bool // used by one Load only (Build's)

	listing     *source.Files // the last walk of content/
	keepListing bool
	keptListing bool // this Load did not walk content/

	spool *spool.File // where parsed briefs keep their bodies, if set
	site  *site.Site  // the last site built, whose link results New may keep

	// For edits of bodies only (see bodiesOnly): the last good model, what
	// Forget dropped since, and whether only briefs changed.
	model  *Model
	pageOf map[string]*site.Page // model's pages by file
	// The templates of the last load, kept while only briefs change.
	renderer   *render.Renderer
	rDiags     diag.List
	rOpts      render.Options
	forgotten  map[string]cached
	briefsOnly bool
}

// BriefsOnly tells the next Load whether the files it was told to Forget
// are the only changes and all are briefs, edited, new or gone (no
// template, data file or setting changed): then it keeps the parsed
// templates, and, with KeepListing, an edit of a body alone can reuse the
// last model.
func (c *Cache) BriefsOnly(only bool) { c.briefsOnly = only }

// bodiesOnly returns the last model with the briefs just parsed in
// place, if each differs from the version that model shows in its body
// alone (brief.SameButBody, and the same parse diagnostics): then no
// other page, list, link or diagnostic changes, and the site need not be
// built again. It returns nil when that does not hold.
func (c *Cache) bodiesOnly(forgotten map[string]cached) *Model {
	last := c.model
	if last == nil || last.Plan == nil || len(forgotten) == 0 {
		return nil
	}
	if c.pageOf == nil {
		c.pageOf = make(map[string]*site.Page, len(last.Site.Pages))
		for _, p := range last.Site.Pages {
			c.pageOf[p.File] = p
		}
	}
	newer := map[*site.Page]*brief.Brief{}
	for rel, old := range forgotten {
		cur := c.entries[rel]
		p := c.pageOf[source.ContentDir+"/"+rel]
		if p == nil || old.brief == nil || cur.brief == nil || !slices.Equal(old.diags, cur.diags) || !brief.SameButBody(old.brief, cur.brief) {
			return nil
		}
		newer[p] = cur.brief
	}
	m := &Model{Site: last.Site, Plan: last.Plan.WithBriefs(newer), Diags: last.Diags, Parsed: len(forgotten)}
	c.model = m
	return m
}

// remember keeps a model that has a plan for bodiesOnly.
func (c *Cache) remember(m *Model) {
	c.model, c.pageOf = nil, nil
	if m != nil && m.Plan != nil {
		c.model = m
	}
}

// KeepListing tells the next Load that no file was created, removed or
// renamed since the last one, so it may skip walking content/.
func (c *Cache) KeepListing() { c.keepListing = true }

type cached struct {
	size  int64
	mod   time.Time
	brief *brief.Brief
	diags diag.List
	// stored is set for a brief read from a kept cache (UseKept): it is
	// used only if the file's size and modification time are unchanged.
	stored bool
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{entries: map[string]cached{}, forgotten: map[string]cached{}} }

// Spool keeps the Markdown of the briefs parsed from now on in an unnamed
// temporary file, and their HTML and text once rendered (brief.Spool):
// the live preview then holds the metadata of a vault, not its text. If
// the file cannot be made, they stay in memory. Close removes the file.
func (c *Cache) Spool() {
	if c.spool == nil {
		if sp, err := spool.New(); err == nil {
			c.spool = sp
		}
	}
}

// Close removes the file of Spool, if any. The cache's briefs must not be
// rendered after.
func (c *Cache) Close() error {
	if c.spool == nil {
		return nil
	}
	return c.spool.Close()
}

// Forget drops the entries of the given paths below content/; a path that
// is a folder drops everything below it. The watcher calls it for what it
// saw change.
func (c *Cache) Forget(rels ...string) {
	for _, r := range rels {
		if e, ok := c.entries[r]; ok {
			c.forgotten[r] = e
		}
		delete(c.entries, r)
		if strings.HasSuffix(r, ".md") {
			continue
		}
		prefix := strings.TrimSuffix(r, "/") + "/"
		for k := range c.entries {
			if strings.HasPrefix(k, prefix) {
				delete(c.entries, k)
			}
		}
	}
}

// Clear drops every entry (after the watcher lost events).
func (c *Cache) Clear() {
	clear(c.entries)
	c.model = nil
}

// markdown returns the goldmark instance for the raw-HTML settings; when
// they change, every cached brief is parsed again.
func (c *Cache) markdown(cfg site.Config) *markdown.Markdown {
	opts := markdown.Options{RawHTML: cfg.AllowsRawHTML(), EmbedHosts: cfg.EmbedHosts, Blocks: blocks.Langs(), FigureUnits: cfg.FigureUnits()}
	opts.FactIDs, _ = cfg.FactIDPattern() // checked by loadConfig
	factIDs := ""
	if opts.FactIDs != nil {
		factIDs = opts.FactIDs.String()
	}
	if key := fmt.Sprintf("%t %q %q %q %q", opts.RawHTML, opts.EmbedHosts, factIDs, opts.FigureUnits, opts.Blocks); c.md == nil || c.mdKey != key {
		c.md, c.mdKey = markdown.New(opts), key
		clear(c.entries)
	}
	if c.stored != nil && c.storedKey == c.mdKey {
		for _, e := range c.stored {
			c.entries[e.Rel] = cached{size: e.Size, mod: e.Mod, brief: e.Brief.Restore(c.md), diags: e.Diags, stored: true}
		}
	}
	c.stored = nil
	return c.md
}

// parseAll returns the briefs of files, from the cache where size and
// modification time are unchanged, else parsed by a bounded pool of
// workers. A panic while parsing one file becomes an error naming that file.
// When ctx is cancelled no further brief is started, and parseAll returns
// once the ones being parsed are done (parsing is linear in the size of a
// file, see markdown.Limits); the briefs it left out are not cached. The
// count is of the briefs parsed.
func (c *Cache) parseAll(ctx context.Context, content fs.FS, files []source.File, md *markdown.Markdown, read func(int)) ([]*brief.Brief, diag.List, []string) {
	out := make([]cached, len(files))
	var todo []int
	for i, f := range files {
		e, ok := c.entries[f.Rel]
		if ok && (c.Watched && !e.stored || e.size == f.Size && e.mod.Equal(f.ModTime) && !f.ModTime.IsZero()) {
			e.stored = false
			out[i] = e
			continue
		}
		todo = append(todo, i)
	}
	parsed := workers.Each(ctx, len(todo), func(k int) {
		i := todo[k]
		f := files[i]
		if c.keptListing {
			f.Size, f.ModTime = 0, time.Time{} // of the file as it was
		}
		b, d := parseOne(content, &f, md, c.Watched)
		if read != nil {
			read(int(f.Size))
		}
		if b != nil && c.spool != nil {
			_ = b.Spool(c.spool) // if the disk fails, the body stays in memory
		}
		out[i] = cached{size: f.Size, mod: f.ModTime, brief: b, diags: d}
	})

	clear(c.entries)
	var briefs []*brief.Brief
	var diags diag.List
	for i, e := range out {
		if e.brief == nil && e.diags == nil {
			continue // not parsed: cancelled
		}
		if !c.once { // else no later load looks
			c.entries[files[i].Rel] = e
		}
		if e.brief != nil {
			briefs = append(briefs, e.brief)
		}
		diags.Merge(e.diags)
	}
	rels := make([]string, 0, parsed)
	for _, i := range todo {
		if out[i].brief != nil || out[i].diags != nil {
			rels = append(rels, files[i].Rel)
		}
	}
	return briefs, diags, rels
}

// parseOne reads and parses one brief. It needs no time limit: parsing
// stays linear in the size of the file whatever it holds (markdown.Limits
// bounds nesting and the work per paragraph, with a warning where a bound
// is met), so a brief that is merely big or odd still builds. A panic in a
// parser becomes an error naming the file, and the rest of the site is still
// checked.
func parseOne(content fs.FS, f *source.File, md *markdown.Markdown, later bool) (b *brief.Brief, diags diag.List) {
	rel := f.Rel
	file := source.ContentDir + "/" + rel
	data, err := readFile(content, f)
	if err != nil {
		diags.Errorf(diag.Pos{File: file}, "read: %v", err)
		return nil, diags
	}
	defer func() {
		if v := recover(); v != nil {
			b, diags = nil, nil
			diags.Errorf(diag.Pos{File: file}, "internal error while parsing: %v", v)
		}
	}()
	if later {
		return brief.ParseLater(file, rel, data, md) // the preview renders bodies when asked
	}
	// A parsed brief keeps nothing of its source (TestParseKeepsNoSource):
	// the buffer goes to the next file.
	defer spool.Release(data)
	return brief.Parse(file, rel, data, md)
}

// readFile reads the brief f. If f has no size and modification time
// (content/ was listed without), they are read from the open file and
// set. Else it reads the file in one read, where fs.ReadFile makes two
// system calls more (a stat, and a read to find the end); a file that grew
// since it was listed is read to its end.
func readFile(content fs.FS, bf *source.File) ([]byte, error) {
	f, err := content.Open(bf.Rel)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := bf.Size
	if bf.ModTime.IsZero() {
		fi, err := f.Stat()
		if err != nil {
			return nil, err
		}
		bf.Size, bf.ModTime, size = fi.Size(), fi.ModTime(), fi.Size()
	}
	if size <= 0 || size > 1<<30 {
		return io.ReadAll(f)
	}
	buf := spool.Buffer(int(size) + 1)[:size+1]
	n, err := f.Read(buf)
	switch {
	case err == io.EOF || err == nil && int64(n) == size:
		// The end (a read asked for one byte more), or the listed size.
		return buf[:n], nil
	case err != nil:
		return nil, err
	case int64(n) < size:
		// A short read before the end (some network and FUSE file
		// systems): read on.
		m, err := io.ReadFull(f, buf[n:])
		if n += m; err == io.ErrUnexpectedEOF || err == io.EOF {
			return buf[:n], nil
		} else if err != nil {
			return nil, err
		}
	}
	// It grew since it was listed.
	rest, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	return append(buf[:n], rest...), nil
}
