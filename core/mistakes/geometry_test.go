package mistakes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/geometry"
)

func TestCompositeUnshifted(t *testing.T) {
	// Red at α = 0.5 in front of opaque green.
	colors := tensor(t, f32(1, 0, 0, 0, 1, 0), 1, 2, 3)
	alphas := tensor(t, f32(0.5, 1), 1, 2, 1)
	c, tr, err := CompositeUnshifted(colors, alphas)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "transmittance", tr.Data, f32(0.5, 0), 0)
	mustNear(t, "color", c.Data, f32(0.25, 0, 0), 1e-7)
	rc, rtr, err := geometry.AlphaComposite(colors, alphas)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "right transmittance", rtr.Data, f32(1, 0.5), 0)
	mustNear(t, "right color", rc.Data, f32(0.5, 0.5, 0), 1e-7)
	if _, _, err := CompositeUnshifted(colors, tensor(t, f32(0.5, 2), 1, 2, 1)); err == nil {
		t.Error("an opacity of 2 must be an error")
	}
}

func TestExtrinsicNotInverted(t *testing.T) {
	k := geometry.Intrinsics(1, 1, 0, 0, 0)
	worldToCam := geometry.Pose(geometry.Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}, geometry.Vec3{1, 2, 3})
	// Pixel (0.5, 0) at depth 2 is camera point (1, 0, 2): the world point
	// is p − t = (0, −2, −1); applying T instead gives p + t = (2, 2, 5).
	got, err := DepthToWorldNotInverted(k, worldToCam, 0.5, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	right, err := geometry.DepthToWorld(k, worldToCam, 0.5, 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{2, 2, 5} {
		if math.Abs(got[i]-want) > 1e-12 {
			t.Errorf("not inverted: got %v, want (2, 2, 5)", got)
			break
		}
	}
	for i, want := range []float64{0, -2, -1} {
		if math.Abs(right[i]-want) > 1e-12 {
			t.Errorf("right: got %v, want (0, -2, -1)", right)
			break
		}
	}
	depth := tensor(t, f32(2, 1), 1, 2)
	pts, err := UnprojectDepthNotInverted(depth, k, worldToCam)
	if err != nil {
		t.Fatal(err)
	}
	// Pixels (0, 0) at depth 2 and (1, 0) at depth 1.
	mustNear(t, "unproject not inverted", pts.Data, f32(1, 2, 5, 2, 2, 4), 1e-6)
	if _, err := DepthToWorldNotInverted(k, geometry.Mat4{}, 0, 0, 1); err == nil {
		t.Error("a singular extrinsic must be an error")
	}
}

func TestWarpPixelUndivided(t *testing.T) {
	k := geometry.Intrinsics(1, 1, 0, 0, 0)
	t12 := geometry.Pose(geometry.Mat3{1, 0, 0, 0, 1, 0, 0, 0, 1}, geometry.Vec3{0, 0, 1})
	// P1 = (1, 2, 1), P2 = (1, 2, 2): the pixel is (0.5, 1); undivided (1, 2).
	u, v, z, err := WarpPixelUndivided(k, t12, 1, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	if u != 1 || v != 2 || z != 2 {
		t.Errorf("undivided: got (%v, %v, z %v), want (1, 2, z 2)", u, v, z)
	}
	ru, rv, rz, _ := geometry.WarpPixel(k, t12, 1, 2, 1)
	if ru != 0.5 || rv != 1 || rz != 2 {
		t.Errorf("right: got (%v, %v, z %v), want (0.5, 1, z 2)", ru, rv, rz)
	}
}

func TestVectorizedWarpUVSwap(t *testing.T) {
	ident := func(b int) (*core.Tensor, *core.Tensor) {
		k, t12 := core.New(b, 3, 3), core.New(b, 4, 4)
		for i := 0; i < b; i++ {
			for d := 0; d < 3; d++ {
				k.Data[9*i+4*d] = 1
			}
			for d := 0; d < 4; d++ {
				t12.Data[16*i+5*d] = 1
			}
		}
		return k, t12
	}
	k, t12 := ident(1)
	// H = 2, W = 3 with an identity pose: the right warp returns the image;
	// the swapped grid reads pixel k at (k mod 2, k div 2), so the last two
	// pixels fall off the bottom (v = 2).
	src := tensor(t, f32(1, 2, 3, 4, 5, 6), 1, 1, 2, 3)
	depth := tensor(t, f32(1, 1, 1, 1, 1, 1), 1, 1, 2, 3)
	warped, mask, err := VectorizedWarpUVSwap(src, depth, k, t12)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "warped", warped.Data, f32(1, 2, 4, 5, 0, 0), 1e-5)
	mustNear(t, "mask", mask.Data, f32(1, 1, 1, 1, 0, 0), 0)
	right, rmask, err := geometry.VectorizedWarp(src, depth, k, t12)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "right warp", right.Data, src.Data, 1e-5)
	mustNear(t, "right mask", rmask.Data, f32(1, 1, 1, 1, 1, 1), 0)
	// Square images hide it.
	sq := tensor(t, f32(1, 2, 3, 4), 1, 1, 2, 2)
	d2 := tensor(t, f32(1, 1, 1, 1), 1, 1, 2, 2)
	a, _, _ := VectorizedWarpUVSwap(sq, d2, k, t12)
	b, _, _ := geometry.VectorizedWarp(sq, d2, k, t12)
	mustNear(t, "square", a.Data, b.Data, 0)
}

func TestRotation6DRows(t *testing.T) {
	// a1 = y, a2 = −x: b1 = y, b2 = −x, b3 = z.
	d6 := tensor(t, f32(0, 1, 0, -1, 0, 0), 1, 6)
	got, err := Rotation6DRows(d6)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "rows", got.Data, f32(0, 1, 0, -1, 0, 0, 0, 0, 1), 1e-7)
	right, _ := geometry.Rotation6DToMatrix(d6)
	mustNear(t, "columns", right.Data, f32(0, -1, 0, 1, 0, 0, 0, 0, 1), 1e-7)
	if _, err := Rotation6DRows(tensor(t, f32(0, 0, 0, 1, 0, 0), 1, 6)); err == nil {
		t.Error("a zero a1 must be an error")
	}
}

func TestPathReversed(t *testing.T) {
	rz := geometry.Mat3{0, -1, 0, 1, 0, 0, 0, 0, 1} // 90° about z
	rx := geometry.Mat3{1, 0, 0, 0, 0, -1, 0, 1, 0} // 90° about x
	rots := core.New(2, 3, 3)
	for i := range rz {
		rots.Data[i], rots.Data[9+i] = float32(rz[i]), float32(rx[i])
	}
	got, err := PathReversed(rots, 1e-6)
	if err != nil {
		t.Fatal(err)
	}
	right, _ := geometry.IsPathClosed(rots, 1e-6)
	if got.Total != rz.Mul(rx) {
		t.Errorf("reversed total %v, want R_0 R_1 = %v", got.Total, rz.Mul(rx))
	}
	if right.Total != rx.Mul(rz) || got.Total == right.Total {
		t.Errorf("right total %v should be R_1 R_0 = %v and differ from %v", right.Total, rx.Mul(rz), got.Total)
	}
	// The two products are conjugate rotations: same angle.
	if math.Abs(got.AngleDeg-right.AngleDeg) > 1e-9 {
		t.Errorf("angles %v and %v should agree", got.AngleDeg, right.AngleDeg)
	}
}
