package scenes

import (
	"testing"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/embed"
	"dlprep/core/mistakes"
	"dlprep/core/norm"
	"dlprep/viz/scene"
)

// The quizzes of the convolution family's views (001, 009, 018, 020, 036)
// draw one version, named nowhere, and it is the one the round picked:
// the frames, rows or statistics drawn are the op's for the right version
// and the catalogued mistake's for the others.
func TestConvQuizHidesTheAnswer(t *testing.T) {
	t.Run("001", func(t *testing.T) {
		checkQuizHidesAnswer(t, "001", 12, func(t *testing.T, sc scene.Scene) string {
			s := sc.(*causalView)
			op := conv.CausalDownsample3D
			switch s.pitfall {
			case "time-padding-symmetric":
				op = mistakes.CausalDownsampleTimeSymmetric
			case "spatial-padding-symmetric":
				op = mistakes.CausalDownsampleSpatialSymmetric
			}
			want, err := op(s.x, s.weight, nil)
			if err != nil {
				t.Fatal(err)
			}
			if s.bad != nil || len(s.hy) != want.Shape[2] {
				t.Fatalf("seed %d, %q: the quiz draws %d output frames and a second version %v; want %d frames alone",
					s.seed, s.pitfall, len(s.hy), s.bad != nil, want.Shape[2])
			}
			plane := want.Shape[3] * want.Shape[4]
			for f := range s.hy {
				if !equalF32(s.hy[f].vals, want.Data[f*plane:(f+1)*plane]) {
					t.Fatalf("seed %d, %q: output frame %d is not the version under test's", s.seed, s.pitfall, f)
				}
			}
			return s.pitfall
		})
	})
	t.Run("009", func(t *testing.T) {
		checkQuizHidesAnswer(t, "009", 8, func(t *testing.T, sc scene.Scene) string {
			s := sc.(*timestepView)
			op := embed.TimestepEmbedding
			if s.pitfall != "" {
				op = mistakes.TimestepFreqOverD
			}
			want, err := op(s.ts, s.d, s.layout)
			if err != nil {
				t.Fatal(err)
			}
			if s.bad != nil || s.badSim != nil {
				t.Fatalf("seed %d, %q: the quiz draws a second version", s.seed, s.pitfall)
			}
			for r := range tsN {
				for j := range s.d {
					if got := s.hemb.vals[j*tsN+r]; got != want.Data[r*s.d+j] {
						t.Fatalf("seed %d, %q: PE(t = %v, %d) drawn %v, the version under test gives %v", s.seed, s.pitfall, s.ts[r], j, got, want.Data[r*s.d+j])
					}
				}
			}
			return s.pitfall
		})
	})
	t.Run("018", func(t *testing.T) {
		checkQuizHidesAnswer(t, "018", 8, func(t *testing.T, sc scene.Scene) string {
			s := sc.(*im2colView)
			o := conv.DefaultOptions()
			o.Stride, o.Padding, o.Dilation = [2]int{s.stride, s.stride}, [2]int{s.pad, s.pad}, [2]int{s.dil, s.dil}
			op := conv.Conv2D
			if s.pitfall != "" {
				op = mistakes.Conv2DWeightChannelsLast
			}
			y, err := op(s.x, s.weight, s.bias, o)
			if err != nil {
				t.Fatal(err)
			}
			if s.bad != nil || s.c < 2 || s.k < 2 {
				t.Fatalf("seed %d, %q: the quiz draws a second version (%v) or cannot tell them apart (C = %d, k = %d)", s.seed, s.pitfall, s.bad != nil, s.c, s.k)
			}
			for oc := range s.o {
				if !equalF32(s.hy[oc].vals, y.Data[oc*s.l:(oc+1)*s.l]) {
					t.Fatalf("seed %d, %q: output channel %d is not the version under test's", s.seed, s.pitfall, oc)
				}
			}
			return s.pitfall
		})
	})
	t.Run("020", func(t *testing.T) {
		checkQuizHidesAnswer(t, "020", 8, func(t *testing.T, sc scene.Scene) string {
			s := sc.(*batchNormView)
			// Replay the batches through the layer under test.
			bn := norm.NewBatchNorm2D(bnC)
			bn.Momentum = s.momentum
			for k, x := range s.xs {
				var err error
				if s.pitfall != "" {
					_, err = mistakes.BatchNormBiasedRunningVar(bn, x)
				} else {
					_, err = bn.Forward(x)
				}
				if err != nil {
					t.Fatal(err)
				}
				for ch := range bnC {
					if got, want := s.runVar[ch][k+1], float64(bn.RunningVar.Data[ch]); got != want {
						t.Fatalf("seed %d, %q: running var %d after step %d drawn %v, the version under test has %v", s.seed, s.pitfall, ch, k+1, got, want)
					}
				}
				if k == 0 && !equalF32(s.runVar0, bn.RunningVar.Data) {
					t.Fatalf("seed %d, %q: the running var after step 1 is not the version under test's", s.seed, s.pitfall)
				}
			}
			bn.Training = false
			y, err := bn.Forward(s.evalX)
			if err != nil {
				t.Fatal(err)
			}
			if !equalF32(s.evalY.Data, y.Data) {
				t.Fatalf("seed %d, %q: eval is not the version under test's", s.seed, s.pitfall)
			}
			return s.pitfall
		})
	})
	t.Run("036", func(t *testing.T) {
		checkQuizHidesAnswer(t, "036", 8, func(t *testing.T, sc scene.Scene) string {
			s := sc.(*layerNormView)
			op := func(x, g, b *core.Tensor) (*core.Tensor, error) { return norm.LayerNorm(x, g, b, lnEps) }
			if s.pitfall != "" {
				op = func(x, g, b *core.Tensor) (*core.Tensor, error) { return mistakes.LayerNormUnbiased(x, g, b, lnEps) }
			}
			xhat, err := op(s.x, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			y, err := op(s.x, s.gamma, s.beta)
			if err != nil {
				t.Fatal(err)
			}
			if s.bad != nil || !closeAll(s.hxhat.vals, xhat.Data, 1e-6) || !closeAll(s.hy.vals, y.Data, 1e-6) {
				t.Fatalf("seed %d, %q: the quiz does not draw the version under test alone", s.seed, s.pitfall)
			}
			return s.pitfall
		})
	})
}

// closeAll reports whether got and want are equal within tol.
func closeAll(got, want []float32, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !closeTo(got[i], want[i], tol) {
			return false
		}
	}
	return true
}

// The quizzes' pictures keep the layout rules, on a laptop and a phone,
// and their steady frames the allocation budget.
func TestConvQuizLint(t *testing.T) {
	for _, p := range []string{"001", "009", "018", "020", "036"} {
		t.Run(p, func(t *testing.T) {
			checkQuizLint(t, p, 4)
			checkQuizFrameAllocs(t, p, 3)
		})
	}
}
