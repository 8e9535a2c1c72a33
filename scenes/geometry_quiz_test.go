package scenes

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/detect"
	"dlprep/core/geometry"
	"dlprep/core/mistakes"
	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// quizGiveaways are words that would tell a learner which version a
// geometry or detection quiz drew, beyond "pitfall", the mistake ids and
// the mistakes package's function names: the view's own words for each
// mistake, outside a quiz.
var quizGiveaways = map[string][]string{
	"005": {"unshifted", "shifted", "C'"},
	"007": {"phantom", "no sort", "sorting alone", "input order", "best box left", "by score"},
	"014": {"not inverted", "ghost", "T⁻¹ (P_cam"},
	"015": {"÷ z", "without", "K P2 /"},
	"016": {"k mod", "k div", "xy", "indexing"},
	"032": {"reversed", "R_{k} P_{k}"},
	"034": {"rows", "transpose", "b1 b2 b3", "dim="},
}

// giveaway returns what in s tells the answer of a quiz on problem, or "".
func giveaway(problem, s string) string {
	low := strings.ToLower(s)
	for _, w := range []string{"pitfall", "mistakes.", "right version", "right:", "(right", "right (", "wrong"} {
		if strings.Contains(low, w) {
			return w
		}
	}
	for _, id := range mistakeIDs(problem) {
		if strings.Contains(low, id) {
			return id
		}
	}
	for _, w := range quizGiveaways[problem] {
		if strings.Contains(low, strings.ToLower(w)) {
			return w
		}
	}
	return ""
}

// quizApp opens problem's view in the app, paused.
func quizApp(t *testing.T, problem string) *shell.App {
	t.Helper()
	a := shell.New(shell.Options{Catalogue: All(), Paused: true})
	if err := a.Show(problem, "", nil); err != nil {
		t.Fatal(err)
	}
	if !a.CanQuiz() {
		t.Fatalf("%s cannot be quizzed", problem)
	}
	return a
}

// seedRange is the view's seed parameter's range.
func seedRange(t *testing.T, s scene.Scene) (lo, hi int) {
	for _, p := range s.Params() {
		if p.Name == "seed" && p.Kind == scene.Int {
			return int(p.Min), int(p.Max)
		}
	}
	t.Fatalf("%s has no seed", s.Info().Problem)
	return 0, 0
}

