package loss

import (
	"math"
	"math/rand/v2"
	"testing"
)

// The trace's log-sum-exp is LogSumExpRow's, bit for bit, and its stages
// are what the stable formula says: the shift puts the maximum at 0, the
// largest term is exactly 1, and the terms add up to the sum.
func TestLogSumExpTraceIsLogSumExpRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 22))
	rows := [][]float32{{0}, {1, 2, 3}, {100, 50, -20, 99.5, 0}, {-1e4, 1e4}, {-300, -301, -299}, {88, 89, 90}}
	for range 20 {
		row := make([]float32, 1+rng.IntN(40))
		for i := range row {
			row[i] = float32(rng.NormFloat64() * 200)
		}
		rows = append(rows, row)
	}
	for _, row := range rows {
		st, err := LogSumExpTrace(row)
		if err != nil {
			t.Fatalf("%v: %v", row, err)
		}
		if want := LogSumExpRow(row); st.LSE != want {
			t.Errorf("%v: trace lse %v, LogSumExpRow %v", row, st.LSE, want)
		}
		var top float32 = -1
		var sum float64
		for i, e := range st.Exp {
			if st.Shifted[i] > 0 || st.Shifted[i] != row[i]-st.Max {
				t.Errorf("%v: shifted[%d] = %v, want x − m = %v", row, i, st.Shifted[i], row[i]-st.Max)
			}
			if d := math.Abs(float64(e) - math.Exp(float64(st.Shifted[i]))); d > 2e-7 {
				t.Errorf("%v: exp term %d = %v, e^(x−m) = %v", row, i, e, math.Exp(float64(st.Shifted[i])))
			}
			top = max(top, e)
			sum += float64(e)
		}
		if top != 1 {
			t.Errorf("%v: the largest term is %v, want exactly 1", row, top)
		}
		if math.Abs(sum-float64(st.Sum)) > 1e-6*sum {
			t.Errorf("%v: terms add to %v, trace sum %v", row, sum, st.Sum)
		}
	}
	if _, err := LogSumExpTrace(nil); err == nil {
		t.Error("an empty row gave no error")
	}
	if _, err := LogSumExpTrace([]float32{1, float32(math.Inf(1))}); err == nil {
		t.Error("a row holding +Inf gave no error")
	}
}

// The focal trace's rows average to FocalLoss, their cross-entropy terms to
// CrossEntropy, and each row's stages follow −α(1−p_t)^γ log p_t.
func TestFocalTraceIsFocalLoss(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 24))
	for _, gamma := range []float64{0, 0.5, 2, 5} {
		x := randT(rng, 4, 7, 5)
		x.Data[3] = 130 // a confident row: p_t underflows float32, not float64 log-space
		targets := []int{0, 1, 2, 3, 4, 0, 1}
		f := Focal{Gamma: gamma, Alpha: 0.25}
		rows, err := FocalTrace(x, targets, f)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := FocalLoss(x, targets, f)
		ce, _ := CrossEntropy(x, targets, 0)
		var fl, c float64
		for i, r := range rows {
			fl += r.Focal
			c += r.CE
			if w := -0.25 * math.Pow(1-r.Pt, gamma) * r.LogPt; !close(r.Focal, w, 1e-9) {
				t.Errorf("γ=%v row %d: focal %v, −α(1−p)^γ log p = %v", gamma, i, r.Focal, w)
			}
		}
		if n := float64(len(rows)); !close(fl/n, want, 1e-12) || !close(c/n, ce, 1e-12) {
			t.Errorf("γ=%v: trace means focal %v CE %v, FocalLoss %v CrossEntropy %v", gamma, fl/n, c/n, want, ce)
		}
	}
}

