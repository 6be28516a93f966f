// Package vault is a test fixture: a small Obsidian vault, written by hand
// as a person keeps one, that uses every convention Lodestone reads from
// Obsidian and Quartz, in English and Chinese. Tests build it as its owner
// would (no lodestone.yaml but for the hosts iframes may come from) and check
// that every note, image, formula, diagram and link comes out as Obsidian
// shows it.
//
// The notes live in testdata/vault/ (the vault itself: it becomes the site's
// content/ folder); the images are made here, with image/png, so that a
// browser can decode them. What the vault holds:
//
//   - .obsidian/app.json sets the attachment folder (Attachments/),
//     .obsidian/templates.json the templates folder (Templates/, notes with
//     {{title}} that are not published); .trash/ holds a deleted note;
//     Drawings/ an Excalidraw drawing (not published) and its exported SVG.
//   - Images and files in three places: Attachments/, images/ and assets/
//     folders beside the notes (Materials/assets/, 稀土/assets/), embedded by
//     name (![[x.png|300]]), with %20 (![](Pasted%20image%20….png)), by
//     Markdown image with a width (![alt|320](x.png)); PDFs linked as
//     [[file.pdf]]. Some files are used by no published note; one name is
//     in two folders, and the attachment folder's file is the one used.
//   - Home.md is the home page; tags/ holds Quartz tag-page introductions
//     (one for a Chinese tag); Materials/, Physics/ and Supply chain/ each have
//     an Overview note, so [[Overview]] depends on the linking note's folder.
//   - Math in every form ($…$, $$…$$, \(…\), \[…\], aligned environments
//     with \\ and \,), dollar amounts that are not math, mermaid diagrams
//     (one with Chinese labels), Go, Python and shell code.
//   - Every callout type and alias, folded, open-foldable and nested ones, a
//     title with a [[link]]; block ids (^id) after paragraphs, list items,
//     lists and callouts, and block embeds; heading links (#A#B, %20).
//   - Front matter as vaults write it: draft: with no value, tags as a
//     string, aliases as a string, publish: false, permalink:, one note
//     whose front matter does not parse (Inbox/Reading list.md), empty
//     list items; a dataview query Lodestone cannot run (TASK … GROUP BY)
//     and one it can; raw HTML (<details>, <kbd>, <sub>, <sup>, <mark>, an
//     <iframe> from the host lodestone.yaml allows); [@name](https://…)
//     mention links.
package vault

import (
	"bytes"
	"embed"
	"image"
	"image/color"
	"image/png"
	"io/fs"

	"github.com/lodestone-ssg/lodestone/generator/internal/corpus"
)

//go:embed all:testdata/vault
var notes embed.FS

// Config is the vault's lodestone.yaml: nothing but the hosts its one
// <iframe> comes from (the site is titled by its folder's name).
const Config = "# Only what Obsidian can't tell Lodestone.\nembed_hosts: [www.youtube-nocookie.com]\n"

// Image is a PNG the vault holds, with its size in pixels.
type Image struct {
	Path          string // below content/
	Width, Height int
	Colour        color.RGBA
}

// Images are the PNG files of the vault, made by Files.
var Images = []Image{
	{"Attachments/Pasted image 20240312101500.png", 64, 48, color.RGBA{0x6a, 0x8e, 0xae, 0xff}},
	{"Attachments/nd2fe14b-unit-cell.png", 48, 48, color.RGBA{0x9b, 0x5d, 0xe5, 0xff}},
	{"Attachments/unused-screenshot.png", 32, 20, color.RGBA{0x80, 0x80, 0x80, 0xff}},
	{"Attachments/bench-photo.png", 40, 30, color.RGBA{0xc0, 0x40, 0x40, 0xff}},
	{"images/bh-curve.png", 80, 60, color.RGBA{0x20, 0x70, 0x40, 0xff}},
	{"images/old-scan.png", 30, 40, color.RGBA{0xe0, 0xd0, 0xa0, 0xff}},
	// An older unit cell of the same name: the one in the attachment
	// folder wins, so this one is not copied.
	{"images/nd2fe14b-unit-cell.png", 10, 10, color.RGBA{0x10, 0x10, 0x10, 0xff}},
	{"Materials/assets/smco-sample.png", 50, 30, color.RGBA{0x40, 0x40, 0x90, 0xff}},
	{"稀土/assets/稀土产量.png", 72, 40, color.RGBA{0xd0, 0x30, 0x30, 0xff}},
}

// Files returns the site: lodestone.yaml and the vault below content/, by
// slash-separated path from the site folder.
func Files() (map[string][]byte, error) {
	files := map[string][]byte{"lodestone.yaml": []byte(Config)}
	root := "testdata/vault"
	err := fs.WalkDir(notes, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := notes.ReadFile(p)
		if err != nil {
			return err
		}
		files["content/"+p[len(root)+1:]] = b
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, im := range Images {
		b, err := drawPNG(im)
		if err != nil {
			return nil, err
		}
		files["content/"+im.Path] = b
	}
	return files, nil
}

// Write writes the site (Files) into dir, which becomes the site folder:
// its name is the site's title.
func Write(dir string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	return corpus.Write(dir, files)
}

// drawPNG draws im: its colour, with a white diagonal so that it is not
// one flat colour.
func drawPNG(im Image) ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, im.Width, im.Height))
	for y := range im.Height {
		for x := range im.Width {
			c := im.Colour
			if x*im.Height/im.Width == y {
				c = color.RGBA{0xff, 0xff, 0xff, 0xff}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
