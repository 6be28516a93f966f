// Package pdf prints a page to PDF with the headless Chromium installed on
// the machine, driven through chromedp (the DevTools protocol's
// Page.printToPDF). Lodestone ships no browser: Find looks for one on PATH,
// and Print fails with ErrNoChromium, which names the package to install,
// when there is none.
//
// The page is loaded from a file:// URL with the network closed (every host
// name resolves to nothing), so printing fetches nothing. The PDF gets a
// running header (a title and an "as of" date), page numbers in the footer,
// an outline from the headings, and links within the page kept as links
// within the PDF.
package pdf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Browsers are the names Find looks for on PATH, in order.
var Browsers = []string{"chromium", "chromium-browser", "google-chrome"}

// ErrNoChromium is returned by Print when no Chromium was given or found.
var ErrNoChromium = errors.New("printing a PDF needs Chromium, and none was found on PATH (looked for " +
	strings.Join(Browsers, ", ") + "): install it (Debian and Ubuntu: apt-get install chromium; Fedora: dnf install chromium; macOS: brew install --cask chromium)")

// Find returns the path of the first of Browsers found on PATH, or "".
func Find() string {
	for _, name := range Browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// Options control Print.
type Options struct {
	// Browser is the Chromium executable; "" means Find.
	Browser string
	// Title and AsOf make the running header on every page: the title on
	// the left, "as of AsOf" on the right.
	Title, AsOf string
	// TempDir holds Chromium's profile while it runs ("" for the system's).
	TempDir string
	// Timeout bounds the whole print (0: two minutes).
	Timeout time.Duration
}

// A4 paper in inches, and the margins: the top and bottom hold the header
// and footer.
const (
	paperWidth, paperHeight = 8.27, 11.69
	marginSide, marginEdge  = 0.75, 0.8
)

// Print loads url (a file:// URL) in a fresh headless Chromium and returns it
// printed as PDF on A4 paper.
func Print(ctx context.Context, url string, o Options) ([]byte, error) {
	path := o.Browser
	if path == "" {
		path = Find()
	}
	if path == "" {
		return nil, ErrNoChromium
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	profile, err := os.MkdirTemp(o.TempDir, "lodestone-chromium-")
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	defer os.RemoveAll(profile)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.Headless,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// Nothing is fetched: a page that names a remote image prints
		// without it.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
	}
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium refuses to run as root with its sandbox
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	if err := chromedp.Do(tab); err != nil {
		return nil, fmt.Errorf("pdf: start %s: %w", path, err)
	}
	tctx, cancel := context.WithTimeout(tab, o.Timeout)
	defer cancel()
	if err := chromedp.Do(tctx, chromedp.Navigate(url)); err != nil {
		return nil, fmt.Errorf("pdf: open %s: %w", url, err)
	}
	// Fonts loaded, and mermaid's diagrams drawn (diagrams.js leaves each
	// <pre class="mermaid"> an SVG), for at most ten seconds.
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](ready, chromedp.EvalAwaitPromise)); err != nil {
		return nil, fmt.Errorf("pdf: wait for the page: %w", err)
	}
	printPDF := chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperSize{Width: paperWidth, Height: paperHeight}),
		chromedp.PDFMargins(marginEdge, marginSide, marginEdge, marginSide),
		chromedp.PDFPrintBackground(),
		chromedp.PDFHeaderTemplate(header(o.Title, o.AsOf)),
		chromedp.PDFFooterTemplate(footer),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFStream(),
	)
	data, err := chromedp.Run(tctx, printPDF)
	if err != nil {
		return nil, fmt.Errorf("pdf: print: %w", err)
	}
	// Page numbers in the page itself (a table of contents): each element
	// with data-pdf-page="ID" gets the page that the element with id ID
	// was printed on, and the page is printed again. The numbers take
	// room kept for them, so no page moves.
	refs, err := chromedp.Run(tctx, chromedp.Evaluate[int](`document.querySelectorAll("[data-pdf-page]").length`))
	if err != nil || refs == 0 {
		return data, nil
	}
	doc, err := Read(data)
	if err != nil {
		return data, nil
	}
	pages, _ := json.Marshal(doc.Dests())
	if _, err := chromedp.Run(tctx, chromedp.Evaluate[bool](`(() => { const pages = `+string(pages)+`;
  for (const e of document.querySelectorAll("[data-pdf-page]")) e.textContent = pages[e.dataset.pdfPage] || "";
  return true })()`)); err != nil {
		return nil, fmt.Errorf("pdf: number the contents: %w", err)
	}
	if data, err = chromedp.Run(tctx, printPDF); err != nil {
		return nil, fmt.Errorf("pdf: print: %w", err)
	}
	return data, nil
}

// ready resolves when the page's fonts are loaded and no mermaid diagram
// is left undrawn, or after ten seconds.
const ready = `new Promise(done => {
  const end = Date.now() + 10000;
  const check = () => {
    const waiting = [...document.querySelectorAll("pre.mermaid")].some(p => !p.querySelector("svg"));
    if (!waiting || Date.now() > end) { done(true); return; }
    setTimeout(check, 100);
  };
  document.fonts.ready.then(check);
})`

// header is the running header: Chromium fills it in on every page. Its
// text is escaped (a title is the site's text, not markup).
func header(title, asOf string) string {
	right := ""
	if asOf != "" {
		right = "as of " + html.EscapeString(asOf)
	}
	return `<div style="font-size:8pt;width:100%;margin:0 ` + fmt.Sprint(marginSide) + `in;display:flex;justify-content:space-between;gap:1em;color:#333;font-family:system-ui,sans-serif">` +
		`<span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">` + html.EscapeString(title) + `</span><span style="white-space:nowrap">` + right + `</span></div>`
}

// footer numbers the pages.
const footer = `<div style="font-size:8pt;width:100%;text-align:center;color:#333;font-family:system-ui,sans-serif">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`
