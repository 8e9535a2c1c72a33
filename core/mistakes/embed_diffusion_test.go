package mistakes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/diffusion"
	"dlprep/core/embed"
)

func TestTimestepFreqOverD(t *testing.T) {
	s1, c1 := math.Sincos(1)
	for _, tc := range []struct {
		layout      embed.Layout
		fRight, fPF float64 // the second frequency, right and mistaken
	}{
		{embed.Interleaved, 0.01, math.Pow(10000, -0.25)},
		{embed.Concat, 1e-4, math.Pow(10000, -1./3)},
	} {
		got, err := TimestepFreqOverD([]float32{1}, 4, tc.layout)
		if err != nil {
			t.Fatal(err)
		}
		right, err := embed.TimestepEmbedding([]float32{1}, 4, tc.layout)
		if err != nil {
			t.Fatal(err)
		}
		s, c := math.Sincos(tc.fPF)
		sr, cr := math.Sincos(tc.fRight)
		want, wantRight := f32(s1, c1, s, c), f32(s1, c1, sr, cr)
		if tc.layout == embed.Concat {
			want, wantRight = f32(s1, s, c1, c), f32(s1, sr, c1, cr)
		}
		mustNear(t, tc.layout.String(), got.Data, want, 1e-6)
		mustNear(t, tc.layout.String()+" right", right.Data, wantRight, 1e-6)
	}
	if _, err := TimestepFreqOverD([]float32{1}, 5, embed.Interleaved); err == nil {
		t.Error("an odd D must be an error")
	}
}

func TestDDPMMistakes(t *testing.T) {
	one := func() *core.Tensor { return core.Scalar(1) }
	zero := core.Scalar(0)
	p := diffusion.DDPMParams{AlphaT: 0.9, AlphaBarT: 0.5, BetaT: 0.1, T: 5}
	got, err := DDPMAlphaBarForAlpha(one(), one(), zero, p)
	if err != nil {
		t.Fatal(err)
	}
	right, err := diffusion.DDPMStep(one(), one(), zero, p)
	if err != nil {
		t.Fatal(err)
	}
	// (1 − 0.5/√0.5)/√0.5 against (1 − 0.1/√0.5)/√0.9.
	mustNear(t, "alpha-bar-for-alpha", got.Data, f32((1-0.5/math.Sqrt(0.5))/math.Sqrt(0.5)), 1e-6)
	mustNear(t, "right", right.Data, f32((1-0.1/math.Sqrt(0.5))/math.Sqrt(0.9)), 1e-6)

	last := diffusion.DDPMParams{AlphaT: 0.9, AlphaBarT: 0.9, BetaT: 0.1, T: 0}
	got, err = DDPMNoiseAtLastStep(one(), zero, one(), last)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "noise-at-last-step", got.Data, f32(1/math.Sqrt(0.9)+math.Sqrt(0.1)), 1e-6)
	if right, _ = diffusion.DDPMStep(one(), zero, one(), last); !near(right.Data, f32(1/math.Sqrt(0.9)), 1e-6) {
		t.Errorf("right last step: got %v", right.Data)
	}
	if _, err := DDPMNoiseAtLastStep(one(), zero, nil, last); err == nil {
		t.Error("noise at t=0 without a noise input must be an error")
	}
	// At t > 0 the step is the right one.
	got, _ = DDPMNoiseAtLastStep(one(), one(), one(), p)
	right, _ = diffusion.DDPMStep(one(), one(), one(), p)
	mustNear(t, "t > 0", got.Data, right.Data, 0)
}

func TestDDIMAlphaBarsSwapped(t *testing.T) {
	xt, eps := core.Scalar(1), core.Scalar(0)
	p := diffusion.DDIMParams{AlphaBarT: 0.25, AlphaBarPrev: 1}
	xp, x0, err := DDIMAlphaBarsSwapped(xt, eps, nil, p)
	if err != nil {
		t.Fatal(err)
	}
	// Right: x0 = 1/√0.25 = 2, x_prev = 2. Swapped: x0 = 1/√1 = 1, x_prev = √0.25·1.
	mustNear(t, "x_prev", xp.Data, f32(0.5), 1e-6)
	mustNear(t, "x0", x0.Data, f32(1), 1e-6)
	rp, r0, _ := diffusion.DDIMStep(xt, eps, nil, p)
	mustNear(t, "right", append(rp.Data, r0.Data...), f32(2, 2), 1e-6)
	if _, _, err := DDIMAlphaBarsSwapped(xt, eps, nil, diffusion.DDIMParams{AlphaBarT: 2, AlphaBarPrev: 1}); err == nil {
		t.Error("alpha_bar_t = 2 must be an error")
	}
}
