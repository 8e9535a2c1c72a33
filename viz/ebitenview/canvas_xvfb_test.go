//go:build xvfb

package ebitenview

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// renderBoth draws with draw through the ebiten backend and the raster
// backend at the same logical size and scale and returns both images.
func renderBoth(w, h int, scale float64, draw func(c viz.Canvas)) (eb, ra *image.RGBA) {
	return renderWith(NewCanvas(), w, h, scale, draw)
}

// renderWith is renderBoth with the ebiten canvas c (for a frame after
// others, with its caches).
func renderWith(c *Canvas, w, h int, scale float64, draw func(c viz.Canvas)) (eb, ra *image.RGBA) {
	dst := ebiten.NewImage(int(float64(w)*scale), int(float64(h)*scale))
	c.Begin(dst, scale)
	draw(c)
	c.Flush()
	eb = image.NewRGBA(dst.Bounds())
	dst.ReadPixels(eb.Pix)
	rc := raster.New(w, h, scale)
	draw(rc)
	return eb, rc.RGBA()
}

// blockDiff compares two images by the mean colour of b x b blocks: text
// and anti-aliasing differ in detail between backends, layout and colour
// must not. It returns the worst block's and the mean block's difference
// (0..255 per channel).
func blockDiff(a, c *image.RGBA, b int) (worst, mean float64) {
	r := a.Bounds()
	n := 0
	for by := 0; by+b <= r.Dy(); by += b {
		for bx := 0; bx+b <= r.Dx(); bx += b {
			var sa, sc [3]float64
			for y := by; y < by+b; y++ {
				for x := bx; x < bx+b; x++ {
					pa, pc := a.RGBAAt(x, y), c.RGBAAt(x, y)
					sa[0], sa[1], sa[2] = sa[0]+float64(pa.R), sa[1]+float64(pa.G), sa[2]+float64(pa.B)
					sc[0], sc[1], sc[2] = sc[0]+float64(pc.R), sc[1]+float64(pc.G), sc[2]+float64(pc.B)
				}
			}
			d := 0.0
			for k := range sa {
				d = max(d, math.Abs(sa[k]-sc[k])/float64(b*b))
			}
			worst = max(worst, d)
			mean += d
			n++
		}
	}
	return worst, mean / float64(n)
}

func save(t *testing.T, name string, img image.Image) string {
	p := filepath.Join(os.TempDir(), name)
	if err := rastertest.WritePNG(p, img); err != nil {
		t.Log(err)
	}
	return p
}

// probeScene is a view drawn with every kind of Canvas call and typeset
// text, so the whole app (chrome included) can be compared between the
// backends without the scenes package (viz knows no scene).
type probeScene struct{ v scene.Values }

func (s *probeScene) Info() scene.Info {
	return scene.Info{ID: "probe", Problem: "999", Title: "Backend probe", Family: "attention",
		Statement: "Every kind of canvas call.", Formula: `\hat{x}_0 = rac{x_t - \sqrt{1-arlpha_t}\,\epsilon}{\sqrt{arlpha_t}}`}
}
func (s *probeScene) Params() []scene.Param {
	return []scene.Param{{Name: "dim", Label: "dim", Kind: scene.Int, Min: 4, Max: 64, Step: 4, Default: 16},
		{Name: "pitfall", Label: "pitfall", Kind: scene.Bool}}
}
func (s *probeScene) Reset(v scene.Values) error { s.v = v; return nil }
func (s *probeScene) Timeline() scene.Timeline {
	return scene.Timeline{{Stage: "one", Caption: `A caption with $\sqrt{d}$.`, Shapes: "[1, 8, 16]", Seconds: 1},
		{Stage: "two", Caption: "two", Shapes: "[1]", Seconds: 1}, {Stage: "three", Caption: "three", Shapes: "[1]", Seconds: 1}}
}
func (s *probeScene) Draw(c viz.Canvas, f *scene.Frame) {
	n := int(s.v["dim"])
	vals := make([]float32, n*n)
	for i := range vals {
		vals[i] = float32(math.Sin(float64(i) * 0.37))
		if s.v["pitfall"] != 0 {
			vals[i] = -vals[i]
		}
	}
	c.Image(viz.Heatmap(vals, n, n, viz.BlueWhiteRed, -1, 1), 20, 20, 240, 240, false)
	c.Line(300, 20, 500, 200, 3, viz.Bad)
	c.FillCircle(400, 260, 30, viz.Categorical(2))
	c.Text(300, 300, "probe text 0.25", 14, viz.Ink, viz.AlignLeft)
}

