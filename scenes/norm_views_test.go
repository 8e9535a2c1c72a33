package scenes

import (
	"math"
	"testing"

	"dlprep/core/mistakes"
	"dlprep/core/norm"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// Every step of the BatchNorm view is a reference norm.BatchNorm2D's fed
// the same batches: the outputs, the batch statistics and the running
// statistics; the pitfall's running variance is
// mistakes.BatchNormBiasedRunningVar's on a twin layer.
func TestBatchNormViewStepsAreCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"batch": 5, "hw": 3, "momentum": 0.3}, {"pitfall": 1, "batch": 4, "hw": 1}} {
		s := newView(t, newBatchNormView, v)
		ref, bad := norm.NewBatchNorm2D(bnC), norm.NewBatchNorm2D(bnC)
		ref.Momentum, bad.Momentum = s.momentum, s.momentum
		for k, x := range s.xs {
			y, err := ref.Forward(x)
			if err != nil {
				t.Fatal(err)
			}
			if !equalF32(y.Data, s.st[k].Y.Data) || !equalF32(ref.RunningVar.Data, s.st[k].RunningVar.Data) ||
				!equalF32(ref.RunningMean.Data, s.st[k].RunningMean.Data) {
				t.Fatalf("%v step %d: the view's BatchNorm differs from a reference norm.BatchNorm2D", v, k)
			}
			for c := 0; c < bnC; c++ {
				if s.runVar[c][k+1] != float64(ref.RunningVar.Data[c]) {
					t.Fatalf("%v step %d: plotted running var differs", v, k)
				}
			}
			if _, err := mistakes.BatchNormBiasedRunningVar(bad, x); err != nil {
				t.Fatal(err)
			}
			for c := 0; c < bnC; c++ {
				if s.badVar[k][c] != bad.RunningVar.Data[c] {
					t.Fatalf("%v step %d: pitfall running var %v, mistakes %v", v, k, s.badVar[k][c], bad.RunningVar.Data[c])
				}
			}
		}
		// The shown batch and output are the first step's, tile by tile.
		if got := s.hx.vals[0]; got != s.xs[0].Data[0] {
			t.Fatalf("%v: the first tile shows %v, x[0,0,0,0] = %v", v, got, s.xs[0].Data[0])
		}
		lo, hi := symmetric(s.xTiles)
		for i, want := range s.xTiles {
			got := s.hx.bm.Value(i/s.hx.cols, i%s.hx.cols, viz.BlueWhiteRed, lo, hi)
			if math.Abs(got-float64(want)) > 0.05*(hi-lo) {
				t.Fatalf("%v: tile cell %d reads %v, x %v", v, i, got, want)
			}
		}
		// Each channel of the output is normalised: mean 0, variance 1.
		for c := 0; c < bnC; c++ {
			if math.Abs(float64(s.yStats.Mean.Data[c])) > 1e-5 || math.Abs(float64(s.yStats.Var.Data[c])-1) > 1e-3 {
				t.Errorf("%v: output channel %d has mean %v, var %v", v, c, s.yStats.Mean.Data[c], s.yStats.Var.Data[c])
			}
		}
	}
}

// The pitfall's running variance settles at (n−1)/n of the right one (they
// see the same batches), and the right one near the truth with a big
// batch; in eval the right outputs have variance near 1 and the pitfall's
// near n/(n−1).
func TestBatchNormRunningVariancePitfall(t *testing.T) {
	s := newView(t, newBatchNormView, scene.Values{"pitfall": 1, "batch": 2, "hw": 1, "momentum": 0.1})
	n := 2.0
	for c := 0; c < bnC; c++ {
		ratio := s.badRun[c][bnSteps] / s.runVar[c][bnSteps]
		if math.Abs(ratio-(n-1)/n) > 0.01 {
			t.Errorf("channel %d: pitfall / right running var = %v, want (n−1)/n = %v", c, ratio, (n-1)/n)
		}
	}
	big := newView(t, newBatchNormView, scene.Values{"pitfall": 1, "batch": 6, "hw": 3, "momentum": 0.1})
	for c := 0; c < bnC; c++ {
		var m float64
		for _, v := range big.runVar[c][bnSteps/2:] {
			m += v
		}
		m /= float64(len(big.runVar[c][bnSteps/2:]))
		if want := bnStds[c] * bnStds[c]; math.Abs(m-want) > 0.15*want {
			t.Errorf("channel %d: mean running var %v, true %v", c, m, want)
		}
	}
	tiny := newView(t, newBatchNormView, scene.Values{"pitfall": 1, "batch": 4, "hw": 1, "momentum": 0.2})
	var right, wrong float64
	for c := 0; c < bnC; c++ {
		right += float64(tiny.evalVar.Data[c]) / bnC
		wrong += float64(tiny.badEvalVar.Data[c]) / bnC
	}
	if wrong <= right {
		t.Errorf("eval: pitfall's output variance %v not above the right one's %v", wrong, right)
	}
}