// In a quiz the geometry and detection views draw one version, named by
// nothing: over every seed of the view's range and every step of the
// round, no text the scene draws, no caption, no readout and no hover of a
// drawn element names the mistake, says "pitfall" or calls a version
// right; what is drawn is the selected version's (core's or the mistake's
// numbers on the round's inputs); every variant comes up, each seed draws
// fresh inputs, the answers explain every variant, and revealing the
// answer shows the pitfall beside the right version again.
func TestGeometryQuizHidesTheAnswer(t *testing.T) {
	for _, problem := range geometryProblems {
		t.Run(problem, func(t *testing.T) {
			a := quizApp(t, problem)
			lo, hi := seedRange(t, a.Scene())
			step := 1
			if testing.Short() {
				step = 7
			}
			variants := map[int]bool{}
			inputs := map[string]bool{}
			pitfallSeed := -1
			for seed := lo; seed <= hi; seed += step {
				if !a.StartQuiz(seed) {
					t.Fatal("no quiz")
				}
				if q := a.Query(); q != "problem="+problem+"&quiz="+fmt.Sprint(seed) {
					t.Fatalf("seed %d: the quiz link %q gives more than its seed", seed, q)
				}
				v := int(a.Values()["pitfall"])
				variants[v] = true
				if v > 0 && pitfallSeed < 0 {
					pitfallSeed = seed
				}
				if err := quizDraws(a.Scene(), problem, v); err != nil {
					t.Fatalf("seed %d, variant %d: %v", seed, v, err)
				}
				inputs[quizInputs(a.Scene())] = true
				for k := 0; k < a.State().Steps; k++ {
					a.SeekStep(k)
					rec := lint.NewRecorder(1000, 640, raster.New(1, 1, 1))
					a.DrawScene(rec)
					for _, tx := range rec.Texts {
						if w := giveaway(problem, tx.S); w != "" {
							t.Fatalf("seed %d step %d: %q on screen gives the answer away (%q)", seed, k, tx.S, w)
						}
					}
					// Within the step too (sweeps move, labels follow them).
					for _, frac := range []float64{0.3, 0.6, 0.95} {
						rec := lint.NewRecorder(1000, 640, raster.New(1, 1, 1))
						a.Scene().Draw(rec, &scene.Frame{Step: k, Frac: frac})
						for _, tx := range rec.Texts {
							if w := giveaway(problem, tx.S); w != "" {
								t.Fatalf("seed %d step %d at %.2f: %q on screen gives the answer away (%q)", seed, k, frac, tx.S, w)
							}
						}
					}
					m := a.Mirror()
					if len(m.Readout) != 0 {
						t.Fatalf("seed %d step %d: the mirror reads out %v", seed, k, m.Readout)
					}
					if w := giveaway(problem, m.Caption+" "+m.Shapes); w != "" {
						t.Fatalf("seed %d step %d: the caption %q gives the answer away (%q)", seed, k, m.Caption, w)
					}
					is := a.Scene().(scene.Inspector)
					for _, mk := range a.Marks() {
						in, _ := is.Inspect(a.Frame(), scene.Target{Group: mk.Group, Index: mk.Index})
						if w := giveaway(problem, in.Name+" | "+in.Tensor+" | "+in.Detail+" | "+in.Source+" | "+in.Value); w != "" {
							t.Fatalf("seed %d step %d: hovering group %d gives %+v (%q)", seed, k, mk.Group, in, w)
						}
					}
				}
			}
			// A quiz the page starts (seed 0: the clock picks) gets a seed
			// of the range, and the next round another one.
			a.StartQuiz(-1)
			s1 := a.Quiz().Seed
			a.StartQuiz(-1)
			if s2 := a.Quiz().Seed; s1 < lo || s1 > hi || s2 < lo || s2 > hi || s1 == s2 {
				t.Errorf("two rounds the clock picked got seeds %d and %d (range %d–%d)", s1, s2, lo, hi)
			}
			nv := len(mistakeIDs(problem)) + 1
			if len(variants) != nv {
				t.Errorf("the rounds drew variants %v of %d", variants, nv)
			}
			if rounds := (hi-lo)/step + 1; len(inputs) < rounds*3/4 {
				t.Errorf("%d rounds drew only %d different inputs", rounds, len(inputs))
			}
			qz := a.Scene().(scene.Quizzer)
			for i := range nv {
				ex := qz.Explain(i)
				if ex == "" {
					t.Errorf("no explanation of variant %d", i)
				}
				if i > 0 {
					m, _ := mistakes.Lookup(mistakeIDs(problem)[i-1])
					if !strings.Contains(ex, m.Summary) {
						t.Errorf("variant %d explained as %q, not with the catalogue's summary", i, ex)
					}
				} else if !strings.HasPrefix(ex, "The right version") {
					t.Errorf("variant 0 explained as %q", ex)
				}
			}
			// The answer shown: the round's mistake beside the right version.
			a.StartQuiz(pitfallSeed)
			a.EndQuiz(true)
			named := false
			for k := 0; k < a.State().Steps && !named; k++ {
				a.SeekStep(k)
				rec := lint.NewRecorder(1000, 640, raster.New(1, 1, 1))
				a.DrawScene(rec)
				for _, tx := range rec.Texts {
					named = named || strings.Contains(tx.S, "pitfall")
				}
			}
			if !named {
				t.Errorf("revealed, seed %d draws no pitfall beside the right version", pitfallSeed)
			}
			if len(a.Mirror().Readout) == 0 {
				t.Error("revealed, the readout is still empty")
			}
		})
	}
}

