package build

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/htmlurl"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"gopkg.in/yaml.v3"
)

// pagesServer serves dir the way GitHub Pages serves a project site: under
// prefix, folder URLs get index.html, a folder without its slash redirects,
// and anything missing gets 404.html with status 404.
func pagesServer(t *testing.T, dir, prefix string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		notFound := func() {
			b, err := os.ReadFile(filepath.Join(dir, "404.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(b)
		}
		rel, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok || strings.Contains(rel, "..") {
			notFound()
			return
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		fi, err := os.Stat(p)
		if err == nil && fi.IsDir() {
			if !strings.HasSuffix(r.URL.Path, "/") && rel != "" {
				http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
				return
			}
			p = filepath.Join(p, "index.html")
		}
		if _, err := os.Stat(p); err != nil {
			notFound()
			return
		}
		http.ServeFile(w, r, p)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestGitHubPages builds the default site for https://owner.github.io/REPO/,
// serves it under /REPO/ as GitHub Pages would, and crawls every page: every
// href, src and CSS url() must answer 200 and stay under the prefix; a
// missing path must answer the 404 page, whose own links and assets load.
func TestGitHubPages(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	dir, err := output.NewDir(context.Background(), out, output.DirOptions{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), os.DirFS("../.."), lodestone.Theme, output.Minify(dir), Options{BaseURL: "https://owner.github.io/REPO/"})
	if err != nil || res.Diags.HasErrors() {
		t.Fatal(err, res.Diags)
	}
	if err := dir.Commit(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{".nojekyll", "robots.txt", "sitemap.xml", "404.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "CNAME")); err == nil {
		t.Error("CNAME written without a cname setting")
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://owner.github.io/REPO/sitemap.xml") {
		t.Errorf("robots.txt:\n%s", robots)
	}

	srv := pagesServer(t, out, "/REPO/")
	c := crawler{t: t, client: srv.Client(), prefix: srv.URL + "/REPO/", seen: map[string]bool{}}
	c.visit(srv.URL+"/REPO/", 200)
	c.run()
	if c.pages < 50 || c.assets < 1 {
		t.Errorf("crawled %d pages and %d assets: too few", c.pages, c.assets)
	}

	// Canonical and Open Graph URLs are absolute; page links stay relative.
	page := c.bodies[srv.URL+"/REPO/mines/mountain-pass/"]
	for _, want := range []string{
		`<link rel="canonical" href="https://owner.github.io/REPO/mines/mountain-pass/">`,
		`<meta property="og:url" content="https://owner.github.io/REPO/mines/mountain-pass/">`,
		`<meta property="og:type" content="article">`,
		`<a href="../../companies/mp-materials/"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("mountain-pass page lacks %s", want)
		}
	}

	// A missing page deep under the prefix gets the 404 page, and its
	// stylesheet and links work from there.
	missing := srv.URL + "/REPO/a/b/missing"
	c.visit(missing, 404)
	c.run()
	body := c.bodies[missing]
	if !strings.Contains(body, "Page not found") {
		t.Fatalf("missing path did not get the 404 page:\n%s", body)
	}
	css := c.resolved[missing]
	if !css[srv.URL+"/REPO/css/site.css"] || !css[srv.URL+"/REPO/"] {
		t.Errorf("404 page links resolve to %v", css)
	}
}

// crawler fetches pages breadth-first and checks every reference.
type crawler struct {
	t        *testing.T
	client   *http.Client
	prefix   string
	queue    []string
	want     map[string]int
	seen     map[string]bool
	bodies   map[string]string
	resolved map[string]map[string]bool
	pages    int
	assets   int
}

func (c *crawler) visit(u string, status int) {
	if c.want == nil {
		c.want, c.bodies, c.resolved = map[string]int{}, map[string]string{}, map[string]map[string]bool{}
	}
	if c.seen[u] {
		return
	}
	c.seen[u] = true
	c.want[u] = status
	c.queue = append(c.queue, u)
}

func (c *crawler) run() {
	t := c.t
	for len(c.queue) > 0 {
		u := c.queue[0]
		c.queue = c.queue[1:]
		resp, err := c.client.Get(u)
		if err != nil {
			t.Errorf("GET %s: %v", u, err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want[u] {
			t.Errorf("GET %s: status %d, want %d", u, resp.StatusCode, c.want[u])
			continue
		}
		ct := resp.Header.Get("Content-Type")
		base, _ := url.Parse(resp.Request.URL.String())
		var refs []string
		switch {
		case strings.HasPrefix(ct, "text/html"):
			c.pages++
			c.bodies[u] = string(b)
			for _, r := range htmlurl.Refs(b) {
				if r.Tag == "base" {
					if bu, err := base.Parse(r.URL); err == nil {
						base = bu
					}
					continue
				}
				refs = append(refs, r.URL)
			}
		case strings.HasPrefix(ct, "text/css"):
			c.assets++
			refs = htmlurl.CSSRefs(b)
		default:
			c.assets++
		}
		c.resolved[u] = map[string]bool{}
		for _, ref := range refs {
			ru, err := base.Parse(ref)
			if err != nil {
				t.Errorf("%s: bad URL %q", u, ref)
				continue
			}
			if ru.Host != base.Host || ru.Scheme == "data" {
				continue // external
			}
			ru.Fragment = ""
			abs := ru.String()
			c.resolved[u][abs] = true
			if !strings.HasPrefix(abs, c.prefix) {
				t.Errorf("%s: %q escapes the prefix (%s)", u, ref, abs)
				continue
			}
			if !strings.HasSuffix(ru.Path, "/") && path.Ext(ru.Path) == "" {
				t.Errorf("%s: %q has no trailing slash (a redirect on every click)", u, ref)
			}
			c.visit(abs, 200)
		}
	}
}

// TestPagesWorkflow checks the shipped workflow does what the README says:
// builds with make and a base URL, keeps dotfiles (.nojekyll) in the
// artifact it uploads from public/, and deploys with the official action.
func TestPagesWorkflow(t *testing.T) {
	b, err := os.ReadFile("../../.github/workflows/pages.yml")
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Needs any `yaml:"needs"`
			Steps []struct {
				ID   string            `yaml:"id"`
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]any    `yaml:"with"`
				Env  map[string]string `yaml:"env"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &wf); err != nil {
		t.Fatal(err)
	}
	if _, ok := wf.On["push"]; !ok {
		t.Error("workflow does not run on push")
	}
	var built, uploaded, deployed bool
	for _, st := range wf.Jobs["build"].Steps {
		switch {
		case strings.Contains(st.Run, "make build") && strings.Contains(st.Run, "--base-url $BASE_URL"):
			built = strings.Contains(st.Env["BASE_URL"], "steps.pages.outputs.base_url") && strings.Contains(st.Env["BASE_URL"], "vars.LODESTONE_BASE_URL")
		case strings.HasPrefix(st.Uses, "actions/upload-pages-artifact@"):
			uploaded = st.With["path"] == "public" && st.With["include-hidden-files"] == true
		}
	}
	for _, st := range wf.Jobs["deploy"].Steps {
		deployed = deployed || strings.HasPrefix(st.Uses, "actions/deploy-pages@")
	}
	if !built || !uploaded || !deployed || wf.Jobs["deploy"].Needs != "build" {
		t.Errorf("workflow: built=%v uploaded-with-dotfiles=%v deployed=%v needs=%v", built, uploaded, deployed, wf.Jobs["deploy"].Needs)
	}
}
