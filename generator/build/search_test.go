package build

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// searchShare builds src into memory and returns the sizes of the search
// files and of the HTML pages.
func searchShare(t testing.TB, n int) (index, html, files int) {
	mem := output.NewMem()
	res, err := Build(context.Background(), corpusFS(n), lodestone.Theme, output.Minify(mem), Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	for _, name := range mem.Names() {
		b, _ := mem.File(name)
		switch {
		case name == "search-index.js" || strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".js"):
			index += len(b)
			files++
		case strings.HasSuffix(name, ".html"):
			html += len(b)
		}
	}
	return index, html, files
}

// TestSearchIndexSize checks the goal: the search index stays under 30% of
// the size of the site's HTML, and large indexes are sharded.
func TestSearchIndexSize(t *testing.T) {
	for _, n := range []int{200, 2000} {
		index, html, files := searchShare(t, n)
		share := float64(index) / float64(html)
		t.Logf("%d briefs: index %d bytes in %d files, HTML %d bytes: %.1f%%", n, index, files, html, 100*share)
		if share >= 0.30 {
			t.Errorf("%d briefs: index is %.1f%% of the HTML, want under 30%%", n, 100*share)
		}
		if n == 2000 && files < 3 {
			t.Errorf("%d briefs: %d index files; a large index should be sharded", n, files)
		}
	}
}

// BenchmarkSearchIndex reports the index size at 1,000 and 10,000 briefs.
func BenchmarkSearchIndex(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("briefs=%d", n), func(b *testing.B) {
			var index, html, files int
			for b.Loop() {
				index, html, files = searchShare(b, n)
			}
			b.ReportMetric(float64(index)/1e6, "index-MB")
			b.ReportMetric(float64(files), "index-files")
			b.ReportMetric(100*float64(index)/float64(html), "%-of-HTML")
		})
	}
}

// TestSearchSummary: a summary from the front matter starts the searched
// text (and its snippet); one taken from the body, cut short, is not added
// again before the body it was taken from.
func TestSearchSummary(t *testing.T) {
	long := "Bastnaesite first. " + strings.Repeat("Cerium oxide polishing powder supply grew. ", 8)
	fsys := fstest.MapFS{
		"content/a.md": {Data: []byte("---\ntitle: A\n---\n" + long + "\n")},
		"content/b.md": {Data: []byte("---\ntitle: B\nsummary: Lanthanum pricing overview\n---\nBody of b.\n")},
	}
	mem := output.NewMem()
	res, err := Build(context.Background(), fsys, lodestone.Theme, mem, Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	var index strings.Builder
	for _, name := range mem.Names() {
		if name == "search-index.js" || strings.HasPrefix(name, "search/") {
			b, _ := mem.File(name)
			index.Write(b)
		}
	}
	if n := strings.Count(index.String(), "Bastnaesite first."); n != 1 {
		t.Errorf("the start of a's body is in the index %d times, want 1 (its summary is taken from it)", n)
	}
	if strings.Contains(index.String(), "…") {
		t.Error("a summary cut short is in the index")
	}
	if !strings.Contains(index.String(), "Lanthanum pricing overview Body of b.") {
		t.Error("b's summary from the front matter does not start its text")
	}
}

// TestBuildSearchShards: a build writes each search shard as soon as it
// is encoded (render.Plan.Render); the files it writes are every shard the
// index names, each as the preview serves it from an index kept whole.
func TestBuildSearchShards(t *testing.T) {
	fsys := corpusFS(2000)
	mem := output.NewMem()
	res, err := Build(context.Background(), fsys, lodestone.Theme, mem, Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	m, err := Load(context.Background(), fsys, lodestone.Theme, Options{}, NewCache())
	if err != nil || m.Plan == nil {
		t.Fatal(err, m.Diags)
	}
	head, ok := mem.File("search-index.js")
	if !ok {
		t.Fatal("no search-index.js")
	}
	var index struct {
		Docs  [][]string `json:"docs"`
		Terms []string   `json:"ts"`
		Per   int        `json:"xs"`
	}
	js := strings.TrimSuffix(strings.TrimPrefix(string(head), "window.LODESTONE_SEARCH="), ";\n")
	if err := json.Unmarshal([]byte(js), &index); err != nil || index.Per == 0 {
		t.Fatalf("search-index.js: %v (per %d): %.200s", err, index.Per, head)
	}
	want := []string{"search-index.js", "search/words.js"}
	for k := range index.Terms {
		want = append(want, fmt.Sprintf("search/terms-%d.js", k))
	}
	for x := 0; x*index.Per < len(index.Docs); x++ {
		want = append(want, fmt.Sprintf("search/text-%d.js", x))
	}
	var got []string
	for _, name := range mem.Names() {
		if name == "search-index.js" || strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".js") {
			got = append(got, name)
		}
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("search files written:\n%v\nwant:\n%v", got, want)
	}
	if len(want) < 5 {
		t.Fatalf("%d search files, want shards", len(want))
	}
	for _, name := range want {
		b, _ := mem.File(name)
		served, ok, d := m.Plan.File(name)
		if !ok || d != nil {
			t.Fatalf("%s: not served: %v", name, d)
		}
		if !bytes.Equal(b, served) {
			t.Errorf("%s: written by the build, differs from the index kept whole", name)
		}
	}
}

// failOn is a sink whose write of one file fails.
type failOn struct {
	output.Sink
	name string
}

func (f failOn) WriteFile(name string, data []byte) error {
	if name == f.name {
		return errors.New("disk full")
	}
	return f.Sink.WriteFile(name, data)
}

// TestBuildSearchShardFails: a shard that cannot be written, though
// written as soon as it is encoded, fails the build and is named.
func TestBuildSearchShardFails(t *testing.T) {
	res, err := Build(context.Background(), corpusFS(2000), lodestone.Theme, failOn{output.NewMem(), "search/terms-1.js"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range res.Diags {
		found = found || d.Severity == diag.Error && d.Pos.File == "search/terms-1.js" && strings.Contains(d.Msg, "disk full")
	}
	if !found || res.Files != 0 {
		t.Errorf("%d files, diagnostics %v; want none and the failed write of search/terms-1.js", res.Files, res.Diags)
	}
}
