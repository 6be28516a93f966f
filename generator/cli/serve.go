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

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fl := newFlagSet("serve", stderr)
	src := fl.String("src", ".", "site folder (must contain content/)")
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	drafts := fl.Bool("drafts", false, "show briefs with draft: true")
	strict := fl.Bool("strict", false, "treat broken links and problems confined to one note as errors (shown in the overlay)")
	remote := fl.Bool("allow-remote", false, "allow an --addr that is not a loopback address (the preview is then reachable from the network)")
	var hosts []string
	fl.Func("host", "with --allow-remote: a name the preview is reached by (its Host header), besides its addresses; repeatable", func(v string) error {
		hosts = append(hosts, strings.Split(v, ",")...)
		return nil
	})
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "lodestone serve: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if err := checkSite(*src); err != nil {
		fmt.Fprintf(stderr, "lodestone serve: %v\n", err)
		return 2
	}
	setMemoryLimit(*src)
	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fmt.Fprintf(stderr, "lodestone serve: --addr %q: %v\n", *addr, err)
		return 2
	}
	if !isLoopback(host) {
		if !*remote {
			fmt.Fprintf(stderr, "lodestone serve: --addr %s is not a loopback address; the preview would be reachable from the network. Add --allow-remote if you mean it.\n", *addr)
			return 2
		}
		fmt.Fprintf(stderr, "lodestone serve: WARNING: serving on %s: anyone who can reach this machine can read the site and its drafts\n", *addr)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "lodestone serve: %v\n", err)
		return 1
	}
	s := serve.New(serve.Options{
		Src:   *src,
		Theme: lodestone.Theme,
		Build: build.Options{Drafts: *drafts, Strict: *strict, Version: Version(), Name: folderName(*src)},
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
