//go:build !linux

package output

import "os"

// writeFile writes a file of the output (see write_linux.go).
func writeFile(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}
