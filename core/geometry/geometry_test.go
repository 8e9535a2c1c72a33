package geometry

import (
	"math"
	"math/rand/v2"
	"testing"

	"dlprep/core"
)

func rotXYZ(ax, ay, az float64) Mat3 {
	cx, sx := math.Cos(ax), math.Sin(ax)
	cy, sy := math.Cos(ay), math.Sin(ay)
	cz, sz := math.Cos(az), math.Sin(az)
	rx := Mat3{1, 0, 0, 0, cx, -sx, 0, sx, cx}
	ry := Mat3{cy, 0, sy, 0, 1, 0, -sy, 0, cy}
	rz := Mat3{cz, -sz, 0, sz, cz, 0, 0, 0, 1}
	return rz.Mul(ry).Mul(rx)
}

// TestDepthToWorldProjectsBack checks problem 014 through its inverse: the
// world point of (u, v, d) projects back to (u, v) at depth d, also with a
// skewed K and a rotated, translated pose; and the pitfall (using T instead
// of T⁻¹) gives a different point.
func TestDepthToWorldProjectsBack(t *testing.T) {
	k := Intrinsics(420, 400, 150.5, 98.25, 3.5)
	pose := Pose(rotXYZ(0.2, -0.5, 0.1), Vec3{0.3, -0.2, 1.5})
	cam, err := NewCamera("test", k, pose)
	if err != nil {
		t.Fatal(err)
	}
	for _, px := range [][3]float64{{0, 0, 1}, {33, 170.5, 3.75}, {299, 5, 0.5}} {
		w, err := DepthToWorld(k, pose, px[0], px[1], px[2])
		if err != nil {
			t.Fatal(err)
		}
		u, v, z, ok := cam.Project(w)
		if !ok || math.Abs(u-px[0]) > 1e-9 || math.Abs(v-px[1]) > 1e-9 || math.Abs(z-px[2]) > 1e-9 {
			t.Errorf("pixel %v: world %v projects to (%v, %v) z=%v", px, w, u, v, z)
		}
		wrong := pose.Apply(cam.Unproject(px[0], px[1], px[2]).CamPoint)
		if wrong.Sub(w).Norm() < 1e-3 {
			t.Errorf("pixel %v: applying T instead of T⁻¹ gives the same point %v", px, w)
		}
	}
	r := cam.Unproject(33, 170.5, 3.75)
	if math.Abs(r.World.Sub(r.Origin).Normalize().Dot(r.WorldDir)-1) > 1e-12 || r.CamPoint[2] != 3.75 || r.Dir[2] != 1 {
		t.Errorf("Unproject ray %+v: world point not on the ray, or camera z not the depth", r)
	}
}

// rampImage is a [1,2,h,w] image whose channel 0 is the column index and
// channel 1 the row index: bilinear sampling of it returns the sample
// position exactly, which exposes the warp's sampling grid.
func rampImage(h, w int) *core.Tensor {
	img := core.New(1, 2, h, w)
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			img.Data[v*w+u] = float32(u)
			img.Data[h*w+v*w+u] = float32(v)
		}
	}
	return img
}

func batch3(m Mat3) *core.Tensor {
	t := core.New(1, 3, 3)
	for i, v := range m {
		t.Data[i] = float32(v)
	}
	return t
}

func batch4(m Mat4) *core.Tensor {
	t := core.New(1, 4, 4)
	for i, v := range m {
		t.Data[i] = float32(v)
	}
	return t
}