func drawApp(_ string, params map[string]string) func(c viz.Canvas) {
	return func(c viz.Canvas) {
		cat := scene.Catalogue{Families: []string{"attention"}, Views: []scene.Factory{func() scene.Scene { return &probeScene{} }}}
		a := shell.New(shell.Options{Catalogue: cat, Paused: true})
		if err := a.Show("999", "", params); err != nil {
			panic(err)
		}
		w, h := c.Size()
		a.Layout(w, h)
		a.Update(0, nil)
		a.Draw(c)
	}
}

// The ebiten backend must draw the same picture as the raster backend for
// the same scene: same layout, same colours, text in the same places.
func TestEbitenMatchesRaster(t *testing.T) {
	tests := []struct {
		name   string
		id     string
		params map[string]string
		scale  float64
	}{
		{"probe", "", nil, 1},
		{"probe_pitfall", "", map[string]string{"pitfall": "true", "dim": "32"}, 1},
		{"probe_hidpi", "", nil, 2},
	}
	for _, tc := range tests {
		eb, ra := renderBoth(1280, 800, tc.scale, drawApp(tc.id, tc.params))
		b := int(16 * tc.scale)
		worst, mean := blockDiff(eb, ra, b)
		t.Logf("%s: block %dpx diff worst %.1f mean %.2f", tc.name, b, worst, mean)
		if os.Getenv("DLPREP_SAVE") != "" {
			t.Logf("saved %s, %s", save(t, tc.name+"_ebiten.png", eb), save(t, tc.name+"_raster.png", ra))
		}
		if worst > 40 || mean > 3 {
			t.Errorf("%s: ebiten and raster pictures differ: worst %dpx block %.1f, mean %.2f (want <= 40, <= 3); saved %s and %s",
				tc.name, b, worst, mean, save(t, tc.name+"_ebiten.png", eb), save(t, tc.name+"_raster.png", ra))
		}
	}
	// The comparison must be able to fail: a different view differs.
	eb, _ := renderBoth(1280, 800, 1, drawApp("", map[string]string{"pitfall": "true"}))
	_, ra := renderBoth(1280, 800, 1, drawApp("", nil))
	if worst, mean := blockDiff(eb, ra, 16); worst <= 40 && mean <= 3 {
		t.Errorf("pitfall on vs off compare as similar (worst %.1f, mean %.2f): the check is too loose", worst, mean)
	}
}

