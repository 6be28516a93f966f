package markdown

import (
	"strings"
	"testing"
)

func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, want string
		removed        []string
	}{
		{"allowed markup", `<span class="x">a</span><b>b</b><br>`, `<span class="x">a</span><b>b</b><br>`, nil},
		{"script and content", `a<script>alert(1)</script>b`, `ab`, []string{"<script> element"}},
		{"style and iframe", `<style>p{}</style><iframe src="https://x"></iframe>ok`, `ok`, []string{"<style> element", "<iframe> element"}},
		{"handlers", `<img src="x.png" onerror="alert(1)" alt="A">`, `<img src="x.png" alt="A">`, []string{"onerror= attribute"}},
		{"javascript url", `<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt&#58;alert(1)">y</a>`, `<a>x</a><a>y</a>`, []string{"href=javascript: URL", "href=javascript: URL"}},
		{"data and vbscript", `<img src="data:text/html;base64,xx"><a href="vbscript:x">v</a>`, `<img><a>v</a>`, []string{"src=data: URL", "href=vbscript: URL"}},
		{"safe urls", `<a href="https://usgs.gov">u</a><a href="../x/">r</a><a href="#h">f</a><a href="mailto:a@b">m</a>`, `<a href="https://usgs.gov">u</a><a href="../x/">r</a><a href="#h">f</a><a href="mailto:a@b">m</a>`, nil},
		{"unknown tag keeps its text", `<marquee>hi</marquee>`, `hi`, []string{"<marquee> tag"}},
		{"svg dropped", `<svg onload=alert(1)><circle/></svg>after`, `after`, []string{"<svg> element"}},
		{"comments", `a<!--[if IE]><script>x</script><![endif]-->b`, `ab`, nil},
		{"form controls", `<form action="x"><input name="q"><button>b</button></form>`, `b`, []string{"<form> tag", "<input> tag", "<button> tag"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, removed := Sanitize([]byte(tt.in))
			if string(got) != tt.want {
				t.Errorf("Sanitize(%s) = %s, want %s", tt.in, got, tt.want)
			}
			var whats []string
			for _, r := range removed {
				whats = append(whats, r.What)
			}
			if strings.Join(whats, "|") != strings.Join(tt.removed, "|") {
				t.Errorf("removed %q, want %q", whats, tt.removed)
			}
		})
	}
}
