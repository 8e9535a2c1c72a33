//go:build xvfb

package ebitenview

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"dlprep/viz"
	"dlprep/viz/glyph"
	"dlprep/viz/raster"
)

// pixelDiff is the largest difference of any channel of any pixel and how
// many pixels differ by more than tol.
func pixelDiff(a, b *image.RGBA, tol int) (worst, over int) {
	for i := 0; i < len(a.Pix); i += 4 {
		d := 0
		for k := range 4 {
			d = max(d, abs(int(a.Pix[i+k])-int(b.Pix[i+k])))
		}
		worst = max(worst, d)
		if d > tol {
			over++
		}
	}
	return worst, over
}

func abs(v int) int { return max(v, -v) }

// textCase is a string drawn at x so that its first pen position lands
// on a whole device pixel, where the raster backend (which starts at the
// sub-pixel dot) places every glyph where the atlas does.
type textCase struct {
	s     string
	size  float64
	col   color.RGBA
	align viz.Align
}

func (tc textCase) draw(c viz.Canvas, x, y float64) {
	w := c.TextWidth(tc.s, tc.size)
	s := viz.DeviceScale(c)
	switch tc.align { // the pen's start on a whole device pixel
	case viz.AlignCenter:
		x = (math.Round(x*s) + w*s/2) / s
	case viz.AlignRight:
		x = (math.Round(x*s) + w*s) / s
	}
	c.Text(x, y, tc.s, tc.size, tc.col, tc.align)
}

// Text from the glyph atlas is the raster backend's text: the same
// glyphs at the same pixels, to the rounding of blending, for strings at
// several sizes, alignments and colours (translucent included); at
// sub-pixel positions the backends round the pen differently, so there
// the comparison is by blocks, as for the other primitives.
func TestTextMatchesRaster(t *testing.T) {
	cases := []textCase{
		{"Heatmap 009", 14, viz.Ink, viz.AlignLeft},
		{"AV To x̂₀ ε̂ √ Wo, Yo!", 20, viz.Bad, viz.AlignCenter},
		{"0.137 -42.9 step 17/50", 11, viz.Accent, viz.AlignRight},
		{"translucent jgq|", 17.3, color.RGBA{0, 60, 0, 128}, viz.AlignLeft},
		{"big", 64, viz.Good, viz.AlignCenter},
	}
	for _, scale := range []float64{1, 1.5, 2} {
		draw := func(sub float64) func(c viz.Canvas) {
			return func(c viz.Canvas) {
				w, h := c.Size()
				c.FillRect(0, 0, w, h, viz.White)
				y := 30.0
				for _, tc := range cases {
					tc.draw(c, 200+sub, y+sub)
					y += tc.size*1.3 + 4
				}
			}
		}
		// One canvas for the frames: the first lays each string out, the
		// second draws it from its cached run, the third moves it.
		c := NewCanvas()
		for frame := range 2 {
			eb, ra := renderWith(c, 400, 200, scale, draw(0))
			worst, over := pixelDiff(eb, ra, 3)
			t.Logf("scale %v frame %d: worst pixel difference %d", scale, frame, worst)
			if over > 0 {
				t.Errorf("scale %v frame %d: %d pixels differ by more than 3 (worst %d); saved %s, %s", scale, frame, over, worst,
					save(t, fmt.Sprintf("text_%v_%d_ebiten.png", scale, frame), eb), save(t, fmt.Sprintf("text_%v_%d_raster.png", scale, frame), ra))
			}
		}
		if len(c.runs) != len(cases) {
			t.Errorf("scale %v: %d cached runs for %d strings", scale, len(c.runs), len(cases))
		}
		// Drawn in enough frames, each string becomes a label image of
		// its own, and stays the raster backend's text.
		for frame := 2; frame <= promoteAfter; frame++ {
			eb, ra := renderWith(c, 400, 200, scale, draw(0))
			if frame < promoteAfter {
				continue
			}
			if worst, over := pixelDiff(eb, ra, 3); over > 0 {
				t.Errorf("scale %v, promoted labels: %d pixels differ by more than 3 (worst %d); saved %s, %s", scale, over, worst,
					save(t, fmt.Sprintf("textlabel_%v_ebiten.png", scale), eb), save(t, fmt.Sprintf("textlabel_%v_raster.png", scale), ra))
			}
		}
		for k, r := range c.runs {
			if !r.labelled {
				t.Errorf("scale %v: %q drawn in %d frames is not a label", scale, k.s, r.frames)
			}
		}
		eb, ra := renderWith(c, 400, 200, scale, draw(0.3))
		if worst, mean := blockDiff(eb, ra, int(4*scale)); worst > 60 || mean > 4 {
			t.Errorf("scale %v, sub-pixel: worst block %.1f, mean %.2f; saved %s, %s", scale, worst, mean,
				save(t, fmt.Sprintf("textsub_%v_ebiten.png", scale), eb), save(t, fmt.Sprintf("textsub_%v_raster.png", scale), ra))
		}
	}
	// The check can fail: text one pixel off does not pass.
	eb, _ := renderBoth(200, 60, 1, func(c viz.Canvas) { c.Text(20, 30, "Heatmap 009", 14, viz.Ink, viz.AlignLeft) })
	_, ra := renderBoth(200, 60, 1, func(c viz.Canvas) { c.Text(21, 30, "Heatmap 009", 14, viz.Ink, viz.AlignLeft) })
	if _, over := pixelDiff(eb, ra, 3); over == 0 {
		t.Error("text one pixel apart compares as equal: the check is too loose")
	}
}

