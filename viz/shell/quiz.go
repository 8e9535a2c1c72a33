package shell

import (
	"hash/fnv"
	"strconv"

	"dlprep/viz"
	"dlprep/viz/scene"
)

// quiz is a round of "spot the bug" on the current view: inputs drawn
// from seed, a variant picked from the seed, the learner's answer.
type quiz struct {
	seed    int
	variant int
	answer  int // -1 until answered
	// saved are the values before the quiz, restored when it ends.
	saved scene.Values
}

// Score is a learner's quiz record on one problem.
type Score struct{ Right, Total int }

// quizParams finds the view's pitfall and seed parameters; ok is false for
// a view that cannot be quizzed.
func (a *App) quizParams() (pitfall, seed int, ok bool) {
	if _, q := a.scene.(scene.Quizzer); !q || a.crashed != "" {
		return -1, -1, false
	}
	pitfall, seed = -1, -1
	for i, p := range a.params {
		switch {
		case p.Name == "pitfall" && p.Kind == scene.Choice && len(p.Choices) > 1:
			pitfall = i
		case p.Name == "seed" && p.Kind == scene.Int && p.Max > p.Min:
			seed = i
		}
	}
	return pitfall, seed, pitfall >= 0 && seed >= 0
}

// CanQuiz reports whether the current view can run as a quiz.
func (a *App) CanQuiz() bool { _, _, ok := a.quizParams(); return ok }

// quizVariant picks a round's variant from its seed and the problem, so a
// link with a seed is the same quiz for everyone.
func quizVariant(problem string, seed, variants int) int {
	h := fnv.New32a()
	h.Write([]byte(problem + "/" + strconv.Itoa(seed)))
	return int(h.Sum32() % uint32(variants))
}

// StartQuiz runs a round on inputs from seed (negative, or outside the
// seed parameter's range: a seed the clock picks) and returns false when
// the view cannot be quizzed.
func (a *App) StartQuiz(seed int) bool {
	pi, si, ok := a.quizParams()
	if !ok {
		return false
	}
	sp := a.params[si]
	lo, hi := int(sp.Min), int(sp.Max)
	if seed < lo || seed > hi {
		// Draw from the app's own generator, seeded from the clock once:
		// two rounds in the same millisecond (a coarse browser clock) still
		// differ, and a round never repeats the one before.
		seed = lo + a.quizRand.IntN(hi-lo+1)
		if seed == a.lastQuizSeed && hi > lo {
			seed = lo + (seed-lo+1)%(hi-lo+1)
		}
	}
	a.lastQuizSeed = seed
	saved := copyValues(a.values)
	if a.quiz != nil {
		saved = a.quiz.saved
	}
	q := &quiz{seed: seed, variant: quizVariant(a.info.Problem, seed, len(a.params[pi].Choices)), answer: -1, saved: saved}
	a.quiz = q
	a.scene.(scene.Quizzer).SetQuiz(true)
	v := copyValues(a.values)
	v[a.params[pi].Name] = float64(q.variant)
	v[sp.Name] = float64(seed)
	a.values, a.pending = v, true
	a.commit()
	a.play.t, a.play.playing = 0, true
	a.gen++
	a.ui.dirty = true
	return true
}

// answerQuiz records the learner's answer.
func (a *App) answerQuiz(i int) {
	q := a.quiz
	if q == nil || q.answer >= 0 {
		return
	}
	q.answer = i
	s := a.scores[a.info.Problem]
	s.Total++
	if i == q.variant {
		s.Right++
	}
	if a.scores == nil {
		a.scores = map[string]Score{}
	}
	a.scores[a.info.Problem] = s
	if a.opts.OnScore != nil {
		a.opts.OnScore(a.info.Problem, s)
	}
	a.gen++
	a.ui.dirty = true
}

// EndQuiz leaves quiz mode; reveal shows the round's variant beside the
// right version on the same inputs, else the values from before the quiz
// come back.
func (a *App) EndQuiz(reveal bool) {
	q := a.quiz
	if q == nil {
		return
	}
	a.quiz = nil
	if qz, ok := a.scene.(scene.Quizzer); ok {
		qz.SetQuiz(false)
	}
	if reveal {
		// The values of the round stay: its seed, and its variant as the
		// pitfall, now drawn beside the right version.
		a.pending = true
	} else {
		a.values, a.pending = q.saved, true
	}
	a.commit()
	a.gen++
	a.ui.dirty = true
}

// QuizState is the quiz as the page sees it.
type QuizState struct {
	Active   bool
	Seed     int
	Answered bool
	Correct  bool
	Score    Score
}

// Quiz reports the current round and the problem's score.
func (a *App) Quiz() QuizState {
	s := QuizState{Score: a.scores[a.info.Problem]}
	if q := a.quiz; q != nil {
		s.Active, s.Seed, s.Answered, s.Correct = true, q.seed, q.answer >= 0, q.answer == q.variant
	}
	return s
}

// quizChoiceLabel names a variant on its answer button.
func quizChoiceLabel(p scene.Param, i int) string {
	if i == 0 {
		return "the right version"
	}
	return p.Choices[i]
}

