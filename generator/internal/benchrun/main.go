// Command benchrun is `make bench`'s second half: it writes the benchmark
// corpus at 1,000 and 10,000 briefs to temporary folders, builds each with the
// lodestone binary (several runs, best wall time and peak RSS) and, when hugo
// is on the PATH, builds the same corpus (Markdown-link variant) with Hugo and
// prints the ratios measured in the same run.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

func main() {
	runs := flag.Int("runs", 3, "builds per measurement (the best is kept)")
	flag.Parse()
	if err := run(*runs); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

type result struct {
	wall time.Duration
	rss  int64 // KiB
}

func run(runs int) error {
	tmp, err := os.MkdirTemp("", "lodestone-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "lodestone")
	if out, err := exec.Command("go", "build", "-o", bin, "./generator").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	hugo, _ := exec.LookPath("hugo")
	if hugo == "" {
		fmt.Println("hugo is not on the PATH: Lodestone figures only (install hugo to compare)")
	}
	fmt.Printf("%-8s %-10s %10s %10s\n", "briefs", "tool", "wall", "peak RSS")
	for _, n := range []int{1000, 10000} {
		dir := filepath.Join(tmp, fmt.Sprintf("wiki-%d", n))
		if err := corpus.Write(dir, corpus.Files(n, corpus.StyleWiki)); err != nil {
			return err
		}
		lr, err := measure(runs, bin, "build", "--src", dir, "--out", filepath.Join(dir, "public"))
		if err != nil {
			return err
		}
		fmt.Printf("%-8d %-10s %10s %8d MB\n", n, "lodestone", lr.wall.Round(time.Millisecond), lr.rss/1024)
		if hugo == "" {
			continue
		}
		hdir := filepath.Join(tmp, fmt.Sprintf("hugo-%d", n))
		if err := corpus.Write(hdir, corpus.Files(n, corpus.StyleMarkdown)); err != nil {
			return err
		}
		if err := corpus.Write(hdir, hugoSite); err != nil {
			return err
		}
		hr, err := measure(runs, hugo, "--quiet", "--minify", "--source", hdir, "--destination", filepath.Join(hdir, "public"))
		if err != nil {
			return err
		}
		fmt.Printf("%-8d %-10s %10s %8d MB\n", n, "hugo", hr.wall.Round(time.Millisecond), hr.rss/1024)
		fmt.Printf("%-8d %-10s %9.2fx %9.2fx   (lodestone / hugo; below 1 is better)\n", n, "ratio",
			float64(lr.wall)/float64(hr.wall), float64(lr.rss)/float64(hr.rss))
	}
	return nil
}

// measure runs a command runs times and keeps the fastest run's wall time
// and the largest peak RSS.
func measure(runs int, name string, args ...string) (result, error) {
	var walls []time.Duration
	var rss int64
	for range runs {
		cmd := exec.Command(name, args...)
		cmd.Stderr = nil
		start := time.Now()
		out, err := cmd.CombinedOutput()
		wall := time.Since(start)
		if err != nil {
			return result{}, fmt.Errorf("%s: %v\n%s", name, err, out)
		}
		walls = append(walls, wall)
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = max(rss, ru.Maxrss)
		}
	}
	return result{wall: slices.Min(walls), rss: rss}, nil
}

// hugoSite is a minimal Hugo configuration and layout that renders what the
// Lodestone default theme renders: each page with its metadata and body,
// section, tag and home lists.
var hugoSite = map[string][]byte{
	"hugo.toml": []byte(`baseURL = "https://example.org/"
title = "Bench"
disableKinds = ["RSS"]
[taxonomies]
tag = "tags"
[markup.goldmark.renderer]
unsafe = false
`),
	"layouts/_default/baseof.html": []byte(`<!DOCTYPE html><html><head><title>{{.Title}}</title></head><body>
<nav>{{range .Site.Sections}}<a href="{{.RelPermalink}}">{{.Title}}</a>{{end}}</nav>
<main>{{block "main" .}}{{end}}</main></body></html>`),
	"layouts/_default/single.html": []byte(`{{define "main"}}<h1>{{.Title}}</h1><p>{{.Params.summary}}</p>
<dl><dt>Type</dt><dd>{{.Params.type}}</dd><dt>Date</dt><dd>{{.Date.Format "2 January 2006"}}</dd>
<dt>Tags</dt><dd>{{range .Params.tags}}<a href="{{"tags/" | relURL}}{{. | urlize}}/">#{{.}}</a> {{end}}</dd></dl>
{{.Content}}{{end}}`),
	"layouts/_default/list.html": []byte(`{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}
<ul>{{range .Pages}}<li><a href="{{.RelPermalink}}">{{.Title}}</a><p>{{.Params.summary}}</p></li>{{end}}</ul>{{end}}`),
}
