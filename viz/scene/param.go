package scene

// ParamKind is the widget a parameter gets.
type ParamKind int

// Parameter kinds.
const (
	Float  ParamKind = iota // slider over [Min, Max] by Step
	Int                     // integer slider
	Bool                    // toggle (0 or 1)
	Choice                  // one of Choices; the value is its index, the URL carries its name
)

// Param is a declared scene parameter.
type Param struct {
	Name, Label    string
	Kind           ParamKind
	Min, Max, Step float64
	Default        float64
	Choices        []string // for Choice
	Help           string
	// Log makes a Float slider move along a log scale (Min must be > 0):
	// equal track distances multiply the value by the same factor, so a
	// 0.1–10000 range spends as much track on 1–100 as on 100–10000.
	Log bool
}

// Values are parameter values by name (Bool 0/1, Choice an index).
type Values map[string]float64

// Preset is a named set of values; it names only the values it changes
// from the defaults. Step is the timeline step it opens at, paused (0:
// the start), so a preset can go straight to where its point shows.
type Preset struct {
	Name   string
	Values Values
	Step   int
}

// Defaults returns every param's default value.
func Defaults(ps []Param) Values {
	v := make(Values, len(ps))
	for _, p := range ps {
		v[p.Name] = p.Default
	}
	return v
}

// Overlay returns the params' defaults with kv laid over them.
func Overlay(ps []Param, kv Values) Values {
	v := Defaults(ps)
	for k, x := range kv {
		v[k] = x
	}
	return v
}

// ChoiceIndex returns the index of name among p's choices, or -1.
func (p Param) ChoiceIndex(name string) int {
	for i, c := range p.Choices {
		if c == name {
			return i
		}
	}
	return -1
}

// PitfallParam is the conventional "pitfall" choice of a view whose
// problem has catalogued mistakes: "none" (the default) then the ids.
func PitfallParam(ids ...string) Param {
	return Param{Name: "pitfall", Label: "pitfall", Kind: Choice, Choices: append([]string{"none"}, ids...),
		Help: "run a mistake first attempts make, beside the right version"}
}
