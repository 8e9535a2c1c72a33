package norm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dlprep/core"

	"dlprep/internal/benchcpu"
)

func randTensor(r *rand.Rand, scale, offset float64, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(offset + scale*r.NormFloat64())
	}
	return t
}

// refNormalize is BatchNorm's formula for given per-channel statistics, in
// float64: (x − μ_c)/√(σ²_c + eps)·γ_c + β_c.
func refNormalize(x *core.Tensor, mean, variance []float64, w, b *core.Tensor, eps float64) []float64 {
	bs, c, hw := x.Shape[0], x.Shape[1], x.Shape[2]*x.Shape[3]
	out := make([]float64, len(x.Data))
	for n := 0; n < bs; n++ {
		for ch := 0; ch < c; ch++ {
			for i := 0; i < hw; i++ {
				k := (n*c+ch)*hw + i
				out[k] = (float64(x.Data[k])-mean[ch])/math.Sqrt(variance[ch]+eps)*float64(w.Data[ch]) + float64(b.Data[ch])
			}
		}
	}
	return out
}

// batchStats returns per-channel mean, biased and unbiased variance.
func batchStats(x *core.Tensor) (mean, biased, unbiased []float64) {
	bs, c, hw := x.Shape[0], x.Shape[1], x.Shape[2]*x.Shape[3]
	mean, biased, unbiased = make([]float64, c), make([]float64, c), make([]float64, c)
	n := float64(bs * hw)
	for ch := 0; ch < c; ch++ {
		var vals []float64
		for b := 0; b < bs; b++ {
			for i := 0; i < hw; i++ {
				vals = append(vals, float64(x.Data[(b*c+ch)*hw+i]))
			}
		}
		for _, v := range vals {
			mean[ch] += v / n
		}
		for _, v := range vals {
			biased[ch] += (v - mean[ch]) * (v - mean[ch]) / n
		}
		unbiased[ch] = biased[ch] * n / (n - 1)
	}
	return
}

func maxDiff(got []float32, want []float64) float64 {
	m := 0.0
	for i := range got {
		m = math.Max(m, math.Abs(float64(got[i])-want[i]))
	}
	return m
}

func newBN(r *rand.Rand, c int) *BatchNorm2D {
	bn := NewBatchNorm2D(c)
	bn.Weight, bn.Bias = randTensor(r, 0.5, 1, c), randTensor(r, 0.5, 0, c)
	bn.RunningMean, bn.RunningVar = randTensor(r, 0.3, 0, c), randTensor(r, 0.1, 1.5, c)
	return bn
}

var bnShapes = [][]int{{2, 3, 4, 5}, {1, 4, 3, 3}, {5, 2, 1, 1}, {3, 6, 7, 2}}

func TestBatchNormTrainingUsesBiasedVarianceAndUpdatesRunningStats(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, shape := range bnShapes {
		x := randTensor(r, 2, 3, shape...)
		bn := newBN(r, shape[1])
		bn.Momentum = 0.3
		rm0, rv0 := bn.RunningMean.Clone(), bn.RunningVar.Clone()
		mean, biased, unbiased := batchStats(x)
		y, err := bn.Forward(x)
		if err != nil {
			t.Fatalf("%v: %v", shape, err)
		}
		if d := maxDiff(y.Data, refNormalize(x, mean, biased, bn.Weight, bn.Bias, bn.Eps)); d > 1e-5 {
			t.Errorf("%v: training output differs from the biased-variance formula by %g", shape, d)
		}
		for ch := range mean {
			wantM := 0.7*float64(rm0.Data[ch]) + 0.3*mean[ch]
			wantV := 0.7*float64(rv0.Data[ch]) + 0.3*unbiased[ch]
			if math.Abs(float64(bn.RunningMean.Data[ch])-wantM) > 1e-6 || math.Abs(float64(bn.RunningVar.Data[ch])-wantV) > 1e-5 {
				t.Errorf("%v channel %d: running (mean, var) = (%v, %v), want (%v, %v) with the unbiased variance",
					shape, ch, bn.RunningMean.Data[ch], bn.RunningVar.Data[ch], wantM, wantV)
			}
		}
	}
}

