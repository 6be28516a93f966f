// Command benchrun is `make bench`'s second half: it writes the benchmark
// corpus at 1,000 and 10,000 briefs to temporary folders and builds each
// with the lodestone binary and, when hugo is on the PATH, builds the same
// corpus (Markdown-link variant) with Hugo. Runs of the two tools alternate,
// each into an emptied output folder, and it reports medians (wall time, CPU
// time, peak RSS) and their ratios, all measured in the same run: the disk of
// a shared machine is too noisy for single timings.
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
	runs := flag.Int("runs", 5, "builds per tool and size (medians are reported)")
	flag.Parse()
	if err := run(*runs); err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

// tool is one command to measure, with its samples.
type tool struct {
	name string
	out  string // output folder, emptied before each run
	cmd  []string
	wall []time.Duration
	cpu  []time.Duration
	rss  []int64 // KiB
}

func (t *tool) once() error {
	if err := os.RemoveAll(t.out); err != nil {
		return err
	}
	cmd := exec.Command(t.cmd[0], t.cmd[1:]...)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	wall := time.Since(start)
	if err != nil {
		return fmt.Errorf("%s: %v\n%s", t.name, err, out)
	}
	t.wall = append(t.wall, wall)
	t.cpu = append(t.cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		t.rss = append(t.rss, ru.Maxrss)
	}
	return nil
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
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
	fmt.Printf("%-7s %-10s %10s %10s %10s   (medians of %d runs)\n", "briefs", "tool", "wall", "cpu", "peak RSS", runs)
	for _, n := range []int{1000, 10000} {
		dir := filepath.Join(tmp, fmt.Sprintf("wiki-%d", n))
		if err := corpus.Write(dir, corpus.Files(n, corpus.StyleWiki)); err != nil {
			return err
		}
		tools := []*tool{{name: "lodestone", out: filepath.Join(dir, "public"), cmd: []string{bin, "build", "--src", dir}}}
		if hugo != "" {
			hdir := filepath.Join(tmp, fmt.Sprintf("hugo-%d", n))
			if err := corpus.Write(hdir, corpus.Files(n, corpus.StyleMarkdown)); err != nil {
				return err
			}
			if err := corpus.Write(hdir, hugoSite); err != nil {
				return err
			}
			tools = append(tools, &tool{name: "hugo", out: filepath.Join(hdir, "public"),
				cmd: []string{hugo, "--quiet", "--minify", "--source", hdir, "--destination", filepath.Join(hdir, "public")}})
		}
		for range runs {
			for _, t := range tools {
				if err := t.once(); err != nil {
					return err
				}
			}
		}
		for _, t := range tools {
			fmt.Printf("%-7d %-10s %10s %10s %7d MB\n", n, t.name, median(t.wall).Round(time.Millisecond), median(t.cpu).Round(time.Millisecond), median(t.rss)/1024)
		}
		if len(tools) == 2 {
			l, h := tools[0], tools[1]
			fmt.Printf("%-7d %-10s %9.2fx %9.2fx %9.2fx   (lodestone / hugo; below 1 is better)\n", n, "ratio",
				float64(median(l.wall))/float64(median(h.wall)), float64(median(l.cpu))/float64(median(h.cpu)), float64(median(l.rss))/float64(median(h.rss)))
		}
	}
	return nil
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
