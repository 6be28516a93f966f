package build

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	lodestone "github.com/lodestone-ssg/lodestone"
	"github.com/lodestone-ssg/lodestone/generator/output"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// TestTimelineInParts builds a site of 5,200 events over 1900–2003 (one
// year, 1950, holding more events than a part): the timeline page lists
// the parts and links every year of its overview to the part that holds
// it; the parts are runs of whole years of at most site.TimelinePartSize
// events (1950 alone in its own), follow each other without gap or
// overlap, hold every event once, and lead to each other. A site of fewer
// events keeps its timeline on one page.
func TestTimelineInParts(t *testing.T) {
	src := fstest.MapFS{}
	events := map[string]int{} // title -> year
	for i := range 400 {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Note %d\nevents:\n", i)
		for j := range 8 {
			year := 1900 + (i*8+j)%104
			if i < 300 && j == 0 {
				year = 1950 // 300 more in 1950
			}
			title := fmt.Sprintf("Event %d of note %d.", j, i)
			events[title] = year
			fmt.Fprintf(&b, "  - date: %d-06-01\n    title: %s\n", year, title)
		}
		b.WriteString("---\nText.\n")
		src[fmt.Sprintf("content/n%03d.md", i)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	// 5,200 events: 3,200 spread evenly (about 31 a year), 300 more in 1950.
	for j := range 1700 {
		i := 400 + j
		year := 1950
		title := fmt.Sprintf("Crowded event %d.", j)
		events[title] = year
		src[fmt.Sprintf("content/c%04d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Crowded %d\nevents:\n  - date: %d-03-01\n    title: %s\n---\nText.\n", j, year, title))}
	}
	mem := output.NewMem()
	res, err := Build(context.Background(), src, lodestone.Theme, mem, Options{})
	if err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	file := func(name string) string {
		t.Helper()
		b, ok := mem.File(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return string(b)
	}
	index := file("timeline/index.html")
	partLink := regexp.MustCompile(`<li><a href="(\d{4}(?:-\d{4})?)/">([^<]+)</a> <span class="tl-count">([\d,]+) events</span></li>`)
	parts := partLink.FindAllStringSubmatch(index, -1)
	if len(parts) < 3 {
		t.Fatalf("the timeline page lists %d parts, want 3 or more for 5,200 events:\n%s", len(parts), index)
	}
	if strings.Contains(index, `<ol class="events`) {
		t.Error("the timeline page of a timeline in parts lists events itself")
	}
	seen := map[string]string{} // event title -> part
	next := 1900
	for k, p := range parts {
		slug := p[1]
		first, last := 0, 0
		if n, _ := fmt.Sscanf(slug, "%d-%d", &first, &last); n == 1 {
			last = first
		}
		if first != next {
			t.Errorf("part %s starts at %d, want %d (the year after the last part)", slug, first, next)
		}
		next = last + 1
		page := file("timeline/" + slug + "/index.html")
		if !strings.Contains(page, `<span aria-current="page">`+p[2]+`</span>`) {
			t.Errorf("part %s does not mark itself among the parts", slug)
		}
		if k > 0 && !strings.Contains(page, `<a href="../`+parts[k-1][1]+`/" rel="prev">`) || k < len(parts)-1 && !strings.Contains(page, `<a href="../`+parts[k+1][1]+`/" rel="next">`) {
			t.Errorf("part %s does not lead to its neighbours", slug)
		}
		if !strings.Contains(page, `<li><a href="../">Timeline</a></li>`) {
			t.Errorf("part %s: the breadcrumbs do not pass through the timeline page", slug)
		}
		if !strings.Contains(page, `<form class="timeline-filter"`) || !strings.Contains(page, `js/timeline.js`) {
			t.Errorf("part %s has no filters", slug)
		}
		n := 0
		for _, m := range regexp.MustCompile(`<span class="ev-title">([^<]+)</span>`).FindAllStringSubmatch(page, -1) {
			title := m[1]
			y, ok := events[title]
			if !ok {
				continue
			}
			n++
			if other, dup := seen[title]; dup {
				t.Errorf("%q is in parts %s and %s", title, other, slug)
			}
			seen[title] = slug
			if y < first || y > last {
				t.Errorf("%q (%d) is in part %s", title, y, slug)
			}
			if !strings.Contains(index, fmt.Sprintf(`<a href="%s/#y%d"`, slug, y)) {
				t.Errorf("the overview does not link %d to part %s", y, slug)
			}
		}
		if want := strings.ReplaceAll(p[3], ",", ""); fmt.Sprint(n) != want {
			t.Errorf("part %s shows %d events, the list says %s", slug, n, p[3])
		}
		if n > site.TimelinePartSize && first != last {
			t.Errorf("part %s holds %d events over several years, more than %d", slug, n, site.TimelinePartSize)
		}
		if first <= 1950 && 1950 <= last && first != last {
			t.Errorf("1950 (2,000 events and more) shares part %s", slug)
		}
	}
	if next != 2004 {
		t.Errorf("the parts end in %d, want 2003", next-1)
	}
	if len(seen) != len(events) {
		t.Errorf("the parts show %d of the %d events", len(seen), len(events))
	}

	// A few events: one page.
	small := fstest.MapFS{"content/a.md": &fstest.MapFile{Data: []byte("---\nevents:\n  - date: 2020\n    title: One.\n---\n")}}
	mem = output.NewMem()
	if res, err := Build(context.Background(), small, lodestone.Theme, mem, Options{}); err != nil || res.Diags.HasErrors() {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	if b, _ := mem.File("timeline/index.html"); !strings.Contains(string(b), `<span class="ev-title">One.</span>`) || strings.Contains(string(b), "tl-parts") {
		t.Error("a timeline of one event is not on one page")
	}
}