// TestVectorizedWarpSamplesWhereWarpPixelSays warps the ramp image of a
// non-square frame: wherever the mask is set, the sample must come from the
// frame-2 pixel that WarpPixel computes, with u the column and v the row.
// The buggy meshgrid grid, on the same frame, must get it wrong.
func TestVectorizedWarpSamplesWhereWarpPixelSays(t *testing.T) {
	const h, w = 6, 11
	k := Intrinsics(9, 8.5, 5.2, 2.4, 0.3)
	t12 := Pose(rotXYZ(0.03, 0.06, -0.02), Vec3{0.05, -0.02, 0.1})
	depth := core.New(1, 1, h, w)
	r := rand.New(rand.NewPCG(1, 1))
	for i := range depth.Data {
		depth.Data[i] = 1.5 + r.Float32()
	}
	src := rampImage(h, w)
	warped, mask, err := VectorizedWarp(src, depth, batch3(k), batch4(t12))
	if err != nil {
		t.Fatal(err)
	}
	masked := 0
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			i := v*w + u
			u2, v2, _, err := WarpPixel(k, t12, float64(u), float64(v), float64(depth.Data[i]))
			if err != nil {
				t.Fatal(err)
			}
			inside := u2 >= 0 && u2 <= w-1 && v2 >= 0 && v2 <= h-1
			if (mask.Data[i] == 1) != inside {
				t.Errorf("pixel (%d,%d): mask %v but WarpPixel gives (%v, %v)", u, v, mask.Data[i], u2, v2)
			}
			if mask.Data[i] == 0 {
				continue
			}
			masked++
			gu, gv := float64(warped.Data[i]), float64(warped.Data[h*w+i])
			if math.Abs(gu-u2) > 1e-4 || math.Abs(gv-v2) > 1e-4 {
				t.Errorf("pixel (%d,%d): sampled at (%v, %v), WarpPixel says (%v, %v)", u, v, gu, gv, u2, v2)
			}
		}
	}
	if masked < h*w/2 {
		t.Fatalf("only %d of %d pixels masked: the test checks too little", masked, h*w)
	}

	// The pitfall: same frame, grid from meshgrid 'xy'.
	bad := Warper{BuggyMeshgrid: true}
	bw, bm := make([]float32, 2*h*w), make([]float32, h*w)
	kInv, _ := k.Inverse("test", "K")
	bad.WarpInto(bw, bm, src.Data, depth.Data, 2, h, w, k, kInv, t12)
	differ := 0
	for i := range bw {
		if math.Abs(float64(bw[i]-warped.Data[i])) > 1e-3 {
			differ++
		}
	}
	if differ < h*w/2 {
		t.Errorf("buggy meshgrid differs from the correct warp at only %d of %d values on a %dx%d frame", differ, 2*h*w, h, w)
	}
}

// TestBuggyMeshgridInvisibleWhenSquare shows why the pitfall survives
// testing on square images: there both grids are the same.
func TestBuggyMeshgridInvisibleWhenSquare(t *testing.T) {
	for k := 0; k < 25; k++ {
		gu, gv := Warper{}.PixelOfIndex(k, 5, 5)
		bu, bv := Warper{BuggyMeshgrid: true}.PixelOfIndex(k, 5, 5)
		if gu != bu || gv != bv {
			t.Errorf("5x5 pixel %d: correct (%d,%d), buggy (%d,%d)", k, gu, gv, bu, bv)
		}
	}
	if u, v := (Warper{BuggyMeshgrid: true}).PixelOfIndex(7, 2, 5); u != 1 || v != 3 {
		t.Errorf("buggy 2x5 pixel 7 = (%d,%d), want (1,3), the swapped grid", u, v)
	}
}

func TestGridSampleIdentityGrid(t *testing.T) {
	const h, w = 4, 7
	in := core.New(2, 3, h, w)
	for i := range in.Data {
		in.Data[i] = float32(i%13) - 4
	}
	grid := core.New(2, h, w, 2)
	for b := 0; b < 2; b++ {
		for v := 0; v < h; v++ {
			for u := 0; u < w; u++ {
				g := grid.Data[((b*h+v)*w+u)*2:]
				g[0], g[1] = 2*float32(u)/(w-1)-1, 2*float32(v)/(h-1)-1
			}
		}
	}
	out, err := GridSample(in, grid, true)
	if err != nil {
		t.Fatal(err)
	}
	for i := range in.Data {
		if math.Abs(float64(out.Data[i]-in.Data[i])) > 1e-5 {
			t.Fatalf("identity grid: y[%d] = %v, want %v", i, out.Data[i], in.Data[i])
		}
	}
}

// TestAlphaCompositeProperties: T_1 = 1, transmittance non-increasing and
// equal to the exclusive product, colour a convex-like blend (each channel
// at most the largest sample colour).
func TestAlphaCompositeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const b, n = 8, 12
	colors, alphas := core.New(b, n, 3), core.New(b, n, 1)
	for i := range colors.Data {
		colors.Data[i] = r.Float32()
	}
	for i := range alphas.Data {
		alphas.Data[i] = r.Float32()
		if i%5 == 0 {
			alphas.Data[i] = float32(i % 2) // exact 0 and 1
		}
	}
	col, tr, err := AlphaComposite(colors, alphas)
	if err != nil {
		t.Fatal(err)
	}
	for bi := 0; bi < b; bi++ {
		prod := 1.0
		for i := 0; i < n; i++ {
			got := tr.Data[bi*n+i]
			if math.Abs(float64(got)-prod) > 1e-6 {
				t.Errorf("ray %d sample %d: T = %v, want exclusive product %v", bi, i, got, prod)
			}
			if i > 0 && got > tr.Data[bi*n+i-1] {
				t.Errorf("ray %d: T increases at %d: %v > %v", bi, i, got, tr.Data[bi*n+i-1])
			}
			prod *= 1 - float64(alphas.Data[bi*n+i])
		}
		for c := 0; c < 3; c++ {
			if v := col.Data[3*bi+c]; v < 0 || v > 1+1e-6 {
				t.Errorf("ray %d channel %d: colour %v outside [0, 1]", bi, c, v)
			}
		}
	}
	// Front to back: an opaque first sample hides everything behind it.
	c1, _, _ := AlphaComposite(&core.Tensor{Shape: []int{1, 2, 3}, Data: []float32{1, 0, 0, 0, 1, 0}},
		&core.Tensor{Shape: []int{1, 2, 1}, Data: []float32{1, 1}})
	if c1.Data[0] != 1 || c1.Data[1] != 0 {
		t.Errorf("opaque red in front of green: got %v, want [1 0 0]", c1.Data)
	}
}