// TestBatchNormEvalIsTrainMathsWithRunningStats: eval mode is the training
// formula with the running statistics put in place of the batch ones, and it
// leaves them unchanged.
func TestBatchNormEvalIsTrainMathsWithRunningStats(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, shape := range bnShapes {
		x := randTensor(r, 1.5, -2, shape...)
		bn := newBN(r, shape[1])
		bn.Training = false
		rm, rv := bn.RunningMean.Clone(), bn.RunningVar.Clone()
		mean, variance := make([]float64, shape[1]), make([]float64, shape[1])
		for ch := range mean {
			mean[ch], variance[ch] = float64(rm.Data[ch]), float64(rv.Data[ch])
		}
		y, err := bn.Forward(x)
		if err != nil {
			t.Fatalf("%v: %v", shape, err)
		}
		if d := maxDiff(y.Data, refNormalize(x, mean, variance, bn.Weight, bn.Bias, bn.Eps)); d > 1e-5 {
			t.Errorf("%v: eval output differs from the formula with running stats by %g", shape, d)
		}
		if maxDiff(bn.RunningMean.Data, f64(rm.Data)) != 0 || maxDiff(bn.RunningVar.Data, f64(rv.Data)) != 0 {
			t.Errorf("%v: eval changed the running stats", shape)
		}

		// Substituting the batch's own statistics as running stats makes
		// eval reproduce training exactly (up to float32 rounding).
		train := newBN(r, shape[1])
		train.Weight, train.Bias = bn.Weight, bn.Bias
		yTrain, err := train.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		bm, biased, _ := batchStats(x)
		for ch := range bm {
			bn.RunningMean.Data[ch], bn.RunningVar.Data[ch] = float32(bm[ch]), float32(biased[ch])
		}
		yEval, err := bn.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		if d := maxDiff(yEval.Data, f64(yTrain.Data)); d > 1e-4 {
			t.Errorf("%v: eval with the batch stats substituted differs from training by %g", shape, d)
		}
	}
}

func f64(xs []float32) []float64 {
	out := make([]float64, len(xs))
	for i, v := range xs {
		out[i] = float64(v)
	}
	return out
}

func TestBatchNormErrorsLeaveStateUntouched(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	x := randTensor(r, 1, 0, 2, 3, 2, 2)
	nan := x.Clone()
	nan.Data[7] = float32(math.NaN())
	for _, tc := range []struct {
		name string
		x    *core.Tensor
		edit func(*BatchNorm2D)
		want string
	}{
		{"weight length", x, func(b *BatchNorm2D) { b.Weight = core.New(2) }, "weight"},
		{"running_var length", x, func(b *BatchNorm2D) { b.RunningVar = core.New(4) }, "running_var"},
		{"missing running_mean", x, func(b *BatchNorm2D) { b.RunningMean = nil }, "running_mean"},
		{"negative eps", x, func(b *BatchNorm2D) { b.Eps = -1e-5 }, "eps"},
		{"momentum above 1", x, func(b *BatchNorm2D) { b.Momentum = 1.5 }, "momentum"},
		{"one value per channel", core.New(1, 3, 1, 1), func(*BatchNorm2D) {}, "more than one value"},
		{"nan input", nan, func(*BatchNorm2D) {}, "non-finite"},
		{"negative running var in eval", x, func(b *BatchNorm2D) { b.Training = false; b.RunningVar.Data[1] = -3 }, "running_var"},
		{"3-d x", core.New(3, 2, 2), func(*BatchNorm2D) {}, "x must be 4-d"},
	} {
		bn := newBN(r, 3)
		tc.edit(bn)
		var rm []float32
		if bn.RunningMean != nil {
			rm = append(rm, bn.RunningMean.Data...)
		}
		_, err := bn.Forward(tc.x)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "batchnorm2d: ") {
			t.Errorf("%s: got error %v, want one naming the op and containing %q", tc.name, err, tc.want)
		}
		if bn.RunningMean != nil && maxDiff(bn.RunningMean.Data, f64(rm)) != 0 {
			t.Errorf("%s: a failed call changed running_mean", tc.name)
		}
	}
}