// The LayerNorm view shows norm.LayerNorm's stages, and the pitfall is
// mistakes.LayerNormUnbiased's, whose rows keep variance (D−1)/D.
func TestLayerNormViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{nil, {"pitfall": 1}, {"pitfall": 1, "features": 2}, {"features": 8, "tokens": 3}} {
		s := newView(t, newLayerNormView, v)
		y, err := norm.LayerNorm(s.x, s.gamma, s.beta, lnEps)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.hy.vals, y.Data) {
			t.Fatalf("%v: y shown differs from norm.LayerNorm", v)
		}
		xhat, _ := norm.LayerNorm(s.x, nil, nil, lnEps)
		if !equalF32(s.hxhat.vals, xhat.Data) {
			t.Fatalf("%v: the normalised rows differ from norm.LayerNorm without γ, β", v)
		}
		for i := 0; i < s.n; i++ {
			row := s.x.Data[i*s.d : (i+1)*s.d]
			var m, q float64
			for _, a := range row {
				m += float64(a) / float64(s.d)
			}
			for _, a := range row {
				q += (float64(a) - m) * (float64(a) - m) / float64(s.d)
			}
			if math.Abs(float64(s.hmean.vals[i])-m) > 1e-5 || math.Abs(float64(s.hvar.vals[i])-q) > 1e-4 {
				t.Fatalf("%v: row %d mean, var shown %v %v, want %v %v", v, i, s.hmean.vals[i], s.hvar.vals[i], m, q)
			}
			if math.Abs(float64(s.xhatVar.Data[i])-1) > 1e-3 {
				t.Errorf("%v: normalised row %d has variance %v", v, i, s.xhatVar.Data[i])
			}
		}
		if s.pitfall == "" {
			continue
		}
		want, _ := mistakes.LayerNormUnbiased(s.x, s.gamma, s.beta, lnEps)
		if !equalF32(s.hbadY.vals, want.Data) {
			t.Fatalf("%v: pitfall y differs from mistakes.LayerNormUnbiased", v)
		}
		r := float64(s.d-1) / float64(s.d)
		for i := 0; i < s.n; i++ {
			if got := float64(s.badVar.Data[i]); math.Abs(got-r) > 1e-3 {
				t.Errorf("%v: pitfall row %d variance %v, want (D−1)/D = %v", v, i, got, r)
			}
			if got, want := float64(s.varU.Data[i]), float64(s.hvar.vals[i])*float64(s.d)/float64(s.d-1); math.Abs(got-want) > 1e-3*max(1, want) {
				t.Errorf("%v: unbiased variance shown %v, want %v", v, got, want)
			}
		}
	}
}

func TestNormInspection(t *testing.T) {
	ln := newView(t, newLayerNormView, scene.Values{"pitfall": 1})
	in, ok := ln.Inspect(&scene.Frame{}, scene.Target{Group: gLnBadVar, Index: 2})
	if !ok || in.Value != fmtNum(float64(ln.badVar.Data[2])) || in.Index != "[0, 2, 0]" {
		t.Errorf("pitfall row variance inspects as %+v", in)
	}
	bn := newView(t, newBatchNormView, nil)
	in, ok = bn.Inspect(&scene.Frame{}, scene.Target{Group: gBnX, Index: 1})
	if !ok || in.Index != shapeOf(0, 0, 0, 1) || in.Value != fmtNum(float64(bn.xs[0].Data[1])) {
		t.Errorf("batch tile inspects as %+v", in)
	}
}

func TestNormGoldens(t *testing.T) {
	checkGolden(t, "batchnorm_stats", "020", nil, 1, 1280, 800)
	checkGolden(t, "batchnorm_pitfall_phone", "020", map[string]string{"pitfall": "running-var-biased"}, 3, 390, 844)
	checkGolden(t, "layernorm_pitfall", "036", map[string]string{"pitfall": "unbiased-variance"}, 2, 1280, 800)
}