// quizDraws checks that the scene draws variant v's numbers on its inputs:
// core's for 0, the mistake's otherwise.
func quizDraws(sc scene.Scene, problem string, v int) error {
	id := ""
	if v > 0 {
		id = mistakeIDs(problem)[v-1]
	}
	same := func(what string, got, want []float32) error {
		if len(got) != len(want) {
			return fmt.Errorf("%s: %d values drawn, want %d", what, len(got), len(want))
		}
		for i := range got {
			if math.Abs(float64(got[i]-want[i])) > 1e-5 && !(math.IsNaN(float64(got[i])) && math.IsNaN(float64(want[i]))) {
				return fmt.Errorf("%s[%d]: drawn %v, %s computes %v", what, i, got[i], id, want[i])
			}
		}
		return nil
	}
	switch s := sc.(type) {
	case *compositeView:
		_, want, err := geometry.AlphaComposite(s.colors, s.alphas)
		if id == "transmittance-unshifted" {
			_, want, err = mistakes.CompositeUnshifted(s.colors, s.alphas)
		}
		if err != nil {
			return err
		}
		trans, _, _, _ := s.shown()
		return same("T", trans.Data, want.Data)
	case *nmsView:
		fns := map[string]func([]detect.Box, []float32, float64) ([]int, error){
			"": detect.NMS, "nms-sort-only": mistakes.NMSSortOnly, "nms-no-sort": mistakes.NMSNoSort, "iou-unclamped": mistakes.NMSUnclamped,
		}
		want, err := fns[id](s.boxes, s.scores, s.thr)
		if err != nil {
			return err
		}
		if len(s.runs) != 1 || !slices.Equal(s.runs[0].tr.Keep, want) {
			return fmt.Errorf("%d runs drawn, the first keeps %v; want one keeping %v", len(s.runs), s.runs[0].tr.Keep, want)
		}
		return nil
	case *depthView:
		fn := geometry.UnprojectDepth
		if id == "extrinsic-not-inverted" {
			fn = mistakes.UnprojectDepthNotInverted
		}
		want, err := fn(s.rend.Depth, s.cam.K, s.cam.WorldToCam)
		if err != nil {
			return err
		}
		return same("cloud", s.shownCloud().Data, want.Data)
	case *warpView:
		if s.problem == "015" {
			fn := geometry.WarpPixel
			if id == "no-divide-by-z" {
				fn = mistakes.WarpPixelUndivided
			}
			d1 := float64(s.r1.Depth.Data[s.v1*s.w+s.u1])
			u2, v2, _, err := fn(s.cam1.K, s.t12, float64(s.u1), float64(s.v1), d1)
			if err != nil {
				return err
			}
			if math.Abs(u2-s.pw.U2) > 1e-6 || math.Abs(v2-s.pw.V2) > 1e-6 {
				return fmt.Errorf("pixel drawn at (%v, %v), want (%v, %v)", s.pw.U2, s.pw.V2, u2, v2)
			}
			return nil
		}
		if s.w == s.h {
			return fmt.Errorf("a quiz on the square %d × %d image, where the versions agree", s.h, s.w)
		}
		fn := geometry.VectorizedWarp
		if id == "meshgrid-uv-swap" {
			fn = mistakes.VectorizedWarpUVSwap
		}
		want, _, err := fn(s.src, s.depth, s.kT, s.tT)
		if err != nil {
			return err
		}
		return same("warped", s.warped.Data, want.Data)
	case *loopView:
		fn := geometry.IsPathClosed
		if id == "order-reversed" {
			fn = mistakes.PathReversed
		}
		want, err := fn(s.rt, s.tol)
		if err != nil {
			return err
		}
		if _, got := s.chain(); math.Abs(got.Error-want.Error) > 1e-9 {
			return fmt.Errorf("closure error drawn %v, want %v", got.Error, want.Error)
		}
		return nil
	case *sixdView:
		d6 := core.New(1, 6)
		for i := range 3 {
			d6.Data[i], d6.Data[3+i] = float32(s.tr.A1[i]), float32(s.tr.A2[i])
		}
		fn := geometry.Rotation6DToMatrix
		if id == "rows-not-columns" {
			fn = mistakes.Rotation6DRows
		}
		want, err := fn(d6)
		if err != nil {
			return err
		}
		m, _ := s.shownR()
		return same("R", m.Data, want.Data)
	}
	return fmt.Errorf("no check for %T", sc)
}

