// Package mistakes is the catalogue of the mistakes first attempts at the
// interview problems made, each as a function that computes exactly what the
// mistaken implementation computes, with the same typed Go API as the
// correct op in core and errors rather than panics on bad input.
//
// Three users read it and must agree:
//   - the visualizer's pitfall toggles run a mistake beside the right
//     version (the view's "pitfall" choice names are the ids here, and Link
//     gives its URL);
//   - the CLI's judge (package practice) names the mistake whose output a
//     failing answer matches, through the conformance variants that adapt
//     each function to an op's case inputs (conformance/ops/mistakes.go);
//   - the problem catalogue (core/problems) lists each problem's ids.
//
// Every function is built from core's own pieces where it can be (the right
// op with one input changed, or its kernel with one step swapped), so a
// mistake differs from the right answer only where the mistake does. Where a
// mistake leaves a value undefined (a query row with no key left to attend
// to, where PyTorch's -inf masking gives NaN), the function returns NaN
// there: the judge treats NaN in a mistake's output as "any value".
//
// Imports: core and its subpackages, the standard library; never scenes,
// viz or conformance. It builds for GOOS=js like the rest of core.
// Tests: go test ./core/mistakes/
package mistakes
