package scenes

import (
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The parameter types are viz/scene's.
type (
	Param     = scene.Param
	ParamKind = scene.ParamKind
	Values    = scene.Values
	Preset    = scene.Preset
)

// Parameter kinds.
const (
	Float  = scene.Float
	Int    = scene.Int
	Bool   = scene.Bool
	Choice = scene.Choice
)

// Defaults returns every param's default value.
func Defaults(ps []Param) Values { return scene.Defaults(ps) }

// Overlay returns the params' defaults with kv laid over them.
func Overlay(ps []Param, kv Values) Values { return scene.Overlay(ps, kv) }

// Info describes a scene written against the first scene contract, which
// told several problems in one view; legacy.go adapts those scenes to
// viz/scene, one view per problem, until each is rewritten as a process.
type Info struct {
	ID, Title, Family string
	Problems          []string
	Statement         string
	Formula, LookFor  string
}

// Input is the first contract's pointer state.
type Input struct {
	MouseX, MouseY float64
	Clicked        bool
	Dragging       bool
}

// Scene is the first contract: the scene owned its clock (Update with dt).
type Scene interface {
	Info() Info
	Params() []Param
	Reset(v Values) error
	Update(in Input, dt float64)
	Draw(c viz.Canvas)
}

// Stepper is a first-contract scene with discrete steps.
type Stepper interface {
	Step()
	Progress() (k, n int)
}

// Presetter offers named parameter sets.
type Presetter interface{ Presets() []Preset }

// KV is one labelled value of a first-contract readout.
type KV struct{ Key, Value string }

// Readouter is the first contract's readout.
type Readouter interface{ Readout() []KV }
