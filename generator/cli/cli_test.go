package cli

import (
	"compress/gzip"
	"context"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite cmp expectations in testdata/script")

// runMainEnv makes the test binary run the lodestone command itself, for
// tests that start it as a separate process (to kill it).
const runMainEnv = "LODESTONE_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	// The previews tests start keep their parsed notes in a cache folder
	// of the tests' own, not the user's.
	cache, err := os.MkdirTemp("", "lodestone-test-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	testscript.Main(removing{m, cache}, map[string]func(){
		"lodestone": func() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// removing runs the tests, then removes dir.
type removing struct {
	*testing.M
	dir string
}

func (r removing) Run() int {
	defer os.RemoveAll(r.dir)
	return r.M.Run()
}

// TestScripts runs the txtar scripts in testdata/script: each holds a small
// site (files in), runs lodestone and asserts on its output files, stderr and
// exit code. "! exec" expects failure; "! grep" that a pattern is absent.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: *update,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"snapshot":  cmdSnapshot,
			"unchanged": cmdUnchanged,
			"uniqueids": cmdUniqueIDs,
			"gzipped":   cmdGzipped,
		},
	})
}

// cmdGzipped checks that a file is a gzip stream holding at least one byte
// (a pprof profile is one): gzipped FILE.
func cmdGzipped(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: gzipped FILE")
	}
	zr, err := gzip.NewReader(strings.NewReader(ts.ReadFile(args[0])))
	if err != nil {
		ts.Fatalf("%s: %v", args[0], err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n == 0 {
		ts.Fatalf("%s: %d bytes, %v", args[0], n, err)
	}
}

// cmdUniqueIDs checks that every <id> of an Atom feed (the feed's and its
// entries') differs from the others: uniqueids FILE.
func cmdUniqueIDs(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: uniqueids feed.xml")
	}
	var feed struct {
		ID      string `xml:"id"`
		Entries []struct {
			ID string `xml:"id"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(ts.ReadFile(args[0])), &feed); err != nil {
		ts.Fatalf("%s: %v", args[0], err)
	}
	seen := map[string]bool{feed.ID: true}
	if feed.ID == "" {
		ts.Fatalf("%s: the feed has no id", args[0])
	}
	for _, e := range feed.Entries {
		if e.ID == "" || seen[e.ID] {
			ts.Fatalf("%s: entry id %q is empty or used twice", args[0], e.ID)
		}
		seen[e.ID] = true
	}
	if len(feed.Entries) == 0 {
		ts.Fatalf("%s: no entries", args[0])
	}
}
