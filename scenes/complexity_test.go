package scenes

import (
	"testing"

	"dlprep/core/complexity"
)

func newComplexity(t *testing.T, v Values) *complexityScene {
	t.Helper()
	return resetScene(t, "complexity", v).(*complexityScene)
}

// The readout is core/complexity's counts for the slider values.
func TestComplexityReadoutIsCore(t *testing.T) {
	for _, v := range []Values{{}, {"d": 768, "heads": 4, "n": 197, "npix": 3136, "r": 16, "tokens": 4096, "c": 768, "k": 7, "t": 16, "kt": 5}} {
		s := newComplexity(t, v)
		m, _ := complexity.MHSAFlops(int64(s.n), int64(s.d), int64(s.heads))
		l, _ := complexity.LoRACosts(int64(s.d), int64(s.d), int64(s.r), 1, int64(s.tokens))
		c, _ := complexity.CNNViTFlops(int64(s.npix), int64(s.ch), int64(s.k), int64(s.t), int64(s.kt))
		kv := kvMap(s.Readout())
		for k, want := range map[string]int64{
			"mhsa total": m.Total, "lora params": l.ParamsLoRA, "full params": l.ParamsFull, "lora flops": l.FlopsLoRA,
			"merge-first flops": l.FlopsMergeFirst, "conv2d flops": c.Conv2D, "attention flops": c.Attention,
			"crossover N": c.CrossoverN, "conv3d flops": c.Conv3D, "space-time attention flops": c.AttentionST,
			"factorized attention flops": c.AttentionFactorized,
		} {
			if kv[k] != itoa64(want) {
				t.Errorf("%v: readout %q = %q, core %d", v, k, kv[k], want)
			}
		}
	}
}

// The MHSA crossover found on core's counts is n = 2d (4n²d > 8nd²), and
// the head count changes nothing.
func TestComplexityMHSACrossover(t *testing.T) {
	for _, d := range []int{64, 512, 2048} {
		a := newComplexity(t, Values{"d": float64(d), "heads": 0})
		b := newComplexity(t, Values{"d": float64(d), "heads": 4})
		if a.mhsaCross != 2*d+1 {
			t.Errorf("d=%d: quadratic part wins from n=%d, want %d", d, a.mhsaCross, 2*d+1)
		}
		if a.mhsa != b.mhsa {
			t.Errorf("d=%d: 1 head %+v, 16 heads %+v", d, a.mhsa, b.mhsa)
		}
	}
}

// The LoRA curves: params ratio 2r/d; factored extra FLOPs 2r/d of the base;
// merging first r/(N·L): it wins only when N·L > d/2.
func TestComplexityLoRACurves(t *testing.T) {
	s := newComplexity(t, Values{"d": 512, "tokens": 128})
	for i, r := range s.loraX {
		if want := 100 * 2 * r / 512; abs(s.loraParams[i]-want) > 1e-9 || abs(s.loraFact[i]-want) > 1e-9 {
			t.Fatalf("r=%v: params %v%%, factored %v%%, want %v%%", r, s.loraParams[i], s.loraFact[i], want)
		}
		if want := 100 * r / 128; abs(s.loraMerge[i]-want) > 1e-9 {
			t.Fatalf("r=%v: merge-first %v%%, want %v%%", r, s.loraMerge[i], want)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestComplexityWrittenRulePitfall(t *testing.T) {
	s := newComplexity(t, Values{"c": 64, "k": 5, "pitfall_written_rule": 1})
	kv := kvMap(s.Readout())
	if kv["written-rule crossover N"] != "1601" || kv["crossover N"] != "673" {
		t.Errorf("written rule %q, core %q; want 1601 (K²C+1) and 673 (C(K²−4)/2+1)", kv["written-rule crossover N"], kv["crossover N"])
	}
}

// Moving n alone re-renders no plot.
func TestComplexityMovingNKeepsPlots(t *testing.T) {
	s := newComplexity(t, nil)
	c := &countCanvas{w: 960, h: 600}
	s.Draw(c)
	v := Defaults(s.Params())
	v["n"] = 3000
	if err := s.Reset(v); err != nil {
		t.Fatal(err)
	}
	before := s.figM.Renders() + s.figL.Renders() + s.figC.Renders()
	s.Draw(c)
	if after := s.figM.Renders() + s.figL.Renders() + s.figC.Renders(); after != before {
		t.Errorf("moving n re-rendered %d plots", after-before)
	}
}

func TestComplexityGolden(t *testing.T) {
	familyGolden(t, "complexity", newComplexity(t, Values{"pitfall_written_rule": 1}), nil)
}

func BenchmarkScene_complexity(b *testing.B) { benchScene(b, "complexity", nil) }
