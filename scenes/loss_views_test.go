package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/loss"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// What 022 shows at every stage is the production op's: the stages are
// loss.LogSumExpTrace's, the log-sum-exp is loss.LogSumExpRow's and
// loss.LogSumExp's, the loss is loss.CrossEntropy's, the naive column is
// mistakes.NaiveLogSumExp's and mistakes.CrossEntropyNaive's; the cells'
// text and colours are those values; the naive version overflows exactly
// where float32 must.
func TestLSEViewStagesAreCore(t *testing.T) {
	for _, tc := range []scene.Values{
		nil, {"scale": 0.1}, {"scale": 5}, {"scale": 88}, {"scale": 89}, {"scale": 95}, {"scale": 10000},
		{"seed": 7, "target": 0}, {"seed": 42, "scale": 300, "target": 4}, {"pitfall": 0},
	} {
		s := newView(t, newLSEView, tc)
		x := s.x
		if want := loss.LogSumExpRow(x.Data); s.st.LSE != want {
			t.Errorf("%v: shown lse %v, LogSumExpRow %v", tc, s.st.LSE, want)
		}
		lse, err := loss.LogSumExp(x)
		if err != nil {
			t.Fatal(err)
		}
		if got := float32(s.scalarVal[lsLSE]); got != lse.Data[0] {
			t.Errorf("%v: the lse cell %v, loss.LogSumExp %v", tc, got, lse.Data[0])
		}
		ce, _ := loss.CrossEntropy(x, []int{s.target}, 0)
		naive, _ := mistakes.NaiveLogSumExp(x)
		nce, _ := mistakes.CrossEntropyNaive(x, []int{s.target}, 0)
		if s.scalarVal[lsCE] != ce || float32(s.scalarVal[lsNLog]) != naive.Data[0] || !sameFloat(s.scalarVal[lsNCE], nce) {
			t.Errorf("%v: CE %v naive %v naive CE %v; core %v, %v, %v", tc, s.scalarVal[lsCE], s.scalarVal[lsNLog], s.scalarVal[lsNCE], ce, naive.Data[0], nce)
		}
		if s.scalarVal[lsM] != float64(fmax32(x.Data)) || s.scalarVal[lsSum] != float64(s.st.Sum) {
			t.Errorf("%v: m %v Σ %v", tc, s.scalarVal[lsM], s.scalarVal[lsSum])
		}
		for i, v := range s.st.Exp {
			if s.colExp.labels[i] != fmtCell(float64(v)) || s.colShift.labels[i] != fmtCell(float64(s.st.Shifted[i])) {
				t.Errorf("%v: row %d shows %q and %q", tc, i, s.colExp.labels[i], s.colShift.labels[i])
			}
			// The colour of an exp cell decodes to its value.
			if got := viz.Viridis.Invert(s.colExp.fills[i]); math.Abs(got-float64(v)) > 1.0/255+1e-6 {
				t.Errorf("%v: exp cell %d reads %v, value %v", tc, i, got, v)
			}
			inf := math.IsInf(float64(s.nst.Exp[i]), 1)
			if inf != (x.Data[i] > 88.7228) {
				t.Errorf("%v: e^%v shown %v", tc, x.Data[i], s.nst.Exp[i])
			}
			if inf && s.colNExp.fills[i] != viz.Bad {
				t.Errorf("%v: an infinite term is not drawn red", tc)
			}
		}
		// The stable version stays finite for every scale; the naive one is
		// +∞ from a largest logit of 88.72 (ln MaxFloat32).
		if math.IsInf(s.st.LSE, 0) || math.IsNaN(s.st.LSE) {
			t.Errorf("%v: stable lse %v", tc, s.st.LSE)
		}
		if want := float64(fmax32(x.Data)) > 88.7228; math.IsInf(float64(s.nst.LSE), 1) != want {
			t.Errorf("%v: naive lse %v with largest logit %v", tc, s.nst.LSE, fmax32(x.Data))
		}
		// The sweep: the production op at each scale; the naive one's first
		// +∞ just past 88.7.
		for i, sc := range s.sweepScale {
			row := make([]float32, len(s.pattern))
			for j, p := range s.pattern {
				row[j] = float32(sc * float64(p))
			}
			if s.sweepLSE[i] != loss.LogSumExpRow(row) || float32(s.sweepNLS[i]) != loss.NaiveLogSumExpRow(row) {
				t.Fatalf("%v: sweep point %d (scale %v) shows %v, %v", tc, i, sc, s.sweepLSE[i], s.sweepNLS[i])
			}
		}
		if s.naiveInfAt < 88.72 || s.naiveInfAt > 100 {
			t.Errorf("%v: the sweep's first +∞ at %v, want just past 88.72", tc, s.naiveInfAt)
		}
	}
}

