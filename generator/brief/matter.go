package brief

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

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
	formats := []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", capture("yaml")),
		frontmatter.NewFormat("---yaml", "---", capture("yaml")),
		frontmatter.NewFormat("+++", "+++", capture("toml")),
		frontmatter.NewFormat("---toml", "---", capture("toml")),
		frontmatter.NewFormat(";;;", ";;;", capture("json")),
		frontmatter.NewFormat("---json", "---", capture("json")),
		{Start: "{", End: "}", Unmarshal: capture("json"), UnmarshalDelims: true, RequiresNewLine: true},
	}
	rest, err := frontmatter.Parse(bytes.NewReader(data), nil, formats...)
	if err != nil {
		diags.Errorf(diag.Pos{File: file, Line: 1}, "front matter: %v", err)
		return m, data, 1, diags
	}
	bodyLine = 1 + bytes.Count(data[:len(data)-len(rest)], []byte("\n"))

	// The delimiter is the first non-blank line.
	first, firstLine := firstNonBlank(data)
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
	for i, line := range strings.Split(string(raw), "\n") {
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
			d := YAMLError(file, m.line, err)
			d.Msg = "front matter: " + d.Msg
			diags.Add(d)
			return m, rest, bodyLine, diags
		}
	case "toml", "json":
		var v map[string]any
		var err error
		if m.format == "toml" {
			_, err = toml.Decode(string(raw), &v)
		} else {
			err = json.Unmarshal(raw, &v)
		}
		if err != nil {
			diags.Add(foreignError(file, m.line, raw, m.format, err))
			return m, rest, bodyLine, diags
		}
		var root yaml.Node
		if err := root.Encode(v); err != nil {
			diags.Errorf(diag.Pos{File: file, Line: m.line}, "front matter: %v", err)
			return m, rest, bodyLine, diags
		}
		doc = yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{&root}}
		locateKeys(&doc, raw, m.format)
	}
	if len(doc.Content) == 0 {
		return m, rest, bodyLine, diags // empty front matter
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		diags.Errorf(diag.Pos{File: file, Line: m.line + root.Line - 1, Col: root.Column},
			"front matter: expected key: value pairs, got a %s", kindName(root))
		return m, rest, bodyLine, diags
	}
	shift(root, m.line-1)
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

// shift moves every node's line by delta so lines count from the top of the
// file rather than from the first front-matter line. Nodes without a position
// (TOML and JSON values) are left at zero.
func shift(n *yaml.Node, delta int) {
	if n.Line > 0 {
		n.Line += delta
	}
	for _, c := range n.Content {
		shift(c, delta)
	}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// YAMLError turns a yaml.v3 syntax error in a YAML document whose first line
// is line first of file into a positioned diagnostic, with a hint for the most
// common slip: an unquoted colon inside a value.
func YAMLError(file string, first int, err error) diag.Diagnostic {
	msg := err.Error()
	pos := diag.Pos{File: file, Line: first}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		pos.Line = first + n - 1
		msg = msg[len(m[0]):]
	}
	hint := ""
	switch {
	case strings.Contains(msg, "mapping values are not allowed"):
		hint = ` (a value that contains ": " must be quoted, e.g. title: "NdPr: the basics")`
	case strings.Contains(msg, "cannot start any token"):
		hint = " (a value starting with @ or ` must be quoted, e.g. - \"@name\")"
	}
	return diag.Diagnostic{Pos: pos, Msg: msg + hint}
}

var tomlLine = regexp.MustCompile(`[Ll]ine (\d+)`)

func foreignError(file string, first int, raw []byte, format string, err error) diag.Diagnostic {
	pos := diag.Pos{File: file, Line: first}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		pos.Line, pos.Col = diag.NewLines(raw, first).Pos(int(syn.Offset) - 1)
	case errors.As(err, &typ):
		pos.Line, pos.Col = diag.NewLines(raw, first).Pos(int(typ.Offset) - 1)
	default:
		if m := tomlLine.FindStringSubmatch(err.Error()); m != nil {
			n, _ := strconv.Atoi(m[1])
			pos.Line = first + n - 1
		}
	}
	return diag.Diagnostic{Pos: pos, Msg: fmt.Sprintf("front matter (%s): %v", format, err)}
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
			re = regexp.MustCompile(`(?m)^[ \t]*"?` + regexp.QuoteMeta(key) + `"?[ \t]*=[ \t]*`)
		}
		if loc := re.FindIndex(raw); loc != nil {
			k := loc[0]
			for k < len(raw) && (raw[k] == ' ' || raw[k] == '\t') {
				k++
			}
			m.Content[i].Line, m.Content[i].Column = lines.Pos(k)
			m.Content[i+1].Line, m.Content[i+1].Column = lines.Pos(loc[1])
		}
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
