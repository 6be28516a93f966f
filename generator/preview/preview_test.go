package preview

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// entries makes n entries of about 300 bytes each.
func entries(n int) []Entry {
	es := make([]Entry, n)
	for i := range es {
		es[i] = Entry{
			Key:     fmt.Sprintf("notes/note-%d/", i),
			Title:   fmt.Sprintf("Note %d", i),
			Type:    "note",
			Summary: "A summary.",
			Facts:   [][2]string{{"Date", "1 May 2025"}, {"Reserves", "44,000,000 t"}},
			Text:    strings.Repeat("text ", 40),
		}
	}
	return es
}

// decode reads the JSON a data file hands to its prefix (and suffix).
func decode(t *testing.T, f File, prefix, suffix string) map[string]json.RawMessage {
	t.Helper()
	s, ok := strings.CutPrefix(string(f.Data), prefix)
	if !ok {
		t.Fatalf("%s does not start with %q: %.80s", f.Name, prefix, f.Data)
	}
	s, ok = strings.CutSuffix(s, suffix+";\n")
	if !ok {
		t.Fatalf("%s does not end with %q;", f.Name, suffix)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%s: %v", f.Name, err)
	}
	return m
}

func TestBuild(t *testing.T) {
	for _, tc := range []struct {
		name    string
		n       int
		opts    Options
		sharded bool
	}{
		{"small", 10, Options{}, false},
		{"at the limit", 10, Options{ShardBytes: 10 * len(encode(entries(1)[0]))}, false},
		{"large", 200, Options{ShardBytes: 8 << 10}, true},
		{"large, inline", 200, Options{ShardBytes: 8 << 10, Inline: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			es := entries(tc.n)
			files := Build(es, tc.opts)
			total := 0
			for _, e := range es {
				total += len(encode(e))
			}
			shards := 0 // the shards of about a quarter of ShardBytes: none when not sharded
			if tc.sharded {
				shards = (total + tc.opts.ShardBytes/4 - 1) / (tc.opts.ShardBytes / 4)
			}
			if files[0].Name != IndexName {
				t.Fatalf("first file %s", files[0].Name)
			}
			found := map[string]int{} // key -> shard, -1 in the index
			if !tc.sharded {
				if len(files) != 1 {
					t.Fatalf("%d files, want 1", len(files))
				}
				ix := decode(t, files[0], "window.LODESTONE_PREVIEWS=", "")
				var p map[string]json.RawMessage
				if err := json.Unmarshal(ix["p"], &p); err != nil {
					t.Fatal(err)
				}
				for k := range p {
					found[k] = -1
				}
			} else {
				if len(files) != shards+1 {
					t.Fatalf("%d files, want the index and %d shards", len(files), shards)
				}
				if want := fmt.Sprintf("window.LODESTONE_PREVIEWS={\"n\":%d};\n", shards); string(files[0].Data) != want {
					t.Errorf("index %q, want %q", files[0].Data, want)
				}
				for k, f := range files[1:] {
					if f.Name != ShardName(k) {
						t.Errorf("shard %d named %s", k, f.Name)
					}
					for key := range decode(t, f, fmt.Sprintf("LODESTONE_PREVIEW_SHARD(%d,", k), ")") {
						if _, twice := found[key]; twice {
							t.Errorf("%s in two shards", key)
						}
						found[key] = k
						if s := Shard(key, shards); s != k {
							t.Errorf("%s in shard %d, Shard says %d", key, k, s)
						}
					}
					if len(f.Data) > tc.opts.ShardBytes/2 {
						t.Errorf("%s is %d bytes, more than twice the %d aimed at", f.Name, len(f.Data), tc.opts.ShardBytes/4)
					}
				}
			}
			if len(found) != tc.n {
				t.Errorf("%d entries found, want %d", len(found), tc.n)
			}
			again := Build(es, tc.opts)
			for i := range files {
				if !bytes.Equal(files[i].Data, again[i].Data) {
					t.Errorf("%s differs from one build to the next", files[i].Name)
				}
			}
		})
	}
}

// TestEntryText: an entry is [title, type, summary, text, facts], and
// markup in any of them stays text that cannot close a <script> element.
func TestEntryText(t *testing.T) {
	const evil = `</script><script>alert(1)</script><!--`
	e := Entry{Key: "a/", Title: "T " + evil, Type: "mine", Summary: evil, Text: "x & y", Facts: [][2]string{{"Label " + evil, "v"}}}
	f := Build([]Entry{e}, Options{})[0]
	if bytes.Contains(f.Data, []byte("<")) || bytes.Contains(f.Data, []byte(">")) {
		t.Errorf("raw < or > in %s", f.Data)
	}
	var got [5]any
	raw := decode(t, f, "window.LODESTONE_PREVIEWS=", "")["p"]
	var p map[string]json.RawMessage
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(p["a/"], &got); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint([5]any{"T " + evil, "mine", evil, "x & y", []any{"Label " + evil, "v"}})
	if fmt.Sprint(got) != want {
		t.Errorf("entry %v, want %v", got, want)
	}
}

// TestShard pins the hash that static/js/previews.js computes too
// (TestBrowserLinkPreviewShards checks that they agree).
func TestShard(t *testing.T) {
	for _, tc := range []struct {
		key  string
		n    int
		want int
	}{
		{"", 1 << 30, 2166136261 % (1 << 30)},
		{"a", 1 << 30, 0xe40c292c % (1 << 30)}, // FNV-1a of "a"
		{"note-00001/", 1, 0},
	} {
		if got := Shard(tc.key, tc.n); got != tc.want {
			t.Errorf("Shard(%q, %d) = %d, want %d", tc.key, tc.n, got, tc.want)
		}
	}
}
