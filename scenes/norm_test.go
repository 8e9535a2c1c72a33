package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/norm"
)

func newNorm(t *testing.T, v Values) *normScene {
	t.Helper()
	return resetScene(t, "norm", v).(*normScene)
}

// Each step's BatchNorm output and running statistics are those of a
// reference core BatchNorm2D fed the same batches; LayerNorm's output is
// core's LayerNorm over each sample's C·H·W values.
func TestNormStepsMatchCore(t *testing.T) {
	for _, v := range []Values{{}, {"batch": 5, "hw": 3, "momentum": 0.3}} {
		s := newNorm(t, v)
		ref := norm.NewBatchNorm2D(normC)
		ref.Momentum = s.momentum
		check := func() {
			t.Helper()
			y, err := ref.Forward(s.x)
			if err != nil {
				t.Fatal(err)
			}
			if !equalF32(y.Data, s.yBN.Data) || !equalF32(ref.RunningMean.Data, s.bn.RunningMean.Data) || !equalF32(ref.RunningVar.Data, s.bn.RunningVar.Data) {
				t.Fatalf("%v step %d: scene's BatchNorm differs from a reference core BatchNorm2D", v, s.step)
			}
			flat := &core.Tensor{Shape: []int{s.b, normC * s.hw * s.hw}, Data: s.x.Data}
			ln, _ := norm.LayerNorm(flat, nil, nil, 1e-5)
			if !equalF32(ln.Data, s.yLN.Data) {
				t.Fatalf("%v step %d: LayerNorm output differs from core", v, s.step)
			}
		}
		check()
		for range 30 {
			s.Step()
			check()
		}
		if k, n := s.Progress(); k != 31 || n != normMaxSteps {
			t.Errorf("progress %d of %d, want 31 of %d", k, n, normMaxSteps)
		}
	}
}

// The groups are normalised: BatchNorm over a channel, LayerNorm over a
// sample (mean 0, biased variance 1 up to ε), as the readout says.
func TestNormGroupsAreNormalised(t *testing.T) {
	s := newNorm(t, Values{"batch": 4, "hw": 3})
	c := &countCanvas{w: 960, h: 600}
	s.Draw(c)
	g := s.grids[0]
	// Click sample 2, channel 1.
	s.Update(Input{MouseX: g.X + g.W*1.5/normC, MouseY: g.Y + g.H*2.5/4, Clicked: true}, 0)
	if s.selB != 2 || s.selC != 1 {
		t.Fatalf("click selected sample %d channel %d, want 2, 1", s.selB, s.selC)
	}
	if math.Abs(s.bnMean) > 1e-5 || math.Abs(s.bnVar-1) > 1e-3 || math.Abs(s.lnMean) > 1e-5 || math.Abs(s.lnVar-1) > 1e-3 {
		t.Errorf("BN channel mean/var %v/%v, LN sample mean/var %v/%v; want 0/1", s.bnMean, s.bnVar, s.lnMean, s.lnVar)
	}
	kv := kvMap(s.Readout())
	if kv["channel"] != "1" || kv["BN output var"] != f3(s.bnVar) {
		t.Errorf("readout %v", kv)
	}
}

// The pitfall's running variance settles at (n−1)/n of core's, and core's
// approaches the true variance.
func TestNormBiasedRunningVariancePitfall(t *testing.T) {
	s := newNorm(t, Values{"batch": 2, "hw": 1, "momentum": 0.1, "pitfall_biased_running_var": 1})
	for range normMaxSteps {
		s.Step()
	}
	n := 2.0
	for c := 0; c < normC; c++ {
		ratio := s.pitVar[c] / float64(s.bn.RunningVar.Data[c])
		if math.Abs(ratio-(n-1)/n) > 1e-3 {
			t.Errorf("channel %d: pitfall / core running var = %v, want (n−1)/n = %v", c, ratio, (n-1)/n)
		}
	}
	if k, _ := s.Progress(); k != normMaxSteps {
		t.Errorf("stopped at step %d, want %d", k, normMaxSteps)
	}
	// With a big batch (n = 128) core's running variance, averaged over the
	// history's second half, is near the truth (sampling error ≈ 4%).
	s = newNorm(t, Values{"batch": 8, "hw": 4, "momentum": 0.1})
	for range normMaxSteps {
		s.Step()
	}
	for c := 0; c < normC; c++ {
		h := s.histVar[c][normMaxSteps/2:]
		var m float64
		for _, v := range h {
			m += v
		}
		m /= float64(len(h))
		if want := normStds[c] * normStds[c]; math.Abs(m-want) > 0.1*want {
			t.Errorf("channel %d: mean running var %v, true %v", c, m, want)
		}
	}
}

// Eval mode shows core's BatchNorm2D with Training off on the running
// statistics: far from normalised at step 1, close after 200 steps with a
// big batch; the training output and the statistics are unaffected.
func TestNormEvalMode(t *testing.T) {
	s := newNorm(t, Values{"batch": 8, "hw": 4, "eval": 1})
	ev := *s.bn
	ev.Training = false
	want, err := ev.Forward(s.x)
	if err != nil {
		t.Fatal(err)
	}
	if !equalF32(want.Data, s.yEval.Data) {
		t.Fatal("eval output differs from core's BatchNorm2D in eval mode")
	}
	train := newNorm(t, Values{"batch": 8, "hw": 4})
	if !equalF32(train.yBN.Data, s.yBN.Data) || !equalF32(train.bn.RunningVar.Data, s.bn.RunningVar.Data) {
		t.Error("eval mode changed the training pass")
	}
	if math.Abs(s.bnMean) < 0.5 {
		t.Errorf("step 1, eval: channel 0 output mean %v; running mean is still near 0 so it should be far from 0", s.bnMean)
	}
	for range normMaxSteps {
		s.Step()
	}
	if math.Abs(s.bnMean) > 0.3 || math.Abs(s.bnVar-1) > 0.3 {
		t.Errorf("after %d steps, eval: mean %v var %v, want near 0 and 1", normMaxSteps, s.bnMean, s.bnVar)
	}
}

func TestNormGolden(t *testing.T) {
	s := newNorm(t, Values{"batch": 3, "hw": 2, "pitfall_biased_running_var": 1})
	familyGolden(t, "norm", s, func() {
		for range 60 {
			s.Step()
		}
	})
}

func BenchmarkScene_norm(b *testing.B) { benchScene(b, "norm", nil) }
