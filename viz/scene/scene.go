package scene

import "dlprep/viz"

// Info describes a view for the menu, the text panel and the mirror.
type Info struct {
	// ID is the scene's URL id ("attention"); several views of one scene
	// (one per problem it tells) share it.
	ID string
	// Problem is the problem number this view tells ("004"), or "" for a
	// view that tells no single problem.
	Problem string
	Title   string
	// Family is the menu group (see Catalogue.Families).
	Family string
	// Statement is the problem in a few sentences. Formula is the maths,
	// typeset (a TeX subset; see viz/tex). LookFor is the longer guide to
	// the picture, read in the text mirror.
	Statement, Formula, LookFor string
}

// Scene is one interactive explanation of a problem.
type Scene interface {
	Info() Info
	Params() []Param
	// Reset recomputes everything the view shows for these values (every
	// declared param is present, validated by the app). Heavy work belongs
	// here, never in Draw. An error leaves the app showing the last good
	// values.
	Reset(v Values) error
	// Timeline lists the steps of the process, as of the last Reset.
	Timeline() Timeline
	// Draw paints the frame onto c, which covers the scene's area, and
	// marks what can be inspected on f.
	Draw(c viz.Canvas, f *Frame)
}

// Factory makes a fresh scene.
type Factory func() Scene

// Presetter offers named parameter sets; the app asks once per scene.
type Presetter interface {
	Presets() []Preset
}

// KV is one labelled value of a readout.
type KV struct{ Key, Value string }

// Readouter lists the numbers on screen for the current frame, as text,
// for the readout panel, the text mirror and the page's API.
type Readouter interface {
	Readout(f *Frame) []KV
}

// Inspection is what lies under a point: a value and where it comes from.
type Inspection struct {
	// Name says what the element is ("attention weight").
	Name string
	// Value is the number (or short text) as shown.
	Value string
	// Tensor, Index and Shape place it: the tensor's name, the element's
	// index and the tensor's shape, e.g. "A", "[0, 1, 3, 5]", "[1, 2, 8, 8]".
	Tensor, Index, Shape string
	// Source is the core function that computed it ("attention.MHSA").
	Source string
	// Detail is an optional further line (why a cell is masked, say).
	Detail string
}

// Inspector answers what an element marked in the last Draw holds.
type Inspector interface {
	Inspect(f *Frame, t Target) (Inspection, bool)
}

// Input is a pointer action on the scene, in its coordinates.
type Input struct {
	X, Y float64
	// Clicked is true when a press (or tap) is released over the scene.
	Clicked bool
	// Dragging is true while the primary button is held and moving.
	Dragging bool
}

// Pointer handles clicks and drags on the scene (picking a query, a
// pixel, a box). It returns true when what the scene shows changed.
type Pointer interface {
	Pointer(f *Frame, in Input) bool
}

// Applier says whether a parameter applies under the current values; the
// app disables one that does not and shows why on hover.
type Applier interface {
	// Applies returns "" when param applies, else the reason it does not
	// ("DDPM only: DDIM is deterministic").
	Applies(param string, v Values) string
}

// Catalogue is what the app shows: the views in menu order, the family
// order of the menu, and the view shown first.
type Catalogue struct {
	Families []string
	Views    []Factory
	// Default is the problem number or scene id shown first, and whenever
	// a link names nothing that exists.
	Default string
}

// Quizzer is a view that can run as a quiz ("spot the bug"): the app sets
// its "pitfall" choice to a variant picked at random (0, "none", is the
// right version) and its "seed" to fresh inputs, and switches quiz mode
// on; the view then draws only the version the pitfall selects, with
// nothing that names it, and the learner says which one it is. Such a
// view has an Int parameter named "seed".
type Quizzer interface {
	// SetQuiz turns quiz mode on or off; Reset follows.
	SetQuiz(on bool)
	// Explain says what variant i (an index of the pitfall choices)
	// computes, for the answer.
	Explain(variant int) string
}
