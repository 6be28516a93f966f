package site

import "testing"

func TestRel(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"", "", "./"},
		{"", "mines/mountain-pass/", "mines/mountain-pass/"},
		{"mines/mountain-pass/", "", "../../"},
		{"mines/mountain-pass/", "mines/", "../"},
		{"mines/mountain-pass/", "mines/other/", "../other/"},
		{"mines/mountain-pass/", "countries/china/", "../../countries/china/"},
		{"mines/mountain-pass/", "mines/mountain-pass/", "./"},
		{"mines/mountain-pass/", "mines/mountain-pass/#history", "#history"},
		{"mines/mountain-pass/", "countries/china/#reserves", "../../countries/china/#reserves"},
		{"a/", "css/site.css", "../css/site.css"},
		{"", "feed.xml", "feed.xml"},
		{"a/b/c/", "a/x/", "../../x/"},
		// Down from the page: the end of to.
		{"mines/", "mines/mountain-pass/", "mountain-pass/"},
		{"mines/", "mines/mountain-pass/#history", "mountain-pass/#history"},
		{"a/b/", "a/b/c/d.css", "c/d.css"},
		{"", "a/b/#x", "a/b/#x"},
		{"a/", "a/#x", "#x"},
	}
	for _, tt := range tests {
		if got := Rel(tt.from, tt.to); got != tt.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
		s := &Site{}
		if got := string(s.AppendLink([]byte("<"), tt.from, tt.to)); got != "<"+tt.want {
			t.Errorf("AppendLink(%q, %q) = %q, want %q", tt.from, tt.to, got, "<"+tt.want)
		}
	}
}

// TestRelDownAllocates nothing: a link into the page's own folder, or
// from the home page, is the end of the URL it leads to.
func TestRelDownAllocates(t *testing.T) {
	var got string
	if n := testing.AllocsPerRun(100, func() { got = Rel("mines/", "mines/mountain-pass/#history") }); n != 0 {
		t.Errorf("Rel down a folder: %v allocations, want 0", n)
	}
	if got != "mountain-pass/#history" {
		t.Errorf("Rel down a folder = %q", got)
	}
}

func TestLinkExplicitIndex(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"", "", "index.html"},
		{"", "mines/mountain-pass/", "mines/mountain-pass/index.html"},
		{"mines/mountain-pass/", "", "../../index.html"},
		{"mines/mountain-pass/", "mines/mountain-pass/", "index.html"},
		{"mines/mountain-pass/", "mines/mountain-pass/#history", "#history"},
		{"mines/mountain-pass/", "countries/china/#reserves", "../../countries/china/index.html#reserves"},
		{"a/", "css/site.css", "../css/site.css"},
	}
	for _, tt := range tests {
		if got := link(tt.from, tt.to, true); got != tt.want {
			t.Errorf("link(%q, %q, explicit) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
		s := &Site{Options: Options{ExplicitIndex: true}}
		if got := string(s.AppendLink([]byte("<"), tt.from, tt.to)); got != "<"+tt.want {
			t.Errorf("AppendLink(%q, %q) with explicit index = %q, want %q", tt.from, tt.to, got, "<"+tt.want)
		}
	}
}
