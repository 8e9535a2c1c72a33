package geometry

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlprep/core"
)

// The composite trace ends at AlphaComposite's colour, bit for bit, and
// its weights are α_i T_i; each running colour adds one layer.
func TestCompositeStepsEndAtAlphaComposite(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, tc := range []struct{ b, n int }{{1, 1}, {1, 6}, {3, 9}} {
		colors, alphas := core.New(tc.b, tc.n, 3), core.New(tc.b, tc.n, 1)
		for i := range colors.Data {
			colors.Data[i] = rng.Float32()
		}
		for i := range alphas.Data {
			alphas.Data[i] = rng.Float32()
		}
		alphas.Data[0] = 1 // an opaque front sample
		rgb, trans, err := AlphaComposite(colors, alphas)
		if err != nil {
			t.Fatal(err)
		}
		w, run, err := CompositeSteps(colors, alphas, trans)
		if err != nil {
			t.Fatal(err)
		}
		for bi := 0; bi < tc.b; bi++ {
			for ch := 0; ch < 3; ch++ {
				if got, want := run.Data[3*(bi*tc.n+tc.n-1)+ch], rgb.Data[3*bi+ch]; got != want {
					t.Fatalf("%v: ray %d channel %d: last running colour %v, AlphaComposite %v", tc, bi, ch, got, want)
				}
			}
			for i := 0; i < tc.n; i++ {
				k := bi*tc.n + i
				if got, want := w.Data[k], alphas.Data[k]*trans.Data[k]; got != want {
					t.Fatalf("%v: weight %d = %v, want α T = %v", tc, k, got, want)
				}
			}
		}
	}
	if _, _, err := CompositeSteps(core.New(1, 2, 3), core.New(1, 3, 1), core.New(1, 2, 1)); err == nil {
		t.Fatal("mismatched opacities accepted")
	}
}

// The 6-D trace's vectors are the columns of RotationFrom6D's matrix, and
// the orthogonal part is orthogonal to b1.
func TestTraceRotation6D(t *testing.T) {
	for _, tc := range []struct{ a1, a2 Vec3 }{
		{Vec3{1, 0, 0}, Vec3{0, 1, 0}},
		{Vec3{1.2, 0.3, -0.4}, Vec3{0.7, 1.1, 0.5}},
		{Vec3{-2, 1, 3}, Vec3{1, 1, 1}},
	} {
		tr, err := TraceRotation6D(tc.a1, tc.a2)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := RotationFrom6D(tc.a1, tc.a2)
		if tr.R != r {
			t.Fatalf("%v: R %v, RotationFrom6D %v", tc, tr.R, r)
		}
		for i, b := range []Vec3{tr.B1, tr.B2, tr.B3} {
			for row := range 3 {
				if math.Abs(b[row]-r[3*row+i]) > 1e-15 {
					t.Fatalf("%v: b%d = %v is not column %d of %v", tc, i+1, b, i, r)
				}
			}
		}
		if d := tr.Ortho.Dot(tr.B1); math.Abs(d) > 1e-12 {
			t.Fatalf("%v: a2 − proj · b1 = %v, want 0", tc, d)
		}
		if got := tr.Proj.Add(tr.Ortho); got.Sub(tc.a2).Norm() > 1e-12 {
			t.Fatalf("%v: proj + ortho = %v, want a2", tc, got)
		}
	}
	if _, err := TraceRotation6D(Vec3{1, 0, 0}, Vec3{2, 0, 0}); err == nil {
		t.Fatal("parallel a1, a2 accepted")
	}
}

// The loop's running products start at I and end at ComposeLoop's total.
func TestLoopPartialsEndAtComposeLoop(t *testing.T) {
	rs := make([]Mat3, 5)
	for i := range rs {
		rs[i] = axisAngle(Vec3{float64(i), 1, 2}.Normalize(), 0.3*float64(i+1))
	}
	ps := LoopPartials(rs)
	if len(ps) != 6 || ps[0] != (Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}) {
		t.Fatalf("partials %v", ps)
	}
	if want := ComposeLoop(rs, 1e-6).Total; ps[5] != want {
		t.Fatalf("last partial %v, ComposeLoop %v", ps[5], want)
	}
}

// axisAngle is Rodrigues' rotation, for the tests.
func axisAngle(a Vec3, th float64) Mat3 {
	c, s, v := math.Cos(th), math.Sin(th), 1-math.Cos(th)
	x, y, z := a[0], a[1], a[2]
	return Mat3{c + x*x*v, x*y*v - z*s, x*z*v + y*s, y*x*v + z*s, c + y*y*v, y*z*v - x*s, z*x*v - y*s, z*y*v + x*s, c + z*z*v}
}

// Sampling the source on Grid gives VectorizedWarp's image and mask, for
// square and non-square images.
func TestWarperGridIsVectorizedWarp(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for _, sz := range [][2]int{{6, 6}, {5, 8}, {9, 4}} {
		h, w := sz[0], sz[1]
		src, depth := core.New(1, 2, h, w), core.New(1, 1, h, w)
		for i := range src.Data {
			src.Data[i] = rng.Float32()
		}
		for i := range depth.Data {
			depth.Data[i] = 1 + rng.Float32()
		}
		k := Intrinsics(float64(w), float64(w), float64(w-1)/2, float64(h-1)/2, 0)
		t12 := Pose(axisAngle(Vec3{0, 1, 0}, 0.1), Vec3{0.1, 0.05, 0})
		kt, t4 := core.New(1, 3, 3), core.New(1, 4, 4)
		for i, v := range k {
			kt.Data[i] = float32(v)
		}
		for i, v := range t12 {
			t4.Data[i] = float32(v)
		}
		// The op reads K and T as float32: the grid must see the same.
		k32, t32 := mat3At(kt.Data, 0), mat4At(t4.Data, 0)
		warped, mask, err := VectorizedWarp(src, depth, kt, t4)
		if err != nil {
			t.Fatal(err)
		}
		grid, err := Warper{}.Grid(depth.Data, h, w, k32, t32)
		if err != nil {
			t.Fatal(err)
		}
		got, err := GridSample(src, grid, true)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got.Data {
			if math.Abs(float64(got.Data[i]-warped.Data[i])) > 1e-6 {
				t.Fatalf("%dx%d: sample %d = %v, VectorizedWarp %v", h, w, i, got.Data[i], warped.Data[i])
			}
		}
		for i := range mask.Data {
			x, y := grid.Data[2*i], grid.Data[2*i+1]
			in := float32(0)
			if x >= -1 && x <= 1 && y >= -1 && y <= 1 {
				in = 1
			}
			if in != mask.Data[i] {
				t.Fatalf("%dx%d: pixel %d grid (%v, %v) gives mask %v, VectorizedWarp %v", h, w, i, x, y, in, mask.Data[i])
			}
		}
	}
	if _, err := (Warper{}).Grid(make([]float32, 3), 1, 3, Intrinsics(1, 1, 0, 0, 0), Identity4()); err == nil {
		t.Fatal("a 1-row grid accepted")
	}
}
