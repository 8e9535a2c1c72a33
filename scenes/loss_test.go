package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/loss"
)

func newLosses(t *testing.T, v Values) *lossScene {
	t.Helper()
	return resetScene(t, "losses", v).(*lossScene)
}

// The readout's numbers are core's: naive and stable log-sum-exp,
// cross-entropy, focal and InfoNCE, for logits from 0 to ±1e4.
func TestLossesShowCoreValues(t *testing.T) {
	for _, scale := range []float64{0, 1, 60, 89, 95, 1000, 10000} {
		s := newLosses(t, Values{"scale": scale, "pitfall_probs": 1, "smoothing": 0.1})
		x := core.New(1, len(lossPattern))
		for i, p := range lossPattern {
			x.Data[i] = float32(float64(p) * scale)
		}
		lse, _ := loss.LogSumExp(x)
		ce, _ := loss.CrossEntropy(x, []int{0}, 0.1)
		fl, _ := loss.FocalLoss(x, []int{lossFocalTarget}, loss.Focal{Gamma: 2, Alpha: 1})
		kv := kvMap(s.Readout())
		for k, want := range map[string]string{
			"naive lse":     fmtLoss(float64(loss.NaiveLogSumExpRow(x.Data))),
			"stable lse":    fmtLoss(float64(lse.Data[0])),
			"cross-entropy": fmtLoss(ce),
			"focal":         fmtLoss(fl),
		} {
			if kv[k] != want {
				t.Errorf("scale %v: readout %q = %q, core gives %q", scale, k, kv[k], want)
			}
		}
		if math.IsInf(s.stableLSE, 0) || math.IsNaN(s.stableLSE) || math.IsInf(s.focal, 0) {
			t.Errorf("scale %v: stable values not finite: lse %v focal %v", scale, s.stableLSE, s.focal)
		}
		// The pitfalls fail exactly where float32 says they must.
		naiveInf := math.IsInf(float64(s.naiveLSE), 1)
		if want := scale >= 89; naiveInf != want {
			t.Errorf("scale %v: naive lse = %v, want Inf: %v (exp overflows float32 past 88.7)", scale, s.naiveLSE, want)
		}
		if bad := math.IsInf(s.focalNaive, 0) || math.IsNaN(s.focalNaive); bad != (scale >= 60) {
			t.Errorf("scale %v: focal with probabilities first = %v; want non-finite iff the target probability e^(−2·scale) underflows", scale, s.focalNaive)
		}
	}
}

// The focal curves are core's focal loss of [logit(p), 0]; at γ = 0 that
// is −log p_t, written out here.
func TestLossesFocalCurves(t *testing.T) {
	s := newLosses(t, Values{"gamma": 3, "pitfall_probs": 1})
	for i, p := range s.pt {
		if want := -math.Log(p); math.Abs(s.curves[0][i]-want) > 1e-5 {
			t.Fatalf("γ=0 curve at p_t=%v: %v, want −log p_t = %v", p, s.curves[0][i], want)
		}
		if want := -math.Pow(1-p, 3) * math.Log(p); math.Abs(s.curves[len(lossGammas)][i]-want) > 1e-5 {
			t.Fatalf("γ=3 curve at p_t=%v: %v, want %v", p, s.curves[len(lossGammas)][i], want)
		}
	}
	// Along the margin, the pitfall turns Inf where e^−m underflows float32
	// (the smallest subnormal is e^−103.3); core keeps growing like m.
	if s.naiveInfAt < 103 || s.naiveInfAt > 104.5 {
		t.Errorf("pitfall turns Inf at margin %v, want ≈ 103.3", s.naiveInfAt)
	}
	last := s.marginCore[len(s.marginCore)-1]
	if math.Abs(last-lossMaxMargin) > 1 {
		t.Errorf("core focal loss at margin %d = %v, want ≈ %d", lossMaxMargin, last, lossMaxMargin)
	}
}

// The matrix on screen is the one core's InfoNCE averages over: its
// cross-entropy against the positives i ± N equals loss.InfoNCE.
func TestLossesInfoNCEMatrixMatchesCore(t *testing.T) {
	for _, v := range []Values{{}, {"tau": 0.05, "noise": 0.2}, {"tau": 2, "noise": 1.5}} {
		s := newLosses(t, v)
		want, err := loss.InfoNCE(s.zi, s.zj, s.tau)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s.infoFromSim-want) > 1e-5*math.Max(1, want) {
			t.Errorf("%v: cross-entropy of the shown matrix %v, core InfoNCE %v", v, s.infoFromSim, want)
		}
		m := 2 * lossPairs
		for i := 0; i < m; i++ {
			if s.sim[i*m+i] != loss.InfoNCEMask {
				t.Errorf("%v: diagonal %d = %v, want the mask %v", v, i, s.sim[i*m+i], loss.InfoNCEMask)
			}
		}
		p := newLosses(t, Values{"tau": s.tau, "noise": s.noise, "pitfall_no_normalize": 1})
		if math.Abs(p.infoNoNorm-want) < 0.1 {
			t.Errorf("%v: unnormalised loss %v is too close to the right one %v to show the pitfall", v, p.infoNoNorm, want)
		}
	}
}

func TestLossesGolden(t *testing.T) {
	s := newLosses(t, Values{"scale": 10000, "pitfall_probs": 1})
	familyGolden(t, "losses", s, nil)
}

func BenchmarkScene_losses(b *testing.B) { benchScene(b, "losses", nil) }
