package scenes

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// newView resets a fresh view of a problem with values laid over the
// defaults.
func newView[S scene.Scene](t testing.TB, mk func() S, v scene.Values) S {
	t.Helper()
	s := mk()
	if err := s.Reset(scene.Overlay(s.Params(), v)); err != nil {
		t.Fatal(err)
	}
	return s
}

// closeTo reports whether got is within tol of want (−∞ equals −∞, NaN
// equals NaN).
func closeTo(got, want float32, tol float64) bool {
	if math.IsInf(float64(want), 0) {
		return got == want
	}
	if want != want {
		return got != got
	}
	return math.Abs(float64(got-want)) <= tol
}

// What the attention views show at every stage is what the production
// ops compute: the weights and output are attention.MHSA's, the heads are
// the projections split by hand, the pitfall is the catalogued mistake run
// on the same heads, and the heatmaps' colours decode to those values.
func TestMHSAViewStagesAreCore(t *testing.T) {
	for _, tc := range []struct {
		problem string
		v       scene.Values
	}{
		{"003", nil},
		{"003", scene.Values{"heads": 2, "tokens": 5, "causal": 1}},
		{"003", scene.Values{"pitfall": 1}},
		{"004", nil},
		{"004", scene.Values{"pitfall": 1, "heads": 0}},
		{"004", scene.Values{"pitfall": 2, "head": 1}},
	} {
		s := newView(t, func() *mhsaView { return newMHSAView(tc.problem) }, tc.v)
		n, h := s.n, s.heads
		d := mhsaWidth / h
		y, attn, err := attention.MHSA(s.x, s.w, h, s.causal)
		if err != nil {
			t.Fatal(err)
		}
		for hh := range h {
			for i := range n * n {
				if got, want := s.hweights[hh].vals[i], attn.Data[hh*n*n+i]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%s %v: weights[%d][%d] shown %v, MHSA %v", tc.problem, tc.v, hh, i, got, want)
				}
			}
		}
		for i := range y.Data {
			if got := s.hy.vals[i]; !closeTo(got, y.Data[i], 1e-5) {
				t.Fatalf("%s: Y[%d] shown %v, MHSA %v", tc.problem, i, got, y.Data[i])
			}
		}
		// Split heads by hand from Q = x Wqᵀ + b.
		q, err := core.Linear("test", s.x, s.w.Q.W, s.w.Q.B)
		if err != nil {
			t.Fatal(err)
		}
		for hh := range h {
			for i := range n {
				for c := range d {
					if got, want := s.hqh[hh].vals[i*d+c], q.Data[i*mhsaWidth+hh*d+c]; got != want {
						t.Fatalf("%s: Qh[%d][%d][%d] shown %v, Q gives %v", tc.problem, hh, i, c, got, want)
					}
				}
			}
		}
		// The weights' colours decode to the weights.
		for i := range n {
			for j := range n {
				if j > i && s.causal {
					if got := s.hweights[s.head].bm.Img.RGBAAt(j, i); got != maskedGrey {
						t.Fatalf("%s: masked cell (%d,%d) drawn %v", tc.problem, i, j, got)
					}
					continue
				}
				got := s.hweights[s.head].bm.Value(i, j, viz.Viridis, 0, 1)
				if want := float64(attn.Data[(s.head*n+i)*n+j]); math.Abs(got-want) > 1.0/255+1e-6 {
					t.Fatalf("%s: cell (%d,%d) reads %v, weight %v", tc.problem, i, j, got, want)
				}
			}
		}
		if s.pitfall == "" {
			if s.bad != nil {
				t.Fatalf("%s: pitfall weights without a pitfall", tc.problem)
			}
			continue
		}
		fn := map[string]func(q, k, v, mask *core.Tensor, causal bool) (*core.Tensor, *core.Tensor, error){
			"no-scale": mistakes.NoScale, "mask-after-softmax": mistakes.MaskAfterSoftmax, "mask-diagonal": mistakes.MaskDiagonal,
		}[s.pitfall]
		qh, _ := q.Reshape(1, n, h, d)
		qh, _ = qh.Permute(0, 2, 1, 3)
		_, want, err := fn(qh, s.st.Kh, s.st.Vh, nil, s.causal)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n * n {
			if got := s.hbad.vals[i]; !closeTo(got, want.Data[s.head*n*n+i], 1e-6) {
				t.Fatalf("%s %s: pitfall weight %d shown %v, mistakes gives %v", tc.problem, s.pitfall, i, got, want.Data[s.head*n*n+i])
			}
		}
	}
}

