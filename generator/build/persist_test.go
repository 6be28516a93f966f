package build

import (
	"bytes"
	"context"
	"encoding/gob"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
)

// repoSite is the repository's default site in memory, every file dated
// long ago.
func repoSite(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	old := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, top := range []string{"content", "data", "lodestone.yaml"} {
		err := filepath.WalkDir(filepath.Join("../..", top), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			fsys[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data, ModTime: old}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return fsys
}

// keptLoad is the preview's Load with a cache that may have read a kept
// one from kept (nil: none).
func keptLoad(t *testing.T, fsys fs.FS, kept []byte) (*Model, *Cache, error) {
	t.Helper()
	c := NewCache()
	c.Watched, c.Persist = true, true
	var err error
	if kept != nil {
		err = c.UseKept(kept)
	}
	m, lerr := Load(context.Background(), fsys, lodestone.Theme, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, c)
	if lerr != nil || m.Plan == nil {
		t.Fatalf("load: %v %v", lerr, m.Diags)
	}
	return m, c, err
}

// TestKeptCacheSpooled: a preview whose cache spools the notes' Markdown
// builds the same site as one that does not, and keeps its notes from the
// spool, even when every page was rendered before the kept cache is
// written (a cache in memory drops a note's Markdown once rendered).
func TestKeptCacheSpooled(t *testing.T) {
	fsys := repoSite(t)
	plain, _, _ := keptLoad(t, fsys, nil)
	want := files(t, plain)

	c := NewCache()
	c.Watched, c.Persist = true, true
	c.Spool()
	defer c.Close()
	if c.spool == nil {
		t.Fatal("no spool")
	}
	m, err := Load(context.Background(), fsys, lodestone.Theme, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}, c)
	if err != nil || m.Plan == nil {
		t.Fatalf("load: %v %v", err, m.Diags)
	}
	snap := c.Snapshot()
	got := files(t, m) // every body rendered, from the spool
	var kept bytes.Buffer
	if _, err := snap.WriteTo(&kept); err != nil {
		t.Fatal(err)
	}
	if snap.Len() != m.Parsed {
		t.Errorf("snapshot of %d briefs, want %d", snap.Len(), m.Parsed)
	}
	m2, _, err := keptLoad(t, fsys, kept.Bytes())
	if err != nil || m2.Parsed != 0 {
		t.Fatalf("with the kept cache: parsed %d (%v), want 0", m2.Parsed, err)
	}
	again := files(t, m2)
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s differs when the Markdown is spooled", name)
		}
		if again[name] != w {
			t.Errorf("%s differs when built from the notes kept from the spool", name)
		}
	}
	if len(got) != len(want) || len(again) != len(want) {
		t.Errorf("%d and %d files, want %d", len(got), len(again), len(want))
	}
}

// files renders every file of m's plan.
func files(t *testing.T, m *Model) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range m.Plan.Names() {
		data, ok, d := m.Plan.File(name)
		if !ok || d != nil {
			t.Fatalf("%s: %v %v", name, ok, d)
		}
		out[name] = string(data)
	}
	return out
}

