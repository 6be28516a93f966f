package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

// BenchmarkEditToReload measures what a writer waits for, at 1,000 and
// 10,000 briefs: the time from writing a brief to the reload message
// reaching the browser channel and then to the page, fetched over HTTP,
// showing the edit, through the real watcher, batching and rebuild. A
// "body" edit adds a sentence at the end; a "title" edit changes the
// title, which other pages show. Between edits it waits, as a writer
// reading the page would, for the server's collection of the last
// build's garbage (collectIdle). It reports the medians and 90th
// percentiles of both.
func BenchmarkEditToReload(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		for _, kind := range []string{"body", "title"} {
			b.Run(fmt.Sprintf("briefs=%d/%s", n, kind), func(b *testing.B) { benchEdit(b, n, kind) })
		}
	}
}

func benchEdit(b *testing.B, n int, kind string) {
	dir := b.TempDir()
	if err := corpus.Write(dir, corpus.Files(n, corpus.StyleWiki)); err != nil {
		b.Fatal(err)
	}
	srv := New(Options{Src: dir, Theme: lodestone.Theme, Log: io.Discard})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	defer func() { cancel(); <-done }()
	for srv.state.Load().good == nil {
		time.Sleep(10 * time.Millisecond)
	}
	for srv.collected.Load() == 0 { // the collection after the first build
		time.Sleep(time.Millisecond)
	}
	ch := srv.hub.join()
	d, stem := corpus.Name(1)
	file := filepath.Join(dir, "content", d, stem+".md")
	rel := "content/" + d + "/" + stem + ".md"
	url := ""
	for _, p := range srv.state.Load().good.Site.Pages {
		if p.File == rel {
			url = "http://" + ln.Addr().String() + "/" + p.URL
		}
	}
	orig, _ := os.ReadFile(file)
	var reload, visible []time.Duration
	i := 0
	for b.Loop() {
		i++
		var edit []byte
		var want string
		if kind == "body" {
			want = fmt.Sprintf("Edit number %d.", i)
			edit = append(orig[:len(orig):len(orig)], "\n"+want+"\n"...)
		} else {
			want = fmt.Sprintf("Retitled %d", i)
			edit = bytes.Replace(orig, []byte("title: "+corpus.Title(1)+"\n"), []byte("title: "+want+"\n"), 1)
		}
		collected := srv.collected.Load()
		start := time.Now()
		if err := os.WriteFile(file, edit, 0o644); err != nil {
			b.Fatal(err)
		}
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			b.Fatal("no reload message")
		}
		reload = append(reload, time.Since(start))
		resp, err := http.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !bytes.Contains(page, []byte(want)) {
			b.Fatalf("the page does not show %q", want)
		}
		visible = append(visible, time.Since(start))
		// A writer reads the page before saving again: the server
		// collects the last build's garbage meanwhile (collectIdle).
		for srv.collected.Load() == collected {
			time.Sleep(time.Millisecond)
		}
	}
	report := func(lat []time.Duration, name string) {
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, name+"-ms-median")
		b.ReportMetric(float64(lat[len(lat)*9/10].Microseconds())/1000, name+"-ms-p90")
	}
	report(reload, "reload")
	report(visible, "visible")
}