// The pitfalls show on arrival: the mistaken rows visibly differ from the
// right ones (sums below 1 after the softmax; the first token's row empty
// with the diagonal masked; peakier rows without 1/√d).
func TestMHSAPitfallsShow(t *testing.T) {
	after := newView(t, func() *mhsaView { return newMHSAView("004") }, scene.Values{"pitfall": 1})
	n := after.n
	if got := sum32(after.bad.Data[(n-2)*n : (n-1)*n]); got > 0.99 {
		t.Errorf("mask after softmax: row %d sums to %v, want visibly below 1", n-2, got)
	}
	diag := newView(t, func() *mhsaView { return newMHSAView("004") }, scene.Values{"pitfall": 2})
	// Every key of the first token is masked: PyTorch's softmax of a row of
	// −∞ is NaN, and so is the mistake's.
	if got := sum32(diag.bad.Data[:n]); got == got && got != 0 {
		t.Errorf("diagonal masked: the first token's weights sum to %v, want NaN (or 0)", got)
	}
	noscale := newView(t, func() *mhsaView { return newMHSAView("003") }, scene.Values{"pitfall": 1})
	maxOf := func(xs []float32) (m float32) {
		for _, x := range xs {
			m = max(m, x)
		}
		return
	}
	if r, b := maxOf(noscale.st.Weights.Data), maxOf(noscale.bad.Data); b <= r {
		t.Errorf("no 1/√d: largest weight %v, not above the right %v", b, r)
	}
}

// Hovering a cell inspects the number under it.
func TestMHSAInspection(t *testing.T) {
	s := newView(t, func() *mhsaView { return newMHSAView("003") }, nil)
	f := &scene.Frame{}
	n := s.n
	in, ok := s.Inspect(f, scene.Target{Group: grpWeights, Index: 1*n + 0})
	if !ok || in.Value != fmtNum(float64(s.st.Weights.Data[n])) || in.Index != "[0, 0, 1, 0]" || in.Shape != shapeOf(1, s.heads, n, n) {
		t.Fatalf("weight inspection %+v", in)
	}
	in, ok = s.Inspect(f, scene.Target{Group: grpHead0 + 1, Index: 2})
	d := mhsaWidth / s.heads
	if !ok || in.Value != fmtNum(float64(s.st.Heads.Data[1*n*d+2])) {
		t.Fatalf("head 1 output inspection %+v", in)
	}
}

// In quiz mode the view draws one version, named by nothing on screen: the
// pitfall's own title and function never appear, and its weights are what
// is drawn.
func TestMHSAQuizHidesTheAnswer(t *testing.T) {
	a := shell.New(shell.Options{Catalogue: All(), Paused: true})
	if err := a.Show("004", "", nil); err != nil {
		t.Fatal(err)
	}
	if !a.CanQuiz() {
		t.Fatal("004 cannot be quizzed")
	}
	// Find a seed whose round picks a mistake, then one that picks none.
	for seed := 1; seed <= 99; seed++ {
		if !a.StartQuiz(seed) {
			t.Fatal("no quiz")
		}
		if q := a.Query(); q != "problem=004&quiz="+strconv.Itoa(seed) {
			t.Fatalf("the quiz link %q gives more than its seed", q)
		}
		a.SeekStep(2)
		// The scene alone: the quiz panel lists every variant as an answer.
		rec := lint.NewRecorder(900, 600, raster.New(1, 1, 1))
		a.DrawScene(rec)
		for _, tx := range rec.Texts {
			for _, id := range mistakeIDs("004") {
				if strings.Contains(tx.S, id) || strings.Contains(tx.S, "pitfall") {
					t.Fatalf("seed %d: %q on screen gives the answer away", seed, tx.S)
				}
			}
		}
		if m := a.Mirror(); len(m.Readout) != 0 {
			t.Fatalf("seed %d: the mirror reads out %v", seed, m.Readout)
		}
	}
}
