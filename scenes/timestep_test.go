package scenes

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"dlprep/core/embed"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

func newTimestep(t *testing.T, d, ts int, pitfall bool) *timestepScene {
	t.Helper()
	s := &timestepScene{}
	v := Defaults(s.Params())
	v["dim"], v["t"] = float64(d), float64(ts)
	if pitfall {
		v["pitfall"] = 1
	}
	if err := s.Reset(v); err != nil {
		t.Fatalf("Reset(D=%d, t=%d, pitfall=%v): %v", d, ts, pitfall, err)
	}
	return s
}

func heatmapTimesteps() []float32 {
	ts := make([]float32, tsRows)
	for i := range ts {
		ts[i] = float32(i * tsStride)
	}
	return ts
}

// The matrices the heatmaps show are core's embedding, bit for bit.
func TestTimestepMatricesAreCoreEmbedding(t *testing.T) {
	for _, d := range []int{4, 6, 64, 128} {
		s := newTimestep(t, d, 123, false)
		for _, lay := range []embed.Layout{embed.Interleaved, embed.Concat} {
			want, err := embed.TimestepEmbedding(heatmapTimesteps(), d, lay)
			if err != nil {
				t.Fatal(err)
			}
			got := s.mats[lay][0]
			if len(got) != len(want.Data) {
				t.Fatalf("D=%d %v: %d values, want %d", d, lay, len(got), len(want.Data))
			}
			for i := range got {
				if got[i] != want.Data[i] {
					t.Fatalf("D=%d %v: value %d (t=%d, dim %d) = %v, core says %v", d, lay, i, i/d*tsStride, i%d, got[i], want.Data[i])
				}
			}
			one, _ := embed.TimestepEmbedding([]float32{123}, d, lay)
			for i, v := range s.sel[lay][0] {
				if v != one.Data[i] {
					t.Fatalf("D=%d %v: selected-t strip dim %d = %v, core says %v", d, lay, i, v, one.Data[i])
				}
			}
		}
	}
}

// The pitfall panels show frequencies indexed over D: f_i = 10000^(−i/D)
// (interleaved) and exp(−ln(10000)·i/(D−1)) (concat), written out here
// independently of core. Tolerance: core rounds t·f to float32 first.
func TestTimestepPitfallMatrices(t *testing.T) {
	for _, d := range []int{4, 10, 64} {
		s := newTimestep(t, d, 0, true)
		half := d / 2
		for _, lay := range []embed.Layout{embed.Interleaved, embed.Concat} {
			got := s.mats[lay][1]
			maxDiffFromCorrect := 0.0
			for r, ts := range heatmapTimesteps() {
				for i := 0; i < half; i++ {
					f := math.Pow(10000, -float64(i)/float64(d))
					sinAt, cosAt := 2*i, 2*i+1
					if lay == embed.Concat {
						f = math.Exp(-math.Log(10000) * float64(i) / float64(d-1))
						sinAt, cosAt = i, half+i
					}
					ws, wc := math.Sin(float64(ts)*f), math.Cos(float64(ts)*f)
					gs, gc := float64(got[r*d+sinAt]), float64(got[r*d+cosAt])
					if math.Abs(gs-ws) > 2e-4 || math.Abs(gc-wc) > 2e-4 {
						t.Fatalf("D=%d %v pitfall t=%v i=%d: (sin, cos) = (%.6f, %.6f), want (%.6f, %.6f)", d, lay, ts, i, gs, gc, ws, wc)
					}
					maxDiffFromCorrect = max(maxDiffFromCorrect, math.Abs(gs-float64(s.mats[lay][0][r*d+sinAt])))
				}
			}
			if maxDiffFromCorrect < 0.5 {
				t.Errorf("D=%d %v: pitfall differs from the correct embedding by at most %.3f; want a visible difference", d, lay, maxDiffFromCorrect)
			}
		}
	}
}

