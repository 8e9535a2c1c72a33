package scenes

import (
	"math"
	"testing"

	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// What the compositing view shows is geometry.AlphaComposite's: the
// table's T and α T rows, the last running colour, the heat colours; the
// pitfall's rows are mistakes.CompositeUnshifted's.
func TestCompositeViewIsCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"pitfall": 1}, {"fog": 0, "glass": 1, "surface": 0.3}} {
		s := newView(t, newCompositeView, v)
		n := s.n
		rgb, trans, err := geometry.AlphaComposite(s.colors, s.alphas)
		if err != nil {
			t.Fatal(err)
		}
		s.setTable(len(s.tl) - 1)
		for i := range n {
			if got, want := s.table.vals[2*n+i], trans.Data[i]; got != want {
				t.Fatalf("%v: T[%d] shown %v, AlphaComposite %v", v, i, got, want)
			}
			if got, want := s.table.vals[3*n+i], s.alphas.Data[i]*trans.Data[i]; got != want {
				t.Fatalf("%v: weight[%d] shown %v, α T %v", v, i, got, want)
			}
			// The cell colours decode to the values.
			if got := s.table.bm.Value(2, i, viz.Viridis, 0, 1); math.Abs(got-float64(trans.Data[i])) > 1.0/255+1e-6 {
				t.Fatalf("%v: T cell %d reads %v, T %v", v, i, got, trans.Data[i])
			}
		}
		for ch := range 3 {
			if got, want := s.running.Data[3*(n-1)+ch], rgb.Data[ch]; got != want {
				t.Fatalf("%v: final colour[%d] %v, AlphaComposite %v", v, ch, got, want)
			}
		}
		if s.pitfall == "" {
			if s.badT != nil {
				t.Fatalf("pitfall rows without a pitfall")
			}
			continue
		}
		bad, badT, err := mistakes.CompositeUnshifted(s.colors, s.alphas)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if got := s.table.vals[4*n+i]; got != badT.Data[i] {
				t.Fatalf("pitfall T[%d] shown %v, mistakes %v", i, got, badT.Data[i])
			}
		}
		for ch := range 3 {
			if got := s.badRun.Data[3*(n-1)+ch]; math.Abs(float64(got-bad.Data[ch])) > 1e-6 {
				t.Fatalf("pitfall colour[%d] %v, mistakes %v", ch, got, bad.Data[ch])
			}
		}
	}
}

// The table fills in step by step: at sample k the T of later samples is
// still hidden (the cumprod made visible).
func TestCompositeTableFillsIn(t *testing.T) {
	s := newView(t, newCompositeView, nil)
	n := s.n
	s.setTable(3) // sample 2
	for i := range n {
		if hidden := s.mask[2*n+i]; hidden != (i > 2) {
			t.Fatalf("step 3: T[%d] hidden = %v", i, hidden)
		}
		if s.mask[i] {
			t.Fatalf("step 3: α[%d] hidden", i)
		}
	}
}

// The pitfall darkens the pixel: the red surface is dimmed by its own
// opacity, and the caption of each layer names the core's T.
func TestCompositePitfallDarkens(t *testing.T) {
	s := newView(t, newCompositeView, scene.Values{"pitfall": 1})
	sum := func(c []float32) float32 { return c[0] + c[1] + c[2] }
	if b, r := sum(s.badRGB.Data), sum(s.rgb.Data); b > 0.7*r {
		t.Fatalf("pitfall colour %v not visibly darker than %v", s.badRGB.Data, s.rgb.Data)
	}
	in, ok := s.Inspect(&scene.Frame{}, scene.Target{Group: grpCompTable, Index: 4*s.n + 5})
	if !ok || in.Source != "mistakes.CompositeUnshifted" || in.Value != fmtNum(float64(s.badT.Data[5])) {
		t.Fatalf("pitfall T inspection %+v", in)
	}
	in, ok = s.Inspect(&scene.Frame{}, scene.Target{Group: grpCompSample, Index: 5})
	if !ok || in.Name != "sample 5: red surface" {
		t.Fatalf("sample inspection %+v", in)
	}
}

func TestCompositeGoldens(t *testing.T) {
	checkGolden(t, "composite_layer", "005", nil, 6, 1280, 800)
	checkGolden(t, "composite_pitfall_phone", "005", map[string]string{"pitfall": "transmittance-unshifted"}, 9, 390, 844)
}
