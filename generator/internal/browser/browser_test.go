package browser

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestProblems checks the collector sees what the bundle tests rely on it
// to see: an exception, a console.error and a failed load.
func TestProblems(t *testing.T) {
	ctx := New(t)
	problems := Problems(t, ctx)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<!doctype html><img src="/missing.png"><script>console.error("boom"); null.x</script>`))
	}))
	defer srv.Close()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	want := []string{"exception:", "console.error: ", "log (network): Failed to load resource"}
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := strings.Join(problems(), "\n")
		missing := ""
		for _, w := range want {
			if !strings.Contains(got, w) {
				missing = w
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("problems lack %q:\n%s", missing, got)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
