package shell

import (
	"testing"

	"dlprep/viz/scene"
)

// quizFake is a fakeScene that can be quizzed: a pitfall choice and a seed.
type quizFake struct {
	fakeScene
	quizOn bool
}

func (s *quizFake) Params() []scene.Param {
	return append(s.fakeScene.Params(),
		scene.Param{Name: "seed", Label: "seed", Kind: scene.Int, Min: 1, Max: 50, Step: 1, Default: 1},
		scene.PitfallParam("off-by-one", "no-scale"))
}
func (s *quizFake) SetQuiz(on bool) { s.quizOn = on }
func (s *quizFake) Explain(v int) string {
	return []string{"right", "off by one", "unscaled"}[v]
}

func quizCatalogue() scene.Catalogue {
	cat := fakeCatalogue()
	cat.Views = append(cat.Views, func() scene.Scene {
		return &quizFake{fakeScene: fakeScene{id: "zz_quiz", problem: "996"}}
	})
	return cat
}

func TestQuiz(t *testing.T) {
	var saved []Score
	a := New(Options{Catalogue: quizCatalogue(), Paused: true,
		Scores:  map[string]Score{"996": {Right: 2, Total: 5}},
		OnScore: func(p string, s Score) { saved = append(saved, s) }})
	rec := newRecorder(1280, 800)
	a.Layout(1280, 800)
	if a.CanQuiz() {
		t.Fatal("the default view has no pitfall, yet can be quizzed")
	}
	if err := a.ShowLink(ParseQuery("?problem=996&alpha=0.25&quiz=7")); err != nil {
		t.Fatal(err)
	}
	frame(a, rec)
	q := a.Quiz()
	if !q.Active || q.Seed != 7 || q.Answered || q.Score != (Score{2, 5}) {
		t.Fatalf("quiz state %+v", q)
	}
	v := quizVariant("996", 7, 3)
	if got := a.Values(); got["seed"] != 7 || got["pitfall"] != float64(v) {
		t.Fatalf("values %v, want seed 7 and variant %d", got, v)
	}
	if q := a.Query(); q != "problem=996&quiz=7" {
		t.Fatalf("the quiz's link %q must give its seed and nothing else", q)
	}
	for _, kv := range a.Mirror().Params {
		if kv.Key == "pitfall" {
			t.Fatal("the mirror reads out the answer")
		}
	}
	// Answer wrongly through the panel, as a learner would.
	wrong := (v + 1) % 3
	r, ok := a.Target("answer:" + []string{"none", "off-by-one", "no-scale"}[wrong])
	if !ok {
		t.Fatal("no answer buttons")
	}
	frame(a, rec, click(center(r))...)
	frame(a, rec)
	if q := a.Quiz(); !q.Answered || q.Correct || q.Score != (Score{2, 6}) || len(saved) != 1 || saved[0] != (Score{2, 6}) {
		t.Fatalf("after a wrong answer: %+v, saved %v", q, saved)
	}
	if !rec.has("Not quite") || !rec.has([]string{"right", "off by one", "unscaled"}[v]) {
		t.Fatalf("no verdict and explanation on screen: %v", texts(rec))
	}
	// A second answer to the same round does not count.
	a.answerQuiz(v)
	if q := a.Quiz(); q.Score != (Score{2, 6}) {
		t.Fatalf("answered twice: %+v", q)
	}
	// Reveal: the round's inputs and variant, now beside the right one.
	a.EndQuiz(true)
	if got := a.Values(); a.Quiz().Active || got["seed"] != 7 || got["pitfall"] != float64(v) {
		t.Fatalf("reveal left %v", got)
	}
	// Rounds started from the panel pick their seeds: not always the same.
	seeds := map[int]bool{}
	for range 6 {
		a.StartQuiz(-1)
		seeds[a.Quiz().Seed] = true
		a.EndQuiz(false)
	}
	if len(seeds) < 2 {
		t.Fatalf("six rounds from the panel all had seed %v", seeds)
	}
	// A new round, then ending it, brings the values from before back.
	if !a.StartQuiz(-1) {
		t.Fatal("no new round")
	}
	a.EndQuiz(false)
	if got := a.Values(); got["seed"] != 7 || got["alpha"] != 0.25 {
		t.Fatalf("end of quiz restored %v, want the values from before the round", got)
	}
	// A link to a quiz on a view without one says so.
	if err := a.ShowLink(ParseQuery("?problem=997&quiz=3")); err == nil {
		t.Fatal("a quiz on a view without pitfalls: no error")
	}
	if rep := a.Lint(); !rep.Clean() {
		t.Fatal(rep)
	}
}

// Every seed picks a variant, and over the seeds every variant comes up.
func TestQuizVariantsCoverTheChoices(t *testing.T) {
	seen := map[int]bool{}
	for seed := 1; seed <= 50; seed++ {
		seen[quizVariant("996", seed, 3)] = true
	}
	if len(seen) != 3 {
		t.Fatalf("50 seeds pick variants %v, want all 3", seen)
	}
}
