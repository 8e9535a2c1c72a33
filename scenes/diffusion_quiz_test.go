package scenes

import (
	"testing"

	"dlprep/core/diffusion/toy"
	"dlprep/core/mistakes"
	"dlprep/viz/scene"
)

// The quizzes of the reverse-step views (010, 011) draw one sampling run,
// named nowhere, and it is the run of the version the round picked: the
// same x_T and noise through diffusion's step or the catalogued mistake's.
func TestDiffusionQuizHidesTheAnswer(t *testing.T) {
	for _, problem := range []string{"010", "011"} {
		t.Run(problem, func(t *testing.T) {
			checkQuizHidesAnswer(t, problem, 10, func(t *testing.T, sc scene.Scene) string {
				s := sc.(*revView)
				cfg := toy.ChainConfig{Class: toy.NullClass, Schedule: s.sch}
				if s.ddim {
					cfg.Method, cfg.Steps, cfg.Eta, cfg.Spacing = toy.DDIM, s.steps, s.eta, toy.Trailing
				} else {
					cfg.Method, cfg.Sigma = toy.DDPM, s.sigma
				}
				switch s.pitfall {
				case "alpha-bar-for-alpha":
					cfg.DDPMStep = mistakes.DDPMAlphaBarForAlpha
				case "noise-at-last-step":
					cfg.DDPMStep = mistakes.DDPMNoiseAtLastStep
				case "alpha-bar-swapped":
					cfg.DDIMStep = mistakes.DDIMAlphaBarsSwapped
				}
				want, err := toy.RunChain(s.mix, cfg, s.n, s.seed)
				if err != nil {
					t.Fatal(err)
				}
				if s.bad != nil || s.apartBad != nil || s.imgsBad != nil {
					t.Fatalf("seed %d, %q: the quiz draws a second run", s.seed, s.pitfall)
				}
				S := want.Len()
				if s.chain.Len() != S || !equalF32(s.chain.State(S).Data, want.State(S).Data) {
					t.Fatalf("seed %d, %q: the run drawn is not the version under test's", s.seed, s.pitfall)
				}
				if s.apart.Xt != s.chain.Steps[s.kStar].Xt {
					t.Fatalf("seed %d, %q: the step taken apart is not the drawn run's", s.seed, s.pitfall)
				}
				return s.pitfall
			})
		})
	}
}

// The quizzes' pictures keep the layout rules, on a laptop and a phone,
// and their steady frames the allocation budget.
func TestDiffusionQuizLint(t *testing.T) {
	for _, p := range []string{"010", "011"} {
		t.Run(p, func(t *testing.T) {
			checkQuizLint(t, p, 2)
			checkQuizFrameAllocs(t, p, 3)
		})
	}
}
