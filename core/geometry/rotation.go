package geometry

import (
	"fmt"
	"math"

	"dlprep/core"
)

// PathClosure is the result of composing a loop of relative rotations.
type PathClosure struct {
	// Total is R_{n-1} ··· R_1 R_0: each rotation multiplies on the left.
	Total Mat3
	// Error is the Frobenius norm ‖Total - I‖.
	Error float64
	// AngleDeg is the geodesic angle of Total, acos((tr - 1)/2) in degrees.
	AngleDeg float64
	// Closed is Error < tol.
	Closed bool
}

// IsPathClosed is problem 032 for rotations [n,3,3]. The product is formed
// in float64.
func IsPathClosed(rotations *core.Tensor, tol float64) (PathClosure, error) {
	const op = "is_path_closed"
	if err := core.CheckShape(op, "rotations", rotations, "[n,3,3]", -1, 3, 3); err != nil {
		return PathClosure{}, err
	}
	if err := core.CheckFinite(op, "rotations", rotations); err != nil {
		return PathClosure{}, err
	}
	if math.IsNaN(tol) || math.IsInf(tol, 0) || tol < 0 {
		return PathClosure{}, fmt.Errorf("%s: tol must be finite and >= 0, got %v", op, tol)
	}
	if err := core.CheckBudget(op, core.Items("rotations in float64", 72, rotations.Shape[0])); err != nil {
		return PathClosure{}, err
	}
	rs := make([]Mat3, rotations.Shape[0])
	for i := range rs {
		rs[i] = mat3At(rotations.Data, 9*i)
	}
	return ComposeLoop(rs, tol), nil
}

// ComposeLoop multiplies rs in loop order (R_0 first) and measures how far
// the result is from the identity.
func ComposeLoop(rs []Mat3, tol float64) PathClosure {
	total := Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}
	for _, r := range rs {
		total = r.Mul(total)
	}
	var fro float64
	for i, v := range total {
		if i%4 == 0 {
			v--
		}
		fro += v * v
	}
	fro = math.Sqrt(fro)
	c := (total[0] + total[4] + total[8] - 1) / 2
	c = math.Max(-1, math.Min(1, c))
	return PathClosure{Total: total, Error: fro, AngleDeg: math.Acos(c) * 180 / math.Pi, Closed: fro < tol}
}

// Rotation6DToMatrix is problem 034 (Zhou et al. 2019) for d6 [B,6]: a1 is
// the first three numbers, a2 the last three; b1 = a1/|a1|, b2 = the part of
// a2 orthogonal to b1, normalised, b3 = b1 × b2, and R = [b1 b2 b3] with b_i
// as COLUMNS (PyTorch3D stacks them as rows, the transpose). A zero a1, or
// an a2 parallel to a1, defines no rotation and is an error.
func Rotation6DToMatrix(d6 *core.Tensor) (*core.Tensor, error) {
	const op = "rotation_6d_to_matrix"
	if err := core.CheckShape(op, "d6", d6, "[B,6]", -1, 6); err != nil {
		return nil, err
	}
	if err := core.CheckFinite(op, "d6", d6); err != nil {
		return nil, err
	}
	if err := core.CheckBudget(op, core.Float32s("R", d6.Shape[0], 3, 3)); err != nil {
		return nil, err
	}
	out := core.New(d6.Shape[0], 3, 3)
	for b := 0; b < d6.Shape[0]; b++ {
		x := d6.Data[6*b : 6*b+6]
		r, err := RotationFrom6D(
			Vec3{float64(x[0]), float64(x[1]), float64(x[2])},
			Vec3{float64(x[3]), float64(x[4]), float64(x[5])})
		if err != nil {
			return nil, fmt.Errorf("%s: row %d %v: %v", op, b, x, err)
		}
		for i, v := range r {
			out.Data[9*b+i] = float32(v)
		}
	}
	return out, nil
}

// degenerate6D is the relative size below which a1, or a2's component
// orthogonal to a1, counts as zero: float32 inputs carry ~1e-7 relative
// noise, which Gram-Schmidt would blow up into an arbitrary direction.
const degenerate6D = 1e-6

// RotationFrom6D is the Gram-Schmidt construction of Rotation6DToMatrix
// for one pair of vectors.
func RotationFrom6D(a1, a2 Vec3) (Mat3, error) {
	n1 := a1.Norm()
	if n1 == 0 || n1 < degenerate6D*a2.Norm() {
		return Mat3{}, fmt.Errorf("a1 = %v has (near) zero length", a1)
	}
	b1 := a1.Scale(1 / n1)
	o := a2.Sub(b1.Scale(b1.Dot(a2)))
	n2 := o.Norm()
	if n2 == 0 || n2 < degenerate6D*math.Max(a2.Norm(), n1) {
		return Mat3{}, fmt.Errorf("a2 = %v is parallel to a1 = %v", a2, a1)
	}
	b2 := o.Scale(1 / n2)
	b3 := b1.Cross(b2)
	return Mat3{b1[0], b2[0], b3[0], b1[1], b2[1], b3[1], b1[2], b2[2], b3[2]}, nil
}
