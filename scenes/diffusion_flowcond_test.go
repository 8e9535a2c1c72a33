package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/viz/scene"
)

// The flow layer view's output is diffusion.FlowCondLayer's for every t
// of the grid; the stages on the way are consistent with it: the
// embedding is [sin(t f) | cos(t f)] with f over D/2, γ and β the halves
// of ada_norm, and the modulated x is x(1+γ)+β.
func TestFlowCondViewIsCoreLayer(t *testing.T) {
	for _, v := range []scene.Values{nil, {"d": 2}, {"d": 16, "seed": 7}, {"t": 1, "d": 10}} {
		s := newView(t, newFlowCondView, v)
		d := s.d
		for _, r := range []int{0, 1, 37, fcGrid} {
			x := core.New(1, d)
			copy(x.Data, s.x.Data)
			y, err := diffusion.FlowCondLayer(x, []float32{float32(r) / fcGrid}, s.w)
			if err != nil {
				t.Fatal(err)
			}
			for j := range d {
				if got, want := s.st.Y.Data[r*d+j], y.Data[j]; math.Abs(float64(got-want)) > 1e-5*max(1, math.Abs(float64(want))) {
					t.Fatalf("%v: t=%v y[%d] = %v, FlowCondLayer = %v", v, s.ts[r], j, got, want)
				}
			}
		}
		half := d / 2
		for r := 0; r <= fcGrid; r += 10 {
			tv := float64(r) / fcGrid
			for i := range half {
				f := math.Exp(-math.Log(10000) * float64(i) / float64(half))
				if got := float64(s.eT[i*(fcGrid+1)+r]); math.Abs(got-math.Sin(tv*f)) > 1e-6 {
					t.Fatalf("%v: e[%d] at t=%v shown %v, sin(t f) = %v", v, i, tv, got, math.Sin(tv*f))
				}
			}
			for j := range d {
				g, b := s.gamma[r*d+j], s.beta[r*d+j]
				if g != s.st.GammaBeta.Data[r*2*d+j] || b != s.st.GammaBeta.Data[r*2*d+d+j] {
					t.Fatalf("%v: γ, β are not the halves of ada_norm's output", v)
				}
				want := float64(s.x.Data[j])*(1+float64(g)) + float64(b)
				if got := float64(s.st.Mod.Data[r*d+j]); math.Abs(got-want) > 1e-5 {
					t.Fatalf("%v: x(1+γ)+β [%d] = %v, want %v", v, j, got, want)
				}
				if s.gT[j*(fcGrid+1)+r] != g {
					t.Fatalf("%v: the γ strip differs from γ", v)
				}
			}
		}
	}
}

// The sweep moves t through the grid, and the readout follows the t shown.
func TestFlowCondSweepAndReadout(t *testing.T) {
	s := newView(t, newFlowCondView, nil)
	last := len(s.tl) - 1
	f := &scene.Frame{Step: last, Frac: 0.5}
	if r := s.row(f); r != fcGrid/2 {
		t.Errorf("mid-sweep row %d, want %d", r, fcGrid/2)
	}
	kv := map[string]string{}
	for _, e := range s.Readout(f) {
		kv[e.Key] = e.Value
	}
	if kv["t"] != "0.50" || kv["γ[0..3]"] != tsFirst(s.gamma[fcGrid/2*s.d:], 4) {
		t.Errorf("readout %v", kv)
	}
	f = &scene.Frame{Step: 1}
	if r := s.row(f); r != 30 {
		t.Errorf("the fixed stages show row %d, want t = 0.3's", r)
	}
}

func TestFlowCondGoldens(t *testing.T) {
	checkGolden(t, "flow_cond_sweep", "033", nil, 4, 1280, 800)
}
