package toy

import (
	"math"
	"math/rand/v2"
	"testing"
)

func glyphs(t testing.TB) *Mixture {
	m, err := Glyphs(0.2)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestEpsMatchesFiniteDifference checks ε* = −√(1−ᾱ) ∇ log p_t against a
// central difference of LogDensity, for the whole mixture and one class.
func TestEpsMatchesFiniteDifference(t *testing.T) {
	ring, err := Ring(8, 2, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		m    *Mixture
	}{{"blobs", Blobs()}, {"ring8", ring}, {"glyphs", glyphs(t)}} {
		rng := rand.New(rand.NewPCG(1, 2))
		D := tc.m.Dim
		x := make([]float64, D)
		eps := make([]float64, D)
		for _, abar := range []float64{0.999, 0.7, 0.2, 0.01} {
			for _, class := range []int{NullClass, 0, 1} {
				for trial := range 3 {
					// Points near the noised data, where the mixture's
					// responsibilities are neither 0 nor 1 somewhere.
					for j := range x {
						x[j] = math.Sqrt(abar)*tc.m.Comps[trial%len(tc.m.Comps)].Mean[j] + 0.7*rng.NormFloat64()*math.Sqrt(1-abar+0.05)
					}
					if err := tc.m.Eps(eps, x, abar, class); err != nil {
						t.Fatal(err)
					}
					const h = 1e-5
					for j := range x {
						x0 := x[j]
						x[j] = x0 + h
						lp, _ := tc.m.LogDensity(x, abar, class)
						x[j] = x0 - h
						lm, _ := tc.m.LogDensity(x, abar, class)
						x[j] = x0
						want := -math.Sqrt(1-abar) * (lp - lm) / (2 * h)
						if d := math.Abs(eps[j] - want); d > 1e-5*(1+math.Abs(want)) {
							t.Errorf("%s ᾱ=%v class=%d trial %d dim %d: ε*=%v, finite difference %v", tc.name, abar, class, trial, j, eps[j], want)
						}
					}
				}
			}
		}
	}
}

// TestGuidanceLimits: w = 1 is exactly the conditional ε*, w = 0 exactly the
// unconditional one, and w = 3 the CFG extrapolation of the two.
func TestGuidanceLimits(t *testing.T) {
	m := Blobs()
	rng := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 2*50)
	for i := range xs {
		xs[i] = 1.5 * rng.NormFloat64()
	}
	get := func(class int, w float64) []float64 {
		out := make([]float64, len(xs))
		if err := m.GuidedEps(out, xs, 0.4, class, w); err != nil {
			t.Fatal(err)
		}
		return out
	}
	cond, uncond := get(1, 1), get(NullClass, 1)
	plain := make([]float64, len(xs))
	if err := m.Eps(plain, xs, 0.4, 1); err != nil {
		t.Fatal(err)
	}
	w0, w3 := get(1, 0), get(1, 3)
	differ := false
	for i := range xs {
		if cond[i] != plain[i] {
			t.Errorf("w=1 value %d: guided %v, conditional %v", i, cond[i], plain[i])
		}
		if math.Abs(w0[i]-uncond[i]) > 1e-12 {
			t.Errorf("w=0 value %d: guided %v, unconditional %v", i, w0[i], uncond[i])
		}
		want := uncond[i] + 3*(cond[i]-uncond[i])
		if math.Abs(w3[i]-want) > 1e-9*(1+math.Abs(want)) {
			t.Errorf("w=3 value %d: guided %v, want %v", i, w3[i], want)
		}
		differ = differ || math.Abs(cond[i]-uncond[i]) > 1e-3
	}
	if !differ {
		t.Error("conditional and unconditional ε* agree everywhere: the test points see no class difference")
	}
}

func TestMixtureRejects(t *testing.T) {
	m := Blobs()
	x, dst := make([]float64, 4), make([]float64, 4)
	for _, tc := range []struct {
		name  string
		abar  float64
		class int
		xs    []float64
	}{
		{"abar 0", 0, NullClass, x}, {"abar > 1", 1.5, NullClass, x}, {"abar NaN", math.NaN(), NullClass, x},
		{"class 2", 0.5, 2, x}, {"class -2", 0.5, -2, x}, {"odd length", 0.5, NullClass, x[:3]},
	} {
		if err := m.Eps(dst[:len(tc.xs)], tc.xs, tc.abar, tc.class); err == nil {
			t.Errorf("%s: Eps(ᾱ=%v, class=%d, %d values) returned no error", tc.name, tc.abar, tc.class, len(tc.xs))
		}
	}
	for _, comps := range [][]Component{
		nil,
		{{Weight: 0, Mean: []float64{0, 0}, Var: []float64{1, 1}}},
		{{Weight: 1, Mean: []float64{0}, Var: []float64{1, 1}}},
		{{Weight: 1, Mean: []float64{0, 0}, Var: []float64{1, 0}}},
		{{Weight: 1, Mean: []float64{0, 0}, Var: []float64{1, 1}, Class: -1}},
	} {
		if _, err := NewMixture(2, comps); err == nil {
			t.Errorf("NewMixture(2, %+v) returned no error", comps)
		}
	}
}

// TestMomentsMatchSamples checks Sample against the closed-form moments.
func TestMomentsMatchSamples(t *testing.T) {
	m := Blobs()
	const n = 20000
	xs := make([]float64, 2*n)
	if err := m.Sample(rand.New(rand.NewPCG(5, 6)), xs, nil, NullClass); err != nil {
		t.Fatal(err)
	}
	mean, cov, err := m.Moments(NullClass)
	if err != nil {
		t.Fatal(err)
	}
	gm, gc := sampleMoments(xs, 2)
	for i := range mean {
		se := math.Sqrt(cov[i*2+i] / n)
		if math.Abs(gm[i]-mean[i]) > 4*se {
			t.Errorf("mean[%d]: sampled %v, exact %v (4 SE = %v)", i, gm[i], mean[i], 4*se)
		}
	}
	for i := range cov {
		if math.Abs(gc[i]-cov[i]) > 0.03 {
			t.Errorf("cov[%d]: sampled %v, exact %v", i, gc[i], cov[i])
		}
	}
}

func sampleMoments(xs []float64, D int) (mean, cov []float64) {
	n := len(xs) / D
	mean, cov = make([]float64, D), make([]float64, D*D)
	for p := range n {
		for i := range D {
			mean[i] += xs[p*D+i] / float64(n)
		}
	}
	for p := range n {
		for i := range D {
			for j := range D {
				cov[i*D+j] += (xs[p*D+i] - mean[i]) * (xs[p*D+j] - mean[j]) / float64(n-1)
			}
		}
	}
	return mean, cov
}
