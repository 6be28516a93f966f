package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/build"
	"github.com/lodestone-ssg/lodestone/generator/serve"
)

const serveUsage = `Usage: lodestone serve [flags]

Serves a live preview of the site in --src: every save rebuilds it and the
open pages reload. Problems show in the terminal and on the page. Nothing is
written to disk. Ctrl-C stops it.

Flags:
`

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("serve", serveUsage, stdout, stderr)
	src := fl.String("src", ".", "site folder (must contain content/)")
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	drafts := fl.Bool("drafts", false, "show briefs with draft: true")
	audience := fl.audience()
	strict := fl.Bool("strict", false, "treat broken links and problems confined to one note as errors (shown in the overlay)")
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
	s := serve.New(serve.Options{
		Src:   *src,
		Theme: lodestone.Theme,
		Build: build.Options{Drafts: *drafts, Audience: *audience, Strict: *strict, Version: Version(), Name: folderName(*src), Now: now, Committed: committed(*src, stderr)},
		Log:   stderr,
		Hosts: hosts,
	})
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