// The InfoNCE trace's matrix, rows and loss are InfoNCE's: the cross-entropy
// of its similarity rows against the positives is the production loss, the
// diagonal carries the mask and every softmax row sums to 1.
func TestInfoNCETraceIsInfoNCE(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 21))
	for _, tau := range []float64{0.05, 0.5, 2} {
		zi, zj := randT(rng, 3, 4, 6), randT(rng, 3, 4, 6)
		st, err := InfoNCETrace(zi, zj, tau)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := InfoNCE(zi, zj, tau)
		m := 2 * st.N
		simT := tensor(t, append([]float32(nil), st.Sim...), m, m)
		ce, _ := CrossEntropy(simT, st.Pos, 0)
		if st.Loss != want || !close(ce, want, 1e-6) {
			t.Errorf("τ=%v: trace loss %v, cross-entropy of its matrix %v, InfoNCE %v", tau, st.Loss, ce, want)
		}
		var mean float64
		for r := range m {
			mean += st.RowLoss[r] / float64(m)
			if st.Sim[r*m+r] != InfoNCEMask || st.Prob[r*m+r] != 0 || st.Pos[r] != (r+st.N)%m {
				t.Errorf("τ=%v row %d: diagonal %v prob %v positive %d", tau, r, st.Sim[r*m+r], st.Prob[r*m+r], st.Pos[r])
			}
			var s float64
			for _, p := range st.Prob[r*m : (r+1)*m] {
				s += float64(p)
			}
			if math.Abs(s-1) > 1e-5 {
				t.Errorf("τ=%v row %d: softmax sums to %v", tau, r, s)
			}
		}
		if !close(mean, want, 1e-9) {
			t.Errorf("τ=%v: row terms average %v, InfoNCE %v", tau, mean, want)
		}
		for r := range m {
			var n2 float64
			for _, v := range st.Z[r*st.D : (r+1)*st.D] {
				n2 += float64(v) * float64(v)
			}
			if math.Abs(n2-1) > 1e-5 {
				t.Errorf("row %d of Z has squared norm %v, want 1", r, n2)
			}
		}
	}
}

// MSE is the mean of the squared differences and its gradient 2(p − t)/n.
func TestMSE(t *testing.T) {
	p := tensor(t, []float32{1, 2, 3, 4}, 2, 2)
	q := tensor(t, []float32{1, 0, 4, 0}, 2, 2)
	l, g, err := MSE(p, q)
	if err != nil || l != (0+4+1+16)/4.0 {
		t.Fatalf("MSE = %v, %v; want 5.25", l, err)
	}
	for i, want := range []float32{0, 1, -0.5, 2} {
		if g.Data[i] != want {
			t.Errorf("grad[%d] = %v, want 2(p−t)/n = %v", i, g.Data[i], want)
		}
	}
	if _, _, err := MSE(p, tensor(t, []float32{1, 2, 3, 4}, 4)); err == nil {
		t.Error("shapes [2 2] and [4] gave no error")
	}
	if _, _, err := MSE(tensor(t, nil, 0), tensor(t, nil, 0)); err == nil {
		t.Error("no elements gave no error")
	}
}

// SoftmaxCE's row losses average to CrossEntropy, its rows sum to 1, and a
// row of logits 1e4 apart still has finite terms.
func TestSoftmaxCE(t *testing.T) {
	x := tensor(t, []float32{1, 2, 3, 0, 1e4, -1e4, 5, 5, 5}, 3, 3)
	targets := []int{2, 2, 0}
	p, rl, err := SoftmaxCE(x, targets)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := CrossEntropy(x, targets, 0)
	if mean := (rl[0] + rl[1] + rl[2]) / 3; !close(mean, want, 1e-12) {
		t.Errorf("row losses average %v, CrossEntropy %v", mean, want)
	}
	if !close(rl[1], 2e4, 1e-9) || !close(rl[2], math.Log(3), 1e-9) {
		t.Errorf("row losses %v, want [.., 2e4, log 3]", rl)
	}
	for i := range 3 {
		if s := float64(p[3*i] + p[3*i+1] + p[3*i+2]); math.Abs(s-1) > 1e-6 {
			t.Errorf("row %d of the softmax sums to %v", i, s)
		}
	}
	if _, _, err := SoftmaxCE(x, []int{3, 0, 0}); err == nil {
		t.Error("a target out of range gave no error")
	}
}
