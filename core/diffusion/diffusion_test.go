package diffusion

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dlprep/core"

	"dlprep/internal/benchcpu"
)

func randT(rng *rand.Rand, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(rng.NormFloat64())
	}
	return t
}

func close64(a, b, tol float64) bool { return math.Abs(a-b) <= tol*(1+math.Abs(b)) }

func TestScheduleShapes(t *testing.T) {
	lin, err := NewSchedule(Linear, 1000, 1e-4, 0.02)
	if err != nil {
		t.Fatal(err)
	}
	if lin.Betas[0] != 1e-4 || lin.Betas[999] != 0.02 || !close64(lin.Betas[500]-lin.Betas[499], 0.0199/999, 1e-9) {
		t.Errorf("linear: β_0=%v β_999=%v step %v, want 1e-4, 0.02, %v", lin.Betas[0], lin.Betas[999], lin.Betas[500]-lin.Betas[499], 0.0199/999)
	}
	sl, _ := NewSchedule(ScaledLinear, 10, 0.00085, 0.012)
	d0 := math.Sqrt(sl.Betas[1]) - math.Sqrt(sl.Betas[0])
	for i := 1; i < 10; i++ {
		if d := math.Sqrt(sl.Betas[i]) - math.Sqrt(sl.Betas[i-1]); !close64(d, d0, 1e-9) {
			t.Errorf("scaled_linear: √β step %d is %v, step 1 is %v (must be even)", i, d, d0)
		}
	}
	cos, _ := NewSchedule(Cosine, 100, 0, 0)
	f := func(t float64) float64 { c := math.Cos((t/100 + 0.008) / 1.008 * math.Pi / 2); return c * c }
	for _, i := range []int{0, 10, 50, 90, 98} {
		// Without clipping, ᾱ_t = f(t+1)/f(0) exactly.
		if want := f(float64(i+1)) / f(0); !close64(cos.AlphaBars[i], want, 1e-12) {
			t.Errorf("cosine: ᾱ_%d = %v, want f(%d)/f(0) = %v", i, cos.AlphaBars[i], i+1, want)
		}
	}
	if cos.Betas[99] != 0.999 {
		t.Errorf("cosine: last β = %v, want the 0.999 clip", cos.Betas[99])
	}
	for _, s := range []*Schedule{lin, sl, cos} {
		for i := range s.AlphaBars {
			if s.Alphas[i] != 1-s.Betas[i] || (i > 0 && s.AlphaBars[i] >= s.AlphaBars[i-1]) {
				t.Fatalf("%v: step %d α=%v β=%v ᾱ=%v: α must be 1-β and ᾱ strictly decreasing", s.Kind, i, s.Alphas[i], s.Betas[i], s.AlphaBars[i])
			}
		}
	}
}

func TestScheduleRejects(t *testing.T) {
	for _, tc := range []struct {
		kind   ScheduleKind
		n      int
		b0, b1 float64
	}{{Linear, 0, 1e-4, 0.02}, {Linear, MaxSteps + 1, 1e-4, 0.02}, {Linear, 10, -1e-4, 0.02}, {ScaledLinear, 10, 1e-4, 1}, {Linear, 10, math.NaN(), 0.02}, {7, 10, 1e-4, 0.02}} {
		if _, err := NewSchedule(tc.kind, tc.n, tc.b0, tc.b1); err == nil {
			t.Errorf("NewSchedule(%v, %d, %v, %v) returned no error", tc.kind, tc.n, tc.b0, tc.b1)
		}
	}
}

func TestTimesteps(t *testing.T) {
	s, _ := NewSchedule(Linear, 1000, 1e-4, 0.02)
	for _, tc := range []struct {
		n    int
		want []int
	}{{1, []int{999}}, {2, []int{999, 0}}, {4, []int{999, 666, 333, 0}}, {5, []int{999, 749, 500, 250, 0}}} {
		got := s.Timesteps(tc.n)
		if len(got) != len(tc.want) {
			t.Errorf("Timesteps(%d) = %v, want %v", tc.n, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("Timesteps(%d) = %v, want %v", tc.n, got, tc.want)
				break
			}
		}
	}
	if got := len(s.Timesteps(5000)); got != 1000 {
		t.Errorf("Timesteps(5000) has %d steps, want all 1000", got)
	}
}