// quizInputs is a fingerprint of the scene's inputs, to tell seeds apart.
func quizInputs(sc scene.Scene) string {
	sum := func(xs []float32) float64 {
		t := 0.0
		for i, x := range xs {
			t += float64(x) * float64(i%97+1)
		}
		return t
	}
	switch s := sc.(type) {
	case *compositeView:
		return floatList(s.alphas.Data)
	case *nmsView:
		return fmt.Sprint(s.boxes, s.scores)
	case *depthView:
		return fmt.Sprint(sum(s.rend.Depth.Data))
	case *warpView:
		return fmt.Sprint(sum(s.r1.Depth.Data), sum(s.r2.Color.Data))
	case *loopView:
		return fmt.Sprint(sum(s.rt.Data))
	case *sixdView:
		return vecText(s.tr.A1) + vecText(s.tr.A2)
	}
	return ""
}

// The quiz's pictures keep the layout rules, on a laptop and a phone, for
// a round of every variant, at every step.
func TestGeometryQuizLint(t *testing.T) {
	for _, problem := range geometryProblems {
		for _, sz := range [][2]int{{1280, 800}, {390, 844}} {
			a := quizApp(t, problem)
			lo, hi := seedRange(t, a.Scene())
			c := raster.New(sz[0], sz[1], 1)
			a.Layout(float64(sz[0]), float64(sz[1]))
			seen := map[int]bool{}
			for seed := lo; seed <= hi && len(seen) <= len(mistakeIDs(problem)); seed++ {
				a.StartQuiz(seed)
				v := int(a.Values()["pitfall"])
				if seen[v] {
					continue
				}
				seen[v] = true
				for k := 0; k < a.State().Steps; k++ {
					a.SeekStep(k)
					a.Update(0, nil)
					a.Draw(c)
					if rep := a.Lint(); !rep.Clean() {
						t.Errorf("%s %dx%d seed %d (variant %d) step %d: %v", problem, sz[0], sz[1], seed, v, k, rep)
					}
					// Within the step, on the scene's area of each screen
					// (as TestGeometryViewsLintWithinSteps does).
					area := [2]float64{710, 450}
					if sz[0] < 500 {
						area = [2]float64{370, 420}
					}
					for _, frac := range []float64{0.3, 0.6, 0.95} {
						rec := lint.NewRecorder(area[0], area[1], raster.New(1, 1, 1))
						a.Scene().Draw(rec, &scene.Frame{Step: k, Frac: frac})
						if rep := rec.Check(kitSmall); !rep.Clean() {
							t.Errorf("%s %v seed %d (variant %d) step %d at %.2f: %v", problem, area, seed, v, k, frac, rep)
						}
					}
				}
			}
		}
	}
}

// A steady frame of a quiz stays within the views' allocation budget.
func TestGeometryQuizSteadyFrameAllocations(t *testing.T) {
	const budget = 12
	for _, problem := range geometryProblems {
		a := quizApp(t, problem)
		lo, hi := seedRange(t, a.Scene())
		seen := map[int]bool{}
		for seed := lo; seed <= hi && len(seen) <= len(mistakeIDs(problem)); seed++ {
			a.StartQuiz(seed)
			v := int(a.Values()["pitfall"])
			if seen[v] {
				continue
			}
			seen[v] = true
			c := &countCanvas{w: 1280, h: 800, m: raster.New(1, 1, 1)}
			a.Layout(1280, 800)
			a.SeekStep(a.State().Steps / 2)
			for range 3 {
				a.Update(0, nil)
				a.Draw(c)
			}
			if n := testing.AllocsPerRun(10, func() { a.Update(0, nil); a.Draw(c) }); n > budget {
				t.Errorf("%s variant %d: %.0f allocations per steady quiz frame, budget %d", problem, v, n, budget)
			}
		}
	}
}
