package scenes

import "dlprep/viz/scene"

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
