package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
)

// Doc is a PDF as Chromium writes it (Skia's PDF 1.4: every object plain
// in the file, no object streams), read just enough to find its pages,
// their links and text, and where each named destination lands. It is no
// general PDF reader: Print reads its own output with it, and tests
// check the printed files.
type Doc struct {
	data  []byte
	objs  map[int][]byte // object number → its text between "obj" and "endobj"
	pages []int          // the page objects, in order
}

// Link is a link annotation of a page: Dest is a named destination inside
// the document, URI an address outside it.
type Link struct {
	Dest, URI string
}

var (
	objStart = regexp.MustCompile(`(?m)^(\d+) 0 obj\s`)
	refRe    = regexp.MustCompile(`(\d+) 0 R`)
)

// Read indexes the objects of a PDF and its page tree.
func Read(data []byte) (*Doc, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		return nil, errors.New("pdf: not a PDF (no %PDF- header)")
	}
	d := &Doc{data: data, objs: map[int][]byte{}}
	for _, m := range objStart.FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		end := bytes.Index(data[m[1]:], []byte("endobj"))
		if end < 0 {
			return nil, fmt.Errorf("pdf: object %d has no end", n)
		}
		d.objs[n] = data[m[1] : m[1]+end]
	}
	catalog := -1
	for n, b := range d.objs {
		if bytes.Contains(b, []byte("/Type /Catalog")) {
			catalog = n
		}
	}
	if catalog < 0 {
		return nil, errors.New("pdf: no catalog")
	}
	root, ok := d.ref(d.objs[catalog], "/Pages")
	if !ok {
		return nil, errors.New("pdf: no page tree")
	}
	if err := d.walkPages(root, 0); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Doc) walkPages(n, depth int) error {
	b, ok := d.objs[n]
	if !ok || depth > 32 {
		return fmt.Errorf("pdf: bad page tree at object %d", n)
	}
	if !bytes.Contains(b, []byte("/Type /Pages")) {
		d.pages = append(d.pages, n)
		return nil
	}
	kids := d.array(b, "/Kids")
	for _, m := range refRe.FindAllSubmatch(kids, -1) {
		k, _ := strconv.Atoi(string(m[1]))
		if err := d.walkPages(k, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// ref is the object number that key names in dict ("/Key 12 0 R").
func (d *Doc) ref(dict []byte, key string) (int, bool) {
	i := bytes.Index(dict, []byte(key+" "))
	if i < 0 {
		return 0, false
	}
	m := refRe.FindSubmatch(dict[i+len(key)+1:])
	if m == nil || !bytes.HasPrefix(dict[i+len(key)+1:], m[0]) {
		return 0, false
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n, true
}

// array is the text of the array key names in dict, without its brackets.
func (d *Doc) array(dict []byte, key string) []byte {
	i := bytes.Index(dict, []byte(key+" ["))
	if i < 0 {
		if n, ok := d.ref(dict, key); ok { // the array is an object of its own
			b := bytes.TrimSpace(d.objs[n])
			return bytes.Trim(b, "[]")
		}
		return nil
	}
	rest := dict[i+len(key)+2:]
	if j := bytes.IndexByte(rest, ']'); j >= 0 {
		return rest[:j]
	}
	return nil
}

// Pages is the number of pages.
func (d *Doc) Pages() int { return len(d.pages) }

// Title is the document's title (its Info dictionary's /Title).
func (d *Doc) Title() string {
	for _, b := range d.objs {
		if i := bytes.Index(b, []byte("/Title ")); i >= 0 && bytes.Contains(b, []byte("/Producer")) {
			s, _ := pdfString(b[i+len("/Title "):])
			return s
		}
	}
	return ""
}

// Dests maps each named destination to the page it lands on (1 for the
// first page).
func (d *Doc) Dests() map[string]int {
	out := map[string]int{}
	var cat []byte
	for _, b := range d.objs {
		if bytes.Contains(b, []byte("/Type /Catalog")) {
			cat = b
		}
	}
	n, ok := d.ref(cat, "/Dests")
	if !ok {
		return out
	}
	page := map[int]int{}
	for i, p := range d.pages {
		page[p] = i + 1
	}
	// <</name [12 0 R /XYZ x y 0] ...>>
	for _, m := range destRe.FindAllSubmatch(d.objs[n], -1) {
		p, _ := strconv.Atoi(string(m[2]))
		if pg, ok := page[p]; ok {
			out[pdfName(m[1])] = pg
		}
	}
	return out
}

var (
	destRe = regexp.MustCompile(`/([^\s/\[\]<>()]*)\s*\[(\d+) 0 R /XYZ`)
	linkRe = regexp.MustCompile(`/Dest /([^\s/\[\]<>()]*)|/URI \(((?:[^()\\]|\\.)*)\)`)
)

// pdfName decodes a name's #xx escapes.
func pdfName(b []byte) string {
	s := string(b)
	if !strings.Contains(s, "#") {
		return s
	}
	var out strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				out.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		out.WriteByte(s[i])
	}
	return out.String()
}

// Links lists the link annotations of page i (1 for the first).
func (d *Doc) Links(i int) []Link {
	if i < 1 || i > len(d.pages) {
		return nil
	}
	var out []Link
	for _, m := range refRe.FindAllSubmatch(d.array(d.objs[d.pages[i-1]], "/Annots"), -1) {
		n, _ := strconv.Atoi(string(m[1]))
		a := d.objs[n]
		if !bytes.Contains(a, []byte("/Subtype /Link")) {
			continue
		}
		if l := linkRe.FindSubmatch(a); l != nil {
			if l[1] != nil {
				out = append(out, Link{Dest: pdfName(l[1])})
			} else {
				s, _ := pdfString(append(append([]byte("("), l[2]...), ')'))
				out = append(out, Link{URI: s})
			}
		}
	}
	return out
}

// stream is the decoded content of a stream object.
func (d *Doc) stream(n int) ([]byte, error) {
	b := d.objs[n]
	i := bytes.Index(b, []byte("stream"))
	j := bytes.LastIndex(b, []byte("endstream"))
	if i < 0 || j < i {
		return nil, fmt.Errorf("pdf: object %d is no stream", n)
	}
	raw := b[i+len("stream") : j]
	raw = bytes.TrimPrefix(bytes.TrimPrefix(raw, []byte("\r")), []byte("\n"))
	if !bytes.Contains(b[:i], []byte("/FlateDecode")) {
		return raw, nil
	}
	r, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("pdf: object %d: %w", n, err)
	}
	out, err := io.ReadAll(r)
	if err != nil && len(out) == 0 {
		return nil, fmt.Errorf("pdf: object %d: %w", n, err)
	}
	return out, nil
}

// Text is the text shown on page i (1 for the first), as its fonts'
// ToUnicode maps give it, in the order it is drawn. Runs of text drawn
// apart are joined by a space; the words of a line are close enough to
// search for a title.
func (d *Doc) Text(i int) string {
	if i < 1 || i > len(d.pages) {
		return ""
	}
	pg := d.objs[d.pages[i-1]]
	// The page's fonts: /Font <</F4 4 0 R /F5 5 0 R>>.
	fonts := map[string]map[uint16]string{}
	if k := bytes.Index(pg, []byte("/Font <<")); k >= 0 {
		rest := pg[k+len("/Font <<"):]
		if e := bytes.Index(rest, []byte(">>")); e >= 0 {
			for _, m := range fontRe.FindAllSubmatch(rest[:e], -1) {
				n, _ := strconv.Atoi(string(m[2]))
				fonts[string(m[1])] = d.toUnicode(n)
			}
		}
	}
	var out strings.Builder
	for _, m := range refRe.FindAllSubmatch(contents(pg), -1) {
		n, _ := strconv.Atoi(string(m[1]))
		s, err := d.stream(n)
		if err != nil {
			continue
		}
		var cmap map[uint16]string
		for _, op := range textOps.FindAllSubmatch(s, -1) {
			switch {
			case op[1] != nil:
				cmap = fonts[string(op[1])]
			case op[2] != nil:
				for _, h := range hexRe.FindAll(op[2], -1) {
					out.WriteString(decodeGlyphs(h, cmap))
				}
				if bytes.HasPrefix(op[0], []byte("[")) {
					out.WriteByte(' ')
				}
			case op[3] != nil:
				out.WriteString(decodeGlyphs(op[3], cmap))
			case op[4] != nil: // a new line or text object
				out.WriteByte(' ')
			}
		}
	}
	return strings.Join(strings.Fields(ligatures.Replace(out.String())), " ")
}

// ligatures spells out the ligatures a font may draw for letters.
var ligatures = strings.NewReplacer("\uFB00", "ff", "\uFB01", "fi", "\uFB02", "fl", "\uFB03", "ffi", "\uFB04", "ffl", "\uFB05", "st", "\uFB06", "st")

// contents is the /Contents of a page: one reference or an array of them.
func contents(pg []byte) []byte {
	i := bytes.Index(pg, []byte("/Contents "))
	if i < 0 {
		return nil
	}
	rest := pg[i+len("/Contents "):]
	if bytes.HasPrefix(rest, []byte("[")) {
		if j := bytes.IndexByte(rest, ']'); j >= 0 {
			return rest[:j]
		}
	}
	if m := refRe.Find(rest); m != nil {
		return m
	}
	return nil
}

var (
	fontRe = regexp.MustCompile(`/(\w+) (\d+) 0 R`)
	// textOps: a font chosen (/F4 12 Tf), glyphs shown as one hex string
	// (<0032> Tj) or an array ([<0032> -20 <0048>] TJ), or a text object
	// begun (BT), which starts another run.
	textOps = regexp.MustCompile(`/(\w+) [\d.]+ Tf|(\[[^\]]*\])\s*TJ|<([0-9A-Fa-f]*)>\s*Tj|\b(BT|T\*)\b`)
	hexRe   = regexp.MustCompile(`<([0-9A-Fa-f]*)>`)
)

// decodeGlyphs maps a hex string of two-byte glyph ids through a ToUnicode
// map. A glyph with no mapping shows as U+FFFD.
func decodeGlyphs(h []byte, cmap map[uint16]string) string {
	h = bytes.Trim(h, "<>")
	var out strings.Builder
	for k := 0; k+4 <= len(h); k += 4 {
		v, err := strconv.ParseUint(string(h[k:k+4]), 16, 16)
		if err != nil {
			continue
		}
		if s, ok := cmap[uint16(v)]; ok {
			out.WriteString(s)
		} else {
			out.WriteRune('\uFFFD')
		}
	}
	return out.String()
}

var (
	bfchar  = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>`)
	bfrange = regexp.MustCompile(`<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])`)
)

// toUnicode reads the ToUnicode map of font object n: glyph id → text.
func (d *Doc) toUnicode(n int) map[uint16]string {
	out := map[uint16]string{}
	tu, ok := d.ref(d.objs[n], "/ToUnicode")
	if !ok {
		return out
	}
	s, err := d.stream(tu)
	if err != nil {
		return out
	}
	for _, sec := range bytes.Split(s, []byte("beginbf"))[1:] {
		body := sec
		if e := bytes.Index(sec, []byte("endbf")); e >= 0 {
			body = sec[:e]
		}
		switch {
		case bytes.HasPrefix(sec, []byte("char")):
			for _, m := range bfchar.FindAllSubmatch(body, -1) {
				g, _ := strconv.ParseUint(string(m[1]), 16, 16)
				out[uint16(g)] = utf16Hex(m[2])
			}
		case bytes.HasPrefix(sec, []byte("range")):
			for _, m := range bfrange.FindAllSubmatch(body, -1) {
				lo, _ := strconv.ParseUint(string(m[1]), 16, 16)
				hi, _ := strconv.ParseUint(string(m[2]), 16, 16)
				if hi < lo || hi-lo > 0xffff {
					continue
				}
				if m[3][0] == '[' {
					for k, h := range hexRe.FindAllSubmatch(m[3], -1) {
						out[uint16(lo)+uint16(k)] = utf16Hex(h[1])
					}
					continue
				}
				base := []rune(utf16Hex(bytes.Trim(m[3], "<>")))
				if len(base) == 0 {
					continue
				}
				for g := lo; g <= hi; g++ {
					r := slicesClone(base)
					r[len(r)-1] += rune(g - lo)
					out[uint16(g)] = string(r)
				}
			}
		}
	}
	return out
}

func slicesClone(r []rune) []rune { return append([]rune(nil), r...) }

// utf16Hex decodes big-endian UTF-16 written in hex.
func utf16Hex(h []byte) string {
	var units []uint16
	for k := 0; k+4 <= len(h); k += 4 {
		v, err := strconv.ParseUint(string(h[k:k+4]), 16, 16)
		if err != nil {
			return ""
		}
		units = append(units, uint16(v))
	}
	return string(utf16.Decode(units))
}

// pdfString reads a literal string "(…)" or a hex string "<…>" at the
// start of b (UTF-16 with a byte order mark, or PDFDocEncoding taken as
// Latin-1).
func pdfString(b []byte) (string, bool) {
	b = bytes.TrimLeft(b, " \r\n")
	if len(b) == 0 {
		return "", false
	}
	var raw []byte
	switch b[0] {
	case '<':
		e := bytes.IndexByte(b, '>')
		if e < 0 {
			return "", false
		}
		h := b[1:e]
		for k := 0; k+2 <= len(h); k += 2 {
			v, err := strconv.ParseUint(string(h[k:k+2]), 16, 8)
			if err != nil {
				return "", false
			}
			raw = append(raw, byte(v))
		}
	case '(':
		var ok bool
		if raw, ok = literal(b[1:]); !ok {
			return "", false
		}
	default:
		return "", false
	}
	if len(raw) >= 2 && raw[0] == 0xFE && raw[1] == 0xFF {
		units := make([]uint16, 0, len(raw)/2)
		for k := 2; k+1 < len(raw); k += 2 {
			units = append(units, uint16(raw[k])<<8|uint16(raw[k+1]))
		}
		return string(utf16.Decode(units)), true
	}
	r := make([]rune, len(raw))
	for k, c := range raw {
		r[k] = rune(c)
	}
	return string(r), true
}

// literal reads the body of a literal string up to its closing
// parenthesis, undoing escapes.
func literal(b []byte) ([]byte, bool) {
	var raw []byte
	depth := 0
	for k := 0; k < len(b); k++ {
		c := b[k]
		switch {
		case c == '\\' && k+1 < len(b):
			k++
			switch e := b[k]; e {
			case 'n':
				raw = append(raw, '\n')
			case 'r':
				raw = append(raw, '\r')
			case 't':
				raw = append(raw, '\t')
			case 'b', 'f':
			default:
				if e >= '0' && e <= '7' {
					v, j := 0, k
					for ; j < len(b) && j < k+3 && b[j] >= '0' && b[j] <= '7'; j++ {
						v = v*8 + int(b[j]-'0')
					}
					raw = append(raw, byte(v))
					k = j - 1
				} else {
					raw = append(raw, e)
				}
			}
		case c == '(':
			depth++
			raw = append(raw, c)
		case c == ')':
			if depth == 0 {
				return raw, true
			}
			depth--
			raw = append(raw, c)
		default:
			raw = append(raw, c)
		}
	}
	return nil, false
}
