package contract

import (
	"fmt"
	"slices"
	"strings"
)

// Kind is what a tensor's numbers mean: reals, integers (indices, class
// ids, counts, which must match exactly) or booleans written as 0 and 1.
type Kind string

// The three kinds.
const (
	Float Kind = "float"
	Int   Kind = "int"
	Bool  Kind = "bool"
)

// Tensor is one input or output.
type Tensor struct {
	Name string
	// Shape uses the problem's letters, "[B,H,S,dk]"; "[]" is a scalar.
	Shape string
	Kind  Kind
	// Optional inputs may be absent; optional outputs are computed but
	// not every case checks them.
	Optional bool
	Note     string
}

// ParamType is the JSON form a param takes.
type ParamType string

// The param types. Pair is an int or [h, w]; Padding is a Pair or the
// string "valid" or "same" (F.conv2d's forms).
const (
	IntParam     ParamType = "int"
	FloatParam   ParamType = "float"
	BoolParam    ParamType = "bool"
	StringParam  ParamType = "string"
	PairParam    ParamType = "int or [h, w]"
	IntsParam    ParamType = "int list"
	PaddingParam ParamType = `int, [h, w], "valid" or "same"`
)

// Param is one param.
type Param struct {
	Name string
	Type ParamType
	// Default is the value (as JSON) an absent param takes; "" means the
	// param is required, unless Optional.
	Default string
	// Optional params without a default may simply be absent; the op
	// then does without them (Note says when they are needed).
	Optional bool
	// Choices are the accepted values of a string param.
	Choices []string
	Note    string
}

// Required reports whether a case must give the param.
func (p Param) Required() bool { return p.Default == "" && !p.Optional }

// Op is the contract of one op.
type Op struct {
	Name string
	// Section is the group OPS.md lists the op under.
	Section string
	Inputs  []Tensor
	Params  []Param
	Outputs []Tensor
	// Semantics says what the op computes, in a few sentences.
	Semantics string
}

// Input returns the named input.
func (o Op) Input(name string) (Tensor, bool) {
	i := slices.IndexFunc(o.Inputs, func(t Tensor) bool { return t.Name == name })
	if i < 0 {
		return Tensor{}, false
	}
	return o.Inputs[i], true
}

// RequiredOutputs are the outputs every value case may check.
func (o Op) RequiredOutputs() []Tensor {
	var out []Tensor
	for _, t := range o.Outputs {
		if !t.Optional {
			out = append(out, t)
		}
	}
	return out
}

// Sections lists OPS.md's groups in its order.
var Sections = []string{"Attention", "Convolution, embedding, normalisation", "Diffusion", "Geometry", "Detection",
	"Losses", "LoRA and conditioning", "Complexity"}

// All returns every op's contract, by section, then in OPS.md's order.
func All() []Op { return slices.Clone(ops) }

// Lookup returns the contract of the op.
func Lookup(name string) (Op, bool) {
	i := slices.IndexFunc(ops, func(o Op) bool { return o.Name == name })
	if i < 0 {
		return Op{}, false
	}
	return ops[i], true
}

// Text is the contract as the terminal shows it: inputs, params and
// outputs one per line, then the semantics.
func (o Op) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "op %s (%s)\n", o.Name, o.Section)
	section := func(title string, lines []string) {
		if len(lines) == 0 {
			fmt.Fprintf(&b, "  %s: none\n", title)
			return
		}
		fmt.Fprintf(&b, "  %s:\n", title)
		for _, l := range lines {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	section("inputs", tensorLines(o.Inputs, "optional"))
	var params []string
	for _, p := range o.Params {
		params = append(params, paramLine(p))
	}
	section("params", params)
	section("outputs", tensorLines(o.Outputs, "not always checked"))
	b.WriteString(wrap(o.Semantics, 78, "  "))
	return b.String()
}

func tensorLines(ts []Tensor, optional string) []string {
	var out []string
	for _, t := range ts {
		l := t.Name + " " + t.Shape
		var tags []string
		if t.Kind != Float {
			tags = append(tags, string(t.Kind))
		}
		if t.Optional {
			tags = append(tags, optional)
		}
		if len(tags) > 0 {
			l += " (" + strings.Join(tags, ", ") + ")"
		}
		if t.Note != "" {
			l += ": " + t.Note
		}
		out = append(out, l)
	}
	return out
}

func paramLine(p Param) string {
	l := p.Name + " (" + string(p.Type)
	switch {
	case p.Default != "":
		l += ", default " + p.Default
	case p.Optional:
		l += ", optional"
	}
	l += ")"
	if len(p.Choices) > 0 {
		l += ": one of " + strings.Join(quoted(p.Choices), ", ")
		if p.Note != "" {
			l += "; " + p.Note
		}
	} else if p.Note != "" {
		l += ": " + p.Note
	}
	return l
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = `"` + s + `"`
	}
	return out
}

// wrap breaks text into lines of at most width runes, each after indent.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	line := indent
	for _, w := range strings.Fields(text) {
		if len([]rune(line))+1+len([]rune(w)) > width && line != indent {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		if line != indent {
			line += " "
		}
		line += w
	}
	if line != indent {
		b.WriteString(line + "\n")
	}
	return b.String()
}