// Reading the drawn pixels back through the colour map gives core's
// values: what is on screen is the embedding, at the right cell.
func TestTimestepHeatmapPixelsShowCoreValues(t *testing.T) {
	for _, tc := range []struct {
		d       int
		pitfall bool
		scale   float64
	}{{64, false, 1}, {8, true, 1}, {128, false, 2}} {
		s := newTimestep(t, tc.d, 500, tc.pitfall)
		c := raster.New(760, 600, tc.scale)
		s.Draw(c)
		img := c.RGBA()
		if want := 2 + 2*tsB(tc.pitfall); len(s.panels) != want {
			t.Fatalf("D=%d pitfall=%v: %d panels, want %d", tc.d, tc.pitfall, len(s.panels), want)
		}
		for _, p := range s.panels {
			m := s.mats[p.layout][tsB(p.pitfall)]
			k := tc.scale
			// The rectangle the raster backend filled, in device pixels.
			x0, y0 := math.Round(p.rect.X*k), math.Round(p.rect.Y*k)
			x1, y1 := math.Round((p.rect.X+p.rect.W)*k), math.Round((p.rect.Y+p.rect.H)*k)
			checked, worst := 0, 0.0
			// The selected-t marker is drawn over the heatmap: skip it.
			marker := (p.rect.Y + (500.0/tsStride+0.5)/tsRows*p.rect.H) * k
			for py := int(y0); py < int(y1); py += 2 {
				if math.Abs(float64(py)+0.5-marker) < 2*k {
					continue
				}
				row := int((float64(py) + 0.5 - y0) * tsRows / (y1 - y0))
				for px := int(x0); px < int(x1); px += 2 {
					col := int((float64(px) + 0.5 - x0) * float64(tc.d) / (x1 - x0))
					got := -1 + 2*viz.BlueWhiteRed.Invert(img.RGBAAt(px, py))
					want := float64(m[row*tc.d+col])
					worst = max(worst, math.Abs(got-want))
					if math.Abs(got-want) > 0.02 {
						t.Fatalf("%s D=%d scale %v: pixel (%d,%d) reads %.3f, core's PE(t=%d, dim %d) = %.3f",
							p.name, tc.d, tc.scale, px, py, got, row*tsStride, col, want)
					}
					checked++
				}
			}
			if checked < 1000 {
				t.Fatalf("%s: only %d pixels checked", p.name, checked)
			}
		}
	}
}

func TestTimestepGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		d, t    int
		pitfall bool
	}{{"timestep", 64, 250, false}, {"timestep_pitfall", 32, 600, true}} {
		s := newTimestep(t, tc.d, tc.t, tc.pitfall)
		c := raster.New(760, 600, 1)
		c.Clear(viz.Paper)
		s.Draw(c)
		rastertest.Check(t, c.RGBA(), "testdata/"+tc.name+"_golden.png")
	}
}

func TestTimestepReadout(t *testing.T) {
	s := newTimestep(t, 64, 250, true)
	got := map[string]string{}
	for _, kv := range s.Readout() {
		got[kv.Key] = kv.Value
	}
	// 2π/f_min with f_min = 10000^(−62/64), and 10000^(−31/64) for the pitfall.
	want := map[string]string{
		"slowest period":          fmt.Sprintf("%.0f steps", 2*math.Pi*math.Pow(10000, 62.0/64)),
		"slowest period, pitfall": fmt.Sprintf("%.0f steps", 2*math.Pi*math.Pow(10000, 31.0/64)),
		"D":                       "64",
		"t":                       "250",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("readout %q = %q, want %q", k, got[k], w)
		}
	}
}

func TestTimestepRejectsBadValues(t *testing.T) {
	for _, v := range []Values{{"dim": 5, "t": 0}, {"dim": 2, "t": 0}, {"dim": 64, "t": 1000}, {"dim": 64, "t": -1}} {
		s := &timestepScene{}
		err := s.Reset(v)
		if err == nil || !strings.Contains(err.Error(), "timestep_embedding") {
			t.Errorf("Reset(%v): error %v, want one naming the scene and the value", v, err)
		}
	}
}

// Moving t must not recompute the matrices or redraw the plot.
func TestTimestepMovingTIsCheap(t *testing.T) {
	s := newTimestep(t, 64, 100, false)
	c := raster.New(760, 600, 1)
	s.Draw(c)
	renders, ver, mat := s.fig.Renders(), s.figVer, &s.mats[0][0][0]
	for _, ts := range []int{200, 300, 999} {
		if err := s.Reset(Values{"dim": 64, "t": float64(ts), "pitfall": 0}); err != nil {
			t.Fatal(err)
		}
		s.Draw(c)
	}
	if s.fig.Renders() != renders || s.figVer != ver || &s.mats[0][0][0] != mat {
		t.Errorf("moving t redrew the plot (%d -> %d renders) or rebuilt the matrices", renders, s.fig.Renders())
	}
	if err := s.Reset(Values{"dim": 32, "t": 5, "pitfall": 0}); err != nil {
		t.Fatal(err)
	}
	s.Draw(c)
	if s.fig.Renders() != renders+1 {
		t.Errorf("changing D: %d plot renders, want %d", s.fig.Renders(), renders+1)
	}
}

func TestTimestepHoverReadsCell(t *testing.T) {
	s := newTimestep(t, 8, 0, false)
	s.Draw(raster.New(760, 600, 1))
	p := s.panels[0]
	// Centre of row 3 (t=30), column 5.
	x := p.rect.X + 5.5*p.rect.W/8
	y := p.rect.Y + 3.5*p.rect.H/tsRows
	s.Update(Input{MouseX: x, MouseY: y}, 0)
	want := fmt.Sprintf("PE(t=30, dim 5) = %.4f", s.mats[0][0][3*8+5])
	if !strings.Contains(s.hover, want) {
		t.Errorf("hover text %q, want it to contain %q", s.hover, want)
	}
}

func BenchmarkTimestepDraw(b *testing.B) {
	s := &timestepScene{}
	_ = s.Reset(Defaults(s.Params()))
	c := raster.New(760, 600, 1)
	for i := 0; i < b.N; i++ {
		s.Update(Input{}, 1.0/60)
		s.Draw(c)
	}
}
