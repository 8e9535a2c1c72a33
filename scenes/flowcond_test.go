package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/diffusion"
)

func newFlowCond(t *testing.T, v Values) *flowCondScene {
	t.Helper()
	return resetScene(t, "flow_cond", v).(*flowCondScene)
}

// The output the scene shows is diffusion.FlowCondLayer's bit for bit, for
// every t of the grid; the stages drawn on the way are consistent with it:
// the embedding is [sin(t f) | cos(t f)] with f over D/2, γ and β are the
// halves of ada_norm, and the modulated x is x(1+γ)+β.
func TestFlowCondShowsCoreLayer(t *testing.T) {
	for _, v := range []Values{{}, {"d": 2}, {"d": 24, "seed": 7}, {"d": 10, "t": 1}} {
		s := newFlowCond(t, v)
		d, rows := s.d, fcSteps+1
		for _, r := range []int{0, 1, 37, fcSteps} {
			x := core.New(1, d)
			copy(x.Data, s.x.Data)
			y, err := diffusion.FlowCondLayer(x, []float32{float32(r) / fcSteps}, s.w)
			if err != nil {
				t.Fatal(err)
			}
			for j := range d {
				if got, want := s.out.Data[r*d+j], y.Data[j]; math.Abs(float64(got-want)) > 1e-6 {
					t.Fatalf("%v: t=%v out[%d] = %v, FlowCondLayer = %v", v, s.ts[r], j, got, want)
				}
			}
		}
		// The batch through core equals the stages shown, exactly.
		if !equalF32(s.out.Data, s.coreOut.Data) {
			t.Fatalf("%v: shown outputs differ from FlowCondLayer on the same batch", v)
		}
		half := d / 2
		for r := 0; r < rows; r += 10 {
			tv := float64(r) / fcSteps
			for i := range half {
				f := math.Exp(-math.Log(10000) * float64(i) / float64(half))
				if got := float64(s.emb.Data[r*d+i]); math.Abs(got-math.Sin(tv*f)) > 1e-6 {
					t.Fatalf("%v: e[%d] at t=%v = %v, sin(t f) = %v", v, i, tv, got, math.Sin(tv*f))
				}
				if got := float64(s.emb.Data[r*d+half+i]); math.Abs(got-math.Cos(tv*f)) > 1e-6 {
					t.Fatalf("%v: e[%d] at t=%v = %v, cos(t f) = %v", v, half+i, tv, got, math.Cos(tv*f))
				}
			}
			for j := range d {
				g, b := s.gb.Data[r*2*d+j], s.gb.Data[r*2*d+d+j]
				want := float64(s.x.Data[j])*(1+float64(g)) + float64(b)
				if got := float64(s.mod.Data[r*d+j]); math.Abs(got-want) > 1e-5 {
					t.Fatalf("%v: x(1+γ)+β [%d] = %v, want %v", v, j, got, want)
				}
			}
		}
	}
}

// Playing sweeps t and changes γ, β and the output; the readout follows.
func TestFlowCondPlaySweepsT(t *testing.T) {
	s := newFlowCond(t, Values{"t": 0})
	r0 := kvMap(s.Readout())
	for range 60 {
		s.Update(Input{}, 1.0/30)
	}
	if s.tf < 0.2 || s.tf > 0.3 || s.row != int(math.Round(s.tf*fcSteps)) {
		t.Fatalf("after 2 s of play t = %v (row %d), want 2/%v", s.tf, s.row, fcSweep)
	}
	r1 := kvMap(s.Readout())
	for _, k := range []string{"γ[0..3]", "β[0..3]", "out[0..3]", "t"} {
		if r0[k] == r1[k] {
			t.Errorf("readout %s did not change with t: %s", k, r0[k])
		}
	}
	d := s.d
	if got, want := r1["γ[0..3]"], tsFirst(s.gb.Data[s.row*2*d:], 4); got != want {
		t.Errorf("readout γ %q, want %q", got, want)
	}
	s.Update(Input{}, 0)
	if row := s.row; row != int(math.Round(s.tf*fcSteps)) {
		t.Errorf("paused frame moved t")
	}
	for range 400 {
		s.Update(Input{}, 1.0/30)
	}
	if s.tf < 0 || s.tf > 1 {
		t.Errorf("t = %v left [0, 1]", s.tf)
	}
}

// The embedding's frequencies are core's, over D/2: the last one is
// 10000^(−(D/2−1)/(D/2)), not 1/10000.
func TestFlowCondFrequenciesOverHalfD(t *testing.T) {
	s := newFlowCond(t, Values{"d": 8})
	f, err := diffusion.FlowTimeFrequencies(8)
	if err != nil {
		t.Fatal(err)
	}
	if !equalF32(s.freqs, f) {
		t.Fatalf("frequencies %v, core %v", s.freqs, f)
	}
	if want := math.Pow(10000, -3.0/4); math.Abs(float64(f[3])-want) > 1e-6 {
		t.Errorf("f_3 = %v, want 10000^(-3/4) = %v", f[3], want)
	}
}

func TestFlowCondGolden(t *testing.T) {
	familyGolden(t, "flow_cond", newFlowCond(t, nil), nil)
}

func BenchmarkScene_flow_cond(b *testing.B) { benchScene(b, "flow_cond", nil) }
