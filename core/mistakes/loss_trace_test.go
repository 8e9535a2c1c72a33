package mistakes

import (
	"math"
	"math/rand"
	"testing"

	"dlprep/core"
	"dlprep/core/loss"
)

// The naive trace ends where NaiveLogSumExpRow ends, and overflows where
// float32 says: e^x is +Inf exactly for the logits above ≈ 88.72.
func TestNaiveLogSumExpTrace(t *testing.T) {
	for _, row := range [][]float32{{1, 2, 3}, {100, 0, -5}, {88, 88.5}, {88.8, 0}, {-200, -300}} {
		st, err := NaiveLogSumExpTrace(row)
		if err != nil {
			t.Fatal(err)
		}
		if want := loss.NaiveLogSumExpRow(row); st.LSE != want && !(math.IsNaN(float64(want)) && st.LSE != st.LSE) {
			t.Errorf("%v: trace %v, NaiveLogSumExpRow %v", row, st.LSE, want)
		}
		for i, e := range st.Exp {
			if inf := math.IsInf(float64(e), 1); inf != (row[i] > 88.72) {
				t.Errorf("%v: e^%v = %v in float32", row, row[i], e)
			}
		}
	}
	if _, err := NaiveLogSumExpTrace(nil); err == nil {
		t.Error("an empty row gave no error")
	}
}

// The pitfalls' matrices are what their losses are the cross-entropy of,
// and differ from the right matrix only where the mistake does.
func TestInfoNCEMistakeMatrices(t *testing.T) {
	rng := rand.New(rand.NewSource(21))
	zi, zj := randTensor(rng, 3, 5), randTensor(rng, 3, 5)
	for i := range zi.Data {
		zi.Data[i] *= float32(1 + i/5) // rows of different lengths
	}
	right, err := loss.InfoNCETrace(zi, zj, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	m := 6
	pos := right.Pos
	for _, tc := range []struct {
		name   string
		matrix func() ([]float32, error)
		loss   func() (float64, error)
	}{
		{"diagonal kept", func() ([]float32, error) { s, err := InfoNCEDiagonalKeptMatrix(zi, zj, 0.5); return dataOf(s, err) },
			func() (float64, error) { return InfoNCEDiagonalKept(zi, zj, 0.5) }},
		{"unnormalised", func() ([]float32, error) { s, err := InfoNCEUnnormalizedMatrix(zi, zj, 0.5); return dataOf(s, err) },
			func() (float64, error) { return InfoNCEUnnormalized(zi, zj, 0.5) }},
	} {
		sim, err := tc.matrix()
		if err != nil {
			t.Fatal(err)
		}
		want, _ := tc.loss()
		ce, _ := loss.CrossEntropy(tensor(t, sim, m, m), pos, 0)
		if math.Abs(ce-want) > 1e-9 {
			t.Errorf("%s: cross-entropy of the matrix %v, the mistake's loss %v", tc.name, ce, want)
		}
		for r := range m {
			d := sim[r*m+r]
			if tc.name == "diagonal kept" {
				if math.Abs(float64(d)-2) > 1e-5 { // cos(z, z)/τ = 1/0.5
					t.Errorf("%s: diagonal %d = %v, want 1/τ = 2", tc.name, r, d)
				}
				for j := range m {
					if j != r && math.Abs(float64(sim[r*m+j]-right.Sim[r*m+j])) > 1e-6 {
						t.Errorf("%s: off-diagonal (%d,%d) %v, right %v", tc.name, r, j, sim[r*m+j], right.Sim[r*m+j])
					}
				}
			} else if d != loss.InfoNCEMask {
				t.Errorf("%s: diagonal %d = %v, want the mask", tc.name, r, d)
			}
		}
	}
}

// dataOf is a tensor's data, or the error that came with it.
func dataOf(t *core.Tensor, err error) ([]float32, error) {
	if err != nil {
		return nil, err
	}
	return t.Data, nil
}
