package render

import (
	"strconv"

	"github.com/lodestone-ssg/lodestone/generator/site"
)

// A site timeline of more than site.TimelinePartSize events is in parts:
// runs of whole years of at most that many events each (a year with more
// is a part of its own), at timeline/FIRST-LAST/. The timeline page then
// shows the events per year for the whole site, each year linked to the
// part that holds it, and the list of parts. A vault of 30,000 notes has
// about 75,000 events: one page of them was 25 MB of HTML.

// TimelineParts is what the pages of a timeline in parts show of the
// others.
type TimelineParts struct {
	// Pager lists the parts; Num is this part's (0 on the timeline page).
	*Pager
	// Events counts each part's events, in the order of Pager.Pages.
	Events []int
	// Total is the events of the whole timeline.
	Total int
	// Bars, on the timeline page, are the events per year of the whole
	// timeline, each linked to its year in the part that holds it.
	Bars []TimelineBar
}

// TimelineBar is one year of the timeline page's overview strip.
type TimelineBar struct {
	site.YearCount
	Href string // the year in its part; "" for a year without events
}

// timelinePages are the site timeline's pages: one, or the timeline page
// and its parts.
func timelinePages(s *site.Site) []*Page {
	total := 0
	for _, y := range s.Timeline {
		total += len(y.Events)
	}
	if total <= site.TimelinePartSize {
		return []*Page{{Kind: "timeline", Title: "Timeline", URL: site.TimelineURL, Timeline: s.Timeline}}
	}
	var chunks [][]*site.Year
	var sizes []int
	for _, y := range s.Timeline {
		n := len(y.Events)
		if k := len(chunks); k == 0 || sizes[k-1]+n > site.TimelinePartSize {
			chunks, sizes = append(chunks, nil), append(sizes, 0)
		}
		k := len(chunks) - 1
		chunks[k], sizes[k] = append(chunks[k], y), sizes[k]+n
	}
	parts := make([]PageOf, len(chunks))
	partOf := map[int]int{} // year -> part
	for i, c := range chunks {
		first, last := c[0].Year, c[len(c)-1].Year
		label, slug := strconv.Itoa(first), strconv.Itoa(first)
		if last != first {
			label += "–" + strconv.Itoa(last)
			slug += "-" + strconv.Itoa(last)
		}
		parts[i] = PageOf{Num: i + 1, URL: site.TimelineURL + slug + "/", Label: label}
		for _, y := range c {
			partOf[y.Year] = i
		}
	}
	// hrefs gives the parts as linked from the page at url.
	hrefs := func(url string) []PageOf {
		own := make([]PageOf, len(parts))
		copy(own, parts)
		for i := range own {
			own[i].Href = s.Link(url, own[i].URL)
		}
		return own
	}
	index := &Page{Kind: "timeline", Title: "Timeline", URL: site.TimelineURL}
	ix := &TimelineParts{Pager: &Pager{Pages: hrefs(index.URL), Name: "Parts of the timeline"}, Events: sizes, Total: total}
	ix.Bars = bars(s.Timeline, func(year int) string { return ix.Pages[partOf[year]].Href + "#y" + strconv.Itoa(year) })
	index.TimelineParts = ix
	pages := []*Page{index}
	for i, c := range chunks {
		url := parts[i].URL
		pages = append(pages, &Page{
			Kind: "timeline", Title: "Timeline, " + parts[i].Label, URL: url, Timeline: c,
			TimelineParts: &TimelineParts{Pager: &Pager{Pages: hrefs(url), Num: i + 1, Name: "Parts of the timeline"}, Events: sizes, Total: total},
		})
	}
	return pages
}

// Here is the events of this part.
func (t *TimelineParts) Here() int { return t.Events[t.Num-1] }

// Label is this part's years: "1950–1961".
func (t *TimelineParts) Label() string { return t.Pages[t.Num-1].Label }

// timelineBars is the overview strip of a timeline on one page: each year
// links to its heading.
func timelineBars(years []*site.Year) []TimelineBar {
	return bars(years, func(year int) string { return "#y" + strconv.Itoa(year) })
}

// bars is the overview strip of years (see site.Overview), each year with
// events linked to href(year).
func bars(years []*site.Year, href func(year int) string) []TimelineBar {
	var out []TimelineBar
	for _, c := range site.Overview(years) {
		b := TimelineBar{YearCount: c}
		if c.Events > 0 {
			b.Href = href(c.Year)
		}
		out = append(out, b)
	}
	return out
}