// TestKeptCache: a preview started again with the cache the last one
// kept parses no brief and builds the same site, byte for byte, with the
// same diagnostics; a note changed since, one modified just before the
// cache was written, and every note after a change of Markdown settings
// are parsed again; a damaged cache or one of another program is not
// used.
func TestKeptCache(t *testing.T) {
	fsys := repoSite(t)
	m1, c1, _ := keptLoad(t, fsys, nil)
	if m1.Parsed < 60 {
		t.Fatalf("parsed %d briefs", m1.Parsed)
	}
	snap := c1.Snapshot()
	if snap == nil || snap.Len() != m1.Parsed {
		t.Fatalf("snapshot of %v briefs, want %d", snap, m1.Parsed)
	}
	var kept bytes.Buffer
	if _, err := snap.WriteTo(&kept); err != nil {
		t.Fatal(err)
	}
	want := files(t, m1)

	m2, _, err := keptLoad(t, fsys, kept.Bytes())
	if err != nil || m2.Parsed != 0 {
		t.Fatalf("with the kept cache: parsed %d (%v), want 0", m2.Parsed, err)
	}
	if m2.Diags.Error() != m1.Diags.Error() {
		t.Errorf("diagnostics differ:\n%s\nwant\n%s", m2.Diags.Error(), m1.Diags.Error())
	}
	got := files(t, m2)
	if len(got) != len(want) {
		t.Errorf("%d files, want %d", len(got), len(want))
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s differs from the site built without the kept cache", name)
		}
	}

	t.Run("changed note", func(t *testing.T) {
		changed := maps(fsys)
		f := changed["content/mines/mountain-pass.md"]
		changed["content/mines/mountain-pass.md"] = &fstest.MapFile{Data: append(bytes.Clone(f.Data), "\nAdded after the cache was kept.\n"...), ModTime: f.ModTime.Add(time.Hour)}
		m, _, _ := keptLoad(t, changed, kept.Bytes())
		if m.Parsed != 1 {
			t.Errorf("parsed %d, want 1", m.Parsed)
		}
		if page := files(t, m)["mines/mountain-pass/index.html"]; !strings.Contains(page, "Added after the cache was kept.") {
			t.Error("the changed note's page does not show the change")
		}
	})
	t.Run("modified just before", func(t *testing.T) {
		racy := maps(fsys)
		racy["content/mines/mount-weld.md"].ModTime = time.Now()
		_, c, _ := keptLoad(t, racy, nil)
		var buf bytes.Buffer
		if _, err := c.Snapshot().WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
		if m, _, _ := keptLoad(t, racy, buf.Bytes()); m.Parsed != 1 {
			t.Errorf("parsed %d, want 1 (the note modified as the cache was written)", m.Parsed)
		}
	})
	t.Run("other Markdown settings", func(t *testing.T) {
		other := maps(fsys)
		other["lodestone.yaml"] = &fstest.MapFile{Data: append(bytes.Clone(other["lodestone.yaml"].Data), "\nraw_html: false\n"...)}
		if m, _, _ := keptLoad(t, other, kept.Bytes()); m.Parsed != m1.Parsed {
			t.Errorf("parsed %d, want all %d", m.Parsed, m1.Parsed)
		}
	})
	t.Run("damaged", func(t *testing.T) {
		m, _, err := keptLoad(t, fsys, kept.Bytes()[:kept.Len()/2])
		if err == nil || m.Parsed != m1.Parsed {
			t.Errorf("half a cache: error %v, parsed %d, want an error and all %d", err, m.Parsed, m1.Parsed)
		}
	})
	t.Run("another program", func(t *testing.T) {
		var buf bytes.Buffer
		if err := gob.NewEncoder(&buf).Encode(cacheHeader{Format: cacheFormat, Binary: "/usr/bin/other 1 2"}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := keptLoad(t, fsys, buf.Bytes()); err == nil || !strings.Contains(err.Error(), "another lodestone") {
			t.Errorf("error %v, want one about another lodestone", err)
		}
	})
}

// maps copies fsys, each file's entry too.
func maps(fsys fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range fsys {
		c := *v
		out[k] = &c
	}
	return out
}

// TestLoadedBeforeRender: Options.Loaded is called once, after the site is
// loaded and before any file is written; Options.Parsed once before it;
// Options.Read is told of every note's bytes before either.
func TestLoadedBeforeRender(t *testing.T) {
	mem := output.NewMem()
	site := repoSite(t)
	want := 0
	for name, f := range site {
		if strings.HasPrefix(name, "content/") && strings.HasSuffix(name, ".md") {
			want += len(f.Data)
		}
	}
	calls, written := 0, -1
	var mu sync.Mutex
	read, readAtLoad := 0, -1
	parsedCalls, readAtParsed, parsedLast := 0, -1, false
	res, err := Build(context.Background(), site, lodestone.Theme, mem, Options{Now: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Read: func(n int) {
			mu.Lock()
			read += n
			mu.Unlock()
		},
		Parsed: func() {
			parsedCalls++
			readAtParsed = read
			parsedLast = calls == 0
		},
		Loaded: func() {
			calls++
			written = len(mem.Names())
			readAtLoad = read
		}})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	if calls != 1 || written != 0 || len(mem.Names()) == 0 {
		t.Errorf("Loaded called %d times, with %d files written (of %d)", calls, written, len(mem.Names()))
	}
	if readAtLoad != want || read != want {
		t.Errorf("Read told of %d bytes by Loaded, %d in all; the notes are %d bytes", readAtLoad, read, want)
	}
	if parsedCalls != 1 || !parsedLast || readAtParsed != want {
		t.Errorf("Parsed called %d times (before Loaded: %v), told of %d bytes of %d by then", parsedCalls, parsedLast, readAtParsed, want)
	}
}
