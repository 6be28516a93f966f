package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/pdf"
)

// pdfSite is a small site for PDF tests: a briefing pack rooted at Alpha
// Mine, which links to Beta Refinery, whose body runs over several pages.
func pdfSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var long strings.Builder
	for i := range 60 {
		long.WriteString("Paragraph of the refinery's long history, number ")
		long.WriteString(strings.Repeat("x", i%7))
		long.WriteString(" with enough words to fill a line or two of the printed page.\n\n")
	}
	writeFiles(t, dir, map[string]string{
		"lodestone.yaml":   "title: Pack Site\n",
		"content/index.md": "---\ntitle: Pack Site\n---\nThe home page.\n",
		"content/alpha.md": "---\ntitle: Alpha Mine\nsummary: A mine that feeds the refinery.\n---\nAlpha ships its ore to [[Beta Refinery]].\n\n" +
			"| year | tonnes |\n|---|---|\n| 2024 | 10 |\n| 2025 | 12 |\n",
		"content/beta.md":  "---\ntitle: Beta Refinery\n---\n" + long.String() + "Back to [[Alpha Mine]].\n",
		"content/gamma.md": "---\ntitle: Gamma Outside\n---\nNot linked from Alpha.\n",
	})
	return dir
}

// TestBrowserBundlePDF prints a briefing pack (--root) to PDF and reads the
// file back: a PDF of several pages with a title page (the root brief's
// title, its date, provenance), a running header and page numbers, a table
// of contents whose numbers are the pages its links land on, and links
// between briefs kept as links inside the PDF. Briefs outside the pack,
// and the search page, are not in it.
func TestBrowserBundlePDF(t *testing.T) {
	if pdf.Find() == "" {
		if os.Getenv("LODESTONE_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium on PATH but LODESTONE_REQUIRE_BROWSER=1")
		}
		t.Skip("no Chromium on PATH (apt-get install chromium)")
	}
	dir := pdfSite(t)
	out := t.TempDir()
	var stderr bytes.Buffer
	if code := Main(context.Background(), []string{"bundle", "--src", dir, "--out", out, "--pdf", "--root", "Alpha Mine"}, &stderr, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	data, err := os.ReadFile(filepath.Join(out, "pack-site-alpha-mine.pdf"))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", data[:min(len(data), 20)])
	}
	doc, err := pdf.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	n := doc.Pages()
	if n < 4 {
		t.Fatalf("%d pages; want a title page, contents and briefs over several pages", n)
	}
	if doc.Title() != "Alpha Mine" {
		t.Errorf("document title %q, want Alpha Mine", doc.Title())
	}
	var all strings.Builder
	for i := 1; i <= n; i++ {
		text := doc.Text(i)
		all.WriteString(text + "\n")
		// The running header and the footer, on every page.
		if !strings.Contains(text, "Alpha Mine") || !strings.Contains(text, "as of ") {
			t.Errorf("page %d has no running header: %q", i, text)
		}
		if want := "Page " + strconv.Itoa(i) + " of " + strconv.Itoa(n); !strings.Contains(text, want) {
			t.Errorf("page %d has no %q: %q", i, want, text)
		}
	}
	cover := doc.Text(1)
	for _, want := range []string{"Pack Site", "Alpha Mine", "As of ", "Offline edition built ", "from content sha256:"} {
		if !strings.Contains(cover, want) {
			t.Errorf("title page lacks %q: %q", want, cover)
		}
	}
	for _, gone := range []string{"Gamma Outside", "Search"} {
		if strings.Contains(all.String(), gone) {
			t.Errorf("the PDF has %q", gone)
		}
	}
	// The contents: each entry links to its page, and says its number.
	dests := doc.Dests()
	toc := doc.Text(2)
	if !strings.HasPrefix(toc, "Contents") {
		t.Fatalf("page 2 is not the contents: %q", toc)
	}
	var tocLinks int
	for _, l := range doc.Links(2) {
		if l.Dest == "" {
			continue
		}
		tocLinks++
		pg, ok := dests[l.Dest]
		if !ok {
			t.Errorf("contents link to %q: no such destination", l.Dest)
			continue
		}
		if pg < 3 {
			t.Errorf("contents link to %q lands on page %d", l.Dest, pg)
		}
	}
	if tocLinks < 3 {
		t.Errorf("contents have %d internal links, want one per page printed", tocLinks)
	}
	betaPage := dests["p-beta"]
	if betaPage == 0 || !strings.Contains(doc.Text(betaPage), "Beta Refinery") {
		t.Fatalf("no destination p-beta on Beta Refinery's page (dests %v): %q", dests, doc.Text(betaPage))
	}
	if !strings.Contains(toc, "Beta Refinery "+strconv.Itoa(betaPage)) {
		t.Errorf("contents do not give Beta Refinery's page %d: %q", betaPage, toc)
	}
	if dests["p-alpha"] >= betaPage {
		t.Errorf("Alpha Mine (page %d) after Beta Refinery (page %d)", dests["p-alpha"], betaPage)
	}
	// Alpha's link to Beta is a link inside the PDF.
	found := false
	for _, l := range doc.Links(dests["p-alpha"]) {
		if l.Dest == "p-beta" {
			found = true
		}
		if strings.HasPrefix(l.URI, "file:") {
			t.Errorf("link to a file, not inside the PDF: %s", l.URI)
		}
	}
	if !found {
		t.Errorf("Alpha Mine's page has no internal link to Beta Refinery: %v", doc.Links(dests["p-alpha"]))
	}
}

// TestBundlePDFWithoutChromium: with no Chromium on PATH, bundle --pdf
// says which package to install, exits 2 and writes nothing, before
// building.
func TestBundlePDFWithoutChromium(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"bundle", "--src", pdfSite(t), "--out", out, "--pdf"}, &stdout, &stderr)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{"--pdf", "Chromium", "apt-get install chromium"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("message lacks %q:\n%s", want, stderr.String())
		}
	}
	if entries, _ := os.ReadDir(out); len(entries) > 0 {
		t.Errorf("wrote %d files", len(entries))
	}
}
