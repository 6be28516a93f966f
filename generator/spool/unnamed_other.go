//go:build !linux

package spool

import "os"

// openUnnamed returns nil: only Linux has unnamed files (O_TMPFILE).
func openUnnamed(string) *os.File { return nil }