func TestRotation6DProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const b = 200
	d6 := core.New(b, 6)
	for i := range d6.Data {
		d6.Data[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(5)-2)))
	}
	rm, err := Rotation6DToMatrix(d6)
	if err != nil {
		t.Fatal(err)
	}
	for bi := 0; bi < b; bi++ {
		var m Mat3
		for i := range m {
			m[i] = float64(rm.Data[9*bi+i])
		}
		p := m.Transpose().Mul(m)
		for i, v := range p {
			want := 0.0
			if i%4 == 0 {
				want = 1
			}
			if math.Abs(v-want) > 1e-5 {
				t.Fatalf("row %d: RᵀR[%d] = %v, want %v (R = %v)", bi, i, v, want, m)
			}
		}
		if det := m.Det(); math.Abs(det-1) > 1e-5 {
			t.Fatalf("row %d: det R = %v, want +1", bi, det)
		}
		// The first COLUMN is a1 normalised (PyTorch3D's rows would put it
		// in the first row).
		a1 := Vec3{float64(d6.Data[6*bi]), float64(d6.Data[6*bi+1]), float64(d6.Data[6*bi+2])}.Normalize()
		if (Vec3{m[0], m[3], m[6]}).Sub(a1).Norm() > 1e-5 {
			t.Fatalf("row %d: first column %v, want a1/|a1| = %v", bi, Vec3{m[0], m[3], m[6]}, a1)
		}
	}
}

// TestPathClosureOrder: a loop closes only when each rotation multiplies on
// the left; reversing the order of two non-commuting steps opens it.
func TestPathClosureOrder(t *testing.T) {
	a, b := rotXYZ(0.5, 0, 0.3), rotXYZ(0, 0.8, 0)
	closing := b.Mul(a).Transpose()
	if got := ComposeLoop([]Mat3{a, b, closing}, 1e-9); !got.Closed || got.AngleDeg > 1e-6 {
		t.Errorf("loop a, b, (ba)ᵀ: got %+v, want closed", got)
	}
	if got := ComposeLoop([]Mat3{b, a, closing}, 1e-9); got.Closed || got.Error < 0.1 {
		t.Errorf("loop b, a, (ba)ᵀ: got %+v, want open", got)
	}
	half := ComposeLoop([]Mat3{rotXYZ(0, 0, math.Pi/2), rotXYZ(0, 0, math.Pi/2)}, 1e-6)
	if math.Abs(half.AngleDeg-180) > 1e-9 || math.Abs(half.Error-2*math.Sqrt2) > 1e-9 {
		t.Errorf("two quarter turns: angle %v error %v, want 180 and 2√2", half.AngleDeg, half.Error)
	}
}

func TestTracePixelWarp(t *testing.T) {
	k := Intrinsics(100, 100, 50, 40, 0)
	t12 := Pose(rotXYZ(0, 0.1, 0), Vec3{0.2, 0, 0.1})
	pw, err := TracePixelWarp(k, t12, 30, 20, 4, 101, 81)
	if err != nil {
		t.Fatal(err)
	}
	u2, v2, z2, _ := WarpPixel(k, t12, 30, 20, 4)
	if pw.U2 != u2 || pw.V2 != v2 || pw.Z2 != z2 || !pw.InView || pw.P1[2] != 4 {
		t.Errorf("trace %+v disagrees with WarpPixel (%v, %v, %v) or is not in view", pw, u2, v2, z2)
	}
	if math.Abs(pw.Undivided[0]-u2*z2) > 1e-9 || math.Abs(pw.Undivided[1]-v2*z2) > 1e-9 {
		t.Errorf("undivided %v, want (u2, v2)·z2 = (%v, %v)", pw.Undivided, u2*z2, v2*z2)
	}
	if _, err := TracePixelWarp(k, Pose(rotXYZ(0, 0, 0), Vec3{0, 0, -4}), 30, 20, 4, 101, 81); err == nil {
		t.Errorf("point landing on the camera plane: got no error")
	}
}
