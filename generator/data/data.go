// Package data reads tabular data files — CSV and YAML (a list of
// mappings) — into Tables that briefs can show (![[data/reserves.csv]], a
// ```table block) and chart. Errors name the file, line and column.
package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"gopkg.in/yaml.v3"
)

// Table is a data file's rows under named columns. Cells are text as
// written; Number reports whether a cell reads as a number.
type Table struct {
	File    string // slash path from the site root, for messages
	Columns []string
	Rows    [][]string
}

// Exts are the file extensions Parse reads.
var Exts = map[string]bool{".csv": true, ".yaml": true, ".yml": true}

// Parse reads a data file. file is its slash path from the site root.
func Parse(file string, b []byte) (*Table, *diag.Diagnostic) {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	switch strings.ToLower(path.Ext(file)) {
	case ".csv":
		return parseCSV(file, b)
	case ".yaml", ".yml":
		return parseYAML(file, b)
	}
	return nil, &diag.Diagnostic{Pos: diag.Pos{File: file}, Msg: "data: not a .csv, .yaml or .yml file"}
}

func parseCSV(file string, b []byte) (*Table, *diag.Diagnostic) {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 0 // every row as long as the header
	var t Table
	t.File = file
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				msg := pe.Err.Error()
				if errors.Is(pe.Err, csv.ErrFieldCount) {
					cells := "cells"
					if len(rec) == 1 {
						cells = "cell"
					}
					msg = fmt.Sprintf("row has %d %s, the header has %d", len(rec), cells, len(t.Columns))
				}
				return nil, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: pe.Line, Col: pe.Column}, Msg: "bad CSV: " + msg}
			}
			return nil, &diag.Diagnostic{Pos: diag.Pos{File: file}, Msg: "bad CSV: " + err.Error()}
		}
		if t.Columns == nil {
			for i := range rec {
				rec[i] = strings.TrimSpace(rec[i])
			}
			t.Columns = rec
			continue
		}
		t.Rows = append(t.Rows, rec)
	}
	if t.Columns == nil {
		return nil, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: 1}, Msg: "bad CSV: empty file; the first row names the columns"}
	}
	return &t, nil
}

func parseYAML(file string, b []byte) (*Table, *diag.Diagnostic) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, &diag.Diagnostic{Pos: diag.Pos{File: file}, Msg: "bad YAML: " + err.Error()}
	}
	t := &Table{File: file}
	if len(doc.Content) == 0 {
		return t, nil
	}
	list := doc.Content[0]
	if list.Kind != yaml.SequenceNode {
		return nil, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: list.Line, Col: list.Column}, Msg: "data: expected a list of rows (- column: value)"}
	}
	var rows []map[string]string
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			return nil, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: item.Line, Col: item.Column}, Msg: "data: expected a row of column: value pairs"}
		}
		row := map[string]string{}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i].Value, item.Content[i+1]
			if v.Kind != yaml.ScalarNode {
				return nil, &diag.Diagnostic{Pos: diag.Pos{File: file, Line: v.Line, Col: v.Column}, Msg: fmt.Sprintf("data: %s: expected a single value", k)}
			}
			if !slices.Contains(t.Columns, k) {
				t.Columns = append(t.Columns, k)
			}
			row[k] = v.Value
		}
		rows = append(rows, row)
	}
	for _, row := range rows {
		cells := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cells[i] = row[c]
		}
		t.Rows = append(t.Rows, cells)
	}
	return t, nil
}

// Column returns the index of the named column (case-insensitive), or -1.
func (t *Table) Column(name string) int {
	for i, c := range t.Columns {
		if strings.EqualFold(c, name) {
			return i
		}
	}
	return -1
}

// Number reads a cell as a number ("44,000,000", "1.5", "-3"), reporting
// whether it is one.
func Number(cell string) (float64, bool) {
	s := strings.ReplaceAll(strings.TrimSpace(cell), ",", "")
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}
