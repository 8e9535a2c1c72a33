package conformance

import (
	"fmt"
	"sort"
)

// Variant computes what a catalogued mistake (package core/mistakes) outputs
// on one op's case inputs, so that the practice judge can tell a learner
// which mistake a failing answer matches. Its Run reads the same inputs and
// params as the op's and returns the same output names.
type Variant struct {
	// Mistake is the mistake's id in core/mistakes.
	Mistake string
	// Op is the op whose inputs Run reads.
	Op  string
	Run func(in Inputs, p Params) (Outputs, error)
}

var variants = map[string][]Variant{}

// RegisterVariant adds a mistake's variant of an op; registering the same
// pair twice is a programming error.
func RegisterVariant(v Variant) {
	for _, o := range variants[v.Op] {
		if o.Mistake == v.Mistake {
			panic("conformance: variant registered twice: " + v.Op + "/" + v.Mistake)
		}
	}
	variants[v.Op] = append(variants[v.Op], v)
	sort.Slice(variants[v.Op], func(i, j int) bool { return variants[v.Op][i].Mistake < variants[v.Op][j].Mistake })
}

// Variants lists the op's registered mistakes, sorted by id.
func Variants(op string) []Variant { return append([]Variant(nil), variants[op]...) }

// VariantOps lists every op that has a variant, sorted.
func VariantOps() []string {
	ops := make([]string, 0, len(variants))
	for op := range variants {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops
}

// CallVariant runs a variant on a case's inputs with the op's own input and
// param checks, turning a panic into an error like Call.
func CallVariant(v Variant, in Inputs, p Params) (Outputs, error) {
	op, ok := Lookup(v.Op)
	if !ok {
		return nil, fmt.Errorf("variant %s of unknown op %q", v.Mistake, v.Op)
	}
	op.Run = v.Run
	return Call(op, in, p)
}
