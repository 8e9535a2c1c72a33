package scenes

import (
	"strings"
	"testing"

	"dlprep/viz/lint"
	"dlprep/viz/raster"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// In quiz mode the window and factorized views draw one version, named by
// nothing: no title, caption, readout or hover names the pitfall or the
// function that computed it, at any step; across seeds both versions come
// up, and the pitfall's round draws the pitfall's numbers.
func TestVideoAttentionQuizHidesTheAnswer(t *testing.T) {
	for _, tc := range []struct {
		problem string
		badY    int // the frame group of the pitfall's output
	}{{"000", wgFrameBad}, {"027", fgFrameBad}} {
		a := shell.New(shell.Options{Catalogue: All(), Paused: true})
		if err := a.Show(tc.problem, "", nil); err != nil {
			t.Fatal(err)
		}
		if !a.CanQuiz() {
			t.Fatalf("%s cannot be quizzed", tc.problem)
		}
		seen := map[bool]bool{}
		for seed := 1; seed <= 30; seed++ {
			if !a.StartQuiz(seed) {
				t.Fatal("no quiz")
			}
			for k := 0; k < a.State().Steps; k++ {
				a.SeekStep(k)
				rec := lint.NewRecorder(1000, 640, raster.New(1, 1, 1))
				a.DrawScene(rec)
				for _, tx := range rec.Texts {
					low := strings.ToLower(tx.S)
					if strings.Contains(low, "pitfall") || strings.Contains(low, "misplaced") || strings.Contains(low, "right") {
						t.Fatalf("%s seed %d step %d: %q on screen gives the answer away", tc.problem, seed, k, tx.S)
					}
					for _, id := range mistakeIDs(tc.problem) {
						if strings.Contains(tx.S, id) {
							t.Fatalf("%s seed %d step %d: %q names the mistake", tc.problem, seed, k, tx.S)
						}
					}
				}
				m := a.Mirror()
				if len(m.Readout) != 0 || strings.Contains(strings.ToLower(m.Caption), "pitfall") {
					t.Fatalf("%s seed %d step %d: the mirror gives it away: %q, %v", tc.problem, seed, k, m.Caption, m.Readout)
				}
				is := a.Scene().(scene.Inspector)
				for _, mk := range a.Marks() {
					in, _ := is.Inspect(a.Frame(), scene.Target{Group: mk.Group, Index: mk.Index})
					if strings.Contains(in.Source, "mistakes.") || strings.Contains(in.Name, "pitfall") || strings.Contains(in.Detail, "misplaced") {
						t.Fatalf("%s seed %d step %d: hovering group %d gives %+v", tc.problem, seed, k, mk.Group, in)
					}
				}
				if k == a.State().Steps-1 || tc.problem == "027" && k == a.State().Steps-2 {
					drewBad := false
					for _, mk := range a.Marks() {
						drewBad = drewBad || mk.Group/100*100 == tc.badY
					}
					seen[drewBad] = true
				}
			}
		}
		if !seen[true] || !seen[false] {
			t.Errorf("%s: 30 quiz rounds drew the pitfall's output %v: want both versions to come up", tc.problem, seen)
		}
		a.EndQuiz(false)
	}
}

// The quiz's pictures keep the layout rules too, on a laptop and a phone.
func TestVideoAttentionQuizLint(t *testing.T) {
	for _, problem := range []string{"000", "027"} {
		for _, sz := range [][2]int{{1280, 800}, {390, 844}} {
			a := shell.New(shell.Options{Catalogue: All(), Paused: true})
			if err := a.Show(problem, "", nil); err != nil {
				t.Fatal(err)
			}
			c := raster.New(sz[0], sz[1], 1)
			a.Layout(float64(sz[0]), float64(sz[1]))
			for seed := 1; seed <= 4; seed++ {
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
}
