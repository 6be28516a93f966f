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
// attribute's. The site timeline has a row for every event of the site,
// and the five attributes written out in the template took eleven calls
// through reflection a row; this is one.
func eventFilters(e site.Event) template.HTMLAttr {
	var b strings.Builder
	attr := func(name, value string) {
		b.WriteString(` data-`)
		b.WriteString(name)
		b.WriteString(`="`)
		attrValues.WriteString(&b, value)
		b.WriteByte('"')
	}
	attr("type", e.Types())
	attr("tags", e.Tags())
	attr("place", strings.Join(e.Jurisdictions(), "|"))
	attr("from", e.From())
	attr("to", e.To())
	return template.HTMLAttr(b.String())
}

// attrValues escapes text for a quoted attribute value as html/template
// does (its attrEscaper: these characters, and no others, whatever the
// rest of the text is).
var attrValues = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")
