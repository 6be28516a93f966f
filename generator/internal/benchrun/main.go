// Command benchrun is `make bench`'s second half. For two corpus shapes —
// "flat", a vault-like folder of notes (corpus.Flat), and "sections", ten
// tidy sections (corpus.Files) — at each size (-sizes, default 1,000 and
// 10,000) it writes the corpus to a temporary folder and builds it with the
// lodestone binary, with the "floor" (this program run with -floor: read,
// split front matter, goldmark GFM + footnotes, write one page per note, on
// all cores) and, when hugo is on the PATH, with Hugo on the same text
// (Markdown links). Runs alternate in rounds (every size with every tool,
// each into an emptied output folder); it reports medians (wall time, CPU
// time, peak RSS), the ratios of Lodestone to each tool, and each tool's
// scaling from one size to the next, all measured in the same run: a shared
// machine is too noisy for single timings, and its speed drifts from one
// minute to the next.
//
// With -profile FILE it writes instead the CPU profile the lodestone
// command is built with (profile-guided optimisation: go build reads
// default.pgo in a main package's folder): builds of both shapes at
// 10,000 notes and of this repository's own site, by a binary built
// without a profile, merged into one.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

func main() {
	runs := flag.Int("runs", 5, "builds per tool and size (medians are reported)")
	sizes := flag.String("sizes", "1000,10000", "corpus sizes, comma-separated")
	shapes := flag.String("shapes", "flat,sections", "corpus shapes: flat (a vault-like folder), sections (ten sections)")
	floorSrc := flag.String("floor", "", "run the floor program on this site folder (with -out) and exit")
	floorOut := flag.String("out", "", "output folder of -floor")
	write := flag.String("write", "", "write the corpus -shape/-n/-style into this folder and exit")
	wShape := flag.String("shape", "flat", "with -write: the corpus shape")
	wN := flag.Int("n", 1000, "with -write: the number of notes")
	wHugo := flag.Bool("hugo", false, "with -write: the Hugo variant (Markdown links and a Hugo layout)")
	profile := flag.String("profile", "", "write the CPU profile of builds of both shapes and of this repository's site to this file (the command's default.pgo) and exit")
	flag.Parse()
	if *profile != "" {
		if err := writeProfile(*profile); err != nil {
			fmt.Fprintln(os.Stderr, "benchrun:", err)
			os.Exit(1)
		}
		return
	}
	if *write != "" {
		if err := writeCorpus(*write, *wShape, *wN, *wHugo); err != nil {
			fmt.Fprintln(os.Stderr, "benchrun:", err)
			os.Exit(1)
		}
		return
	}
	if *floorSrc != "" {
		if err := floor(*floorSrc, *floorOut); err != nil {
			fmt.Fprintln(os.Stderr, "floor:", err)
			os.Exit(1)
		}
		return
	}
	var ns []int
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "benchrun: bad size %q\n", f)
			os.Exit(2)
		}
		ns = append(ns, n)
	}
	if err := run(*runs, ns, strings.Split(*shapes, ",")); err != nil {
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

func run(runs int, sizes []int, shapes []string) error {
	tmp, err := os.MkdirTemp("", "lodestone-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, self, err := buildTools(tmp, "auto")
	if err != nil {
		return err
	}
	hugo, _ := exec.LookPath("hugo")
	if hugo == "" {
		fmt.Println("hugo is not on the PATH: no Hugo figures (install hugo to compare)")
	} else if v, err := exec.Command(hugo, "version").Output(); err == nil {
		fmt.Print(string(v))
	}
	for _, shape := range shapes {
		if shape != "flat" && shape != "sections" {
			return fmt.Errorf("unknown shape %q", shape)
		}
	}
	fmt.Printf("%-9s %-7s %-10s %10s %10s %10s   (medians of %d runs)\n", "shape", "notes", "tool", "wall", "cpu", "peak RSS", runs)
	for _, shape := range shapes {
		if err := measure(tmp, shape, sizes, runs, bin, self, hugo); err != nil {
			return err
		}
	}
	return nil
}

// buildTools builds the lodestone command (with -pgo=pgo) and this program
// into dir.
func buildTools(dir, pgo string) (bin, self string, err error) {
	bin, self = filepath.Join(dir, "lodestone"), filepath.Join(dir, "benchrun")
	for _, b := range []struct{ out, pkg, pgo string }{{bin, "./generator/cmd/lodestone", pgo}, {self, "./generator/internal/benchrun", "auto"}} {
		if out, err := exec.Command("go", "build", "-pgo="+b.pgo, "-o", b.out, b.pkg).CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	return bin, self, nil
}

// writeProfile writes to file the merged CPU profiles of builds, by a
// lodestone command built without a profile, of both corpus shapes at
// 10,000 notes and of the site in the current folder.
func writeProfile(file string) error {
	tmp, err := os.MkdirTemp("", "lodestone-pgo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, self, err := buildTools(tmp, "off")
	if err != nil {
		return err
	}
	sites := []string{"."}
	for _, shape := range []string{"flat", "sections"} {
		dir := filepath.Join(tmp, shape)
		if out, err := exec.Command(self, "-write", dir, "-shape", shape, "-n", "10000").CombinedOutput(); err != nil {
			return fmt.Errorf("write corpus: %v\n%s", err, out)
		}
		sites = append(sites, dir)
	}
	var profiles []string
	for i, src := range sites {
		prof := filepath.Join(tmp, fmt.Sprintf("cpu%d.prof", i))
		out := filepath.Join(tmp, "out")
		if err := os.RemoveAll(out); err != nil {
			return err
		}
		if b, err := exec.Command(bin, "build", "--src", src, "--out", out, "--cpuprofile", prof).CombinedOutput(); err != nil {
			return fmt.Errorf("build %s: %v\n%s", src, err, b)
		}
		profiles = append(profiles, prof)
	}
	merged, err := exec.Command("go", append([]string{"tool", "pprof", "-proto"}, profiles...)...).Output()
	if err != nil {
		return fmt.Errorf("go tool pprof: %w", err)
	}
	return os.WriteFile(file, merged, 0o644)
}

// writeCorpus writes a corpus into dir. measure runs it as a child process:
// a child's peak RSS includes its parent's peak (it starts as a clone of the
// parent), so the parent must never hold a corpus.
func writeCorpus(dir, shape string, n int, hugo bool) error {
	gen := corpus.Flat
	if shape == "sections" {
		gen = corpus.Files
	}
	style := corpus.StyleWiki
	if hugo {
		style = corpus.StyleMarkdown
	}
	if err := corpus.Write(dir, gen(n, style)); err != nil {
		return err
	}
	if hugo {
		return corpus.Write(dir, hugoSite)
	}
	return nil
}

// measure builds the corpora of one shape at every size, then runs each
// tool on each in rounds: a round builds every size with every tool, so
// that the ratio of two sizes, like that of two tools, compares runs made
// within a minute of each other.
func measure(tmp, shape string, sizes []int, runs int, bin, self, hugo string) error {
	gen := func(dir string, n int, hugo bool) error {
		args := []string{"-write", dir, "-shape", shape, "-n", strconv.Itoa(n)}
		if hugo {
			args = append(args, "-hugo")
		}
		if out, err := exec.Command(self, args...).CombinedOutput(); err != nil {
			return fmt.Errorf("write corpus: %v\n%s", err, out)
		}
		return nil
	}
	bySize := make([][]*tool, len(sizes))
	for i, n := range sizes {
		dir := filepath.Join(tmp, fmt.Sprintf("%s-%d", shape, n))
		if err := gen(dir, n, false); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		tools := []*tool{
			{name: "lodestone", out: filepath.Join(dir, "public"), cmd: []string{bin, "build", "--src", dir}},
			{name: "floor", out: filepath.Join(dir, "floor"), cmd: []string{self, "-floor", dir, "-out", filepath.Join(dir, "floor")}},
		}
		if hugo != "" {
			hdir := filepath.Join(tmp, fmt.Sprintf("hugo-%s-%d", shape, n))
			if err := gen(hdir, n, true); err != nil {
				return err
			}
			defer os.RemoveAll(hdir)
			tools = append(tools, &tool{name: "hugo", out: filepath.Join(hdir, "public"),
				cmd: []string{hugo, "--quiet", "--minify", "--source", hdir, "--destination", filepath.Join(hdir, "public")}})
		}
		bySize[i] = tools
	}
	for range runs {
		for _, tools := range bySize {
			for _, t := range tools {
				if err := t.once(); err != nil {
					return err
				}
			}
			// The next size's builds write elsewhere: free this size's
			// output now, not only before its next run.
			for _, t := range tools {
				if err := os.RemoveAll(t.out); err != nil {
					return err
				}
			}
		}
	}
	for i, n := range sizes {
		tools := bySize[i]
		for _, t := range tools {
			fmt.Printf("%-9s %-7d %-10s %10s %10s %7d MB\n", shape, n, t.name, median(t.wall).Round(time.Millisecond), median(t.cpu).Round(time.Millisecond), median(t.rss)/1024)
		}
		l := tools[0]
		for _, o := range tools[1:] {
			fmt.Printf("%-9s %-7d %-10s %9.2fx %9.2fx %9.2fx   (lodestone / %s; below 1 is better)\n", shape, n, "÷ "+o.name,
				float64(median(l.wall))/float64(median(o.wall)), float64(median(l.cpu))/float64(median(o.cpu)), float64(median(l.rss))/float64(median(o.rss)), o.name)
			fmt.Printf("%-9s %-7d %-10s %9.2fx %9.2fx %10s   (the median of each round's ratio)\n", shape, n, "  paired",
				pairedRatio(l.wall, o.wall), pairedRatio(l.cpu, o.cpu), "")
		}
	}
	// Scaling: each tool's time at a size over its time at the size
	// before, against the ratio of the sizes (linear time).
	for i := 1; i < len(sizes); i++ {
		label := fmt.Sprintf("%d/%d", sizes[i], sizes[i-1])
		for k, t := range bySize[i] {
			p := bySize[i-1][k]
			fmt.Printf("%-9s %-13s %-10s %7.2fx %9.2fx   paired %.2fx wall, %.2fx cpu (linear: %.2fx)\n", shape, label, t.name,
				float64(median(t.wall))/float64(median(p.wall)), float64(median(t.cpu))/float64(median(p.cpu)),
				pairedRatio(t.wall, p.wall), pairedRatio(t.cpu, p.cpu), float64(sizes[i])/float64(sizes[i-1]))
		}
	}
	return nil
}

// pairedRatio is the median of a[i]/b[i]: the runs of one round follow
// each other, so a shared machine's speed, which moves by 10–30% from
// minute to minute, mostly cancels out of each round's ratio.
func pairedRatio(a, b []time.Duration) float64 {
	var rs []float64
	for i := range min(len(a), len(b)) {
		if b[i] > 0 {
			rs = append(rs, float64(a[i])/float64(b[i]))
		}
	}
	if len(rs) == 0 {
		return 0
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
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
