// Package browser starts Debian's headless Chromium for tests, driven through
// chromedp. Tests that need it call New; where no Chromium is installed they
// skip with a message, unless LODESTONE_REQUIRE_BROWSER=1 (set by CI), where
// a missing browser fails the test instead of hiding it.
package browser

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
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
	// A test's whole conversation with the browser: generous, since a
	// loaded 2-core machine runs the longest tests (ten page kinds in two
	// themes with axe-core) past a minute; a hang still ends it.
	ctx, cancelTimeout := context.WithTimeout(tab, 5*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	return ctx
}

// Problems starts collecting what a page reports as going wrong: uncaught
// exceptions, console.error calls and browser log errors (failed loads of
// files and scripts, blocked requests). Call the returned function to read
// what has been collected so far.
func Problems(t testing.TB, ctx context.Context) func() []string {
	t.Helper()
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("enable log domain: %v", err)
	}
	var mu sync.Mutex
	var found []string
	add := func(s string) {
		mu.Lock()
		found = append(found, s)
		mu.Unlock()
	}
	sub, cancel := context.WithCancel(ctx)
	t.Cleanup(cancel)
	go func() {
		for ev, err := range chromedp.Events(sub, runtime.ExceptionThrown) {
			if err != nil {
				return
			}
			add("exception: " + (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(sub, runtime.ConsoleAPICalled) {
			if err != nil {
				return
			}
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				var args []string
				for _, a := range ev.Args {
					args = append(args, fmt.Sprint(string(a.Value), a.Description))
				}
				add("console.error: " + strings.Join(args, " "))
			}
		}
	}()
	go func() {
		for ev, err := range chromedp.Events(sub, cdplog.EntryAdded) {
			if err != nil {
				return
			}
			if ev.Entry.Level == cdplog.EntryLevelError {
				add(fmt.Sprintf("log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), found...)
	}
}
