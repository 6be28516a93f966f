package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/source"
	"github.com/lodestone-ssg/lodestone/generator/vcs"
)

// epochEnv names the variable that sets the build date, as for
// reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/):
// seconds since 1970-01-01 UTC. It decides which figures are stale and which
// planned events are past, and dates the feed and an offline bundle, so a
// build made with it is the same on any day.
const epochEnv = "SOURCE_DATE_EPOCH"

// buildDate is the build time SOURCE_DATE_EPOCH gives, or zero (now) when
// it is not set.
func buildDate() (time.Time, error) {
	v := strings.TrimSpace(os.Getenv(epochEnv))
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, fmt.Errorf("%s=%q: want a number of seconds since 1970-01-01 UTC (date +%%s)", epochEnv, v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// committed dates the briefs of the site folder src by the last commit
// that changed each (see vcs.LastChanged), for briefs without updated:.
// A folder outside a repository has none; a repository that cannot be
// read is a note on stderr, and the build goes on without the dates.
// History is read in the background, while the build reads and parses
// the notes (on a vault of 10,000 notes and hundreds of commits it takes
// seconds); the build waits for it when it needs the dates.
func committed(src string, stderr io.Writer) func() map[string]time.Time {
	done := make(chan map[string]time.Time, 1)
	go func() {
		m, err := vcs.LastChanged(src, source.ContentDir)
		if err != nil && !errors.Is(err, vcs.ErrNoRepository) {
			fmt.Fprintf(stderr, "lodestone: git history not read, so briefs without updated: are not dated: %v\n", err)
		}
		if err != nil {
			m = nil
		}
		done <- m
	}()
	return sync.OnceValue(func() map[string]time.Time { return <-done })
}