// TrailingTimesteps against diffusers' trailing spacing,
// np.round(np.arange(T, 0, -T/n)).astype(int) - 1.
func TestTrailingTimesteps(t *testing.T) {
	s, _ := NewSchedule(Linear, 1000, 1e-4, 0.02)
	for _, tc := range []struct {
		n    int
		want []int
	}{{1, []int{999}}, {2, []int{999, 499}}, {3, []int{999, 666, 332}}, {10, []int{999, 899, 799, 699, 599, 499, 399, 299, 199, 99}}} {
		got := s.TrailingTimesteps(tc.n)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("TrailingTimesteps(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
	all := s.TrailingTimesteps(5000)
	if len(all) != 1000 || all[0] != 999 || all[999] != 0 {
		t.Errorf("TrailingTimesteps(5000): %d steps from %d to %d, want all 1000 from 999 to 0", len(all), all[0], all[len(all)-1])
	}
}

// TestDDPMStep: literal numbers, no noise at t = 0, the posterior σ below √β.
func TestDDPMStep(t *testing.T) {
	mk := func(d ...float32) *core.Tensor { x, _ := core.FromData(d, len(d)); return x }
	// α=0.25, ᾱ=0.75, ε=1: (x − 0.75/0.5·1)/0.5 = 2x − 3; σ=√0.19 at t>0.
	p := DDPMParams{AlphaT: 0.25, AlphaBarT: 0.75, BetaT: 0.19, T: 3}
	got, err := DDPMStep(mk(1, 2), mk(1, 1), mk(1, -1), p)
	if err != nil {
		t.Fatal(err)
	}
	s := math.Sqrt(0.19)
	if !close64(float64(got.Data[0]), -1+s, 1e-6) || !close64(float64(got.Data[1]), 1-s, 1e-6) {
		t.Errorf("x=[1 2], ε=1, z=[1 -1]: got %v, want [%v %v]", got.Data, -1+s, 1-s)
	}
	p.T = 0
	a, _ := DDPMStep(mk(1, 2), mk(1, 1), mk(5, 5), p)
	b, _ := DDPMStep(mk(1, 2), mk(1, 1), mk(-5, 0), p)
	if a.Data[0] != -1 || a.Data[1] != 1 || b.Data[0] != a.Data[0] || b.Data[1] != a.Data[1] {
		t.Errorf("t=0: got %v and %v for two noises, want [-1 1] both", a.Data, b.Data)
	}
	sch, _ := NewSchedule(Linear, 1000, 1e-4, 0.02)
	for _, tt := range []int{1, 10, 500, 999} {
		cb, _ := sch.DDPM(tt, SigmaBeta).Coefficients()
		cp, err := sch.DDPM(tt, SigmaPosterior).Coefficients()
		if err != nil {
			t.Fatal(err)
		}
		if !(cp.Sigma < cb.Sigma) {
			t.Errorf("t=%d: posterior σ %v not below √β %v", tt, cp.Sigma, cb.Sigma)
		}
	}
}

// TestDDIMStep: x0 is recovered exactly when ε is the true noise; η = 1
// gives DDPM's posterior σ; inversion then a DDIM step with the same ε is the
// identity.
func TestDDIMStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	x0, eps := randT(rng, 3, 4, 5), randT(rng, 3, 4, 5)
	abar, prev := 0.3, 0.7
	xt := core.New(x0.Shape...)
	for i := range xt.Data {
		xt.Data[i] = float32(math.Sqrt(abar)*float64(x0.Data[i]) + math.Sqrt(1-abar)*float64(eps.Data[i]))
	}
	xp, x0p, err := DDIMStep(xt, eps, nil, DDIMParams{AlphaBarT: abar, AlphaBarPrev: prev})
	if err != nil {
		t.Fatal(err)
	}
	for i := range x0.Data {
		if !close64(float64(x0p.Data[i]), float64(x0.Data[i]), 1e-5) {
			t.Fatalf("x0_pred[%d] = %v, true x0 %v", i, x0p.Data[i], x0.Data[i])
		}
		want := math.Sqrt(prev)*float64(x0.Data[i]) + math.Sqrt(1-prev)*float64(eps.Data[i])
		if !close64(float64(xp.Data[i]), want, 1e-5) {
			t.Fatalf("x_prev[%d] = %v, want %v", i, xp.Data[i], want)
		}
	}
	back, err := DDIMInversionStep(xp, eps, InversionParams{AlphaBarT: prev, AlphaBarNext: abar})
	if err != nil {
		t.Fatal(err)
	}
	for i := range xt.Data {
		if !close64(float64(back.Data[i]), float64(xt.Data[i]), 1e-5) {
			t.Fatalf("inversion with the same ε: %v, started from %v", back.Data[i], xt.Data[i])
		}
	}
	sch, _ := NewSchedule(Linear, 1000, 1e-4, 0.02)
	for _, tt := range []int{1, 300, 999} {
		c, err := DDIMParams{AlphaBarT: sch.AlphaBars[tt], AlphaBarPrev: sch.AlphaBars[tt-1], Eta: 1}.Coefficients()
		if err != nil {
			t.Fatal(err)
		}
		d, _ := sch.DDPM(tt, SigmaPosterior).Coefficients()
		if !close64(c.Sigma, d.Sigma, 1e-6) {
			t.Errorf("t=%d: DDIM η=1 σ %v, DDPM posterior σ %v", tt, c.Sigma, d.Sigma)
		}
	}
	if _, _, err := DDIMStep(xt, eps, nil, DDIMParams{AlphaBarT: abar, AlphaBarPrev: prev, Eta: 0.5}); err == nil {
		t.Error("η=0.5 without noise returned no error")
	}
}

func TestCFG(t *testing.T) {
	mk := func(d ...float32) *core.Tensor { x, _ := core.FromData(d, len(d)); return x }
	u, c := mk(1, 2, 3), mk(2, 0, 3)
	for _, tc := range []struct {
		w    float64
		want []float32
	}{{0, []float32{1, 2, 3}}, {1, []float32{2, 0, 3}}, {7.5, []float32{8.5, -13, 3}}} {
		got, err := CFG(u, c, tc.w)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got.Data {
			if got.Data[i] != tc.want[i] {
				t.Errorf("w=%v: got %v, want %v", tc.w, got.Data, tc.want)
				break
			}
		}
	}
	if _, err := CFG(u, mk(1, 2), 1); err == nil {
		t.Error("CFG of [3] and [2] returned no error")
	}
}

// TestFlowCondZeroModulation: with ada_norm all zero (γ = β = 0) the layer
// is just out_layer(x), whatever t.
func TestFlowCondZeroModulation(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const b, d = 3, 6
	lin := func(out int) LinearWeights { return LinearWeights{W: randT(rng, out, d), B: randT(rng, out)} }
	w := FlowCondWeights{TimeMLP0: lin(d), TimeMLP2: lin(d), AdaNorm: LinearWeights{W: core.New(2*d, d), B: core.New(2 * d)}, OutLayer: lin(d)}
	x := randT(rng, b, d)
	y, err := FlowCondLayer(x, []float32{0, 0.5, 3}, w)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := core.Linear("test", x, w.OutLayer.W, w.OutLayer.B)
	for i := range y.Data {
		if !close64(float64(y.Data[i]), float64(want.Data[i]), 1e-6) {
			t.Errorf("y[%d] = %v, out_layer(x) = %v", i, y.Data[i], want.Data[i])
		}
	}
}

// TestFlowCondTraceStages checks the stages a scene shows fit together: the
// embedding is [sin(t f), cos(t f)] with f over D/2, the modulated input is
// x(1+γ)+β from the [γ, β] stage, and the output is FlowCondLayer's.
func TestFlowCondTraceStages(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const b, d = 2, 8
	lin := func(out int) LinearWeights { return LinearWeights{W: randT(rng, out, d), B: randT(rng, out)} }
	w := FlowCondWeights{TimeMLP0: lin(d), TimeMLP2: lin(d), AdaNorm: lin(2 * d), OutLayer: lin(3)}
	x := randT(rng, b, d)
	ts := []float32{0.25, 7}
	st, err := FlowCondTrace(x, ts, w)
	if err != nil {
		t.Fatal(err)
	}
	y, err := FlowCondLayer(x, ts, w)
	if err != nil {
		t.Fatal(err)
	}
	for i := range y.Data {
		if st.Y.Data[i] != y.Data[i] {
			t.Fatalf("trace output[%d] = %v, FlowCondLayer = %v", i, st.Y.Data[i], y.Data[i])
		}
	}
	for r, tv := range ts {
		for i := 0; i < d/2; i++ {
			f := math.Exp(-math.Log(10000) * float64(i) / float64(d/2))
			if got, want := float64(st.Emb.Data[r*d+i]), math.Sin(float64(tv)*f); !close64(got, want, 1e-5) {
				t.Errorf("emb[%d][%d] = %v, sin(t f) = %v", r, i, got, want)
			}
		}
		for j := 0; j < d; j++ {
			g, be := st.GammaBeta.Data[r*2*d+j], st.GammaBeta.Data[r*2*d+d+j]
			if got, want := st.Mod.Data[r*d+j], x.Data[r*d+j]*(1+g)+be; got != want {
				t.Errorf("mod[%d][%d] = %v, x(1+γ)+β = %v", r, j, got, want)
			}
		}
	}
}

// BenchmarkOp_ddim_step is one η=0 step on a Stable-Diffusion-sized latent
// [1,4,64,64].
func BenchmarkOp_ddim_step(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	xt, eps := randT(rng, 1, 4, 64, 64), randT(rng, 1, 4, 64, 64)
	p := DDIMParams{AlphaBarT: 0.3, AlphaBarPrev: 0.35}
	benchcpu.Loop(b, func() {
		if _, _, err := DDIMStep(xt, eps, nil, p); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkDDIMStepInto is the same step into reused buffers.
func BenchmarkDDIMStepInto(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	xt, eps := randT(rng, 1, 4, 64, 64), randT(rng, 1, 4, 64, 64)
	xp, x0 := make([]float32, len(xt.Data)), make([]float32, len(xt.Data))
	c, _ := DDIMParams{AlphaBarT: 0.3, AlphaBarPrev: 0.35}.Coefficients()
	for b.Loop() {
		DDIMStepInto(xp, x0, xt.Data, eps.Data, nil, c)
	}
}

// TestNonFiniteInputs: NaN or ±Inf anywhere in any input is an error naming
// the input (the fast finiteness check must not miss odd positions).
func TestNonFiniteInputs(t *testing.T) {
	for _, bad := range []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))} {
		for _, pos := range []int{0, 5, 6} {
			rng := rand.New(rand.NewPCG(7, 8))
			xt, eps, z := randT(rng, 7), randT(rng, 7), randT(rng, 7)
			eps.Data[pos] = bad
			_, _, err := DDIMStep(xt, eps, z, DDIMParams{AlphaBarT: 0.5, AlphaBarPrev: 0.6, Eta: 1})
			if err == nil || !strings.Contains(err.Error(), "predicted_noise") {
				t.Errorf("ddim_step with predicted_noise[%d]=%v: error %v, want one naming predicted_noise", pos, bad, err)
			}
			z.Data[pos], eps.Data[pos] = bad, 0
			_, err = DDPMStep(xt, eps, z, DDPMParams{AlphaT: 0.9, AlphaBarT: 0.5, BetaT: 0.1, T: 2})
			if err == nil || !strings.Contains(err.Error(), "noise") {
				t.Errorf("ddpm_step with noise[%d]=%v: error %v, want one naming noise", pos, bad, err)
			}
		}
	}
}
