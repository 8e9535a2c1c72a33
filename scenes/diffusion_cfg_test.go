package scenes

import (
	"testing"

	"dlprep/core/diffusion/toy"
)

// TestCFGSceneParticlesAreCoreSampler checks every frame against core's
// guided sampler with the same class, w and seed.
func TestCFGSceneParticlesAreCoreSampler(t *testing.T) {
	for _, v := range []Values{{"guidance": 3, "particles": 40, "steps": 8}, {"guidance": 0, "data": 0, "class": 5, "particles": 30, "steps": 5}} {
		s := resetScene(t, "cfg", v).(*CFGScene)
		ref, err := toy.NewSampler(s.mix, s.Config(v["guidance"]), int(v["particles"]))
		if err != nil {
			t.Fatal(err)
		}
		ref.Start(s.seed)
		_, n := s.Progress()
		for k := 0; k <= n; k++ {
			got := s.Positions()
			for i, x := range ref.X {
				if got[i] != float32(x) {
					t.Fatalf("%v frame %d value %d: shown %v, sampler %v", v, k, i, got[i], x)
				}
			}
			s.Step()
			ref.Step()
		}
	}
}

// TestCFGSceneGuidanceShrinksSpread checks the sweep shows the effect the
// scene is about: more samples in the class and a smaller spread at high w.
func TestCFGSceneGuidanceShrinksSpread(t *testing.T) {
	s := resetScene(t, "cfg", nil).(*CFGScene)
	ws, spread, in := s.Sweep()
	last := len(ws) - 1
	if !(spread[last] < spread[2]) {
		t.Errorf("spread at w=%v is %v, not below w=%v's %v", ws[last], spread[last], ws[2], spread[2])
	}
	if !(in[last] >= in[0]) || in[last] < 0.95 {
		t.Errorf("share in class: w=0 %v, w=%v %v; want it to grow to ~1", in[0], ws[last], in[last])
	}
}

func BenchmarkScene_cfg(b *testing.B) { benchScene(b, "cfg", nil) }
