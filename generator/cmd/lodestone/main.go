// Command lodestone builds a cross-linked static knowledge site from a folder
// of Markdown briefs. Run "lodestone help" for usage.
//
// Install it with
//
//	go install github.com/lodestone-ssg/lodestone/generator/cmd/lodestone@latest
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/lodestone-ssg/lodestone/generator/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
