//go:build !linux

package output

// exchange is not available here: Commit swaps by two renames.
func exchange(a, b string) error { return errNoExchange }
