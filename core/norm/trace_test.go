package norm

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlprep/core"
)

// The traced statistics are the batch's (written out in batchStats), the
// output and the running statistics are those of a twin layer fed the same
// batches through Forward, in training and in eval.
func TestBatchNormTraceMatchesForward(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 1))
	traced, twin := newBN(r, 3), newBN(r, 3)
	*twin = *traced
	twin.Weight, twin.Bias = traced.Weight.Clone(), traced.Bias.Clone()
	twin.RunningMean, twin.RunningVar = traced.RunningMean.Clone(), traced.RunningVar.Clone()
	twin.mean, twin.scale = nil, nil
	for step := 0; step < 5; step++ {
		x := randTensor(r, 1.5, 2, 2, 3, 2, 2)
		st, err := traced.Trace(x)
		if err != nil {
			t.Fatal(err)
		}
		y, err := twin.Forward(x)
		if err != nil {
			t.Fatal(err)
		}
		if maxDiff(st.Y.Data, f64(y.Data)) != 0 {
			t.Fatalf("step %d: traced output differs from Forward", step)
		}
		if maxDiff(st.RunningMean.Data, f64(twin.RunningMean.Data)) != 0 || maxDiff(st.RunningVar.Data, f64(twin.RunningVar.Data)) != 0 {
			t.Fatalf("step %d: running statistics differ", step)
		}
		mean, biased, unbiased := batchStats(x)
		if st.N != 8 || maxDiff(st.Mean.Data, mean) > 1e-5 || maxDiff(st.Var.Data, biased) > 1e-5 || maxDiff(st.VarUnbiased.Data, unbiased) > 1e-5 {
			t.Fatalf("step %d: statistics %v %v %v, want %v %v %v", step, st.Mean.Data, st.Var.Data, st.VarUnbiased.Data, mean, biased, unbiased)
		}
	}
	traced.Training, twin.Training = false, false
	x := randTensor(r, 1, 0, 1, 3, 2, 2)
	st, err := traced.Trace(x)
	if err != nil {
		t.Fatal(err)
	}
	y, _ := twin.Forward(x)
	if maxDiff(st.Y.Data, f64(y.Data)) != 0 || maxDiff(st.Var.Data, f64(traced.RunningVar.Data)) != 0 {
		t.Fatal("eval trace differs from Forward in eval")
	}
}

// LayerNorm's traced row statistics are the biased ones, XHat is the
// output without the affine, and Y is LayerNorm's.
func TestLayerNormTraceMatchesLayerNorm(t *testing.T) {
	r := rand.New(rand.NewPCG(36, 1))
	x := randTensor(r, 2, 1, 2, 4, 5)
	w, b := randTensor(r, 1, 1, 5), randTensor(r, 1, 0, 5)
	st, err := LayerNormTrace(x, w, b, 1e-5)
	if err != nil {
		t.Fatal(err)
	}
	y, _ := LayerNorm(x, w, b, 1e-5)
	if maxDiff(st.Y.Data, f64(y.Data)) != 0 {
		t.Fatal("Y differs from LayerNorm")
	}
	for row := 0; row < 8; row++ {
		vals := f64(x.Data[row*5 : (row+1)*5])
		var m, v float64
		for _, a := range vals {
			m += a / 5
		}
		for _, a := range vals {
			v += (a - m) * (a - m) / 5
		}
		if math.Abs(float64(st.Mean.Data[row])-m) > 1e-5 || math.Abs(float64(st.Var.Data[row])-v) > 1e-5 {
			t.Fatalf("row %d: mean, var %v %v; want %v %v", row, st.Mean.Data[row], st.Var.Data[row], m, v)
		}
		for i, a := range vals {
			want := (a - m) / math.Sqrt(v+1e-5)
			if got := float64(st.XHat.Data[row*5+i]); math.Abs(got-want) > 1e-5 {
				t.Fatalf("row %d: xhat[%d] = %v, want %v", row, i, got, want)
			}
		}
	}
	if _, err := LayerNormTrace(core.New(2, 0), nil, nil, 1e-5); err == nil {
		t.Error("a row of no features was traced")
	}
}
