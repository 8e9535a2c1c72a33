package mistakes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/loss"
)

func TestNaiveLogSumExp(t *testing.T) {
	x := tensor(t, f32(100, 0, 0, 0, -200, -200), 3, 2)
	got, err := NaiveLogSumExp(x)
	if err != nil {
		t.Fatal(err)
	}
	inf := math.Inf(1)
	mustNear(t, "naive", got.Data, f32(inf, math.Ln2, math.Inf(-1)), 1e-6)
	right, _ := loss.LogSumExp(x)
	mustNear(t, "stable", right.Data, f32(100, math.Ln2, -200+math.Ln2), 1e-4)

	ce, err := CrossEntropyNaive(tensor(t, f32(100, 0), 1, 2), []int{0}, 0)
	if err != nil || !math.IsInf(ce, 1) {
		t.Errorf("naive cross-entropy of [100, 0]: got %v, %v; want +Inf", ce, err)
	}
	// Small logits agree with the right loss, smoothing included.
	small := tensor(t, f32(1, 2, 3, 0.5, -1, 2), 2, 3)
	a, _ := CrossEntropyNaive(small, []int{2, 0}, 0.1)
	b, _ := loss.CrossEntropy(small, []int{2, 0}, 0.1)
	if math.Abs(a-b) > 1e-6 {
		t.Errorf("small logits: naive %v, right %v", a, b)
	}
	if _, err := CrossEntropyNaive(small, []int{3, 0}, 0); err == nil {
		t.Error("a target out of range must be an error")
	}
	if _, err := NaiveLogSumExp(core.New(3)); err == nil {
		t.Error("a 1-d x must be an error")
	}
}

func TestInfoNCEMistakes(t *testing.T) {
	zi := tensor(t, f32(1, 0, 0, 1), 2, 2)
	zj := tensor(t, f32(2, 0, 0, 1), 2, 2)
	l2e := math.Log(2 + math.E)
	right, err := loss.InfoNCE(zi, zj, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Normalised, every row is [−1e9, 0, 1, 0] up to order: ln(2+e) − 1.
	if math.Abs(right-(l2e-1)) > 1e-6 {
		t.Errorf("right InfoNCE %v, want %v", right, l2e-1)
	}
	kept, err := InfoNCEDiagonalKept(zi, zj, 1)
	if err != nil {
		t.Fatal(err)
	}
	// With the diagonal kept every row is [1, 0, 1, 0] up to order: ln(2+2e) − 1.
	if want := math.Log(2+2*math.E) - 1; math.Abs(kept-want) > 1e-6 {
		t.Errorf("diagonal-not-masked %v, want %v", kept, want)
	}
	raw, err := InfoNCEUnnormalized(zi, zj, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Rows 0 and 2 see the raw 2 as their positive: ln(2+e²) − 2.
	if want := (math.Log(2+math.E*math.E) - 2 + l2e - 1) / 2; math.Abs(raw-want) > 1e-6 {
		t.Errorf("no-normalize %v, want %v", raw, want)
	}
	if _, err := InfoNCEUnnormalized(zi, zj, 0); err == nil {
		t.Error("temperature 0 must be an error")
	}
}

func TestFocalFromProbabilities(t *testing.T) {
	f := loss.DefaultFocal()
	far := tensor(t, f32(0, 200), 1, 2)
	got, err := FocalFromProbabilities(far, []int{0}, f)
	if err != nil || !math.IsInf(got, 1) {
		t.Errorf("p_t = e^−200 underflows: got %v, %v; want +Inf", got, err)
	}
	right, _ := loss.FocalLoss(far, []int{0}, f)
	if math.Abs(right-200) > 1e-3 {
		t.Errorf("right focal loss %v, want 200", right)
	}
	// Ordinary logits agree with the right loss, class weights included.
	x := tensor(t, f32(1, 2, 0.5, -1, 0, 3), 2, 3)
	f.ClassAlpha = tensor(t, f32(0.25, 0.5, 1), 3)
	a, _ := FocalFromProbabilities(x, []int{1, 2}, f)
	b, _ := loss.FocalLoss(x, []int{1, 2}, f)
	if math.Abs(a-b) > 1e-6 {
		t.Errorf("ordinary logits: mistake %v, right %v", a, b)
	}
}
