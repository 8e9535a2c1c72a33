package main

import (
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
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
	if err := checkPixels(w, h, scale, frames); err != nil {
		return err
	}
	// The output is created before anything is rendered, so a bad path
	// fails at once; it gets its name only once complete.
	dst, err := createOutput(out)
	if err != nil {
		return err
	}
	defer dst.discard()
	// The command line must not fall back silently: a bad --set is an error.
	if err := app.ShowLink(link); err != nil {
		// The list of views helps only when the view was not found; a
		// bad --set names its own choices.
		if !app.HasView(link.Problem, link.Scene) {
			return fmt.Errorf("%v (views: %s)", err, viewList(app))
		}
		return err
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
	// A GIF frame is quantized and written as soon as it is drawn: one
	// frame is in memory, whatever the frame count.
	var gw *gifStream
	var frame *image.Paletted
	var pal color.Palette
	cache := map[uint16]uint8{}
	if ext == ".gif" {
		gw = newGIFStream(dst.f, 3) // centiseconds: ~30 fps
	}
	for i := 0; i < frames; i++ {
		step()
		if gw == nil {
			continue
		}
		if pal == nil {
			pal = popularPalette(c.RGBA())
			frame = image.NewPaletted(c.RGBA().Rect, pal)
		}
		quantizeInto(frame, c.RGBA(), cache)
		if err := gw.WriteFrame(frame); err != nil {
			return fmt.Errorf("writing %s: %w", out, err)
		}
	}
	if msg := app.Banner(); msg != "" {
		return errors.New(msg)
	}
	if gw != nil {
		err = gw.Close()
	} else {
		err = png.Encode(dst.f, c.RGBA())
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return dst.commit()
}

// Render caps. A device pixel costs about 16 bytes while a frame is drawn
// and quantized (the RGBA canvas, the rasterizer's coverage, the paletted
// frame), so 2^24 of them (4096x4096, or 2048x2048 at --scale 2) stay near
// 256 MiB; 2^31 pixel-frames bound the time (about 2,000 frames of the
// default 1280x800).
const (
	maxDevicePixels = 1 << 24
	maxPixelFrames  = 1 << 31
)

// checkPixels refuses a canvas or an animation past the caps, before
// anything is allocated or drawn.
func checkPixels(w, h int, scale float64, frames int) error {
	dw, dh := int(math.Ceil(float64(w)*scale)), int(math.Ceil(float64(h)*scale))
	px := int64(dw) * int64(dh)
	if px > maxDevicePixels {
		return fmt.Errorf("--size %dx%d at --scale %v is %dx%d = %d device pixels, over the limit of %d (4096x4096 at scale 1)",
			w, h, scale, dw, dh, px, maxDevicePixels)
	}
	if total := px * int64(frames); total > maxPixelFrames {
		return fmt.Errorf("--frames %d of %dx%d device pixels is %d pixels in all, over the limit of %d: fewer frames or a smaller --size",
			frames, dw, dh, total, int64(maxPixelFrames))
	}
	return nil
}

// output is the file being rendered, created up front under a temporary
// name in --out's folder and renamed to --out once complete, so a failed
// render leaves nothing behind and never a truncated image.
type output struct {
	f         *os.File
	path      string
	committed bool
}

func createOutput(path string) (*output, error) {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("--out %q is a directory", path)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("--out %q: cannot create a file there: %w", path, err)
	}
	return &output{f: f, path: path}, nil
}

func (o *output) commit() error {
	if err := o.f.Chmod(0o644); err != nil {
		return err
	}
	if err := o.f.Close(); err != nil {
		return err
	}
	if err := os.Rename(o.f.Name(), o.path); err != nil {
		return fmt.Errorf("--out %q: %w", o.path, err)
	}
	o.committed = true
	return nil
}

// discard removes the temporary file of a render that did not complete.
func (o *output) discard() {
	if !o.committed {
		o.f.Close()
		os.Remove(o.f.Name())
	}
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

// quantizeInto maps each pixel of img to its nearest colour of out's
// palette, into out, caching by 15-bit colour (the cache belongs to that
// palette and is kept across frames).
func quantizeInto(out *image.Paletted, img *image.RGBA, cache map[uint16]uint8) {
	pal := out.Palette
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
}