func TestLayerNormMatchesFormula(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, shape := range [][]int{{2, 5}, {3, 1}, {4, 7}, {2, 3, 16}} {
		for _, offset := range []float64{0, 1000} {
			x := randTensor(r, 3, offset, shape...)
			d := shape[len(shape)-1]
			w, b := randTensor(r, 1, 1, d), randTensor(r, 1, 0, d)
			y, err := LayerNorm(x, w, b, 1e-5)
			if err != nil {
				t.Fatal(err)
			}
			want := make([]float64, len(x.Data))
			for row := 0; row < len(x.Data)/d; row++ {
				var m, v float64
				for i := 0; i < d; i++ {
					m += float64(x.Data[row*d+i]) / float64(d)
				}
				for i := 0; i < d; i++ {
					v += math.Pow(float64(x.Data[row*d+i])-m, 2) / float64(d) // biased, the 036 pitfall
				}
				for i := 0; i < d; i++ {
					want[row*d+i] = (float64(x.Data[row*d+i])-m)/math.Sqrt(v+1e-5)*float64(w.Data[i]) + float64(b.Data[i])
				}
			}
			if diff := maxDiff(y.Data, want); diff > 1e-4 {
				t.Errorf("x %v offset %v: max |got - formula| = %g", shape, offset, diff)
			}
		}
	}
}

func TestLayerNormErrors(t *testing.T) {
	x := core.New(2, 4)
	x.Data[1] = 1
	nan := x.Clone()
	nan.Data[5] = float32(math.Inf(1))
	for _, tc := range []struct {
		name    string
		x, w, b *core.Tensor
		eps     float64
		want    string
	}{
		{"weight length", x, core.New(3), core.New(4), 1e-5, "weight"},
		{"bias length", x, core.New(4), core.New(5), 1e-5, "bias"},
		{"negative eps", x, core.New(4), core.New(4), -1, "eps"},
		{"nan eps", x, core.New(4), core.New(4), math.NaN(), "eps"},
		{"inf in x", nan, core.New(4), core.New(4), 1e-5, "non-finite"},
		{"zero variance with eps 0", x, core.New(4), core.New(4), 0, "zero variance"},
		{"scalar x", core.Scalar(1), nil, nil, 1e-5, "at least one dimension"},
	} {
		_, err := LayerNorm(tc.x, tc.w, tc.b, tc.eps)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "layernorm: ") {
			t.Errorf("%s: got error %v, want one naming the op and containing %q", tc.name, err, tc.want)
		}
	}
}

func TestNormIntoDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	x := randTensor(r, 1, 0, 4, 8, 5, 5)
	y := core.New(x.Shape...)
	bn := newBN(r, 8)
	if err := bn.ForwardInto(y, x); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(5, func() { _ = bn.ForwardInto(y, x) }); a != 0 {
		t.Errorf("BatchNorm2D.ForwardInto allocates %v times per call, want 0", a)
	}
	xl := randTensor(r, 1, 0, 16, 32)
	yl := core.New(16, 32)
	w, b := randTensor(r, 1, 1, 32), randTensor(r, 1, 0, 32)
	if a := testing.AllocsPerRun(5, func() { _ = LayerNormInto(yl, xl, w, b, 1e-5) }); a != 0 {
		t.Errorf("LayerNormInto allocates %v times per call, want 0", a)
	}
}

// BenchmarkOp_batchnorm2d is problem 020's default: x [8,64,56,56] in
// training mode.
func BenchmarkOp_batchnorm2d(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := randTensor(r, 1, 0, 8, 64, 56, 56)
	y := core.New(x.Shape...)
	bn := NewBatchNorm2D(64)
	b.ReportAllocs()
	b.SetBytes(int64(4 * len(x.Data)))
	benchcpu.Loop(b, func() {
		if err := bn.ForwardInto(y, x); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkOp_layernorm normalises x [1024,768] (a ViT-B token batch).
func BenchmarkOp_layernorm(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := randTensor(r, 1, 0, 1024, 768)
	y := core.New(x.Shape...)
	w, bias := randTensor(r, 1, 1, 768), randTensor(r, 1, 0, 768)
	b.ReportAllocs()
	b.SetBytes(int64(4 * len(x.Data)))
	benchcpu.Loop(b, func() {
		if err := LayerNormInto(y, x, w, bias, 1e-5); err != nil {
			b.Fatal(err)
		}
	})
}
