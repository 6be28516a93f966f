//go:build !unix

package output

import "context"

// lockDir does nothing where flock is missing: two builds into one folder
// at once are not guarded against there.
func lockDir(ctx context.Context, dir string, waiting func()) (func(), error) {
	return func() {}, ctx.Err()
}
