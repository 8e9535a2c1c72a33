package scenes

import (
	"fmt"
	"sort"

	"dlprep/viz"
)

// Info describes a scene for the menu, the text panel and the HTML mirror.
type Info struct {
	ID       string   // URL id, e.g. "nms"
	Title    string   // "Non-maximum suppression"
	Family   string   // menu group: attention, convolution, diffusion, geometry, detection, losses, lora, complexity, system design
	Problems []string // problem numbers, e.g. ["007"]
	// Statement, Formula and LookFor fill the text panel: the problem, the
	// maths, and what to watch on screen.
	Statement, Formula, LookFor string
}

// ParamKind is the widget a parameter gets.
type ParamKind int

// Parameter kinds.
const (
	Float  ParamKind = iota // slider over [Min, Max] by Step
	Int                     // integer slider
	Bool                    // toggle (0 or 1)
	Choice                  // one of Choices, value is its index
)

// Param is a declared scene parameter.
type Param struct {
	Name, Label    string
	Kind           ParamKind
	Min, Max, Step float64
	Default        float64
	Choices        []string // for Choice; the URL carries the choice's name
	Help           string
}

// Values are parameter values by name (Bool 0/1, Choice an index).
type Values map[string]float64

// Input is what the user did since the last Update, in canvas coordinates.
type Input struct {
	MouseX, MouseY float64
	// Clicked is true on the frame a primary press (or tap) is released.
	Clicked bool
	// Dragging is true while the primary button is held and moving.
	Dragging bool
}

// Scene is one interactive explanation.
type Scene interface {
	Info() Info
	Params() []Param
	// Reset (re)starts the scene with these values (every declared param is
	// present, validated by the shell); heavy work (a new point cloud, a new
	// warp) belongs here, never in Update or Draw.
	Reset(v Values) error
	// Update advances the animation by dt seconds when playing (dt may be 0
	// when paused) and handles input.
	Update(in Input, dt float64)
	// Draw paints the current state onto c, which covers the scene area.
	Draw(c viz.Canvas)
}

// Stepper is a scene with discrete algorithm steps (NMS, a denoising step):
// the shell's single-step button calls Step, and Progress shows "k of n".
type Stepper interface {
	Step()
	Progress() (k, n int)
}

// Presetter offers named parameter sets.
type Presetter interface {
	Presets() []Preset
}

// Preset is a named set of values.
type Preset struct {
	Name   string
	Values Values
}

// Readouter exposes the numbers on screen as text, for the HTML mirror that
// screen readers read and for tests and the JS API.
type Readouter interface {
	Readout() []KV
}

// KV is one labelled value of a readout.
type KV struct{ Key, Value string }

// Factory makes a fresh scene.
type Factory func() Scene

var registry = map[string]Factory{}
var order []string

// Register adds a scene factory under its Info().ID.
func Register(f Factory) {
	id := f().Info().ID
	if _, dup := registry[id]; dup {
		panic("scenes: duplicate scene id " + id)
	}
	registry[id] = f
	order = append(order, id)
}

// New returns a fresh scene by id.
func New(id string) (Scene, error) {
	f, ok := registry[id]
	if !ok {
		return nil, fmt.Errorf("unknown scene %q", id)
	}
	return f(), nil
}

// IDs lists the registered scene ids, sorted.
func IDs() []string {
	ids := append([]string(nil), order...)
	sort.Strings(ids)
	return ids
}

// Defaults returns every param's default value.
func Defaults(ps []Param) Values {
	v := Values{}
	for _, p := range ps {
		v[p.Name] = p.Default
	}
	return v
}

// Overlay returns the params' defaults with kv laid over them: presets name
// only the values they change.
func Overlay(ps []Param, kv Values) Values {
	v := Defaults(ps)
	for k, x := range kv {
		v[k] = x
	}
	return v
}
