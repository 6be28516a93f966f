package brief

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"gopkg.in/yaml.v3"
)

// matter is a brief's front matter as a YAML node tree, whatever format it was
// written in, with node positions translated to lines of the whole file.
type matter struct {
	format string     // "yaml", "toml", "json" or "" when there is none
	root   *yaml.Node // a mapping node, or nil
	line   int        // line of the first front-matter byte in the file
}

// split separates front matter from the body using adrg/frontmatter and
// decodes the front matter. bodyLine is the 1-based line of body[0].
func split(file string, data []byte) (m matter, body []byte, bodyLine int, diags diag.List) {
	var raw []byte
	capture := func(format string) frontmatter.UnmarshalFunc {
		return func(b []byte, _ any) error {
			m.format, raw = format, b
			return nil
		}
	}
	formats := matterFormats(capture)
	// The delimiter is the first non-blank line.
	first, firstLine := firstNonBlank(data)
	if !opensMatter(string(first)) {
		// What frontmatter.Parse would find, without its copy of the
		// whole note: no front matter.
		return m, data, 1, diags
	}
	r := &stopReader{data: data, stop: &m.format}
	br := readers.Get().(*bufio.Reader)
	br.Reset(r)
	rest, err := frontmatter.Parse(br, nil, formats...)
	br.Reset(nil)
	readers.Put(br)
	if err != nil {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "front matter: %v", err)
		return m, data, 1, diags
	}
	// The body is the end of data: keep it there, not in the parser's
	// copy (of what it read: the reader stops once the front matter is
	// found).
	rest = data[r.off-len(rest):]
	bodyLine = 1 + bytes.Count(data[:len(data)-len(rest)], []byte("\n"))
	if m.format == "" {
		switch string(first) {
		case "---", "+++", ";;;", "---yaml", "---toml", "---json":
			diags.Errorf(diag.Pos{File: file, Line: firstLine, Col: 1},
				"front matter: opened with %q but never closed; add a line with %q after the last field",
				first, closing(string(first)))
		}
		return m, rest, bodyLine, diags
	}
	m.line = firstLine + 1
	if string(first) == "{" {
		m.line = firstLine
	}

	// Template placeholders ({{date}}) parse as YAML, into nonsense.
	for i, line := range placeholderLines(raw) {
		if o := strings.Index(line, "{{"); o >= 0 && strings.Contains(line[o:], "}}") {
			diags.Errorf(diag.Pos{File: file, Line: m.line + i, Col: len([]rune(line[:o])) + 1},
				"front matter: template placeholder %s is not filled in; fill it in, or skip template folders with ignore: in lodestone.yaml", line[o:o+strings.Index(line[o:], "}}")+2])
			return m, rest, bodyLine, diags
		}
	}

	var doc yaml.Node
	switch m.format {
	case "yaml":
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			d := YAMLErrorAt(file, m.line, raw, err)
			d.Msg = "front matter: " + d.Msg
			diags.Add(d)
			return m, rest, bodyLine, diags
		}
		newYAMLLines(raw, m.line).relocate(&doc)
		duplicateKeys(file, &doc, &diags)
	case "toml", "json":
		var v map[string]any
		var err error
		if m.format == "toml" {
			_, err = toml.Decode(string(raw), &v)
		} else if err = json.Unmarshal(raw, &v); err == nil {
			if key, first, second := jsonDuplicate(raw); key != "" {
				lines := diag.NewLines(raw, m.line)
				firstLine, _ := lines.Pos(first)
				line, col := lines.Pos(second)
				diags.Errorf(diag.Pos{File: file, Line: line, Col: col},
					"front matter (json): %s: duplicate key; first set on line %d", key, firstLine)
			}
		}
		if err != nil {
			if m.format == "toml" {
				diags.Add(tomlError(file, m.line, raw, err))
			} else {
				diags.Add(jsonError(file, m.line, raw, err))
			}
			return m, rest, bodyLine, diags
		}
		var root yaml.Node
		if err := root.Encode(v); err != nil {
			diags.Errorf(diag.Pos{File: file, Line: m.line, Col: 1}, "front matter: %v", err)
			return m, rest, bodyLine, diags
		}
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{&root}}
		locateKeys(&doc, raw, m.format)
		shift(&doc, m.line-1)
	}
	if len(doc.Content) == 0 {
		return m, rest, bodyLine, diags // empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Errorf(diag.Pos{File: file, Line: root.Line, Col: root.Column},
			"front matter: expected key: value pairs, got a %s", kindName(root))
		return m, rest, bodyLine, diags
	}
	m.root = root
	return m, rest, bodyLine, diags
}

