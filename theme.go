// Package lodestone embeds the built-in theme: the repository's own
// templates/ and static/ folders. The generator lives in ./generator.
package lodestone

import "embed"

// Theme holds templates/ and static/ of the default site. A site's own files
// with the same paths override these one by one.
//
//go:embed templates static
var Theme embed.FS
