package cli

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// canary is the word everything of the internal brief of
// testdata/audience-leak.txtar says.
const canary = "zqxcanary"

// TestAudienceLeak builds a site with one internal brief, whose title,
// aliases, tags, type, folder, file name, summary, headings, body, events,
// sources, link field, stale figure, image and data file all say the
// canary, built as a folder for a server, a zip and a single file.
// With --audience public
// no byte of any output says it: not the files as written, nor the files
// of the zip, nor anything compressed or encoded as a data: URL inside
// them. Without --audience the same outputs say it in every place a brief
// shows (pages, link text, backlinks, relations, the search index, the
// link previews, the graph, the feed, the sitemap, the timeline, the
// tags, types and folder pages, the side navigation, the A to Z list, the
// sources, facts and stale figures pages, queries, timelines and charts
// of other briefs), so the test sees a leak when there is one.
func TestAudienceLeak(t *testing.T) {
	src := writeArchive(t, "testdata/audience-leak.txtar")
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"every brief", nil},
		{"public", []string{"--audience", "public"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			run := func(args ...string) {
				t.Helper()
				var stderr bytes.Buffer
				args = append(append(args, "--src", src), tc.args...)
				if code := Main(context.Background(), args, &stderr, &stderr); code != 0 {
					t.Fatalf("lodestone %s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
				}
				// The internal brief's figure is stale (for the stale
				// figures page): the one warning expected.
				for _, l := range strings.Split(stderr.String(), "\n") {
					if strings.Contains(l, ": warning:") && !strings.Contains(l, "older than stale_after") {
						t.Errorf("lodestone %s warns:\n%s", strings.Join(args, " "), stderr.String())
					}
				}
			}
			run("build", "--out", filepath.Join(out, "site"))
			run("bundle", "--out", filepath.Join(out, "zip"))
			run("bundle", "--single", "--out", filepath.Join(out, "single"))
			hits := canaryTree(t, out)
			if tc.args != nil {
				if len(hits) > 0 {
					t.Errorf("--audience public: the internal brief reached %d outputs:\n%s", len(hits), strings.Join(hits, "\n"))
				}
				return
			}
			// Every way a brief shows carries it when it is published.
			for _, want := range []string{
				"site/zqxcanaryfolder/zqxcanary-file/index.html", // its page
				"site/index.html",                        // a query, a timeline and a chart of another brief
				"site/pub/index.html",                    // backlinks and a relation
				"site/other/index.html",                  // the side navigation
				"site/search-index.js",                   // search
				"site/preview-index.js",                  // link previews
				"site/graph-data.js",                     // the graph page's data
				"site/graph/index.html",                  // the graph page
				"site/feed.xml",                          // the feed
				"site/sitemap.xml",                       // the sitemap
				"site/timeline/index.html",               // the site's timeline
				"site/tags/index.html",                   // tags
				"site/tags/shared/index.html",            // a tag it shares
				"site/types/index.html",                  // types
				"site/all/index.html",                    // A to Z
				"site/sources/index.html",                // sources, used in
				"site/facts/index.html",                  // facts, cited in
				"site/stale/index.html",                  // stale figures
				"site/zqxcanaryfolder/index.html",        // its folder
				"site/zqxcanaryfolder/zqxcanary-img.svg", // an image only it shows
				"zip/audience-test.zip!audience-test/pub/index.html",
				"single/audience-test.html",
			} {
				if !slices.Contains(hits, want) {
					t.Errorf("without --audience, %s does not show the internal brief (the test would miss a leak there); found in:\n%s", want, strings.Join(hits, "\n"))
				}
			}
		})
	}
}

// writeArchive writes the files of a txtar archive into a new folder.
func writeArchive(t *testing.T, name string) string {
	t.Helper()
	a, err := txtar.ParseFile(name)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// canaryTree lists the files below dir (by slash path) whose bytes, or
// whose names, say the canary, with canaryIn.
func canaryTree(t *testing.T, dir string) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		hits = append(hits, canaryIn(filepath.ToSlash(rel), b)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(hits)
	return slices.Compact(hits)
}

var dataURL = regexp.MustCompile(`data:[^,"'\s<>()]*,[^"'\s<>()]*`)

// canaryIn reports where data, the content of the file name, says the
// canary (in any case): name itself; and inside it, each file of a zip
// (as name!entry), a gzip stream, and each data: URL (base64 or
// percent-encoded, as name#data).
func canaryIn(name string, data []byte) []string {
	var hits []string
	if strings.Contains(strings.ToLower(name), canary) || bytes.Contains(bytes.ToLower(data), []byte(canary)) {
		hits = append(hits, name)
	}
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range zr.File {
			rc, err := f.Open()
			if err != nil {
				hits = append(hits, name+"!"+f.Name+" (unreadable)")
				continue
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				hits = append(hits, name+"!"+f.Name+" (unreadable)")
			}
			hits = append(hits, canaryIn(name+"!"+f.Name, b)...)
		}
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		if zr, err := gzip.NewReader(bytes.NewReader(data)); err == nil {
			b, _ := io.ReadAll(zr)
			hits = append(hits, canaryIn(name+" (gunzipped)", b)...)
		}
	}
	for _, m := range dataURL.FindAll(data, -1) {
		head, body, _ := strings.Cut(string(m), ",")
		var b []byte
		if strings.HasSuffix(head, ";base64") {
			b, _ = base64.StdEncoding.DecodeString(body)
		} else if u, err := url.PathUnescape(body); err == nil {
			b = []byte(u)
		}
		if bytes.Contains(bytes.ToLower(b), []byte(canary)) {
			hits = append(hits, name+"#data")
		}
	}
	return hits
}

// TestDiffAudience: lodestone diff --audience public compares the public
// editions: an internal brief added since is not in the report.
func TestDiffAudience(t *testing.T) {
	dir, _, second := diffRepo(t)
	writeFiles(t, dir, map[string]string{
		"content/secret.md": "---\ntitle: Zqxsecret\naudience: internal\n---\nInternal.\n",
	})
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"--audience", "public"}, false},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"diff", "--src", dir, second}, c.args...)
		if code := Main(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr.String())
		}
		if got := strings.Contains(stdout.String(), "Zqxsecret"); got != c.want {
			t.Errorf("%v: the report names the internal brief: %v, want %v\n%s", args, got, c.want, stdout.String())
		}
	}
}
