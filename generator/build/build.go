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
	"io/fs"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/render"
	"github.com/lodestone-ssg/lodestone/generator/site"
	"github.com/lodestone-ssg/lodestone/generator/source"
	"github.com/yuin/goldmark"
	"gopkg.in/yaml.v3"
)

// Options control Build.
type Options struct {
	// Strict turns warnings about links into errors.
	Strict bool
	// Drafts publishes briefs marked draft: true.
	Drafts bool
	// BaseURL, when set, overrides base_url from lodestone.yaml.
	BaseURL string
	// Version is written into every page's generator tag.
	Version string
	// Now is the build time; zero means time.Now().
	Now time.Time
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
	return fmt.Sprintf("%d pages (%d briefs), %d files, %d links resolved, %d warnings, %d errors in %s",
		r.Pages, r.Briefs, r.Files, links, w, e, r.Took.Round(time.Millisecond))
}

// counter counts the files that pass through to a sink.
type counter struct {
	next output.Sink
	mu   sync.Mutex
	n    int
	html int
}

func (c *counter) WriteFile(name string, data []byte) error {
	if err := c.next.WriteFile(name, data); err != nil {
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

// Build reads the site folder src, with theme as the built-in templates and
// static files, and writes the website to sink. It returns an error only when
// it could not run at all (e.g. no content/ folder); content problems are in
// Result.Diags. The caller commits the sink only if !Result.Diags.HasErrors().
func Build(ctx context.Context, src, theme fs.FS, sink output.Sink, opts Options) (*Result, error) {
	start := time.Now()
	if opts.Now.IsZero() {
		opts.Now = start
	}
	res := &Result{}
	done := func() (*Result, error) {
		res.Diags.Sort()
		res.Took = time.Since(start)
		return res, nil
	}

	cfg, d := loadConfig(src)
	res.Diags.Merge(d)
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
	}

	files, err := source.Walk(src)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	md := markdown.New(markdown.Options{RawHTML: cfg.RawHTML})
	content, err := fs.Sub(src, source.ContentDir)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	briefs, d := parseAll(ctx, content, files.Briefs, md)
	res.Diags.Merge(d)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	s, d := site.New(cfg, briefs, files.Other, site.Options{Drafts: opts.Drafts})
	res.Site = s
	res.Diags.Merge(d)
	if opts.Strict {
		res.Diags.Promote("link")
	}
	res.Briefs = len(s.Pages)

	themeFS := source.Overlay{Top: src, Base: theme}
	r, d := render.New(themeFS, md, render.Options{Version: opts.Version, Now: opts.Now})
	res.Diags.Merge(d)
	if res.Diags.HasErrors() {
		return done()
	}
	c := &counter{next: sink}
	res.Diags.Merge(r.Render(ctx, s, content, c))
	res.Files, res.Pages = c.n, c.html
	if res.Diags.HasErrors() {
		res.Files, res.Pages = 0, 0
	}
	return done()
}

// fieldOf returns a pointer to the Config field for a lodestone.yaml key, or
// to a throwaway value for unknown keys.
func fieldOf(cfg *site.Config, key string) any {
	switch key {
	case "title":
		return &cfg.Title
	case "description":
		return &cfg.Description
	case "base_url":
		return &cfg.BaseURL
	case "language":
		return &cfg.Language
	case "raw_html":
		return &cfg.RawHTML
	}
	var v any
	return &v
}

func loadConfig(src fs.FS) (site.Config, diag.List) {
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
		diags.Add(brief.YAMLError(source.ConfigFile, 1, err))
		return cfg, diags
	}
	if len(node.Content) == 0 {
		return cfg, nil
	}
	root := node.Content[0]
	known := map[string]bool{"title": true, "description": true, "base_url": true, "language": true, "raw_html": true}
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
		if err := v.Decode(fieldOf(&cfg, k.Value)); err != nil && known[k.Value] {
			diags.Errorf(diag.Pos{File: source.ConfigFile, Line: v.Line, Col: v.Column}, "%s: %v", k.Value, strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n  "))
		}
	}
	return cfg, diags
}

// parseAll parses briefs with a bounded pool of workers. A panic while
// parsing one file becomes an error naming that file.
func parseAll(ctx context.Context, content fs.FS, rels []string, md goldmark.Markdown) ([]*brief.Brief, diag.List) {
	out := make([]*brief.Brief, len(rels))
	lists := make([]diag.List, len(rels))
	idx := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				out[i], lists[i] = parseOne(content, rels[i], md)
			}
		}()
	}
	for i := range rels {
		if ctx.Err() != nil {
			break
		}
		idx <- i
	}
	close(idx)
	wg.Wait()
	var briefs []*brief.Brief
	var diags diag.List
	for i := range rels {
		if out[i] != nil {
			briefs = append(briefs, out[i])
		}
		diags.Merge(lists[i])
	}
	return briefs, diags
}

func parseOne(content fs.FS, rel string, md goldmark.Markdown) (b *brief.Brief, diags diag.List) {
	file := source.ContentDir + "/" + rel
	defer func() {
		if v := recover(); v != nil {
			b = nil
			diags.Errorf(diag.Pos{File: file}, "internal error while parsing: %v", v)
		}
	}()
	data, err := fs.ReadFile(content, rel)
	if err != nil {
		diags.Errorf(diag.Pos{File: file}, "read: %v", err)
		return nil, diags
	}
	return brief.Parse(file, rel, data, md)
}
