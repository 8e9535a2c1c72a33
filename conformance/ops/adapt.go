package ops

import (
	"fmt"

	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/geometry"
)

// The pieces every adapter shares. An op's adapter is built from the core
// function it calls (opRun(core.F)), so that the catalogued mistakes with
// the same signature are adapted by the very same code (opRun(mistakes.G),
// in mistakes.go): one decoding of the inputs and params, one encoding of
// the outputs.

// runFunc is an op's Run, or a variant's.
type runFunc = func(conformance.Inputs, conformance.Params) (conformance.Outputs, error)

// oneD refuses a tensor that is not 1-d.
func oneD(op, name string, t *core.Tensor) error {
	if t.Dims() != 1 {
		return fmt.Errorf("%s: %s must be 1-d, got shape %v", op, name, t.Shape)
	}
	return nil
}

// tensorOut wraps one tensor result, or passes its error on.
func tensorOut(name string, t *core.Tensor, err error) (conformance.Outputs, error) {
	if err != nil {
		return nil, err
	}
	return conformance.Outputs{name: conformance.FromTensor(t)}, nil
}

// tensorsOut wraps two tensor results, or passes their error on.
func tensorsOut(name1 string, t1 *core.Tensor, name2 string, t2 *core.Tensor, err error) (conformance.Outputs, error) {
	if err != nil {
		return nil, err
	}
	return conformance.Outputs{name1: conformance.FromTensor(t1), name2: conformance.FromTensor(t2)}, nil
}

// scalarOut wraps one real result, or passes its error on.
func scalarOut(name string, v float64, err error) (conformance.Outputs, error) {
	if err != nil {
		return nil, err
	}
	return conformance.Outputs{name: conformance.FloatScalar(v)}, nil
}

// cameraMats reads K [3,3] and the named 4×4 pose.
func cameraMats(op string, in conformance.Inputs, pose string) (geometry.Mat3, geometry.Mat4, error) {
	k, err := geometry.Mat3FromTensor(op, "K", in["K"])
	if err != nil {
		return k, geometry.Mat4{}, err
	}
	t, err := geometry.Mat4FromTensor(op, pose, in[pose])
	return k, t, err
}
