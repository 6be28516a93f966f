package browser

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core (see axe/README.md).
//
//go:embed axe/axe.min.js
var axeSource string

// AxeViolation is one rule that axe-core found broken, with the elements
// that break it.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target         []any  `json:"target"`
		HTML           string `json:"html"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

// String is the rule, its help and each element with what is wrong.
func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n  %v %s\n    %s", n.Target, n.HTML, strings.ReplaceAll(n.FailureSummary, "\n", "\n    "))
	}
	return b.String()
}

// Axe runs axe-core in the page of ctx over the elements selector matches
// (all the page for ""), with the rules tagged WCAG 2.0, 2.1 and 2.2 A and
// AA, and returns the violations. axe-core is vendored: nothing is
// fetched, so it works on pages opened from file:// too.
func Axe(ctx context.Context, selector string) ([]AxeViolation, error) {
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object" || (() => { `+axeSource+`
; return true })()`)); err != nil {
		return nil, fmt.Errorf("load axe-core: %w", err)
	}
	include := "document"
	if selector != "" {
		q, _ := json.Marshal(selector)
		include = `{include: [` + string(q) + `]}`
	}
	res, err := chromedp.Run(ctx, chromedp.Evaluate[string](`axe.run(`+include+`, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
		resultTypes: ["violations"],
		preload: false, // no fetching of stylesheets: file:// pages forbid it
	}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	var vs []AxeViolation
	if err := json.Unmarshal([]byte(res), &vs); err != nil {
		return nil, fmt.Errorf("read axe-core's results: %w", err)
	}
	return vs, nil
}
