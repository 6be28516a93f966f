package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/serve"
)

const serveUsage = `Usage: lodestone serve [flags]

Serves a live preview of the site in --src: every save rebuilds it and the
open pages reload. Problems show in the terminal and on the page. Nothing is
written to the site folder; the parsed notes are kept in your cache folder
(lodestone/ in $XDG_CACHE_HOME or ~/.cache), so that the next preview of
the folder parses only the notes changed since. Ctrl-C stops it.

Flags:
`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("serve", serveUsage, stdout, stderr)
	src := fl.String("src", ".", "site folder (must contain content/)")
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	drafts := fl.Bool("drafts", false, "show briefs with draft: true")
	audience := fl.audience()
	strict := fl.Bool("strict", false, "treat broken links and problems confined to one note as errors (shown in the overlay)")
	noCache := fl.Bool("no-cache", false, "do not keep the parsed notes for the next preview (nor use the kept ones)")
	remote := fl.Bool("allow-remote", false, "allow an --addr that is not a loopback address (the preview is then reachable from the network)")
	var hosts []string
	fl.Func("host", "with --allow-remote: a name the preview is reached by (its Host header), besides its addresses; repeatable", func(v string) error {
		hosts = append(hosts, strings.Split(v, ",")...)
		return nil
	})
	if code, done := fl.parse(args); done {
		return code
	}
	if fl.NArg() > 0 {
		return usageError(stderr, "serve", "unexpected argument %q", fl.Arg(0))
	}
	if err := checkSite(*src); err != nil {
		return usageError(stderr, "serve", "%v", err)
	}
	defer startMemoryLimit(*src)()
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		return usageError(stderr, "serve", "--addr %q: %v", *addr, err)
	}
	if !isLoopback(host) {
		if !*remote {
			return usageError(stderr, "serve", "--addr %s is not a loopback address; the preview would be reachable from the network. Add --allow-remote if you mean it.", *addr)
		}
		fmt.Fprintf(stderr, "lodestone serve: WARNING: serving on %s: anyone who can reach this machine can read the site and its drafts\n", *addr)
	}
	now, err := buildDate()
	if err != nil {
		return usageError(stderr, "serve", "%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "lodestone serve: %v\n", err)
		return 1
	}
	opts := serve.Options{
		Src:   *src,
		Theme: lodestone.Theme,
		Build: build.Options{Drafts: *drafts, Audience: *audience, Strict: *strict, Version: Version(), Name: folderName(*src), Now: now, Committed: committed(*src, stderr)},
		Log:   stderr,
		Hosts: hosts,
	}
	if !*noCache {
		opts.CacheFile = keptNotesFile(*src)
		if opts.CacheFile != "" {
			go pruneKept(opts.CacheFile, time.Now().Add(-keptFor))
		}
	}
	s := serve.New(opts)
	fmt.Fprintf(stderr, "lodestone: serving %s at http://%s/ (Ctrl-C to stop)\n", *src, ln.Addr())
	if err := s.Run(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "lodestone serve: %v\n", err)
		return 1
	}
	fmt.Fprintln(stderr, "lodestone: stopped")
	return 0
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// keptNotesFile is where the preview of the site in src keeps its parsed
// notes between runs: a file of the user's cache folder named by the
// folder's absolute path; "" if there is no cache folder.
func keptNotesFile(src string) string {
	abs, err := filepath.Abs(src)
	if err != nil {
		return ""
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(dir, "lodestone", "preview-"+hex.EncodeToString(sum[:8])+".gob")
}

// keptFor is how long the notes a preview kept stay in the cache folder
// after the last preview of their site folder wrote them.
const keptFor = 30 * 24 * time.Hour

// pruneKept removes the kept notes of other previews (keptNotesFile's
// names beside file, and files a stopped write left) last written before
// cutoff: the site folders of old previews (temporary ones, moved,
// deleted) would otherwise keep a file the size of their notes forever.
func pruneKept(file string, cutoff time.Time) {
	dir := filepath.Dir(file)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, "preview-") || !strings.Contains(name, ".gob") || !e.Type().IsRegular() || name == filepath.Base(file) {
			continue
		}
		if fi, err := e.Info(); err == nil && fi.ModTime().Before(cutoff) {
			_ = os.Remove(filepath.Join(dir, name))
		}
	}
}
