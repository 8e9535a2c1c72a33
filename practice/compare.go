package practice

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"dlprep/conformance"
)

// mismatch says how an answer's output differs from the expected one, or
// is nil when it passes.
type mismatch struct {
	output string
	detail string
}

func (m *mismatch) String() string { return m.output + ": " + m.detail }

// compareOutput checks got against want with the case's tolerances:
// shapes must be equal, every element within atol + rtol·|want| (exact for
// integer outputs), and a non-finite or beyond-float32 number is reported as
// such unless the expected value is that very number.
func compareOutput(name string, got, want conformance.Value, exact bool, atol, rtol float64) *mismatch {
	got, want = dense(got), dense(want)
	if !slices.Equal(got.Shape, want.Shape) {
		return &mismatch{name, fmt.Sprintf("shape %s, want %s", fmtShape(got.Shape), fmtShape(want.Shape))}
	}
	worst, worstExcess, off := -1, 0.0, 0
	nonFinite, firstNonFinite := 0, -1
	for i, w := range want.Data {
		g := got.Data[i]
		var excess float64
		switch {
		case (math.IsNaN(w) && math.IsNaN(g)) || (math.IsInf(w, 0) && g == w):
			continue
		case !finite(g) || math.Abs(g) > math.MaxFloat32:
			off++
			nonFinite++
			if firstNonFinite < 0 {
				firstNonFinite = i
			}
			continue
		case !finite(w):
			excess = math.Inf(1) // a finite answer where PyTorch gives NaN or ±Inf
		case exact:
			excess = math.Abs(g - w)
		default:
			excess = math.Abs(g-w) - (atol + rtol*math.Abs(w))
		}
		if excess > 0 {
			off++
			if worst < 0 || excess > worstExcess {
				worst, worstExcess = i, excess
			}
		}
	}
	if off == 0 {
		return nil
	}
	of := fmt.Sprintf("(%d of %d elements off)", off, len(want.Data))
	if nonFinite > 0 {
		i := firstNonFinite
		what := "not finite"
		if finite(got.Data[i]) {
			what = "beyond float32's range"
		}
		return &mismatch{name, fmt.Sprintf("%d value(s) %s, not trusted: %s at %s, expected %s %s",
			nonFinite, what, fmtNum(got.Data[i]), fmtIndex(i, want.Shape), fmtNum(want.Data[i]), of)}
	}
	i := worst
	if exact {
		i = firstDiff(got.Data, want.Data)
		return &mismatch{name, fmt.Sprintf("first wrong value at %s: expected %s, got %s %s",
			fmtIndex(i, want.Shape), fmtNum(want.Data[i]), fmtNum(got.Data[i]), of)}
	}
	return &mismatch{name, fmt.Sprintf("largest error %s at %s: expected %s, got %s %s",
		fmtNum(math.Abs(got.Data[i]-want.Data[i])), fmtIndex(i, want.Shape), fmtNum(want.Data[i]), fmtNum(got.Data[i]), of)}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func firstDiff(a, b []float64) int {
	for i := range b {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return i
		}
	}
	return 0
}

// matchesMistake reports whether the answer equals, within the case's
// tolerance, what a mistake computes. NaN in the mistake's output means
// "any value" (the mistake leaves it undefined); at least one element must
// be defined. Integer outputs must match exactly.
func matchesMistake(got, mistake conformance.Value, exact bool, atol, rtol float64) (match bool, defined int) {
	got, mistake = dense(got), dense(mistake)
	if !slices.Equal(got.Shape, mistake.Shape) {
		return false, 0
	}
	for i, m := range mistake.Data {
		if math.IsNaN(m) {
			continue
		}
		defined++
		g := got.Data[i]
		if math.IsInf(m, 0) || math.IsNaN(g) || math.IsInf(g, 0) || exact {
			if g != m {
				return false, defined
			}
			continue
		}
		if math.Abs(g-m) > atol+rtol*math.Abs(m) {
			return false, defined
		}
	}
	return true, defined
}

// differsFrom reports whether a mistake's output is off the expected one
// somewhere it is defined (not NaN), beyond the tolerance.
func differsFrom(mistake, want conformance.Value, exact bool, atol, rtol float64) bool {
	mistake, want = dense(mistake), dense(want)
	if !slices.Equal(mistake.Shape, want.Shape) {
		return true
	}
	for i, w := range want.Data {
		m := mistake.Data[i]
		if math.IsNaN(m) {
			continue
		}
		if math.IsNaN(w) || math.IsInf(w, 0) || math.IsInf(m, 0) || exact {
			if m != w {
				return true
			}
			continue
		}
		if math.Abs(m-w) > atol+rtol*math.Abs(w) {
			return true
		}
	}
	return false
}

func fmtShape(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// fmtIndex writes flat index i of a tensor of the shape as [i0,i1,...].
func fmtIndex(i int, shape []int) string {
	if len(shape) == 0 {
		return "[] (the scalar)"
	}
	idx := make([]int, len(shape))
	for a := len(shape) - 1; a >= 0; a-- {
		if shape[a] > 0 {
			idx[a] = i % shape[a]
			i /= shape[a]
		}
	}
	return fmtShape(idx)
}

func fmtNum(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "+Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// dense puts a value's elements in Data, as float64, whatever slice the
// conformance package keeps them in (float32 outputs, exact integers).
func dense(v conformance.Value) conformance.Value {
	v.Data, v.F32, v.I64 = v.Float64s(), nil, nil
	return v
}
