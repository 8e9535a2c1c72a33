package geometry

import (
	"math"
	"testing"

	"dlprep/core"
)

// FuzzGeometry drives every geometry op with fuzzed cameras, poses, pixels
// and depths: none may panic, and when an op accepts finite input of
// moderate size (|x| <= 1e4) its outputs must be finite.
func FuzzGeometry(f *testing.F) {
	f.Add(500.0, 480.0, 320.0, 240.0, 0.0, 0.3, -0.2, 0.1, 0.5, 0.1, 1.0, 100.0, 50.0, 2.0, uint8(5), uint8(7))
	f.Add(0.0, 480.0, 320.0, 240.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, uint8(1), uint8(1))
	f.Add(7.0, 6.0, 3.0, 2.0, 0.5, 3.1, 1.5, -2.0, 1e4, -1e4, -2.0, -5.0, 1e3, -1.0, uint8(2), uint8(9))
	f.Fuzz(func(t *testing.T, fx, fy, cx, cy, skew, ax, ay, az, tx, ty, tz, u, v, d float64, hb, wb uint8) {
		vals := []float64{fx, fy, cx, cy, skew, ax, ay, az, tx, ty, tz, u, v, d}
		for _, x := range vals {
			if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e4 {
				return
			}
		}
		k := Intrinsics(fx, fy, cx, cy, skew)
		pose := Pose(rotXYZ(ax, ay, az), Vec3{tx, ty, tz})
		if w, err := DepthToWorld(k, pose, u, v, d); err == nil {
			finiteVec(t, "DepthToWorld", w[:]...)
		}
		if u2, v2, z2, err := WarpPixel(k, pose, u, v, d); err == nil {
			finiteVec(t, "WarpPixel", u2, v2, z2)
		}
		h, w := int(hb%9), int(wb%9)
		src, depth := core.New(2, 2, h, w), core.New(2, 1, h, w)
		for i := range src.Data {
			src.Data[i] = float32(math.Sin(float64(i) + u))
		}
		for i := range depth.Data {
			depth.Data[i] = float32(d + float64(i%3))
		}
		kb, tb := core.New(2, 3, 3), core.New(2, 4, 4)
		for bi := 0; bi < 2; bi++ {
			for i, x := range k {
				kb.Data[9*bi+i] = float32(x)
			}
			for i, x := range pose {
				tb.Data[16*bi+i] = float32(x)
			}
		}
		if warped, mask, err := VectorizedWarp(src, depth, kb, tb); err == nil {
			finiteTensor(t, "VectorizedWarp warped", warped)
			for _, m := range mask.Data {
				if m != 0 && m != 1 {
					t.Fatalf("VectorizedWarp mask value %v, want 0 or 1", m)
				}
			}
		} else if h >= 2 && w >= 2 {
			if _, kerr := k.Inverse("fuzz", "K"); kerr == nil {
				t.Fatalf("VectorizedWarp refused valid input (K %v, %dx%d): %v", k, h, w, err)
			}
		}
		grid := core.New(2, 3, 2, 2)
		for i := range grid.Data {
			grid.Data[i] = float32(vals[i%len(vals)] / 100)
		}
		if y, err := GridSample(src, grid, ax > 0); err == nil {
			finiteTensor(t, "GridSample", y)
		}
		d6 := core.New(2, 6)
		for i := range d6.Data {
			d6.Data[i] = float32(vals[(i+5)%len(vals)])
		}
		if r, err := Rotation6DToMatrix(d6); err == nil {
			finiteTensor(t, "Rotation6DToMatrix", r)
		}
		cols, alphas := core.New(1, 3, 3), core.New(1, 3, 1)
		for i := range cols.Data {
			cols.Data[i] = float32(vals[i])
		}
		for i := range alphas.Data {
			alphas.Data[i] = float32(math.Abs(math.Sin(vals[i+9])))
		}
		if c, tr, err := AlphaComposite(cols, alphas); err != nil {
			t.Fatalf("AlphaComposite refused alphas in [0, 1]: %v", err)
		} else {
			finiteTensor(t, "AlphaComposite color", c)
			finiteTensor(t, "AlphaComposite transmittance", tr)
		}
		rots := core.New(2, 3, 3)
		for i, x := range rotXYZ(ax, ay, az) {
			rots.Data[i], rots.Data[9+i] = float32(x), float32(x)
		}
		if pc, err := IsPathClosed(rots, 1e-6); err != nil || math.IsNaN(pc.AngleDeg) || math.IsNaN(pc.Error) {
			t.Fatalf("IsPathClosed: %+v, %v", pc, err)
		}
	})
}

func finiteVec(t *testing.T, op string, xs ...float64) {
	t.Helper()
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			t.Fatalf("%s returned non-finite %v", op, xs)
		}
	}
}

func finiteTensor(t *testing.T, op string, x *core.Tensor) {
	t.Helper()
	if err := core.CheckFinite(op, "output", x); err != nil {
		t.Fatal(err)
	}
}