// Changing numbers add no texture: 2,000 distinct strings share the
// digits of one atlas page, and drawing text, once its glyphs are in the
// atlas, allocates nothing.
func TestTextAtlasSteadyState(t *testing.T) {
	dst := ebiten.NewImage(320, 120)
	c := NewCanvas()
	c.Begin(dst, 1)
	for i := range 2000 {
		c.Text(10, 40, fmt.Sprintf("%.3f", float64(i)*0.137), 14, viz.Ink, viz.AlignLeft)
		c.Text(300, 80, fmt.Sprintf("step %d/2000", i), 11, viz.InkMuted, viz.AlignRight)
		if i == 0 {
			c.Flush()
			dst.ReadPixels(make([]byte, 4*320*120)) // the first page exists and is drawn from
		}
		if len(c.atlas.pages) != 1 {
			t.Fatalf("string %d made atlas page %d", i, len(c.atlas.pages))
		}
	}
	if n := len(c.atlas.slots); n > 40 {
		t.Errorf("%d glyphs in the atlas for digits, '.', '-' and \"step /\" at two sizes", n)
	}
	labels := []string{"0.137", "12.345", "x̂₀ ε̂ √", "step 17/50"}
	for _, s := range labels {
		c.Text(160, 60, s, 14, viz.Ink, viz.AlignCenter)
	}
	i := 0
	if n := testing.AllocsPerRun(200, func() {
		c.Text(160, 60, labels[i%len(labels)], 14, viz.Accent, viz.Align(i%3))
		i++
	}); n != 0 {
		t.Errorf("Text allocates %v times per call in steady state", n)
	}
	// Promoted to label images, frame after frame.
	for range promoteAfter {
		c.Begin(dst, 1)
		for _, s := range labels {
			c.Text(160, 60, s, 14, viz.Ink, viz.AlignCenter)
		}
	}
	for _, s := range labels {
		if r := c.runs[widthKey{s, glyph.Size(14)}]; r == nil || !r.labelled {
			t.Fatalf("%q is not a label after %d frames", s, promoteAfter)
		}
	}
	// One label, so that ebiten merges the draws: without a game loop its
	// command queue is never flushed, and distinct images would grow it.
	if n := testing.AllocsPerRun(200, func() {
		c.Begin(dst, 1)
		c.Text(160, 60, labels[1], 14, viz.Accent, viz.Align(i%3))
		i++
	}); n != 0 {
		t.Errorf("Text of a label image allocates %v times per call in steady state", n)
	}
	if n := testing.AllocsPerRun(200, func() { c.TextWidth(labels[1], 14) }); n != 0 {
		t.Errorf("TextWidth allocates %v times per call in steady state", n)
	}
}

// A full atlas recycles its least recently drawn page, also in the middle
// of a string, and the text stays right; a glyph too large for a page is
// skipped, not a crash.
func TestTextAtlasFull(t *testing.T) {
	const s = "AVW&@%QB#8"
	c := NewCanvas()
	for size := 150.0; size < 400; size += 15 {
		eb, ra := renderWith(c, 1200, 260, 1, func(cv viz.Canvas) {
			w, h := cv.Size()
			cv.FillRect(0, 0, w, h, viz.White)
			cv.Text(10, 200, s, size, viz.Ink, viz.AlignLeft)
		})
		if worst, over := pixelDiff(eb, ra, 3); over > 0 {
			t.Fatalf("size %v (%d atlas pages): %d pixels differ by more than 3 (worst %d); saved %s, %s", size, len(c.atlas.pages), over, worst,
				save(t, "full_ebiten.png", eb), save(t, "full_raster.png", ra))
		}
		if len(c.atlas.pages) > atlasPages {
			t.Fatalf("%d atlas pages, at most %d", len(c.atlas.pages), atlasPages)
		}
	}
	if c.atlas.recycled < 2 {
		t.Errorf("the atlas recycled %d pages: the test did not fill it", c.atlas.recycled)
	}

	// Mid-string: at 1000 px a capital fills a page, so "HNOD" takes all
	// four; then in the same frame (all pages equally recent: page 0 goes)
	// "HW" has H's quad pending on page 0 when W needs the page.
	c = NewCanvas()
	dst := ebiten.NewImage(1900, 1100)
	c.Begin(dst, 1)
	c.Text(10, 850, "HNOD", 1000, viz.Ink, viz.AlignLeft)
	if len(c.atlas.pages) != atlasPages || c.atlas.recycled != 0 {
		t.Fatalf("HNOD at 1000 px: %d pages, %d recycled; want %d, 0 (a page a glyph)", len(c.atlas.pages), c.atlas.recycled, atlasPages)
	}
	dst.Fill(viz.White)
	c.Text(10, 850, "HW", 1000, viz.Ink, viz.AlignLeft)
	if c.atlas.recycled != 1 {
		t.Fatalf("HW at 1000 px: %d pages recycled, want 1", c.atlas.recycled)
	}
	// Fills after the recycle sample the cleared page's white block,
	// which must be back.
	c.FillRect(1500, 100, 300, 200, viz.Accent)
	c.Flush()
	eb := image.NewRGBA(dst.Bounds())
	dst.ReadPixels(eb.Pix)
	rc := raster.New(1900, 1100, 1)
	rc.FillRect(0, 0, 1900, 1100, viz.White)
	rc.Text(10, 850, "HW", 1000, viz.Ink, viz.AlignLeft)
	rc.FillRect(1500, 100, 300, 200, viz.Accent)
	if worst, over := pixelDiff(eb, rc.RGBA(), 3); over > 0 {
		t.Errorf("HW drawn across a page recycle: %d pixels differ by more than 3 (worst %d); saved %s, %s", over, worst,
			save(t, "recycle_ebiten.png", eb), save(t, "recycle_raster.png", rc.RGBA()))
	}

	dst = ebiten.NewImage(100, 100)
	c = NewCanvas()
	c.Begin(dst, 2)
	c.Text(0, 50, "AW", 1500, viz.Ink, viz.AlignLeft) // glyphs over 1024 px
	c.Text(0, 50, "ok", 14, viz.Ink, viz.AlignLeft)
	if len(c.atlas.pages) != 1 {
		t.Errorf("%d atlas pages after an oversized string and a small one, want 1", len(c.atlas.pages))
	}
}