// layoutQuiz replaces the parameter panel during a quiz: the question,
// one button per variant, and after the answer the verdict, the
// explanation and what to do next.
func (a *App) layoutQuiz() {
	u := &a.ui
	u.hits = append(u.hits, hit{r: u.right, kind: hitPanel})
	pi, _, ok := a.quizParams()
	if !ok {
		return
	}
	p := a.params[pi]
	r := u.right.Inset(pad)
	y := r.Y - u.panelScroll + 24 + 2*viz.LineHeight(bodySize) + 8
	u.quizBtns = u.quizBtns[:0]
	for i := range p.Choices {
		b := viz.Rect{X: r.X, Y: y, W: r.W, H: rowH}
		u.quizBtns = append(u.quizBtns, b)
		if a.quiz != nil && a.quiz.answer < 0 && b.Y >= u.right.Y && b.Y+b.H <= u.right.Y+u.right.H {
			u.hits = append(u.hits, hit{r: b, kind: hitQuizAnswer, i: i})
		}
		y += rowH + 6
	}
	u.quizText = u.quizText[:0]
	if a.quiz != nil && a.quiz.answer >= 0 {
		q := a.quiz
		verdict := "Right: it was " + quizChoiceLabel(p, q.variant) + "."
		if q.answer != q.variant {
			verdict = "Not quite: it was " + quizChoiceLabel(p, q.variant) + ", not " + quizChoiceLabel(p, q.answer) + "."
		}
		expl := ""
		a.guard("Explain", func() { expl = a.scene.(scene.Quizzer).Explain(q.variant) })
		y += 6
		u.quizTextY = y + u.panelScroll
		u.quizText = append(u.quizText, viz.WrapText(u.measure, verdict, bodySize, r.W)...)
		u.quizVerdictLines = len(u.quizText)
		u.quizText = append(u.quizText, viz.WrapText(u.measure, expl, bodySize, r.W)...)
		y += float64(len(u.quizText))*viz.LineHeight(bodySize) + 10
		u.quizReveal = viz.Rect{X: r.X, Y: y, W: r.W, H: rowH}
		y += rowH + 6
	} else {
		u.quizReveal = viz.Rect{}
	}
	half := (r.W - 6) / 2
	u.quizNext = viz.Rect{X: r.X, Y: y, W: half, H: rowH}
	u.quizEnd = viz.Rect{X: r.X + half + 6, Y: y, W: half, H: rowH}
	for _, h := range []hit{{r: u.quizReveal, kind: hitQuizReveal}, {r: u.quizNext, kind: hitQuizNext}, {r: u.quizEnd, kind: hitQuizEnd}} {
		if h.r.W > 0 && h.r.Y >= u.right.Y && h.r.Y+h.r.H <= u.right.Y+u.right.H {
			u.hits = append(u.hits, h)
		}
	}
	u.panelContentH = y + rowH + pad + u.panelScroll - u.right.Y
}

func (a *App) drawQuiz(c viz.Canvas) {
	u := &a.ui
	r := u.right
	c.FillRect(r.X, r.Y, r.W, r.H, viz.Panel)
	c.Line(r.X, r.Y, r.X, r.Y+r.H, 1, viz.Grid)
	markPanelOrOverlay(c, r, u.compact)
	pi, _, ok := a.quizParams()
	if !ok || a.quiz == nil {
		return
	}
	p := a.params[pi]
	in := r.Inset(pad)
	lh := viz.LineHeight(bodySize)
	fits := func(y float64) bool { return y-0.8*bodySize >= r.Y+1 && y+0.2*bodySize <= r.Y+r.H-1 }
	rectFits := func(b viz.Rect) bool { return b.W > 0 && b.Y >= r.Y && b.Y+b.H <= r.Y+r.H }
	y := in.Y + 14 - u.panelScroll
	sc := a.scores[a.info.Problem]
	head := "Spot the bug · " + itoa(sc.Right) + " of " + itoa(sc.Total) + " right"
	if fits(y) {
		c.Text(in.X, y, viz.Ellipsize(c, head, smallSize, in.W), smallSize, viz.InkMuted, viz.AlignLeft)
	}
	y += lh + 4
	if fits(y) {
		c.Text(in.X, y, viz.Ellipsize(c, "Which version made this picture?", bodySize, in.W), bodySize, viz.Ink, viz.AlignLeft)
	}
	for i, b := range u.quizBtns {
		if !rectFits(b) {
			continue
		}
		on := a.quiz.answer >= 0 && i == a.quiz.variant
		a.button(c, b, quizChoiceLabel(p, i), on, hitQuizAnswer, i)
		if a.quiz.answer == i && i != a.quiz.variant {
			c.StrokeRect(b.X, b.Y, b.W, b.H, 2, viz.Bad)
		}
	}
	ty := u.quizTextY - u.panelScroll
	for i, ln := range u.quizText {
		col := viz.Ink
		if i < u.quizVerdictLines {
			col = viz.Good
			if !a.Quiz().Correct {
				col = viz.Bad
			}
		}
		if b := ty + bodySize + float64(i)*lh; fits(b) {
			c.Text(in.X, b, ln, bodySize, col, viz.AlignLeft)
		}
	}
	if rectFits(u.quizReveal) {
		a.button(c, u.quizReveal, "Show it beside the right one", false, hitQuizReveal, 0)
	}
	if rectFits(u.quizNext) {
		a.button(c, u.quizNext, "Next round", false, hitQuizNext, 0)
	}
	if rectFits(u.quizEnd) {
		a.button(c, u.quizEnd, "End quiz", false, hitQuizEnd, 0)
	}
}
