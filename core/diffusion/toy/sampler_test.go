package toy

import (
	"math"
	"slices"
	"sort"
	"testing"

	"dlprep/core/diffusion"
)

func linear1000(t testing.TB) *diffusion.Schedule {
	s, err := diffusion.NewSchedule(diffusion.Linear, 1000, diffusion.DefaultBetaStart, diffusion.DefaultBetaEnd)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newSampler(t testing.TB, m *Mixture, cfg Config, n int) *Sampler {
	t.Helper()
	s, err := NewSampler(m, cfg, n)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestDDIMEtaZeroIsDeterministic: from the same x_T, η = 0 gives bitwise the
// same samples whatever the seed; η = 1 does not.
func TestDDIMEtaZeroIsDeterministic(t *testing.T) {
	sch := linear1000(t)
	m := Blobs()
	for _, tc := range []struct {
		eta      float64
		wantSame bool
	}{{0, true}, {1, false}} {
		cfg := Config{Schedule: sch, Method: DDIM, Steps: 25, Eta: tc.eta, Class: NullClass}
		a, b := newSampler(t, m, cfg, 300), newSampler(t, m, cfg, 300)
		a.Start(7)
		if err := b.StartFrom(a.X, 99); err != nil {
			t.Fatal(err)
		}
		a.Run()
		b.Run()
		if same := slices.Equal(a.X, b.X); same != tc.wantSame {
			t.Errorf("DDIM η=%v from one x_T with seeds 7 and 99: identical=%v, want %v", tc.eta, same, tc.wantSame)
		}
	}
}

// TestInversionRoundTrip: DDIM inversion to x_T then DDIM sampling with the
// same steps returns to the start. The error is first order in the step
// size because inversion uses ε(x_t, t) for the step t → t+1. Measured on
// 500 particles (seed 1, linear 1000-step schedule), mean |error| per
// coordinate:
//
//	steps       5     10     20     50     100    200    500    1000
//	blobs 2-D   .47   .13    .082   .037   .019   .011   .0050  .0029
//	glyph 64-D  .31   .14    .084   .040   .022   .011   .0056  .0024
//
// i.e. about 1.3..2.9/steps; the test requires mean error <= 4/steps (at
// 10, 50, 200 steps, and 1000 for the cheap 2-D case) and that it shrinks. The
// worst particle stays O(1) until very many steps (blobs: 1.1 at 10 steps,
// 0.53 at 1000) because points near a boundary between modes sit where the
// reverse flow pulls neighbours apart, so a small inversion error can land
// them in the other mode.
func TestInversionRoundTrip(t *testing.T) {
	sch := linear1000(t)
	for _, tc := range []struct {
		m     *Mixture
		steps []int
	}{{Blobs(), []int{10, 50, 200, 1000}}, {glyphs(t), []int{10, 50, 200}}} {
		m := tc.m
		prev := math.Inf(1)
		for _, steps := range tc.steps {
			inv := newSampler(t, m, Config{Schedule: sch, Method: Inversion, Steps: steps, Class: NullClass}, 500)
			inv.Start(1)
			start := slices.Clone(inv.X)
			inv.Run()
			fwd := newSampler(t, m, Config{Schedule: sch, Method: DDIM, Steps: steps, Class: NullClass}, 500)
			if err := fwd.StartFrom(inv.X, 2); err != nil {
				t.Fatal(err)
			}
			fwd.Run()
			mean := 0.0
			for i := range start {
				mean += math.Abs(fwd.X[i]-start[i]) / float64(len(start))
			}
			if bound := 4 / float64(steps); mean > bound {
				t.Errorf("dim %d, %d steps: mean round-trip error %.4g, want <= 4/steps = %.4g", m.Dim, steps, mean, bound)
			}
			if mean >= prev {
				t.Errorf("dim %d, %d steps: mean error %.4g did not shrink from %.4g with fewer steps", m.Dim, steps, mean, prev)
			}
			prev = mean
		}
	}
}

// TestDDPMMatchesDataMoments: 4000 particles sampled by DDPM with the exact
// ε* (both σ choices), by DDIM η=0 and, for one class, by DDIM η=1 reproduce the mixture's mean and
// covariance. Tolerances: the mean within 4 standard errors, covariance
// entries within 0.06 (the sampling s.d. of a covariance entry here is about
// 0.02; the 1000-step discretisation adds less than that).
func TestDDPMMatchesDataMoments(t *testing.T) {
	sch := linear1000(t)
	m := Blobs()
	const n = 4000
	for _, tc := range []struct {
		name  string
		cfg   Config
		class int
	}{
		{"ddpm beta", Config{Method: DDPM, Sigma: diffusion.SigmaBeta}, NullClass},
		{"ddpm posterior", Config{Method: DDPM, Sigma: diffusion.SigmaPosterior}, NullClass},
		{"ddim 100 steps", Config{Method: DDIM, Steps: 100}, NullClass},
		{"ddim 100 steps η=1, class 0 (w=1)", Config{Method: DDIM, Steps: 100, Eta: 1, Guidance: 1}, 0},
	} {
		cfg := tc.cfg
		cfg.Schedule, cfg.Class = sch, tc.class
		s := newSampler(t, m, cfg, n)
		s.Start(11)
		s.Run()
		mean, cov, err := m.Moments(tc.class)
		if err != nil {
			t.Fatal(err)
		}
		gm, gc := sampleMoments(s.X, 2)
		for i := range mean {
			if se := math.Sqrt(cov[i*2+i] / n); math.Abs(gm[i]-mean[i]) > 4*se {
				t.Errorf("%s: mean[%d] = %.4f, mixture %.4f (4 SE = %.4f)", tc.name, i, gm[i], mean[i], 4*se)
			}
		}
		for i := range cov {
			if math.Abs(gc[i]-cov[i]) > 0.06 {
				t.Errorf("%s: cov[%d] = %.4f, mixture %.4f", tc.name, i, gc[i], cov[i])
			}
		}
	}
}

// TestGuidanceConcentratesOnClass: with w = 3 nearly every particle ends in
// the guided class's region (x > 0 for class 1 of Blobs), more than at w = 1.
func TestGuidanceConcentratesOnClass(t *testing.T) {
	sch := linear1000(t)
	m := Blobs()
	frac := func(w float64) float64 {
		s := newSampler(t, m, Config{Schedule: sch, Method: DDIM, Steps: 50, Class: 1, Guidance: w}, 1000)
		s.Start(3)
		s.Run()
		right := 0
		for i := 0; i < len(s.X); i += 2 {
			if s.X[i] > 0 {
				right++
			}
		}
		return float64(right) / 1000
	}
	f0, f1, f3 := frac(0), frac(1), frac(3)
	if !(f0 < 0.6 && f1 > 0.95 && f3 >= f1) {
		t.Errorf("fraction on class 1's side: w=0 %.3f (want about 0.5), w=1 %.3f (want > 0.95), w=3 %.3f (want >= w=1)", f0, f1, f3)
	}
}

// TestRecordedFrames: frame 0 is the start, the last frame the result, one
// frame per step, ᾱ rising to 1 for sampling and falling for inversion.
func TestRecordedFrames(t *testing.T) {
	sch := linear1000(t)
	m := glyphs(t)
	for _, method := range []Method{DDPM, DDIM, Inversion} {
		s := newSampler(t, m, Config{Schedule: sch, Method: method, Steps: 20, Eta: 0.5, Class: 2, Guidance: 2, Record: true}, 4)
		s.Start(5)
		start := slices.Clone(s.X)
		s.Run()
		_, n := s.Progress()
		if got := s.NumFrames(); got != n+1 {
			t.Fatalf("%v: %d frames, want %d steps + 1", method, got, n)
		}
		for i, v := range s.Frame(0) {
			if v != float32(start[i]) {
				t.Fatalf("%v: frame 0 value %d is %v, start %v", method, i, v, start[i])
			}
		}
		for i, v := range s.Frame(n) {
			if v != float32(s.X[i]) {
				t.Fatalf("%v: last frame value %d is %v, result %v", method, i, v, s.X[i])
			}
		}
		abars := make([]float64, s.NumFrames())
		for i := range abars {
			abars[i] = s.FrameAlphaBar(i)
		}
		rising := sort.Float64sAreSorted(abars)
		if method == Inversion {
			rising = !rising || abars[0] == abars[len(abars)-1]
		}
		if !rising {
			t.Errorf("%v: frame ᾱ %v not ordered the right way", method, abars)
		}
		if (method != Inversion && abars[n] != 1) || (method == Inversion && abars[0] != 1) {
			t.Errorf("%v: clean end of the run has ᾱ %v / %v, want 1", method, abars[0], abars[n])
		}
		if s.Frame(n+1) != nil {
			t.Errorf("%v: Frame(%d) past the end is not nil", method, n+1)
		}
	}
}

// TestGlyphSamplesLookLikeTemplates: class-guided DDPM on the 64-D glyphs
// ends near the template of the class (per-pixel RMS distance about the
// pixel noise 0.2).
func TestGlyphSamplesLookLikeTemplates(t *testing.T) {
	sch := linear1000(t)
	m := glyphs(t)
	for class := range len(GlyphNames()) {
		s := newSampler(t, m, Config{Schedule: sch, Method: DDPM, Class: class, Guidance: 1}, 8)
		s.Start(uint64(class))
		s.Run()
		for p := range 8 {
			ss := 0.0
			for j := range 64 {
				d := s.X[p*64+j] - m.Comps[class].Mean[j]
				ss += d * d
			}
			if rms := math.Sqrt(ss / 64); rms > 0.3 {
				t.Errorf("glyph %s particle %d: RMS distance to template %.3f, want <= 0.3", GlyphNames()[class], p, rms)
			}
		}
	}
}

func TestSamplerRejects(t *testing.T) {
	sch := linear1000(t)
	m := Blobs()
	for _, tc := range []struct {
		name string
		cfg  Config
		n    int
	}{
		{"no schedule", Config{Class: NullClass}, 10},
		{"zero particles", Config{Schedule: sch, Class: NullClass}, 0},
		{"class 5", Config{Schedule: sch, Class: 5}, 10},
		{"eta 3", Config{Schedule: sch, Method: DDIM, Eta: 3, Steps: 10, Class: NullClass}, 10},
		{"record too much", Config{Schedule: sch, Class: NullClass, Record: true}, 1 << 20},
		{"bad method", Config{Schedule: sch, Method: 7, Class: NullClass}, 10},
	} {
		if _, err := NewSampler(m, tc.cfg, tc.n); err == nil {
			t.Errorf("%s: NewSampler returned no error", tc.name)
		}
	}
}

// BenchmarkToySamplerStep is one DDIM step (exact ε* of the 3-blob mixture,
// CFG toward class 1) for 2000 particles.
func BenchmarkToySamplerStep(b *testing.B) {
	s := newSampler(b, Blobs(), Config{Schedule: linear1000(b), Method: DDIM, Steps: 1000, Class: 1, Guidance: 3}, 2000)
	s.Start(1)
	for b.Loop() {
		if !s.Step() {
			s.Start(1)
		}
	}
}

// BenchmarkToyGlyphStep is one DDPM step for a strip of 16 glyph images (64-D,
// 6 components).
func BenchmarkToyGlyphStep(b *testing.B) {
	s := newSampler(b, glyphs(b), Config{Schedule: linear1000(b), Method: DDPM, Class: NullClass, Record: true}, 16)
	s.Start(1)
	for b.Loop() {
		if !s.Step() {
			s.Start(1)
		}
	}
}

// TestReconfigure: a failed Configure leaves a sampler that takes no steps;
// a good one afterwards runs normally with the reused buffers.
func TestReconfigure(t *testing.T) {
	sch := linear1000(t)
	s := newSampler(t, Blobs(), Config{Schedule: sch, Method: DDIM, Steps: 10, Class: NullClass, Record: true}, 100)
	s.Start(1)
	s.Run()
	if err := s.Configure(Config{Schedule: sch, Method: DDIM, Steps: 10, Eta: 5, Class: NullClass}, 100); err == nil {
		t.Fatal("η=5 accepted")
	}
	if s.Step() || s.NumFrames() != 0 || s.Frame(0) != nil {
		t.Errorf("after a failed Configure: Step %v, %d frames, want no step and no frames", s.Step(), s.NumFrames())
	}
	if err := s.Configure(Config{Schedule: sch, Method: DDPM, Class: 1, Guidance: 1, Record: true}, 50); err != nil {
		t.Fatal(err)
	}
	s.Start(2)
	s.Run()
	if k, n := s.Progress(); k != 1000 || n != 1000 || s.NumFrames() != 1001 || len(s.Frame(1000)) != 100 {
		t.Errorf("DDPM after reconfigure: progress %d/%d, %d frames, last frame %d values; want 1000/1000, 1001, 100", k, n, s.NumFrames(), len(s.Frame(1000)))
	}
}

// TestDDPMReportsX0: after the first step from the same x_T, DDPM's x0
// estimate is DDIM's (both are (x_t − √(1−ᾱ_t) ε*)/√ᾱ_t at t = T−1).
func TestDDPMReportsX0(t *testing.T) {
	sch := linear1000(t)
	a := newSampler(t, Blobs(), Config{Schedule: sch, Method: DDPM, Class: NullClass}, 50)
	b := newSampler(t, Blobs(), Config{Schedule: sch, Method: DDIM, Class: NullClass}, 50)
	a.Start(4)
	if err := b.StartFrom(a.X, 5); err != nil {
		t.Fatal(err)
	}
	a.Step()
	b.Step()
	for i := range a.X0 {
		if a.X0[i] != b.X0[i] || a.X0[i] == 0 {
			t.Fatalf("x0 estimate %d: DDPM %v, DDIM %v (want equal and non-zero)", i, a.X0[i], b.X0[i])
		}
	}
}
