package geometry

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Vec3 is a 3-vector.
type Vec3 [3]float64

// Add returns a + b.
func (a Vec3) Add(b Vec3) Vec3 { return Vec3{a[0] + b[0], a[1] + b[1], a[2] + b[2]} }

// Sub returns a - b.
func (a Vec3) Sub(b Vec3) Vec3 { return Vec3{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

// Scale returns s·a.
func (a Vec3) Scale(s float64) Vec3 { return Vec3{s * a[0], s * a[1], s * a[2]} }

// Dot is the scalar product.
func (a Vec3) Dot(b Vec3) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }

// Cross is the vector product a × b.
func (a Vec3) Cross(b Vec3) Vec3 {
	return Vec3{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}

// Norm is the Euclidean length.
func (a Vec3) Norm() float64 { return math.Sqrt(a.Dot(a)) }

// Normalize returns a / |a| (a itself when |a| is 0).
func (a Vec3) Normalize() Vec3 {
	n := a.Norm()
	if n == 0 {
		return a
	}
	return a.Scale(1 / n)
}

// Mat3 is a row-major 3x3 matrix.
type Mat3 [9]float64

// Mat4 is a row-major 4x4 matrix, used for rigid poses.
type Mat4 [16]float64

// Identity4 is the identity pose.
func Identity4() Mat4 { return Mat4{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1} }

// Intrinsics builds K = [[fx, skew, cx], [0, fy, cy], [0, 0, 1]].
func Intrinsics(fx, fy, cx, cy, skew float64) Mat3 {
	return Mat3{fx, skew, cx, 0, fy, cy, 0, 0, 1}
}

// MulVec returns m·v.
func (m Mat3) MulVec(v Vec3) Vec3 {
	return Vec3{
		m[0]*v[0] + m[1]*v[1] + m[2]*v[2],
		m[3]*v[0] + m[4]*v[1] + m[5]*v[2],
		m[6]*v[0] + m[7]*v[1] + m[8]*v[2],
	}
}

// Mul returns m·n.
func (m Mat3) Mul(n Mat3) Mat3 {
	var r Mat3
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			r[3*i+j] = m[3*i]*n[j] + m[3*i+1]*n[3+j] + m[3*i+2]*n[6+j]
		}
	}
	return r
}

// Transpose returns mᵀ.
func (m Mat3) Transpose() Mat3 { return Mat3{m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]} }

// Det is the determinant.
func (m Mat3) Det() float64 {
	return m[0]*(m[4]*m[8]-m[5]*m[7]) - m[1]*(m[3]*m[8]-m[5]*m[6]) + m[2]*(m[3]*m[7]-m[4]*m[6])
}

// Inverse returns m⁻¹, or an error naming op and what when m is singular.
func (m Mat3) Inverse(op, what string) (Mat3, error) {
	inv, err := invert(m[:], 3, op, what)
	var r Mat3
	copy(r[:], inv)
	return r, err
}

// Rotation returns the top-left 3x3 block.
func (t Mat4) Rotation() Mat3 { return Mat3{t[0], t[1], t[2], t[4], t[5], t[6], t[8], t[9], t[10]} }

// Translation returns the first three entries of the last column.
func (t Mat4) Translation() Vec3 { return Vec3{t[3], t[7], t[11]} }

// Pose builds the 4x4 matrix [R t; 0 1].
func Pose(r Mat3, t Vec3) Mat4 {
	return Mat4{r[0], r[1], r[2], t[0], r[3], r[4], r[5], t[1], r[6], r[7], r[8], t[2], 0, 0, 0, 1}
}

// Apply returns the first three components of t·[p; 1]. For a rigid pose
// that is the transformed point; like the problems' PyTorch code it never
// divides by the fourth component.
func (t Mat4) Apply(p Vec3) Vec3 {
	return Vec3{
		t[0]*p[0] + t[1]*p[1] + t[2]*p[2] + t[3],
		t[4]*p[0] + t[5]*p[1] + t[6]*p[2] + t[7],
		t[8]*p[0] + t[9]*p[1] + t[10]*p[2] + t[11],
	}
}

// Mul returns t·u.
func (t Mat4) Mul(u Mat4) Mat4 {
	var r Mat4
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			var s float64
			for k := 0; k < 4; k++ {
				s += t[4*i+k] * u[4*k+j]
			}
			r[4*i+j] = s
		}
	}
	return r
}

// Inverse returns t⁻¹ of the full 4x4 matrix, or an error when singular.
func (t Mat4) Inverse(op, what string) (Mat4, error) {
	inv, err := invert(t[:], 4, op, what)
	var r Mat4
	copy(r[:], inv)
	return r, err
}

// singularTol bounds the determinant of the row- and column-equilibrated
// matrix: inputs are float32, so a matrix this close to singular carries no
// usable inverse.
const singularTol = 1e-6

