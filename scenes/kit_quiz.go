package scenes

import "dlprep/core/mistakes"

// Pieces of the quiz ("spot the bug") the views with pitfalls share. In
// quiz mode a view draws one version, the one the pitfall choice selects,
// and nothing on screen or under the pointer may say which it is: not the
// mistake's id or function, and not the right op's name either (naming it
// only on the right version would give that away just the same).

// quizSource is the Source of an inspection of what differs between the
// versions, in quiz mode.
const quizSource = "the version under test"

// quizExplain is a view's Explain: what variant i of problem's pitfall
// choice computes, right for 0 (the right version) and the catalogued
// mistake's summary for the others.
func quizExplain(problem string, variant int, right string) string {
	if variant == 0 {
		return fontSafe(right)
	}
	ids := mistakeIDs(problem)
	if variant < 1 || variant > len(ids) {
		return ""
	}
	if m, ok := mistakes.Lookup(ids[variant-1]); ok {
		// The catalogue writes ᾱ, which the UI font lacks.
		return fontSafe("This version: " + m.Summary + ".")
	}
	return ""
}
