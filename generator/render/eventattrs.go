package render

import (
	"html/template"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/site"
)

// eventFilters is the template function "filters": an event's types,
// tags, places and dates as the data- attributes js/timeline.js filters
// by (` data-type="…" data-tags="…" data-place="a|b" data-from="…"
// data-to="…"`), each value escaped as html/template escapes a quoted
// attribute's (appendText). The site timeline has a row for every event of the site,
// and the five attributes written out in the template took eleven calls
// through reflection a row; this is one.
func eventFilters(e site.Event) template.HTMLAttr {
	return template.HTMLAttr(appendFilters(nil, e))
}

// appendFilters appends the attributes eventFilters writes to dst.
func appendFilters(dst []byte, e site.Event) []byte {
	attr := func(name, value string) {
		dst = append(dst, ` data-`...)
		dst = append(dst, name...)
		dst = append(dst, `="`...)
		dst = appendText(dst, value)
		dst = append(dst, '"')
	}
	attr("type", e.Types())
	attr("tags", e.Tags())
	attr("place", strings.Join(e.Jurisdictions(), "|"))
	attr("from", e.From())
	attr("to", e.To())
	return dst
}
