// Command generator is the lodestone command under an older path, kept so
// that "go run ./generator" still works. Install the command as
// ./generator/cmd/lodestone, which names the binary lodestone.
package main

import (
	"os"

	"github.com/lodestone-ssg/lodestone/generator/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:])) }
