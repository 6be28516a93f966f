package brief

import (
	"encoding/gob"
	"time"

	"github.com/lodestone-ssg/lodestone/generator/diag"
	"github.com/lodestone-ssg/lodestone/generator/markdown"
)

// Stored is a brief parsed by ParseLater as a cache keeps it between runs
// of the live preview (see build.Cache): every field, and the Markdown
// body it renders when asked. It encodes with encoding/gob.
type Stored struct {
	Brief Brief // the exported fields (gob leaves the others out)
	Lead  string
	// Body is the Markdown body, which the restored brief renders when
	// asked.
	Body []byte
	// BlockAt is where each line of each block starts (Block.at).
	BlockAt [][]diag.Pos
}

// Store returns what a cache keeps of b, or false if b was not parsed by
// ParseLater, or its body was rendered already and it was not spooled (the
// Markdown is dropped then). Unless b was spooled, it must not run while
// b's body may be rendering: the live preview stores briefs before it
// serves them.
func (b *Brief) Store() (*Stored, bool) {
	if b.later == nil {
		return nil, false
	}
	body, err := b.later.source()
	if err != nil || body == nil {
		return nil, false
	}
	s := &Stored{Brief: *b, Lead: b.lead, Body: body}
	s.Brief.later, s.Brief.lead, s.Brief.lines = nil, "", nil
	s.Brief.Blocks = nil
	for _, bl := range b.Blocks {
		s.BlockAt = append(s.BlockAt, bl.at)
		bl.at = nil
		s.Brief.Blocks = append(s.Brief.Blocks, bl)
	}
	return s, true
}

// Restore is the brief that s keeps, as ParseLater with md returned it.
// md must have the options of the Markdown that parsed it.
func (s *Stored) Restore(md *markdown.Markdown) *Brief {
	b := s.Brief
	b.lead = s.Lead
	b.Blocks = nil
	for i, bl := range s.Brief.Blocks {
		if i < len(s.BlockAt) {
			bl.at = s.BlockAt[i]
		}
		b.Blocks = append(b.Blocks, bl)
	}
	b.later = &deferred{src: s.Body, md: md}
	return &b
}

// SourceSpooled reports whether b's Markdown is in a store (Spool): Store
// then reads it from there, and may run while b's body is rendering.
func (b *Brief) SourceSpooled() bool { return b.later != nil && b.later.store != nil }

// The types Brief.Params holds (YAML's, and dates), for gob.
func init() {
	for _, v := range []any{map[string]any{}, map[any]any{}, []any{}, time.Time{}, Date{}} {
		gob.Register(v)
	}
}