func fmax32(xs []float32) float32 {
	m := xs[0]
	for _, v := range xs {
		m = max(m, v)
	}
	return m
}

// sameFloat is equality that holds for +∞ and NaN too.
func sameFloat(a, b float64) bool { return a == b || (a != a && b != b) }

// The focal view's per-sample stages are loss.FocalTrace's, its means
// loss.FocalLoss's and loss.CrossEntropy's, its log-probabilities
// loss.LogSoftmaxInto's; the γ sweep is FocalLoss at each γ; the curves
// are −(1 − p)^γ log p; the margin sweep's pitfall is
// mistakes.FocalFromProbabilities, +∞ exactly where e^−m underflows.
func TestFocalViewStagesAreCore(t *testing.T) {
	for _, tc := range []scene.Values{nil, {"gamma": 0}, {"gamma": 5, "alpha": 0.25}, {"seed": 9, "pitfall": 1}} {
		s := newView(t, newFocalView, tc)
		f := loss.Focal{Gamma: s.gamma, Alpha: s.alpha}
		rows, _ := loss.FocalTrace(s.logits, s.targets, f)
		fl, _ := loss.FocalLoss(s.logits, s.targets, f)
		ce, _ := loss.CrossEntropy(s.logits, s.targets, 0)
		if s.meanFL != fl || s.meanCE != ce {
			t.Errorf("%v: means %v, %v; core %v, %v", tc, s.meanFL, s.meanCE, fl, ce)
		}
		var sum float64
		for i, r := range rows {
			if s.rows[i] != r {
				t.Fatalf("%v: sample %d shows %+v, FocalTrace %+v", tc, i, s.rows[i], r)
			}
			sum += r.Focal
			if got := s.barsFocal[i].value; got != fmtNum(r.CE)+" → "+fmtNum(r.Focal) {
				t.Errorf("%v: sample %d's bar reads %q", tc, i, got)
			}
			if s.barsFocal[i].segs[0].v != r.CE || s.barsFocal[i].pair[0].v != r.Focal {
				t.Errorf("%v: sample %d's bars %v, %v", tc, i, s.barsFocal[i].segs[0].v, s.barsFocal[i].pair[0].v)
			}
		}
		if math.Abs(sum/float64(len(rows))-fl) > 1e-12 {
			t.Errorf("%v: the samples average %v, FocalLoss %v", tc, sum/float64(len(rows)), fl)
		}
		logp := core.New(focalN, focalC)
		_ = loss.LogSoftmaxInto(logp.Data, s.logits)
		for i := range logp.Data {
			if s.hLogP.vals[i] != logp.Data[i] {
				t.Fatalf("%v: log p[%d] shown %v, LogSoftmaxInto %v", tc, i, s.hLogP.vals[i], logp.Data[i])
			}
		}
		for k, g := range s.sweepGamma {
			want, _ := loss.FocalLoss(s.logits, s.targets, loss.Focal{Gamma: g, Alpha: s.alpha})
			if s.sweepMean[k] != want {
				t.Fatalf("%v: γ = %v mean %v, FocalLoss %v", tc, g, s.sweepMean[k], want)
			}
		}
		// The curves, as the legacy view checked: γ = 0 is −log p.
		for i, p := range s.ptGrid {
			if want := -math.Log(p); math.Abs(s.curveCE[i]-want) > 1e-5 {
				t.Fatalf("%v: CE curve at p_t = %v: %v, want %v", tc, p, s.curveCE[i], want)
			}
			last := s.curveFL[len(s.curveFL)-1][i]
			if want := -s.alpha * math.Pow(1-p, s.gamma) * math.Log(p); math.Abs(last-want) > 1e-5 {
				t.Fatalf("%v: focal curve at p_t = %v: %v, want %v", tc, p, last, want)
			}
		}
		for i, m := range s.margins {
			row := tensorOf(t, []float32{float32(-m), 0}, 1, 2)
			right, _ := loss.FocalLoss(row, []int{0}, f)
			bad, _ := mistakes.FocalFromProbabilities(row, []int{0}, f)
			if s.marginFL[i] != right || !sameFloat(s.marginBad[i], bad) {
				t.Fatalf("%v: margin %v shows %v, %v; core %v, %v", tc, m, s.marginFL[i], s.marginBad[i], right, bad)
			}
		}
		// The smallest float32 subnormal is e^−103.3: the pitfall is +∞ from
		// a margin of 104, the right loss still grows like the margin.
		if s.badInfAt != 104 {
			t.Errorf("%v: probabilities-first is +∞ from margin %v, want 104", tc, s.badInfAt)
		}
		if last := s.marginFL[len(s.marginFL)-1]; math.Abs(last-s.alpha*focalMargin) > 1 {
			t.Errorf("%v: focal loss at margin %d = %v", tc, focalMargin, last)
		}
	}
	// Focal puts a larger share of the batch's loss on its hardest sample.
	s := newView(t, newFocalView, nil)
	last := len(s.shareVals) - 1
	if hard := focalN - 1; s.shareVals[last][1][hard] <= s.shareVals[last][0][hard] {
		t.Errorf("the hardest sample's share: CE %v, focal %v; want focal larger", s.shareVals[last][0][hard], s.shareVals[last][1][hard])
	}
}

