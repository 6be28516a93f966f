package render

import (
	"cmp"
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/changes"
	"github.com/lodestone-ssg/lodestone/generator/site"
)

// absURL joins the site's base URL and a site URL. Without a base URL the
// result stays relative to the site root, which is what the sitemap and feed
// can do best.
func absURL(s *site.Site, u string) string {
	base := s.Config.BaseURL
	if base == "" {
		if u == "" {
			return "./"
		}
		return u
	}
	return strings.TrimSuffix(base, "/") + "/" + u
}

func lastMod(p *site.Page) brief.Date {
	if !p.Updated.IsZero() {
		return p.Updated
	}
	return p.Date
}

func sitemap(s *site.Site, jobs []job) []byte {
	type url struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	type urlset struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []url    `xml:"url"`
	}
	var set urlset
	for _, j := range jobs {
		if j.kind() == "404" {
			continue
		}
		u := url{Loc: absURL(s, j.url())}
		if b := j.ownBrief(); b != nil {
			if d := lastMod(b); !d.IsZero() && d.Month > 0 && d.Quarter == 0 {
				u.LastMod = d.Machine()
			}
		}
		set.URLs = append(set.URLs, u)
	}
	b, _ := xml.MarshalIndent(set, "", " ")
	return append([]byte(xml.Header), b...)
}

// feed is an Atom feed of the 50 most recently dated briefs. With ch (a
// build with --since REV) it starts with an entry for each brief added or
// changed since REV, dated at the build and linking to the brief, its
// summary saying what changed; its id names REV's commit, so the next
// --since gives new entries.
func feed(s *site.Site, now time.Time, ch *changes.Report) []byte {
	type link struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr,omitempty"`
	}
	type entry struct {
		Title   string `xml:"title"`
		ID      string `xml:"id"`
		Link    link   `xml:"link"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary,omitempty"`
	}
	type atom struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		ID      string   `xml:"id"`
		Links   []link   `xml:"link"`
		Updated string   `xml:"updated"`
		Author  struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Entries []entry `xml:"entry"`
	}
	pages := slices.Clone(s.Pages)
	slices.SortStableFunc(pages, func(a, b *site.Page) int {
		return cmp.Or(lastMod(b).Compare(lastMod(a)), cmp.Compare(a.URL, b.URL))
	})
	id := func(u string) string {
		if s.Config.BaseURL != "" {
			return absURL(s, u)
		}
		return feedUUID(s.Root.Title, u)
	}
	feedID := absURL(s, "feed.xml")
	if s.Config.BaseURL == "" {
		feedID = feedUUID(s.Root.Title, "\x00feed")
	}
	f := atom{Title: s.Root.Title, ID: feedID, Links: []link{{Href: absURL(s, "feed.xml"), Rel: "self"}, {Href: absURL(s, "")}}}
	f.Author.Name = s.Root.Title
	newest := time.Time{}
	if ch != nil {
		for _, l := range []struct {
			what   string
			briefs []changes.Brief
		}{{"Changed", ch.Changed}, {"Added", ch.Added}} {
			for _, b := range l.briefs {
				if len(f.Entries) == 50 {
					break
				}
				newest = now.UTC()
				u := absURL(s, b.URL)
				f.Entries = append(f.Entries, entry{Title: l.what + ": " + b.Title, ID: feedUUID(s.Root.Title, b.URL+"\x00since\x00"+ch.From.Commit+"\x00"+ch.To.Commit),
					Link: link{Href: u}, Updated: newest.Format(time.RFC3339), Summary: changeSummary(ch, b)})
			}
		}
	}
	for _, p := range pages {
		if len(f.Entries) == 50 || lastMod(p).IsZero() {
			continue
		}
		t := lastMod(p).Time()
		if t.After(newest) {
			newest = t
		}
		f.Entries = append(f.Entries, entry{Title: p.Title, ID: id(p.URL), Link: link{Href: absURL(s, p.URL)}, Updated: t.Format(time.RFC3339), Summary: p.Summary})
	}
	if newest.IsZero() {
		newest = now.UTC()
	}
	f.Updated = newest.Format(time.RFC3339)
	b, _ := xml.MarshalIndent(f, "", " ")
	return append([]byte(xml.Header), b...)
}

// changeSummary says what changed in b since ch.From, in a line.
func changeSummary(ch *changes.Report, b changes.Brief) string {
	var parts []string
	for _, f := range b.Figures {
		parts = append(parts, f.Label+": "+f.Change())
	}
	if n := len(b.Events); n > 0 {
		parts = append(parts, plural2(n, "event", "events")+" added")
	}
	if n := len(b.Sources); n > 0 {
		parts = append(parts, plural2(n, "source", "sources")+" added")
	}
	s := "Since " + ch.From.String()
	if len(parts) == 0 {
		return s + ": the text changed."
	}
	return s + ": " + strings.Join(parts, "; ") + "."
}

func plural2(n int, one, many string) string { return fmt.Sprintf("%d %s", n, plural(n, one, many)) }

// feedUUID is an Atom id for a site without a base URL: a name-based UUID
// (RFC 9562, version 5) of the site's title and a page's URL, so that ids
// are unique within the feed, differ between sites and stay the same from
// build to build. The feed's own id uses a name no URL can have.
func feedUUID(title, u string) string {
	h := sha1.Sum([]byte("lodestone\x00" + title + "\x00" + u))
	h[6] = h[6]&0x0f | 0x50 // version 5
	h[8] = h[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// robots allows everything and names the sitemap, which robots.txt requires
// to be absolute: without a base URL the line is left out.
func robots(s *site.Site) []byte {
	out := "User-agent: *\nAllow: /\n"
	if s.Config.BaseURL != "" {
		out += "Sitemap: " + absURL(s, "sitemap.xml") + "\n"
	}
	return []byte(out)
}