// Shapes, glyphs and labels are queued in one batch and drawn in one call
// while nothing else intervenes, in the order they were drawn: a label
// over a fill over a label comes out as the raster backend draws it. A
// bitmap between them splits the batch (three calls), and keeps its
// place in the order too.
func TestBatchKeepsOrder(t *testing.T) {
	var bm viz.Bitmap
	bm.SetHeatmap([]float32{0, 1, 1, 0}, 2, 2, viz.Greys, 0, 1)
	scene := func(withImage bool) func(c viz.Canvas) {
		return func(c viz.Canvas) {
			c.FillRect(0, 0, 400, 200, viz.White)
			for i := range 40 {
				y := float64(10 + 4*i)
				c.Text(20, y+10, fmt.Sprintf("row %d of the table", i%7), 12, viz.Ink, viz.AlignLeft)
				c.FillRect(60, y, 80, 3, viz.Fade(viz.Accent, 0.6))
				c.Line(10, y, 390, y+20, 1.5, viz.Bad)
			}
			if withImage {
				c.Image(&bm, 150, 40, 100, 100, false)
			}
			c.FillCircle(200, 90, 30, viz.Fade(viz.Good, 0.7))
			c.Text(200, 95, "on top", 16, viz.White, viz.AlignCenter)
		}
	}
	c := NewCanvas()
	for frame := range promoteAfter + 1 { // the last frame draws labels
		for _, withImage := range []bool{false, true} {
			eb, ra := renderWith(c, 400, 200, 1, scene(withImage))
			if frame < promoteAfter {
				continue
			}
			if worst, mean := blockDiff(eb, ra, 4); worst > 60 || mean > 4 {
				t.Errorf("image %v: worst block %.1f, mean %.2f; saved %s, %s", withImage, worst, mean,
					save(t, fmt.Sprintf("batch_%v_ebiten.png", withImage), eb), save(t, fmt.Sprintf("batch_%v_raster.png", withImage), ra))
			}
			want := 1
			if withImage {
				want = 3
			}
			if c.DrawCalls() != want {
				t.Errorf("image %v: %d draw calls for a frame of fills, lines and labels, want %d", withImage, c.DrawCalls(), want)
			}
		}
	}
}

// A string wider than an atlas page cannot become a label: it stays glyph
// by glyph, drawn right, and promotion is not tried again every frame.
func TestWideStringStaysGlyphs(t *testing.T) {
	s := strings.Repeat("wide string, ", 14) // about 1100 px at 14 px: wider than a page
	c := NewCanvas()
	for frame := 0; frame <= promoteAfter+2; frame++ {
		eb, ra := renderWith(c, 1300, 40, 1, func(cv viz.Canvas) {
			cv.FillRect(0, 0, 1300, 40, viz.White)
			cv.Text(5, 25, s, 14, viz.Ink, viz.AlignLeft)
		})
		if frame == promoteAfter+2 {
			if worst, over := pixelDiff(eb, ra, 3); over > 0 {
				t.Errorf("%d pixels differ by more than 3 (worst %d); saved %s, %s", over, worst,
					save(t, "wide_ebiten.png", eb), save(t, "wide_raster.png", ra))
			}
		}
	}
	r := c.runs[widthKey{s, glyph.Size(14)}]
	if r == nil || r.labelled || !r.unlabelled {
		t.Fatalf("run %+v: want not labelled and marked as not to be tried again", r)
	}
	if c.promoted != 0 {
		t.Errorf("%d glyphs composed this frame for a string that cannot be a label", c.promoted)
	}
}
