package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"dlprep/scenes"
	"dlprep/viz/raster"
	"dlprep/viz/shell"
)

func init() { commands["render"] = runRender }

const renderUsage = `usage: dlprep render (--problem NNN | --scene ID) [--set name=value]... [--step K] [--frames N] [--size WxH] [--scale S] [--bare] --out FILE.png|FILE.gif
  Renders a view headlessly with the raster backend: N frames, each 1/30 s of play
  from the start of its timeline (or paused at step K, 0-based); a PNG gets the
  last frame, a GIF all of them. --bare draws the scene alone, without the app shell.
`

// setFlags collects repeated --set name=value flags.
type setFlags map[string]string

// String implements flag.Value.
func (s setFlags) String() string { return fmt.Sprint(map[string]string(s)) }

// Set implements flag.Value.
func (s setFlags) Set(v string) error {
	name, val, ok := strings.Cut(v, "=")
	if !ok || name == "" {
		return fmt.Errorf("--set %q: want name=value", v)
	}
	s[name] = val
	return nil
}

func runRender(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, renderUsage) }
	id := fs.String("scene", "", "scene id (see the list in the error for unknown ids)")
	problem := fs.String("problem", "", "problem number, e.g. 004")
	step := fs.String("step", "", "open paused at this step (0-based)")
	sets := setFlags{}
	fs.Var(sets, "set", "parameter name=value (repeatable)")
	frames := fs.Int("frames", 1, "frames to advance, each Update(1/30)+Draw")
	size := fs.String("size", "1280x800", "canvas size WxH in logical pixels")
	scale := fs.Float64("scale", 1, "device pixels per logical pixel (2 for high DPI)")
	bare := fs.Bool("bare", false, "draw only the scene, without menu and panels")
	out := fs.String("out", "", "output file, .png or .gif")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *step != "" {
		sets["step"] = *step
	}
	link := shell.Link{Problem: *problem, Scene: *id, Params: sets}
	if err := render(link, *frames, *size, *scale, *bare, *out); err != nil {
		fmt.Fprintf(stderr, "dlprep render: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return 0
}

// parseSize reads "WxH" with both sides in [16, 8192].
func parseSize(s string) (int, int, error) {
	ws, hs, ok := strings.Cut(strings.ToLower(s), "x")
	w, err1 := strconv.Atoi(ws)
	h, err2 := strconv.Atoi(hs)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("--size %q: want WxH, e.g. 1280x800", s)
	}
	if w < 16 || h < 16 || w > 8192 || h > 8192 {
		return 0, 0, fmt.Errorf("--size %dx%d: each side must be in [16, 8192]", w, h)
	}
	return w, h, nil
}

// viewList names every view, for messages: "000 window_attention, …".
func viewList(app *shell.App) string {
	var names []string
	for _, in := range app.Views() {
		n := in.ID
		if in.Problem != "" {
			n = in.Problem + " " + in.ID
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

func render(link shell.Link, frames int, size string, scale float64, bare bool, out string) error {
	app := shell.New(shell.Options{Catalogue: scenes.All(), Paused: true})
	if link.Problem == "" && link.Scene == "" {
		return fmt.Errorf("--problem or --scene is required; views: %s", viewList(app))
	}
	w, h, err := parseSize(size)
	if err != nil {
		return err
	}
	if frames < 1 || frames > 2000 {
		return fmt.Errorf("--frames %d: must be in [1, 2000]", frames)
	}
	if !(scale >= 0.5 && scale <= 4) {
		return fmt.Errorf("--scale %v: must be in [0.5, 4]", scale)
	}
	ext := strings.ToLower(filepath.Ext(out))
	if ext != ".png" && ext != ".gif" {
		return fmt.Errorf("--out %q: want a .png or .gif file", out)
	}
	// The command line must not fall back silently: a bad --set is an error.
	if err := app.ShowLink(link); err != nil {
		return fmt.Errorf("%v (views: %s)", err, viewList(app))
	}
	if _, paused := link.Params["step"]; !paused {
		app.TogglePlay()
	}
	c := raster.New(w, h, scale)
	app.Layout(float64(w), float64(h))
	first := true
	step := func() {
		// The first frame shows the start; each later one 1/30 s more.
		dt := 1.0 / 30
		if first {
			dt, first = 0, false
		}
		app.Update(dt, nil)
		if bare {
			app.DrawScene(c)
		} else {
			app.Draw(c)
		}
	}
	var imgs []*image.Paletted
	var pal color.Palette
	for i := 0; i < frames; i++ {
		step()
		if ext == ".gif" {
			if pal == nil {
				pal = popularPalette(c.RGBA())
			}
			imgs = append(imgs, quantize(c.RGBA(), pal))
		}
	}
	if msg := app.Banner(); msg != "" {
		return errors.New(msg)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if ext == ".png" {
		err = png.Encode(f, c.RGBA())
	} else {
		delays := make([]int, len(imgs))
		for i := range delays {
			delays[i] = 3 // centiseconds: ~30 fps
		}
		err = gif.EncodeAll(f, &gif.GIF{Image: imgs, Delay: delays})
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// popularPalette picks the 256 most frequent colours (at 5 bits per
// channel) of a frame: UI frames are mostly flat fills, which this keeps
// exact, unlike a fixed palette with dithering.
func popularPalette(img *image.RGBA) color.Palette {
	counts := map[uint16]int{}
	p := img.Pix
	for i := 0; i < len(p); i += 4 {
		counts[uint16(p[i]>>3)<<10|uint16(p[i+1]>>3)<<5|uint16(p[i+2]>>3)]++
	}
	keys := make([]uint16, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	pal := color.Palette{}
	for _, k := range keys {
		if len(pal) == 256 {
			break
		}
		ex := func(v uint16) uint8 { v &= 31; return uint8(v<<3 | v>>2) }
		pal = append(pal, color.RGBA{ex(k >> 10), ex(k >> 5), ex(k), 255})
	}
	return pal
}

// quantize maps each pixel to its nearest palette colour, caching by 15-bit
// colour.
func quantize(img *image.RGBA, pal color.Palette) *image.Paletted {
	out := image.NewPaletted(img.Rect, pal)
	cache := map[uint16]uint8{}
	p := img.Pix
	for i, j := 0, 0; i < len(p); i, j = i+4, j+1 {
		k := uint16(p[i]>>3)<<10 | uint16(p[i+1]>>3)<<5 | uint16(p[i+2]>>3)
		idx, ok := cache[k]
		if !ok {
			idx = uint8(pal.Index(color.RGBA{p[i], p[i+1], p[i+2], 255}))
			cache[k] = idx
		}
		out.Pix[j] = idx
	}
	return out
}
