// Command lodestone builds a cross-linked static knowledge site from a folder
// of Markdown briefs. Run "lodestone help" for usage.
//
// Install it with
//
//	go install github.com/lodestone-ssg/lodestone/generator/cmd/lodestone@latest
package main

import (
	"os"

	"github.com/lodestone-ssg/lodestone/generator/cli"
)

func main() { os.Exit(cli.Run(os.Args[1:])) }
