package conformance

import (
	"fmt"
	"sort"

	"dlprep/core"
)

// Inputs are a case's decoded input tensors by name.
type Inputs map[string]*core.Tensor

// Op describes one op of OPS.md and adapts it to the core's Go API.
type Op struct {
	Name string
	// Inputs must all be present; Optional may be. Any other input name is an
	// error, so a misspelt optional input (say "maks") is not silently ignored.
	Inputs   []string
	Optional []string
	// Params lists every param the op accepts; any other is an error.
	Params []string
	// Run calls the core. It may assume required inputs are present.
	Run func(in Inputs, p Params) (Outputs, error)
}

var registry = map[string]Op{}

// Register adds an op; registering a name twice is a programming error.
func Register(op Op) {
	if _, dup := registry[op.Name]; dup {
		panic("conformance: op registered twice: " + op.Name)
	}
	registry[op.Name] = op
}

// OpNames lists every registered op, sorted.
func OpNames() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Lookup returns the op of that name.
func Lookup(name string) (Op, bool) {
	op, ok := registry[name]
	return op, ok
}

// Call runs an op after checking input and param names, turning a panic into
// an error so that no case can crash the runner.
func Call(op Op, in Inputs, p Params) (out Outputs, err error) {
	allowed := map[string]bool{}
	for _, n := range op.Inputs {
		allowed[n] = true
		if in[n] == nil {
			return nil, fmt.Errorf("%s: missing input %q", op.Name, n)
		}
	}
	for _, n := range op.Optional {
		allowed[n] = true
	}
	for n := range in {
		if !allowed[n] {
			return nil, fmt.Errorf("%s: unknown input %q", op.Name, n)
		}
	}
	okParam := map[string]bool{}
	for _, n := range op.Params {
		okParam[n] = true
	}
	for n := range p {
		if !okParam[n] {
			return nil, fmt.Errorf("%s: unknown param %q", op.Name, n)
		}
	}
	defer func() {
		if r := recover(); r != nil {
			out = nil
			err = &PanicError{Op: op.Name, Value: r}
		}
	}()
	return op.Run(in, p)
}

// PanicError is an op that panicked: always a bug, never an accepted error.
type PanicError struct {
	Op    string
	Value any
}

// Error says which op panicked and with what.
func (e *PanicError) Error() string {
	return fmt.Sprintf("%s: internal error (panic: %v)", e.Op, e.Value)
}
