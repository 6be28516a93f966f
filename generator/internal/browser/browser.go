// Package browser starts Debian's headless Chromium for tests, driven through
// chromedp. Tests that need it call New; where no Chromium is installed they
// skip with a message, unless LODESTONE_REQUIRE_BROWSER=1 (set by CI), where
// a missing browser fails the test instead of hiding it.
package browser

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Path returns the Chromium executable, or "" if there is none.
func Path() string {
	if p := os.Getenv("LODESTONE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New starts a fresh headless Chromium (new user-data folder, no network
// chatter) and returns a chromedp context for one tab. Everything is torn
// down when the test ends. The context times out after a minute.
func New(t testing.TB) context.Context {
	t.Helper()
	path := Path()
	if path == "" {
		if os.Getenv("LODESTONE_REQUIRE_BROWSER") == "1" {
			t.Fatal("no Chromium found but LODESTONE_REQUIRE_BROWSER=1: install it (apt-get install chromium)")
		}
		t.Skip("browser test skipped: no Chromium found (apt-get install chromium, or set LODESTONE_CHROMIUM)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	// The first call starts the browser; it must not carry the timeout, which
	// would stop the whole browser rather than one action.
	if err := chromedp.Do(tab); err != nil {
		cancelTab()
		cancelAlloc()
		t.Fatalf("start chromium %s: %v", path, err)
	}
	ctx, cancelTimeout := context.WithTimeout(tab, time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	return ctx
}
