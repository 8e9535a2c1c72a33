package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/geometry"
)

func newRotation(t *testing.T, v Values) *rotationScene {
	t.Helper()
	return resetScene(t, "rotations", v).(*rotationScene)
}

// Without drift the loop closes (core's error ~0); with drift θ the error is
// core's, its angle is θ and the Frobenius norm 2√2 sin(θ/2); the wrong
// multiplication order does not close.
func TestRotationLoopClosure(t *testing.T) {
	for _, drift := range []float64{0, 5, 20} {
		s := newRotation(t, Values{"drift": drift, "pitfall_order": 1})
		tt := core.New(s.k, 3, 3)
		for i, r := range s.rs {
			for j, x := range r {
				tt.Data[9*i+j] = float32(x)
			}
		}
		want, _ := geometry.IsPathClosed(tt, s.tol)
		if s.closure != want {
			t.Fatalf("drift %v: closure %+v, core %+v", drift, s.closure, want)
		}
		if math.Abs(s.closure.AngleDeg-drift) > 0.05 {
			t.Errorf("drift %v: loop angle %v°", drift, s.closure.AngleDeg)
		}
		if w := 2 * math.Sqrt2 * math.Sin(drift*math.Pi/360); math.Abs(s.closure.Error-w) > 1e-3 {
			t.Errorf("drift %v: Frobenius error %v, want %v", drift, s.closure.Error, w)
		}
		if s.closure.Closed != (drift == 0) {
			t.Errorf("drift %v: closed = %v", drift, s.closure.Closed)
		}
		if s.wrong.Error < 0.1 {
			t.Errorf("drift %v: wrong-order product has error %v, want clearly not the identity", drift, s.wrong.Error)
		}
		if kvMap(s.Readout())["loop error (Frobenius)"] != f3(want.Error) {
			t.Errorf("readout disagrees with core")
		}
	}
}

// The 6D panel shows core's matrix: its first column is a1's direction, the
// second lies in the a1-a2 plane; the pitfall's first column does not
// follow a1.
func TestRotation6DColumns(t *testing.T) {
	for _, v := range []Values{{}, {"a2_angle": 10, "a2_len": 0.3, "yaw": -120}, {"a2_angle": 170, "yaw": 90}} {
		s := newRotation(t, v)
		want, err := geometry.RotationFrom6D(s.a1, s.a2)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if math.Abs(want[i]-s.r6[i]) > 1e-6 {
				t.Fatalf("%v: R = %v, core %v", v, s.r6, want)
			}
		}
		b1 := geometry.Vec3{s.r6[0], s.r6[3], s.r6[6]}
		b2 := geometry.Vec3{s.r6[1], s.r6[4], s.r6[7]}
		if d := b1.Dot(s.a1.Normalize()); math.Abs(d-1) > 1e-6 {
			t.Errorf("%v: b1·â1 = %v, want 1", v, d)
		}
		if d := s.a1.Cross(s.a2).Normalize().Dot(b2); math.Abs(d) > 1e-6 {
			t.Errorf("%v: b2 leaves the a1-a2 plane by %v", v, d)
		}
		rt := s.r6.Transpose()
		if d := (geometry.Vec3{rt[0], rt[3], rt[6]}).Dot(s.a1.Normalize()); math.Abs(d-1) < 1e-3 {
			t.Errorf("%v: the pitfall's first column also follows a1 (%v); the example does not show the pitfall", v, d)
		}
	}
}

func TestRotationGolden(t *testing.T) {
	familyGolden(t, "rotations", newRotation(t, Values{"drift": 8, "pitfall_rows": 1}), nil)
}

func BenchmarkScene_rotations(b *testing.B) { benchScene(b, "rotations", nil) }
