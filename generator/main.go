// Command generator is the lodestone command under an older path, kept so
// that "go run ./generator" still works. Install the command as
// ./generator/cmd/lodestone, which names the binary lodestone.
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
