package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

const checkUsage = `Usage: lodestone check [flags]

Does everything lodestone build does (reads, checks and renders every page)
but writes nothing, and reports every problem of the site in --src. For
editors and CI. --format json writes one diagnostic per line (file, line,
col, severity, message); --format github writes GitHub Actions workflow
commands, so problems show on a pull request's lines. Exit status: 0 when
there is no error, 1 when there is one, 2 for usage errors.

Flags:
`

func runCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("check", checkUsage, stdout, stderr)
	src := fl.String("src", ".", "site folder (must contain content/)")
	strict := fl.Bool("strict", false, "treat broken links and anchors, and problems confined to one note, as errors")
	drafts := fl.Bool("drafts", false, "check briefs with draft: true as published")
	audience := fl.audience()
	baseURL := fl.String("base-url", "", "absolute URL the site is published under (default: base_url in lodestone.yaml)")
	verbose := fl.Bool("verbose", false, "with --format text: list every warning (else the first three of each kind and a count)")
	format := fl.String("format", "text", "how to print problems: text (file:line:col: message), json (one object per line) or github (workflow commands)")
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() > 0 {
		return usageError(stderr, "check", "unexpected argument %q", fl.Arg(0))
	}
	var report func(diag.List)
	switch *format {
	case "text":
		report = func(l diag.List) { printDiags(stderr, l, *verbose) }
	case "json":
		report = func(l diag.List) { printJSON(stdout, l) }
	case "github":
		report = func(l diag.List) { printGitHub(stdout, l) }
	default:
		return usageError(stderr, "check", "--format %q: want text, json or github", *format)
	}
	if err := build.CheckBaseURL(*baseURL); err != nil {
		return usageError(stderr, "check", "--base-url %q: %v", *baseURL, err)
	}
	if err := checkSite(*src); err != nil {
		return usageError(stderr, "check", "%v", err)
	}
	mem := startBuildMemory()
	defer mem.stop()
	now, err := buildDate()
	if err != nil {
		return usageError(stderr, "check", "%v", err)
	}

	res, err := build.Build(ctx, os.DirFS(*src), lodestone.Theme, output.Minify(&output.Discard{}), build.Options{
		Strict: *strict, Drafts: *drafts, Audience: *audience, BaseURL: *baseURL, Version: Version(), Name: folderName(*src), Now: now,
		Committed: committed(*src, stderr), Read: mem.Read, Parsed: mem.Parsed, Loaded: mem.Loaded,
	})
	if err != nil {
		fmt.Fprintf(stderr, "lodestone check: %v\n", err)
		return 1
	}
	report(res.Diags)
	if res.Diags.HasErrors() {
		fmt.Fprintf(stderr, "lodestone: check failed: %s\n", res.Summary())
		return 1
	}
	fmt.Fprintf(stderr, "lodestone: check passed: %s\n", res.Summary())
	return 0
}

// printJSON writes each diagnostic as one JSON object per line.
func printJSON(w io.Writer, l diag.List) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, d := range l {
		_ = enc.Encode(struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Col      int    `json:"col"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		}{d.Pos.File, d.Pos.Line, d.Pos.Col, severity(d), d.Msg})
	}
}

// printGitHub writes each diagnostic as a GitHub Actions workflow command
// (::error file=…,line=…,col=…::message), which the pull request shows on
// the line.
func printGitHub(w io.Writer, l diag.List) {
	for _, d := range l {
		var props []string
		if d.Pos.File != "" {
			props = append(props, "file="+ghProperty(d.Pos.File))
			if d.Pos.Line > 0 {
				props = append(props, "line="+strconv.Itoa(d.Pos.Line))
				if d.Pos.Col > 0 {
					props = append(props, "col="+strconv.Itoa(d.Pos.Col))
				}
			}
		}
		cmd := severity(d)
		if len(props) > 0 {
			cmd += " " + strings.Join(props, ",")
		}
		fmt.Fprintf(w, "::%s::%s\n", cmd, ghData(d.Msg))
	}
}

func severity(d diag.Diagnostic) string {
	if d.Severity == diag.Warning {
		return "warning"
	}
	return "error"
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