func closing(open string) string {
	switch open {
	case "+++", ";;;":
		return open
	}
	return "---"
}

// matterFormats are the front-matter formats split reads, each handing
// what it finds to the function capture gives for its format name.
func matterFormats(capture func(format string) frontmatter.UnmarshalFunc) []*frontmatter.Format {
	return []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("---yaml", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("toml")),
		frontmatter.NewFormat("---toml", "---", capture("toml")),
		frontmatter.NewFormat(";;;", ";;;", capture("json")),
		frontmatter.NewFormat("---json", "---", capture("json")),
		{Start: "{", End: "}", Unmarshal: capture("json"), UnmarshalDelims: true, RequiresNewLine: true},
	}
}

// opensMatter reports whether line (trimmed) opens front matter in one of
// the formats split reads.
func opensMatter(line string) bool {
	switch line {
	case "---", "---yaml", "+++", "---toml", ";;;", "---json", "{":
		return true
	}
	return false
}

// stopReader reads data a line at a time until *stop is set (by the
// front-matter parser's unmarshal function, once it has the front
// matter), then ends: the parser, which reads lines and then everything
// after the front matter into a buffer of its own, copies nothing of the
// body. off is how far it has read.
type stopReader struct {
	data []byte
	off  int
	stop *string
}

func (r *stopReader) Read(p []byte) (int, error) {
	if *r.stop != "" || r.off >= len(r.data) {
		return 0, io.EOF
	}
	line := r.data[r.off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	n := copy(p, line)
	r.off += n
	return n, nil
}

// readers are the buffered readers the front-matter parser reads through
// (it takes a *bufio.Reader as it is, and would make one per note).
var readers = sync.Pool{New: func() any { return bufio.NewReader(nil) }}

func firstNonBlank(data []byte) (line []byte, n int) {
	for n = 1; len(data) > 0; n++ {
		l, rest, _ := bytes.Cut(data, []byte("\n"))
		if t := bytes.TrimSpace(l); len(t) > 0 {
			return t, n
		}
		data = rest
	}
	return nil, n
}

// locateKeys gives the top-level keys of a TOML or JSON document, which have
// no positions after re-encoding, the line and column where each is written.
func locateKeys(doc *yaml.Node, raw []byte, format string) {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return
	}
	lines := diag.NewLines(raw, 1)
	m := doc.Content[0]
	m.Line, m.Column = 1, 1
	for i := 0; i+1 < len(m.Content); i += 2 {
		key := m.Content[i].Value
		var re *regexp.Regexp
		if format == "json" {
			re = regexp.MustCompile(`"` + regexp.QuoteMeta(key) + `"\s*:\s*`)
		} else {
			// key = value, or a table: [key] or [[key]].
			re = regexp.MustCompile(`(?m)^[ \t]*(?:\[\[?[ \t]*)?"?` + regexp.QuoteMeta(key) + `"?[ \t]*(?:=|\]\]?)[ \t]*`)
		}
		if loc := re.FindIndex(raw); loc != nil {
			k := loc[0]
			for k < len(raw) && (raw[k] == ' ' || raw[k] == '\t' || raw[k] == '[') {
				k++
			}
			m.Content[i].Line, m.Content[i].Column = lines.Pos(k)
			line, col := lines.Pos(loc[1])
			if bytes.HasSuffix(bytes.TrimRight(raw[loc[0]:loc[1]], " \t"), []byte("]")) {
				line, col = m.Content[i].Line, m.Content[i].Column // a table: its values follow
			}
			place(m.Content[i+1], line, col)
		}
	}
}

// place gives n and every node below it the position line:col: the nodes of
// a TOML or JSON value have none of their own.
func place(n *yaml.Node, line, col int) {
	n.Line, n.Column = line, col
	for _, c := range n.Content {
		place(c, line, col)
	}
}

// shift moves every node's line by delta so lines count from the top of the
// file rather than from the first front-matter line. Nodes without a
// position are left at zero.
func shift(n *yaml.Node, delta int) {
	if n.Line > 0 {
		n.Line += delta
	}
	for _, c := range n.Content {
		shift(c, delta)
	}
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.ScalarNode:
		if n.Tag == "!!str" {
			return fmt.Sprintf("string %q", n.Value)
		}
		return fmt.Sprintf("%s", n.Value)
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}

// placeholderLines are the lines of raw front matter if it may hold a
// template placeholder ({{), else none.
func placeholderLines(raw []byte) []string {
	if !bytes.Contains(raw, []byte("{{")) {
		return nil
	}
	return strings.Split(string(raw), "\n")
}
