package markdown

import (
	"bytes"
	"slices"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// KindCitation is the node kind of Citation.
var KindCitation = ast.NewNodeKind("Citation")

// Citation is an inline citation of front-matter sources by id:
// [@usgs-mcs-2025] or [@usgs-mcs-2025; @mp-10k-2024]. The site stage numbers
// the sources of each page and sets Numbers (0 where an id is unknown);
// each renders as a link to the page's reference list.
type Citation struct {
	ast.BaseInline
	IDs     []string
	Numbers []int
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"IDs": strings.Join(n.IDs, ";")}, nil)
}

type citationParser struct{}

func (citationParser) Trigger() []byte { return []byte{'['} }

// Parse accepts [@id] and [@id; @id …] on one line; ids are letters,
// digits and -_.:/ characters.
func (citationParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 4 || line[1] != '@' {
		return nil
	}
	end := bytes.IndexByte(line, ']')
	if end < 0 {
		return nil
	}
	if end+1 < len(line) && (line[end+1] == '(' || line[end+1] == '[') {
		// [@name](https://…) is a link (a mention, in CommonMark), as is
		// [@name][ref]: the link parser reads it.
		return nil
	}
	var ids []string
	for _, part := range strings.Split(string(line[1:end]), ";") {
		id, ok := strings.CutPrefix(strings.TrimSpace(part), "@")
		if !ok || id == "" || strings.IndexFunc(id, func(r rune) bool {
			return !(r == '-' || r == '_' || r == '.' || r == ':' || r == '/' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) >= 0 {
			return nil
		}
		ids = append(ids, id)
	}
	n := &Citation{IDs: ids}
	n.SetPos(seg.Start)
	block.Advance(end + 1)
	return n
}

type citationRenderer struct{}

func (citationRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindCitation, func(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		n := node.(*Citation)
		_, _ = w.WriteString(CiteHTML(n.IDs, n.Numbers))
		return ast.WalkSkipChildren, nil
	})
}

// CiteHTML is a citation of ids, linked to the reference list by number
// (0 or missing: an unknown id, shown as written; a citation of unknown
// ids only is the text "[@a; @b]", marked, with no superscript).
func CiteHTML(ids []string, numbers []int) string {
	var b strings.Builder
	if !slices.ContainsFunc(numbers, func(n int) bool { return n != 0 }) {
		// No source known: the citation as written, marked.
		b.WriteString(`<span class="cite-missing" title="No source has this id">[`)
		for i, id := range ids {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString("@" + string(util.EscapeHTML([]byte(id))))
		}
		b.WriteString(`]</span>`)
		return b.String()
	}
	b.WriteString(`<sup class="cite">`)
	for i, id := range ids {
		if i > 0 {
			b.WriteString(",")
		}
		num := 0
		if i < len(numbers) {
			num = numbers[i]
		}
		if num == 0 {
			b.WriteString(`<span class="cite-missing" title="No source has this id">@` + string(util.EscapeHTML([]byte(id))) + `</span>`)
			continue
		}
		b.WriteString(`<a href="#ref-` + strconv.Itoa(num) + `" role="doc-noteref">[` + strconv.Itoa(num) + `]</a>`)
	}
	b.WriteString(`</sup>`)
	return b.String()
}