func tensorOf(t *testing.T, data []float32, shape ...int) *core.Tensor {
	t.Helper()
	x, err := core.FromData(data, shape...)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// The InfoNCE view's matrices are loss.InfoNCETrace's, and the
// cross-entropy of the shown similarities against the positives is
// loss.InfoNCE (the legacy view's check); the pitfalls' matrices and losses
// are core/mistakes'; the heat colours decode to the weights; the sweep is
// InfoNCE at each τ.
func TestNCEViewStagesAreCore(t *testing.T) {
	for _, tc := range []scene.Values{nil, {"tau": 0.05, "noise": 0.2}, {"tau": 2, "noise": 1.5, "pairs": 6}, {"pitfall": 1}, {"pitfall": 2, "seed": 5}} {
		s := newView(t, newNCEView, tc)
		want, err := loss.InfoNCE(s.zi, s.zj, s.tau)
		if err != nil {
			t.Fatal(err)
		}
		m := 2 * s.n
		sim := tensorOf(t, append([]float32(nil), s.hSim.vals...), m, m)
		got, _ := loss.CrossEntropy(sim, s.st.Pos, 0)
		if s.st.Loss != want || math.Abs(got-want) > 1e-6*math.Max(1, want) {
			t.Errorf("%v: shown loss %v, CE of the shown matrix %v, InfoNCE %v", tc, s.st.Loss, got, want)
		}
		for r := range m {
			if s.hSim.vals[r*m+r] != loss.InfoNCEMask || !s.hSim.masked[r*m+r] {
				t.Errorf("%v: diagonal %d = %v, want the mask, greyed", tc, r, s.hSim.vals[r*m+r])
			}
			for j := range m {
				if j == r {
					continue
				}
				v := s.st.Prob[r*m+j]
				if c := s.hProb.bm.Value(r, j, viz.Viridis, 0, 1); math.Abs(c-float64(v)) > 1.0/255+1e-6 {
					t.Fatalf("%v: weight (%d,%d) reads %v, is %v", tc, r, j, c, v)
				}
			}
		}
		for k, tau := range s.sweepTau {
			if w, _ := loss.InfoNCE(s.zi, s.zj, tau); s.sweepLoss[k] != w {
				t.Fatalf("%v: τ = %v shows %v, InfoNCE %v", tc, tau, s.sweepLoss[k], w)
			}
		}
		if s.pitfall == "" {
			if s.bad != nil {
				t.Errorf("%v: a pitfall matrix without a pitfall", tc)
			}
			continue
		}
		fn := map[string]func(zi, zj *core.Tensor, tau float64) (float64, error){
			"diagonal-not-masked": mistakes.InfoNCEDiagonalKept, "no-normalize": mistakes.InfoNCEUnnormalized}[s.pitfall]
		mat := map[string]func(zi, zj *core.Tensor, tau float64) (*core.Tensor, error){
			"diagonal-not-masked": mistakes.InfoNCEDiagonalKeptMatrix, "no-normalize": mistakes.InfoNCEUnnormalizedMatrix}[s.pitfall]
		bl, _ := fn(s.zi, s.zj, s.tau)
		bm, _ := mat(s.zi, s.zj, s.tau)
		if s.badLoss != bl {
			t.Errorf("%v: pitfall loss %v, mistakes %v", tc, s.badLoss, bl)
		}
		for i := range bm.Data {
			if s.hBad.vals[i] != bm.Data[i] {
				t.Fatalf("%v: pitfall cell %d shown %v, mistakes %v", tc, i, s.hBad.vals[i], bm.Data[i])
			}
		}
		// The mistake shows: its loss is visibly off (the legacy check).
		if math.Abs(bl-want) < 0.1 {
			t.Errorf("%v: the pitfall's loss %v is too close to the right %v to show", tc, bl, want)
		}
	}
}

// Hovering reads the numbers under the pointer.
func TestLossViewsInspection(t *testing.T) {
	f := &scene.Frame{}
	s := newView(t, newLSEView, nil)
	if in, ok := s.Inspect(f, scene.Target{Group: grpLNaiveExp, Index: 1}); !ok || in.Value != "+∞" || !strings.Contains(in.Detail, "overflows") {
		t.Errorf("naive exp inspection %+v", in)
	}
	if in, ok := s.Inspect(f, scene.Target{Group: grpLScalar, Index: lsCE}); !ok || in.Source != "loss.CrossEntropy" || in.Value != fmtCell(s.ce) {
		t.Errorf("CE inspection %+v", in)
	}
	n := newView(t, newNCEView, nil)
	m := 2 * n.n
	if in, ok := n.Inspect(f, scene.Target{Group: grpNSim, Index: 0*m + n.n}); !ok || !strings.Contains(in.Detail, "positive") {
		t.Errorf("positive inspection %+v", in)
	}
	if in, ok := n.Inspect(f, scene.Target{Group: grpNSim, Index: 0}); !ok || !strings.Contains(in.Value, "masked") {
		t.Errorf("diagonal inspection %+v", in)
	}
}

// quizProblems are the views of this family that can be quizzed.
var quizProblems = []string{"013", "021", "022", "023", "024", "026"}

// In quiz mode nothing on screen or in an inspection names the version
// under test: no mistake id, no "pitfall", no mistakes function, at any
// step, and the mirror reads nothing out.
func TestLossFamilyQuizHidesTheAnswer(t *testing.T) {
	giveaways := func() []string {
		out := []string{"pitfall", "mistakes.", "naive", "written", "without α/r", "W + BA"}
		for _, p := range quizProblems {
			out = append(out, mistakeIDs(p)...)
		}
		return out
	}()
	for _, problem := range quizProblems {
		a := shell.New(shell.Options{Catalogue: All(), Paused: true})
		if err := a.Show(problem, "", nil); err != nil {
			t.Fatal(err)
		}
		if !a.CanQuiz() {
			t.Fatalf("%s cannot be quizzed", problem)
		}
		variants := map[float64]bool{}
		for seed := 1; seed <= 12; seed++ {
			if !a.StartQuiz(seed) {
				t.Fatalf("%s: no quiz", problem)
			}
			variants[a.Values()["pitfall"]] = true
			for k := 0; k < a.State().Steps; k++ {
				a.SeekStep(k)
				rec := lint.NewRecorder(900, 600, raster.New(1, 1, 1))
				a.DrawScene(rec)
				for _, tx := range rec.Texts {
					for _, g := range giveaways {
						if strings.Contains(strings.ToLower(tx.S), strings.ToLower(g)) {
							t.Fatalf("%s seed %d step %d: %q on screen gives the answer away", problem, seed, k, tx.S)
						}
					}
				}
				is := a.Scene().(scene.Inspector)
				for _, mk := range a.Marks() {
					in, _ := is.Inspect(a.Frame(), scene.Target{Group: mk.Group, Index: mk.Index})
					for _, g := range giveaways {
						for _, s := range []string{in.Name, in.Source, in.Detail, in.Value} {
							if strings.Contains(strings.ToLower(s), strings.ToLower(g)) {
								t.Fatalf("%s seed %d step %d: inspection %+v gives the answer away", problem, seed, k, in)
							}
						}
					}
				}
				if cap := a.Scene().Timeline()[k].Caption; containsAny(cap, giveaways) {
					t.Fatalf("%s seed %d step %d: caption %q gives the answer away", problem, seed, k, cap)
				}
			}
			if m := a.Mirror(); len(m.Readout) != 0 {
				t.Fatalf("%s seed %d: the mirror reads out %v", problem, seed, m.Readout)
			}
			a.EndQuiz(false)
		}
		if len(variants) < 2 {
			t.Errorf("%s: 12 rounds drew only the variants %v", problem, variants)
		}
		// Explain says what each variant computes.
		qz := a.Scene().(scene.Quizzer)
		for i := range len(mistakeIDs(problem)) + 1 {
			if qz.Explain(i) == "" {
				t.Errorf("%s: variant %d has no explanation", problem, i)
			}
		}
	}
}

func containsAny(s string, subs []string) bool {
	for _, g := range subs {
		if strings.Contains(strings.ToLower(s), strings.ToLower(g)) {
			return true
		}
	}
	return false
}

func TestLossFamilyGoldens(t *testing.T) {
	checkGolden(t, "lse_exp_naive", "022", nil, 3, 1280, 800)
	checkGolden(t, "focal_phone", "024", nil, 4, 390, 844)
	checkGolden(t, "infonce_diagonal_pitfall", "021", map[string]string{"pitfall": "diagonal-not-masked"}, 4, 1280, 800)
}