// invert is Gauss-Jordan elimination with partial pivoting in float64. The
// singularity test runs on a copy whose columns, then rows, are scaled to a
// largest entry of 1, so a pose with a 1000 m translation or a K with
// f = 2000 px is not mistaken for a singular one.
func invert(m []float64, n int, op, what string) ([]float64, error) {
	for i, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: %s holds a non-finite value (%v at flat index %d)", op, what, v, i)
		}
	}
	s := append([]float64(nil), m...)
	for c := 0; c < n; c++ {
		equilibrate(s, n, c, n)
	}
	for r := 0; r < n; r++ {
		equilibrate(s, n, r*n, 1)
	}
	if _, det := gaussJordan(s, n); math.Abs(det) < singularTol {
		return nil, fmt.Errorf("%s: %s is singular (matrix %v, scaled determinant %.3g)", op, what, fmtMat(m, n), det)
	}
	inv, _ := gaussJordan(append([]float64(nil), m...), n)
	return inv, nil
}

// equilibrate divides the n entries at start, start+step, ... (a row or a
// column) by their largest magnitude.
func equilibrate(s []float64, n, start, step int) {
	var big float64
	for k := 0; k < n; k++ {
		big = math.Max(big, math.Abs(s[start+k*step]))
	}
	if big == 0 {
		return
	}
	for k := 0; k < n; k++ {
		s[start+k*step] /= big
	}
}

// gaussJordan inverts a (destroyed) and returns the inverse and the
// determinant; the inverse is meaningless when the determinant is 0.
func gaussJordan(a []float64, n int) ([]float64, float64) {
	inv := make([]float64, n*n)
	for i := 0; i < n; i++ {
		inv[i*n+i] = 1
	}
	det := 1.0
	for col := 0; col < n; col++ {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r*n+col]) > math.Abs(a[p*n+col]) {
				p = r
			}
		}
		if a[p*n+col] == 0 {
			return inv, 0
		}
		if p != col {
			det = -det
			for k := 0; k < n; k++ {
				a[p*n+k], a[col*n+k] = a[col*n+k], a[p*n+k]
				inv[p*n+k], inv[col*n+k] = inv[col*n+k], inv[p*n+k]
			}
		}
		piv := a[col*n+col]
		det *= piv
		for k := 0; k < n; k++ {
			a[col*n+k] /= piv
			inv[col*n+k] /= piv
		}
		for r := 0; r < n; r++ {
			if r == col || a[r*n+col] == 0 {
				continue
			}
			f := a[r*n+col]
			for k := 0; k < n; k++ {
				a[r*n+k] -= f * a[col*n+k]
				inv[r*n+k] -= f * inv[col*n+k]
			}
		}
	}
	return inv, det
}

func fmtMat(m []float64, n int) string {
	s := "["
	for r := 0; r < n; r++ {
		if r > 0 {
			s += " "
		}
		s += fmt.Sprint(m[r*n : r*n+n])
	}
	return s + "]"
}

// Mat3FromTensor reads a [3,3] tensor.
func Mat3FromTensor(op, name string, t *core.Tensor) (Mat3, error) {
	var m Mat3
	if err := core.CheckShape(op, name, t, "[3,3]", 3, 3); err != nil {
		return m, err
	}
	return mat3At(t.Data, 0), nil
}

// Mat4FromTensor reads a [4,4] tensor.
func Mat4FromTensor(op, name string, t *core.Tensor) (Mat4, error) {
	var m Mat4
	if err := core.CheckShape(op, name, t, "[4,4]", 4, 4); err != nil {
		return m, err
	}
	return mat4At(t.Data, 0), nil
}

func mat3At(d []float32, off int) Mat3 {
	var m Mat3
	for i := range m {
		m[i] = float64(d[off+i])
	}
	return m
}

func mat4At(d []float32, off int) Mat4 {
	var m Mat4
	for i := range m {
		m[i] = float64(d[off+i])
	}
	return m
}

// LookAt returns the world-to-camera pose of a camera at eye looking at
// target, in the x-right, y-down, z-forward convention; up is the world's
// up direction (it must not be parallel to the viewing direction).
func LookAt(eye, target, up Vec3) (Mat4, error) {
	f := target.Sub(eye)
	if f.Norm() == 0 {
		return Mat4{}, fmt.Errorf("look_at: eye %v equals target", eye)
	}
	f = f.Normalize()
	right := f.Cross(up)
	if right.Norm() < 1e-9 {
		return Mat4{}, fmt.Errorf("look_at: up %v is parallel to the viewing direction %v", up, f)
	}
	right = right.Normalize()
	down := f.Cross(right)
	r := Mat3{right[0], right[1], right[2], down[0], down[1], down[2], f[0], f[1], f[2]}
	return Pose(r, r.MulVec(eye).Scale(-1)), nil
}
