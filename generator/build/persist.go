package build

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/brief"
	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/workers"
)

// The live preview keeps its parsed briefs between runs, as Obsidian keeps
// its metadata cache: started again on the same folder, it parses only the
// notes that changed since (by size and modification time) and serves its
// first page sooner. A kept cache is used only by the program that wrote
// it (the same executable file), for the same Markdown options; a brief
// whose file was modified within racyWindow before the cache was written
// is parsed again, since a coarse file system clock (FAT's two seconds)
// could give a later edit the same time.

// cacheFormat numbers the layout of a kept cache.
const cacheFormat = 1

// racyWindow: see above.
const racyWindow = 3 * time.Second

// cacheHeader starts a kept cache. The briefs follow in Chunks parts, so
// that parts are encoded and decoded in parallel. A part is its length (a
// uvarint), the length of its gob stream of storedEntry values (another),
// that stream, then the entries' Markdown bodies, one after the other:
// read back, each body is a slice of the file's bytes, not a copy.
type cacheHeader struct {
	Format   int
	Binary   string // see binaryID
	Markdown string // Cache.mdKey
	Saved    time.Time
	Chunks   int
}

// chunkSize is how many briefs a part of a kept cache holds.
const chunkSize = 500

// storedEntry is one brief of a kept cache.
type storedEntry struct {
	Rel   string
	Size  int64
	Mod   time.Time
	Brief *brief.Stored // without its Body, which follows the stream
	Diags diag.List
	// BodyLen is the length of Brief.Body.
	BodyLen int

	// from is the brief to Store when WriteTo gets to it, if Brief is nil
	// (one whose Markdown is spooled: read back a part at a time).
	from *brief.Brief
}

// Snapshot is the briefs of a Cache as WriteTo writes them.
type Snapshot struct {
	key     string
	entries []storedEntry
}

// Snapshot returns the cache's briefs for WriteTo (those with a size and
// modification time), or nil when the cache does not Persist. Call it
// after a Load and before any page is rendered (rendering drops the
// Markdown of a brief that is not spooled); the preview takes it after its
// first build, before it serves. A spooled brief's Markdown is read back
// by WriteTo, not here.
func (c *Cache) Snapshot() *Snapshot {
	if !c.Persist || c.md == nil {
		return nil
	}
	s := &Snapshot{key: c.mdKey, entries: make([]storedEntry, 0, len(c.entries))}
	for rel, e := range c.entries {
		if e.brief == nil || e.mod.IsZero() {
			continue
		}
		if e.brief.SourceSpooled() {
			s.entries = append(s.entries, storedEntry{Rel: rel, Size: e.size, Mod: e.mod, Diags: e.diags, from: e.brief})
			continue
		}
		st, ok := e.brief.Store()
		if !ok {
			continue
		}
		s.entries = append(s.entries, storedEntry{Rel: rel, Size: e.size, Mod: e.mod, Brief: st, Diags: e.diags})
	}
	return s
}

// Len is the number of briefs in s.
func (s *Snapshot) Len() int { return len(s.entries) }

// WriteTo writes s as a kept cache. It fails if a brief cannot be
// encoded (front matter decodes to the types brief registers with gob).
func (s *Snapshot) WriteTo(w io.Writer) (int64, error) {
	bin, err := binaryID()
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := &countWriter{w: bw}
	chunks := (len(s.entries) + chunkSize - 1) / chunkSize
	if err := gob.NewEncoder(cw).Encode(cacheHeader{Format: cacheFormat, Binary: bin, Markdown: s.key, Saved: time.Now(), Chunks: chunks}); err != nil {
		return cw.n, err
	}
	// One part at a time, through one buffer: the bodies go from the
	// briefs to w, not through a copy.
	var buf bytes.Buffer
	for k := range chunks {
		var part []storedEntry
		for _, e := range s.entries[k*chunkSize : min(len(s.entries), (k+1)*chunkSize)] {
			if e.Brief == nil {
				st, ok := e.from.Store()
				if !ok {
					continue // its Markdown cannot be read back: parsed again next time
				}
				e.Brief = st
			}
			part = append(part, e)
		}
		buf.Reset()
		enc := gob.NewEncoder(&buf)
		bodies := 0
		for _, e := range part {
			st := *e.Brief
			st.Body, e.Brief, e.BodyLen = nil, &st, len(st.Body)
			if err := enc.Encode(e); err != nil {
				return cw.n, fmt.Errorf("%s: %w", e.Rel, err)
			}
			bodies += e.BodyLen
		}
		stream := binary.AppendUvarint(nil, uint64(buf.Len()))
		size := binary.AppendUvarint(nil, uint64(len(stream)+buf.Len()+bodies))
		for _, b := range [][]byte{size, stream, buf.Bytes()} {
			if _, err := cw.Write(b); err != nil {
				return cw.n, err
			}
		}
		for _, e := range part {
			if _, err := cw.Write(e.Brief.Body); err != nil {
				return cw.n, err
			}
		}
	}
	return cw.n, bw.Flush()
}

// UseKept takes the briefs of a kept cache, data as WriteTo wrote it:
// the next Load uses those whose files are unchanged. A cache of another
// program or format is an error, and nothing of it is used.
func (c *Cache) UseKept(data []byte) error {
	rd := bytes.NewReader(data)
	var h cacheHeader
	if err := gob.NewDecoder(rd).Decode(&h); err != nil {
		return fmt.Errorf("read the kept cache: %w", err)
	}
	bin, err := binaryID()
	if err != nil {
		return err
	}
	switch {
	case h.Format != cacheFormat:
		return fmt.Errorf("the kept cache has format %d, not %d", h.Format, cacheFormat)
	case h.Binary != bin:
		return errors.New("the kept cache was written by another lodestone")
	}
	rest := data[len(data)-rd.Len():]
	chunks := make([][]byte, h.Chunks)
	for k := range chunks {
		size, w := binary.Uvarint(rest)
		if w <= 0 || size > uint64(len(rest)-w) {
			return errors.New("read the kept cache: it is cut short")
		}
		chunks[k], rest = rest[w:w+int(size)], rest[w+int(size):]
	}
	parts := make([][]storedEntry, len(chunks))
	errs := make([]error, len(chunks))
	workers.Each(context.Background(), len(chunks), func(k int) {
		chunk := chunks[k]
		size, w := binary.Uvarint(chunk)
		if w <= 0 || size > uint64(len(chunk)-w) {
			errs[k] = errors.New("read the kept cache: it is damaged")
			return
		}
		bodies := chunk[w+int(size):]
		dec := gob.NewDecoder(bytes.NewReader(chunk[w : w+int(size)]))
		for {
			var e storedEntry
			if err := dec.Decode(&e); err == io.EOF {
				return
			} else if err != nil {
				errs[k] = fmt.Errorf("read the kept cache: %w", err)
				return
			}
			if e.Brief == nil || e.BodyLen < 0 || e.BodyLen > len(bodies) {
				errs[k] = errors.New("read the kept cache: it is damaged")
				return
			}
			e.Brief.Body, bodies = bodies[:e.BodyLen:e.BodyLen], bodies[e.BodyLen:]
			if !e.Mod.Before(h.Saved.Add(-racyWindow)) {
				continue // modified just before the cache was written
			}
			parts[k] = append(parts[k], e)
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	c.stored, c.storedKey = slices.Concat(parts...), h.Markdown
	return nil
}

// binaryID names the running program: its executable's path, size and
// modification time. A program built again is another program.
func binaryID() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s %d %d", exe, fi.Size(), fi.ModTime().UnixNano()), nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (w *countWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	w.n += int64(n)
	return n, err
}