// Each primitive lands in the same place in both backends.
func TestEbitenPrimitivesMatchRaster(t *testing.T) {
	vals := make([]float32, 12)
	for i := range vals {
		vals[i] = float32(i)
	}
	hm := viz.Heatmap(vals, 3, 4, viz.Viridis, 0, 11)
	prims := map[string]func(c viz.Canvas){
		"rect":   func(c viz.Canvas) { c.FillRect(20, 20, 100, 60, viz.Accent) },
		"stroke": func(c viz.Canvas) { c.StrokeRect(20, 20, 100, 60, 3, viz.Ink) },
		"line":   func(c viz.Canvas) { c.Line(10, 10, 150, 90, 4, viz.Bad) },
		"poly": func(c viz.Canvas) {
			c.Polyline([]viz.Point{{X: 10, Y: 90}, {X: 60, Y: 20}, {X: 150, Y: 80}}, 5, viz.Good)
		},
		"polygon": func(c viz.Canvas) {
			c.FillPolygon([]viz.Point{{X: 20, Y: 90}, {X: 80, Y: 10}, {X: 150, Y: 90}}, viz.Categorical(1))
		},
		"circle": func(c viz.Canvas) { c.FillCircle(80, 50, 35, viz.Categorical(2)) },
		"text":   func(c viz.Canvas) { c.Text(80, 60, "Heatmap 009", 20, viz.Ink, viz.AlignCenter) },
		"image":  func(c viz.Canvas) { c.Image(hm, 20, 10, 120, 80, false) },
		// Batched discs and rings (sprites here, one shape at a time in
		// raster), small as particles and large enough to tessellate.
		"discs": func(c viz.Canvas) {
			viz.Discs(c, []viz.Point{{X: 20, Y: 20}, {X: 40.5, Y: 30.25}, {X: 60, Y: 70}}, 3, 0, viz.Accent)
			viz.Discs(c, []viz.Point{{X: 120, Y: 50}}, 30, 0, viz.Categorical(2))
		},
		// Batched squares, each in its own colour (translucent too), over
		// a rectangle drawn before them: order and colour as FillRects.
		"squares": func(c viz.Canvas) {
			c.FillRect(10, 10, 60, 60, viz.Ink)
			viz.Squares(c, []viz.Point{{X: 20, Y: 20}, {X: 40.5, Y: 30.25}, {X: 60, Y: 70}, {X: 120, Y: 50}},
				6, []color.RGBA{viz.Accent, viz.Bad, {0, 60, 0, 128}, viz.Categorical(2)})
		},
		"rings": func(c viz.Canvas) {
			viz.Discs(c, []viz.Point{{X: 20, Y: 20}, {X: 40.5, Y: 30.25}, {X: 60, Y: 70}}, 4, 1.5, viz.Bad)
			viz.Discs(c, []viz.Point{{X: 120, Y: 50}}, 30, 3, viz.Ink)
		},
	}
	for name, draw := range prims {
		for _, scale := range []float64{1, 2} {
			eb, ra := renderBoth(160, 100, scale, func(c viz.Canvas) {
				w, h := c.Size()
				c.FillRect(0, 0, w, h, viz.White)
				draw(c)
			})
			worst, mean := blockDiff(eb, ra, int(4*scale))
			if worst > 60 || mean > 4 {
				t.Errorf("%s at scale %v: worst block %.1f, mean %.2f; saved %s, %s", name, scale, worst, mean,
					save(t, fmt.Sprintf("%s_%v_ebiten.png", name, scale), eb), save(t, fmt.Sprintf("%s_%v_raster.png", name, scale), ra))
			}
		}
	}
	// Text widths agree, so layouts computed from them agree.
	c := NewCanvas()
	c.Begin(ebiten.NewImage(10, 10), 1)
	rc := raster.New(10, 10, 1)
	for _, s := range []string{"Sinusoidal timestep embedding", "PE(t, 0..3)", "−1 … +1"} {
		if we, wr := c.TextWidth(s, 14), rc.TextWidth(s, 14); math.Abs(we-wr) > 1 {
			t.Errorf("TextWidth(%q): ebiten %.2f, raster %.2f", s, we, wr)
		}
	}
}

// Uploads follow Bitmap.Version: a touched bitmap is re-uploaded.
func TestBitmapUploadFollowsVersion(t *testing.T) {
	b := viz.Heatmap([]float32{0}, 1, 1, viz.Greys, 0, 1) // white
	dst := ebiten.NewImage(4, 4)
	c := NewCanvas()
	read := func() [4]byte {
		c.Begin(dst, 1)
		c.Image(b, 0, 0, 4, 4, false)
		c.Flush()
		px := make([]byte, 4*16)
		dst.ReadPixels(px)
		return [4]byte(px[:4])
	}
	if got := read(); got[0] != 255 {
		t.Fatalf("first draw: %v, want white", got)
	}
	b.SetHeatmap([]float32{1}, 1, 1, viz.Greys, 0, 1) // near-black, Touch()ed
	if got := read(); got[0] > 40 {
		t.Fatalf("after SetHeatmap: %v, want near-black (stale upload?)", got)
	}
}

// Frame work through the ebiten backend: what Stats reports natively.
// (Drawing commands are queued to the GPU; this is the Go side's cost.)
func TestEbitenFrameWork(t *testing.T) {
	dst := ebiten.NewImage(1280, 800)
	c := NewCanvas()
	cat := scene.Catalogue{Families: []string{"attention"}, Views: []scene.Factory{func() scene.Scene { return &probeScene{} }}}
	a := shell.New(shell.Options{Catalogue: cat})
	for i := 0; i < 120; i++ {
		c.Begin(dst, 1)
		a.Update(1.0/60, nil)
		a.Draw(c)
		if i%30 == 0 {
			dst.ReadPixels(make([]byte, 4*1280*800)) // flush, as a presented frame would
		}
	}
	st := a.Stats()
	t.Logf("probe view via ebiten: first frame %.1f ms, work p50 %.2f ms, p95 %.2f ms over %d frames", st.FirstFrameMs, st.WorkMsP50, st.WorkMsP95, st.Frames)
	if st.Frames != 120 || st.WorkMsP50 <= 0 {
		t.Fatalf("Stats %+v: want 120 frames with positive work", st)
	}
}
