package corpus

import (
	"fmt"
	"strings"
)

// Nasty returns a vault of n notes that mixes what real Obsidian vaults and
// careless hands produce: odd file names, BOMs and CRLF, invalid UTF-8,
// empty notes, template placeholders, tags and aliases in every shape,
// broken and ambiguous links, embeds of missing things and of each other,
// raw HTML and script payloads, callouts, comments, highlights, deep
// nesting. Every kind of note appears n/len(kinds) times, deterministically.
func Nasty(n int) map[string][]byte {
	files := map[string][]byte{
		"lodestone.yaml":          []byte("ignore: [templates/**]\nraw_html: true\n"),
		"content/img/pic.png":     []byte("\x89PNG"),
		"content/docs/report.pdf": []byte("%PDF-1.4"),
		"content/odd/CON.md":      []byte("A name Windows reserves.\n"),
	}
	names := []string{"a&b", "what?", "50%", "c++", "emoji 🦄", "trailing. ", "CON", "café", "cafe\u0301", "spaces  here", "UPPER", "upper"}
	kinds := []func(i int) (string, string){
		func(i int) (string, string) { // ordinary, cross-linked
			return fmt.Sprintf("notes/n%04d.md", i), fmt.Sprintf("---\ntitle: Note %d\ntags: [a, \"#b\", c/d]\n---\nSee [[Note %d]] and [[n%04d#Part]].\n\n## Part\n", i, (i+7)%n, (i+3)%n)
		},
		func(i int) (string, string) { // odd names
			return fmt.Sprintf("odd/%s %d.md", names[(i/12)%len(names)], i), "Odd name.\n"
		},
		func(i int) (string, string) { // BOM and CRLF
			return fmt.Sprintf("win/w%d.md", i), "\ufeff---\r\ntitle: Windows %d\r\n---\r\n# Head\r\nText.\r\n"
		},
		func(i int) (string, string) { return fmt.Sprintf("bad/utf%d.md", i), "ok\nbad \xff\xfe bytes\n" },
		func(i int) (string, string) { return fmt.Sprintf("empty/e%d.md", i), "" },
		func(i int) (string, string) { // templates (ignored)
			return fmt.Sprintf("templates/t%d.md", i), "---\ndate: {{date}}\ntitle: {{title}}\n---\n"
		},
		func(i int) (string, string) { // front matter as vaults write it
			return fmt.Sprintf("fm/f%d.md", i), "---\ntags: a, b, #c\naliases:\ndraft: \"false\"\nempty:\nlist:\n- \n- x\n---\nBody.\n"
		},
		func(i int) (string, string) { // broken things
			return fmt.Sprintf("broken/b%d.md", i), "[[Nowhere]] [[n0000#No such heading]] ![[missing.png]] ![[Nobody]] [x](../../../etc/passwd.md)\n"
		},
		func(i int) (string, string) { // script payloads
			return fmt.Sprintf("xss/x%d.md", i), "---\ntitle: \"</script><script>alert(1)</script>\"\n---\n<script>alert(1)</script> <img src=x onerror=alert(1)> [j](javascript:alert(1))\n"
		},
		func(i int) (string, string) { // obsidian syntax
			return fmt.Sprintf("obs/o%d.md", i), "> [!warning]- Folded\n> body ==marked== %% hidden %%\n\n![[img/pic.png|200]] ![[docs/report.pdf]] ![[n0001]]\n"
		},
		func(i int) (string, string) { // embeds in a cycle
			return fmt.Sprintf("cycle/c%d.md", i), fmt.Sprintf("![[c%d]]\n", i^1)
		},
		func(i int) (string, string) { // deep nesting
			return fmt.Sprintf("deep/d%d.md", i), strings.Repeat(">", 500) + " " + strings.Repeat("[", 500) + "\n"
		},
	}
	for i := range n {
		name, body := kinds[i%len(kinds)](i)
		files["content/"+name] = []byte(body)
	}
	return files
}
