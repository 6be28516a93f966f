package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lodestone-ssg/lodestone/generator/htmlurl"
)

// bundle runs "lodestone bundle" on the repository's own site into a
// temporary folder and returns that folder.
func bundle(t *testing.T, args ...string) string {
	t.Helper()
	out := t.TempDir()
	var stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"bundle", "--src", srcDir(), "--out", out}, args...), &stderr, &stderr)
	if code != 0 {
		t.Fatalf("bundle %v: exit %d\n%s", args, code, stderr.String())
	}
	return out
}

// unzip extracts archive into dir and returns dir.
func unzip(t *testing.T, archive, dir string) string {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if !filepath.IsLocal(f.Name) {
			t.Fatalf("zip entry %q escapes the folder", f.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestBundleZip unzips the offline bundle and crawls it as a browser would
// from file://: every internal link and asset must exist on disk as a file
// (not a folder, which file:// would list), nothing may be root-absolute or
// lead out of the bundle, and there are no module scripts or server files.
func TestBundleZip(t *testing.T) {
	out := bundle(t)
	root := filepath.Join(unzip(t, filepath.Join(out, "ndpr-knowledge-base.zip"), t.TempDir()), "ndpr-knowledge-base")
	for _, gone := range []string{"404.html", "sitemap.xml", "feed.xml", "robots.txt", ".nojekyll"} {
		if _, err := os.Stat(filepath.Join(root, gone)); err == nil {
			t.Errorf("offline bundle has %s", gone)
		}
	}
	home, err := os.ReadFile(filepath.Join(root, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(home, []byte("Offline edition built ")) || !bytes.Contains(home, []byte("from content sha256:")) {
		t.Error("front page does not say what the bundle was built from")
	}
	checked := 0
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var refs []string
		switch path.Ext(p) {
		case ".html":
			for _, r := range htmlurl.Refs(b) {
				refs = append(refs, r.URL)
			}
			if bytes.Contains(b, []byte(`type="module"`)) || bytes.Contains(b, []byte("fetch(")) {
				t.Errorf("%s: module script or fetch", rel)
			}
		case ".css":
			refs = htmlurl.CSSRefs(b)
		}
		for _, ref := range refs {
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad URL %q", rel, ref)
				continue
			}
			if u.Scheme != "" || u.Host != "" {
				if u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "mailto" && u.Scheme != "data" {
					t.Errorf("%s: unexpected scheme in %q", rel, ref)
				}
				continue
			}
			if u.Path == "" {
				continue // same page
			}
			if strings.HasPrefix(u.Path, "/") {
				t.Errorf("%s: root-absolute %q", rel, ref)
				continue
			}
			target := path.Join(path.Dir(rel), u.Path)
			if target == ".." || strings.HasPrefix(target, "../") {
				t.Errorf("%s: %q leaves the bundle", rel, ref)
				continue
			}
			fi, err := os.Stat(filepath.Join(root, filepath.FromSlash(target)))
			switch {
			case err != nil:
				t.Errorf("%s: %q -> %s does not exist", rel, ref, target)
			case fi.IsDir():
				t.Errorf("%s: %q is a folder; file:// would list it", rel, ref)
			}
			checked++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 500 {
		t.Errorf("only %d links checked", checked)
	}
}

// TestBundleSingle checks the one-file bundle is self-contained: no file it
// needs besides itself, every in-page link has its target.
func TestBundleSingle(t *testing.T) {
	out := bundle(t, "--single")
	b, err := os.ReadFile(filepath.Join(out, "ndpr-knowledge-base.html"))
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	htmlurl.RewriteIDs(b, func(id string) string { ids[id] = true; return id })
	anchors := 0
	for _, r := range htmlurl.Refs(b) {
		u, _ := url.Parse(r.URL)
		switch {
		case r.Tag == "a" && u.Scheme != "":
			// an external link: fine
		case strings.HasPrefix(r.URL, "#"):
			anchors++
			if !ids[r.URL[1:]] {
				t.Errorf("in-page link %q has no target", r.URL)
			}
		case u.Scheme == "data":
		default:
			t.Errorf("%s %s=%q needs a file besides the bundle", r.Tag, r.Attr, r.URL)
		}
	}
	if anchors < 300 {
		t.Errorf("only %d in-page links", anchors)
	}
	for _, want := range []string{`<section id="p-mines--mountain-pass"`, `id="p-mines--mountain-pass__history"`, "Offline edition built ", "<style>"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("single file lacks %s", want)
		}
	}
	if bytes.Contains(b, []byte(`<link rel="stylesheet"`)) {
		t.Error("stylesheet not inlined")
	}
}

// TestBundleRoot limits a bundle to one brief and the briefs it links to.
func TestBundleRoot(t *testing.T) {
	out := bundle(t, "--root", "Mountain Pass", "--depth", "1")
	zr, err := zip.OpenReader(filepath.Join(out, "ndpr-knowledge-base-mountain-pass.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[strings.TrimPrefix(f.Name, "ndpr-knowledge-base-mountain-pass/")] = true
	}
	for _, want := range []string{"index.html", "mines/mountain-pass/index.html", "companies/mp-materials/index.html", "concepts/ndpr-oxide/index.html"} {
		if !names[want] {
			t.Errorf("bundle lacks %s", want)
		}
	}
	for _, notWant := range []string{"countries/world/index.html", "concepts/ndfeb-magnets/index.html"} {
		if names[notWant] {
			t.Errorf("bundle has %s, which Mountain Pass does not link to", notWant)
		}
	}
	var stderr bytes.Buffer
	if code := Main(context.Background(), []string{"bundle", "--src", "../..", "--out", t.TempDir(), "--root", "Atlantis"}, &stderr, &stderr); code != 1 || !strings.Contains(stderr.String(), `--root "Atlantis": no brief`) {
		t.Errorf("unknown root: exit %d\n%s", code, stderr.String())
	}
}

// srcDir is the site the bundle and search tests build: the repository's
// own, or LODESTONE_TEST_SITE (to try them on another site while content/
// is being rewritten).
func srcDir() string {
	if d := os.Getenv("LODESTONE_TEST_SITE"); d != "" {
		return d
	}
	return "../.."
}
