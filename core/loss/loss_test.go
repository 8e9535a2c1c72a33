package loss

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dlprep/core"

	"dlprep/internal/benchcpu"
)

func randT(r *rand.Rand, scale float64, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(scale * r.NormFloat64())
	}
	return t
}

func tensor(t *testing.T, data []float32, shape ...int) *core.Tensor {
	x, err := core.FromData(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func close(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*(1+math.Abs(want))
}

// TestLogSumExpExtremeLogits uses rows whose answer is known in closed form,
// at magnitudes where exp overflows float32 (beyond ~88.7) and float64
// (beyond ~709).
func TestLogSumExpExtremeLogits(t *testing.T) {
	for _, tc := range []struct {
		row  []float32
		want float64
	}{
		{[]float32{1e4, 1e4, 1e4, 1e4}, 1e4 + math.Log(4)},
		{[]float32{-1e4, -1e4}, -1e4 + math.Log(2)},
		{[]float32{1e4, -1e4}, 1e4},
		{[]float32{1e4, 1e4 - 1}, 1e4 + math.Log(1+math.Exp(-1))},
		{[]float32{1e30, 1e30}, 1e30},
		{[]float32{-1e30, 1e30, 0}, 1e30},
		{[]float32{-1e30, -1e30, -1e30}, -1e30},
		{[]float32{90, 90}, 90 + math.Log(2)},
		{[]float32{0, 0, 0}, math.Log(3)},
		{[]float32{-3.4e38, 3.4e38}, 3.4e38},
	} {
		x := tensor(t, append([]float32(nil), tc.row...), 1, len(tc.row))
		y, err := LogSumExp(x)
		if err != nil {
			t.Errorf("%v: %v", tc.row, err)
			continue
		}
		got := float64(y.Data[0])
		if math.IsInf(got, 0) || math.IsNaN(got) || !close(got, float64(float32(tc.want)), 1e-7) {
			t.Errorf("logsumexp(%v) = %v, want %v", tc.row, got, float32(tc.want))
		}
	}
	// The pitfall: the naive float32 log(Σ exp x) already overflows at 90.
	for _, tc := range []struct {
		row  []float32
		sign int
	}{{[]float32{90, 90}, 1}, {[]float32{-120, -130}, -1}} {
		if naive := NaiveLogSumExpRow(tc.row); !math.IsInf(float64(naive), tc.sign) {
			t.Errorf("NaiveLogSumExpRow(%v) = %v, want it to overflow to %d·Inf (the reason for the max trick)", tc.row, naive, tc.sign)
		}
	}
}

func TestLogSumExpInfinitiesAndErrors(t *testing.T) {
	inf := float32(math.Inf(1))
	y, err := LogSumExp(tensor(t, []float32{-inf, -inf, -inf, -inf, -inf, 1, inf, 0, 0}, 3, 3))
	if err != nil || !math.IsInf(float64(y.Data[0]), -1) || y.Data[1] != 1 || !math.IsInf(float64(y.Data[2]), 1) {
		t.Errorf("rows [-inf -inf -inf], [-inf -inf 1], [inf 0 0]: got %v, %v; want [-Inf 1 +Inf] as torch.logsumexp", y, err)
	}
	for _, tc := range []struct {
		name string
		x    *core.Tensor
	}{
		{"nan", tensor(t, []float32{0, float32(math.NaN())}, 1, 2)},
		{"no classes", core.New(2, 0)},
		{"1-d", core.New(3)},
	} {
		if _, err := LogSumExp(tc.x); err == nil || !strings.HasPrefix(err.Error(), "logsumexp: ") {
			t.Errorf("%s: got error %v, want one naming the op", tc.name, err)
		}
	}
}

// refCE is cross-entropy from an explicit smoothed target distribution and
// float64 log-probabilities, for moderate logits.
func refCE(x *core.Tensor, targets []int, eps float64) float64 {
	n, c := x.Shape[0], x.Shape[1]
	var total float64
	for i := 0; i < n; i++ {
		var z float64
		for j := 0; j < c; j++ {
			z += math.Exp(float64(x.Data[i*c+j]))
		}
		for j := 0; j < c; j++ {
			q := eps / float64(c)
			if j == targets[i] {
				q += 1 - eps
			}
			total -= q * (float64(x.Data[i*c+j]) - math.Log(z))
		}
	}
	return total / float64(n)
}

func TestCrossEntropyMatchesSmoothedDistribution(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range []struct{ n, c int }{{1, 2}, {4, 3}, {7, 10}, {3, 1}} {
		for _, eps := range []float64{0, 0.1, 0.5, 1} {
			x := randT(r, 3, s.n, s.c)
			tg := make([]int, s.n)
			for i := range tg {
				tg[i] = r.IntN(s.c)
			}
			got, err := CrossEntropy(x, tg, eps)
			if err != nil {
				t.Fatal(err)
			}
			if want := refCE(x, tg, eps); !close(got, want, 1e-6) {
				t.Errorf("N=%d C=%d ε=%v targets %v: got %v, want %v", s.n, s.c, eps, tg, got, want)
			}
		}
	}
}

func TestCrossEntropyExtremeLogits(t *testing.T) {
	for _, tc := range []struct {
		logits  []float32
		target  int
		eps     float64
		want    float64
		comment string
	}{
		{[]float32{1e4, 0}, 0, 0, 0, "confident and right"},
		{[]float32{1e4, 0}, 1, 0, 1e4, "confident and wrong"},
		{[]float32{-1e4, 1e4, 0}, 0, 0, 2e4, ""},
		{[]float32{1e30, -1e30}, 1, 0, 2e30, "beyond float32 exp"},
		{[]float32{1e4, 0}, 0, 0.2, 0.1 * 1e4, "smoothing charges ε/C on the far class"},
	} {
		got, err := CrossEntropy(tensor(t, tc.logits, 1, len(tc.logits)), []int{tc.target}, tc.eps)
		if err != nil || !close(got, tc.want, 1e-6) {
			t.Errorf("%v target %d ε=%v (%s): got %v, %v; want %v", tc.logits, tc.target, tc.eps, tc.comment, got, err, tc.want)
		}
	}
}

func TestFocalLoss(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := randT(r, 2, 6, 4)
	tg := []int{0, 3, 1, 1, 2, 3}
	ce, _ := CrossEntropy(x, tg, 0)
	fl, err := FocalLoss(x, tg, Focal{Gamma: 0, Alpha: 1})
	if err != nil || !close(fl, ce, 1e-9) {
		t.Errorf("γ=0, α=1: got %v, %v; want the cross-entropy %v", fl, err, ce)
	}
	alpha := tensor(t, []float32{0.25, 0.5, 1, 2}, 4)
	for _, f := range []Focal{{Gamma: 2, Alpha: 1}, {Gamma: 0.5, Alpha: 0.25}, {Gamma: 3, ClassAlpha: alpha}} {
		var want float64
		for i, ti := range tg {
			var z float64
			for j := 0; j < 4; j++ {
				z += math.Exp(float64(x.Data[i*4+j]))
			}
			p := math.Exp(float64(x.Data[i*4+ti])) / z
			a := f.Alpha
			if f.ClassAlpha != nil {
				a = float64(f.ClassAlpha.Data[ti])
			}
			want -= a * math.Pow(1-p, f.Gamma) * math.Log(p) / float64(len(tg))
		}
		got, err := FocalLoss(x, tg, f)
		if err != nil || !close(got, want, 1e-6) {
			t.Errorf("γ=%v α=%v class α=%v: got %v, %v; want %v", f.Gamma, f.Alpha, f.ClassAlpha, got, err, want)
		}
	}
	// A confident right answer costs ~0, a confident wrong one ~α·|Δ|.
	got, err := FocalLoss(tensor(t, []float32{1e4, 0, 0, 1e4}, 2, 2), []int{0, 0}, DefaultFocal())
	if err != nil || !close(got, 1e4/2, 1e-6) {
		t.Errorf("extreme logits: got %v, %v; want 5000", got, err)
	}
}

func TestLossErrors(t *testing.T) {
	x := core.New(2, 3)
	for _, tc := range []struct {
		name, op string
		err      error
	}{
		{"target out of range", "cross_entropy", func() error { _, e := CrossEntropy(x, []int{0, 3}, 0); return e }()},
		{"negative target", "cross_entropy", func() error { _, e := CrossEntropy(x, []int{-1, 0}, 0); return e }()},
		{"target count", "cross_entropy", func() error { _, e := CrossEntropy(x, []int{0}, 0); return e }()},
		{"smoothing above 1", "cross_entropy", func() error { _, e := CrossEntropy(x, []int{0, 1}, 1.5); return e }()},
		{"empty batch", "cross_entropy", func() error { _, e := CrossEntropy(core.New(0, 3), nil, 0); return e }()},
		{"nan logits", "cross_entropy", func() error {
			_, e := CrossEntropy(tensor(t, []float32{0, float32(math.NaN())}, 1, 2), []int{0}, 0)
			return e
		}()},
		{"negative gamma", "focal_loss", func() error { _, e := FocalLoss(x, []int{0, 1}, Focal{Gamma: -1, Alpha: 1}); return e }()},
		{"alpha length", "focal_loss", func() error {
			_, e := FocalLoss(x, []int{0, 1}, Focal{Gamma: 2, ClassAlpha: core.New(2)})
			return e
		}()},
		{"focal target", "focal_loss", func() error { _, e := FocalLoss(x, []int{0, 7}, DefaultFocal()); return e }()},
		{"z shapes differ", "info_nce", func() error { _, e := InfoNCE(core.New(2, 3), core.New(3, 3), 0.07); return e }()},
		{"zero temperature", "info_nce", func() error { _, e := InfoNCE(core.New(2, 3), core.New(2, 3), 0); return e }()},
		{"negative temperature", "info_nce", func() error { _, e := InfoNCE(core.New(2, 3), core.New(2, 3), -1); return e }()},
		{"no pairs", "info_nce", func() error { _, e := InfoNCE(core.New(0, 3), core.New(0, 3), 0.1); return e }()},
	} {
		if tc.err == nil || !strings.HasPrefix(tc.err.Error(), tc.op+": ") {
			t.Errorf("%s: got error %v, want one starting with %q", tc.name, tc.err, tc.op+": ")
		}
	}
}

func TestInfoNCEMatchesExplicitLoops(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, s := range []struct {
		n, d int
		tau  float64
	}{{1, 3, 0.07}, {4, 8, 0.5}, {5, 2, 0.1}, {8, 16, 1}} {
		zi, zj := randT(r, 1, s.n, s.d), randT(r, 1, s.n, s.d)
		got, err := InfoNCE(zi, zj, s.tau)
		if err != nil {
			t.Fatal(err)
		}
		m := 2 * s.n
		vec := func(k int) []float64 {
			src := zi.Data
			if k >= s.n {
				src, k = zj.Data, k-s.n
			}
			v := make([]float64, s.d)
			var norm float64
			for i := range v {
				v[i] = float64(src[k*s.d+i])
				norm += v[i] * v[i]
			}
			for i := range v {
				v[i] /= math.Sqrt(norm)
			}
			return v
		}
		var want float64
		for a := 0; a < m; a++ {
			var z, pos float64
			for b := 0; b < m; b++ {
				if a == b {
					continue // the -1e9 mask contributes exp(-1e9) = 0
				}
				var dot float64
				va, vb := vec(a), vec(b)
				for i := range va {
					dot += va[i] * vb[i]
				}
				z += math.Exp(dot / s.tau)
				if b == (a+s.n)%m {
					pos = dot / s.tau
				}
			}
			want += (math.Log(z) - pos) / float64(m)
		}
		if !close(got, want, 1e-4) {
			t.Errorf("N=%d D=%d τ=%v: got %v, want %v", s.n, s.d, s.tau, got, want)
		}
	}
	// Identical views are each other's nearest neighbour: with a small τ
	// and orthogonal samples the loss goes to 0.
	eye := core.New(3, 3)
	for i := 0; i < 3; i++ {
		eye.Data[i*3+i] = 1
	}
	if got, err := InfoNCE(eye, eye, 0.01); err != nil || got > 1e-6 {
		t.Errorf("orthogonal identical pairs, τ=0.01: got %v, %v; want ≈ 0", got, err)
	}
}

func TestLogSumExpIntoDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	x := randT(r, 5, 64, 100)
	y := make([]float32, 64)
	tg := make([]int, 64)
	if a := testing.AllocsPerRun(5, func() { _ = LogSumExpInto(y, x) }); a != 0 {
		t.Errorf("LogSumExpInto allocates %v times per call, want 0", a)
	}
	if a := testing.AllocsPerRun(5, func() { _, _ = CrossEntropy(x, tg, 0.1) }); a != 0 {
		t.Errorf("CrossEntropy allocates %v times per call, want 0", a)
	}
}

// BenchmarkOp_cross_entropy is problem 022's default: logits [4096,1000].
func BenchmarkOp_cross_entropy(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := randT(r, 3, 4096, 1000)
	tg := make([]int, 4096)
	for i := range tg {
		tg[i] = r.IntN(1000)
	}
	b.ReportAllocs()
	b.SetBytes(int64(4 * len(x.Data)))
	benchcpu.Loop(b, func() {
		if _, err := CrossEntropy(x, tg, 0.1); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkOp_logsumexp reduces logits [4096,1000] row by row.
func BenchmarkOp_logsumexp(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := randT(r, 3, 4096, 1000)
	y := make([]float32, 4096)
	b.ReportAllocs()
	b.SetBytes(int64(4 * len(x.Data)))
	benchcpu.Loop(b, func() {
		if err := LogSumExpInto(y, x); err != nil {
			b.Fatal(err)
		}
	})
}

func TestInfoNCEWorkspace(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	zi, zj := randT(r, 1, 4, 6), randT(r, 1, 4, 6)
	want, _ := InfoNCE(zi, zj, 0.2)
	var ws InfoNCEWorkspace
	for i := 0; i < 2; i++ {
		if got, err := ws.InfoNCE(zi, zj, 0.2); err != nil || got != want {
			t.Errorf("call %d on a workspace: got %v, %v; want %v", i, got, err, want)
		}
	}
	if a := testing.AllocsPerRun(5, func() { _, _ = ws.InfoNCE(zi, zj, 0.2) }); a != 0 {
		t.Errorf("InfoNCEWorkspace.InfoNCE allocates %v times per call, want 0", a)
	}
	s, m := ws.Logits()
	if m != 8 || len(s) != 64 {
		t.Fatalf("Logits: got %d values for 2N=%d, want 64 for 8", len(s), m)
	}
	for i := 0; i < m; i++ {
		if s[i*m+i] != InfoNCEMask {
			t.Errorf("Logits diagonal [%d] = %v, want the mask %v", i, s[i*m+i], float32(InfoNCEMask))
		}
	}
}
