package scenes

import (
	"regexp"
	"strings"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"

	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// The quiz of a view with pitfalls ("spot the bug") draws one version and
// names it nowhere. These helpers check that of any such view; the family
// tests (conv_quiz_test.go, diffusion_quiz_test.go) run them and check
// that each round draws the numbers of the version it picked.

// quizRightWord finds "right" as a word ("bright" is fine): a label that
// calls a panel the right one gives the answer away. In a caption, which
// may say a square moves right, only "right:" and "right version" do.
var (
	quizRightWord    = regexp.MustCompile(`(^|[^a-z])right([^a-z]|$)`)
	quizRightCaption = regexp.MustCompile(`(^|[^a-z])right( version|:| one)`)
)

// quizGivesAway says what in s names a version, or ""; caption is true
// for a caption's prose.
func quizGivesAway(problem, s string, caption bool) string {
	low := strings.ToLower(s)
	for _, w := range []string{"pitfall", "mistake"} {
		if strings.Contains(low, w) {
			return w
		}
	}
	if re := quizRightWord; caption {
		if quizRightCaption.MatchString(low) {
			return "right"
		}
	} else if re.MatchString(low) {
		return "right"
	}
	for _, id := range mistakeIDs(problem) {
		if strings.Contains(s, id) {
			return id
		}
	}
	return ""
}

// checkQuizHidesAnswer runs quiz rounds on seeds 1..rounds of problem's
// view and checks, at every step, that no text the scene draws, no
// caption or readout of the mirror and no inspection of a mark names the
// version drawn; drew is called on the view at each round's last step to
// check it draws the version its pitfall choice selects, and returns that
// choice. Every variant must come up.
func checkQuizHidesAnswer(t *testing.T, problem string, rounds int, drew func(t *testing.T, s scene.Scene) string) {
	t.Helper()
	a := shell.New(shell.Options{Catalogue: All(), Paused: true})
	if err := a.Show(problem, "", nil); err != nil {
		t.Fatal(err)
	}
	if !a.CanQuiz() {
		t.Fatalf("%s cannot be quizzed", problem)
	}
	seen := map[string]bool{}
	for seed := 1; seed <= rounds; seed++ {
		if !a.StartQuiz(seed) {
			t.Fatalf("%s: no quiz", problem)
		}
		for k := 0; k < a.State().Steps; k++ {
			a.SeekStep(k)
			rec := lint.NewRecorder(1000, 640, raster.New(1, 1, 1))
			a.DrawScene(rec)
			for _, tx := range rec.Texts {
				if w := quizGivesAway(problem, tx.S, false); w != "" {
					t.Fatalf("%s seed %d step %d: %q on screen gives the answer away (%q)", problem, seed, k, tx.S, w)
				}
			}
			m := a.Mirror()
			if len(m.Readout) != 0 {
				t.Fatalf("%s seed %d step %d: the mirror reads out %v", problem, seed, k, m.Readout)
			}
			if w := quizGivesAway(problem, m.Caption, true); w != "" {
				t.Fatalf("%s seed %d step %d: the caption %q gives the answer away (%q)", problem, seed, k, m.Caption, w)
			}
			is, ok := a.Scene().(scene.Inspector)
			if !ok {
				continue
			}
			for _, mk := range a.Marks() {
				in, _ := is.Inspect(a.Frame(), scene.Target{Group: mk.Group, Index: mk.Index})
				for _, s := range []string{in.Name, in.Tensor, in.Source, in.Detail, in.Value} {
					if w := quizGivesAway(problem, s, false); w != "" {
						t.Fatalf("%s seed %d step %d: hovering group %d gives %+v (%q)", problem, seed, k, mk.Group, in, w)
					}
				}
			}
		}
		seen[drew(t, a.Scene())] = true
	}
	a.EndQuiz(false)
	for _, id := range append([]string{""}, mistakeIDs(problem)...) {
		if !seen[id] {
			t.Errorf("%s: %d quiz rounds never drew variant %q (drew %v)", problem, rounds, id, seen)
		}
	}
	// The answer's explanation, for every variant: said, and drawable.
	f, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for i := range len(mistakeIDs(problem)) + 1 {
		ex := a.Scene().(scene.Quizzer).Explain(i)
		if ex == "" {
			t.Errorf("%s: no explanation of variant %d", problem, i)
		}
		for _, r := range ex {
			if gi, err := f.GlyphIndex(&buf, r); err != nil || gi == 0 {
				t.Errorf("%s: the explanation of variant %d has %q, which the UI font cannot draw: %q", problem, i, r, ex)
			}
		}
	}
}

// checkQuizLint draws a few quiz rounds of problem at every step on a
// laptop and a phone and runs the layout lint.
func checkQuizLint(t *testing.T, problem string, seeds int) {
	t.Helper()
	for _, sz := range [][2]int{{1280, 800}, {390, 844}} {
		a := shell.New(shell.Options{Catalogue: All(), Paused: true})
		if err := a.Show(problem, "", nil); err != nil {
			t.Fatal(err)
		}
		c := raster.New(sz[0], sz[1], 1)
		a.Layout(float64(sz[0]), float64(sz[1]))
		for seed := 1; seed <= seeds; seed++ {
			a.StartQuiz(seed)
			for k := 0; k < a.State().Steps; k++ {
				a.SeekStep(k)
				a.Update(0, nil)
				a.Draw(c)
				if rep := a.Lint(); !rep.Clean() {
					t.Errorf("%s %dx%d seed %d step %d: %v", problem, sz[0], sz[1], seed, k, rep)
				}
			}
		}
	}
}

// checkQuizFrameAllocs holds a quiz's steady frames to the budget of
// TestSteadyFrameAllocations, at every step of a few rounds.
func checkQuizFrameAllocs(t *testing.T, problem string, seeds int) {
	t.Helper()
	a := shell.New(shell.Options{Catalogue: All(), Paused: true})
	if err := a.Show(problem, "", nil); err != nil {
		t.Fatal(err)
	}
	c := &countCanvas{w: 1280, h: 800, m: raster.New(1, 1, 1)}
	a.Layout(1280, 800)
	for seed := 1; seed <= seeds; seed++ {
		a.StartQuiz(seed)
		for k := 0; k < a.State().Steps; k++ {
			a.SeekStep(k)
			for range 3 {
				a.Update(0, nil)
				a.Draw(c)
			}
			if n := testing.AllocsPerRun(5, func() { a.Update(0, nil); a.Draw(c) }); n > 12 {
				t.Errorf("%s quiz seed %d step %d: %.0f allocations per steady frame, budget 12", problem, seed, k, n)
			}
		}
	}
}
