package geometry

import (
	"fmt"

	"dlprep/core"
)

// projEps is added to the projected z before dividing (OPS.md
// vectorized_warp), as problem 016's code does to avoid dividing by zero.
const projEps = 1e-7

// WarpPixel is problem 015: back-project pixel (u1, v1) of frame 1 at depth
// d1, move the point with T_1_to_2 and project it into frame 2. It returns
// the frame-2 pixel and the point's camera-space z in frame 2.
func WarpPixel(k Mat3, t12 Mat4, u1, v1, d1 float64) (u2, v2, z2 float64, err error) {
	const op = "warp_pixel"
	if err := finite(op, "u1", u1, "v1", v1, "d1", d1); err != nil {
		return 0, 0, 0, err
	}
	kInv, err := k.Inverse(op, "K")
	if err != nil {
		return 0, 0, 0, err
	}
	if err := finiteMat(op, "T_1_to_2", t12[:]); err != nil {
		return 0, 0, 0, err
	}
	p2 := t12.Apply(kInv.MulVec(Vec3{u1, v1, 1}).Scale(d1))
	q := k.MulVec(p2)
	if q[2] == 0 {
		return 0, 0, 0, fmt.Errorf("%s: pixel (%v, %v) at depth %v lands on frame 2's camera plane (z = 0), it has no projection", op, u1, v1, d1)
	}
	return q[0] / q[2], q[1] / q[2], p2[2], nil
}

func finiteMat(op, name string, m []float64) error {
	for i, v := range m {
		if v != v || v-v != 0 {
			return fmt.Errorf("%s: %s holds a non-finite value (%v at flat index %d)", op, name, v, i)
		}
	}
	return nil
}

// Warper warps images between two views of a pinhole camera (problem 016).
// The zero value is the correct warper; Buggy reproduces the problem's
// pitfall for the warp scene.
type Warper struct {
	// BuggyMeshgrid builds the pixel grid like meshgrid(arange(H),
	// arange(W), indexing='xy') flattened, which gives flat pixel k the
	// coordinates (k mod H, k div H) instead of (k mod W, k div W): u and v
	// are mixed up, invisible when H = W.
	BuggyMeshgrid bool
}

// PixelOfIndex returns the (u, v) the warper assigns to the k-th pixel of a
// row-major h x w image: the correct (k mod w, k div w), or the buggy
// meshgrid's (k mod h, k div h).
func (wp Warper) PixelOfIndex(k, h, w int) (u, v int) {
	if wp.BuggyMeshgrid {
		return k % h, k / h
	}
	return k % w, k / w
}

// WarpInto warps one [C,H,W] image. For every pixel p of the target view
// with depth depth[p], it back-projects p, moves the point with t12
// ([R t] in the 4x4), projects it with K (z + 1e-7 before dividing),
// normalises to [-1, 1] and samples src there bilinearly (zeros,
// align_corners). mask[p] is 1 when both normalised coordinates lie in
// [-1, 1]. warped has C·H·W values, mask and depth H·W; nothing allocates.
func (wp Warper) WarpInto(warped, mask, src, depth []float32, c, h, w int, k, kInv Mat3, t12 Mat4) {
	// K·(R·(d·K⁻¹ p) + t) = d·(K R K⁻¹) p + K t.
	m := k.Mul(t12.Rotation()).Mul(kInv)
	off := k.MulVec(t12.Translation())
	s := Sampler{H: h, W: w, AlignCorners: true}
	plane := h * w
	sx, sy := 2/float64(w-1), 2/float64(h-1)
	period := w // PixelOfIndex's modulus
	if wp.BuggyMeshgrid {
		period = h
	}
	// Coordinates go through a stack buffer a chunk at a time so the
	// sampler can take them eight at a time (sampleGrid8).
	const chunk = 256
	var g [2 * chunk]float32
	for idx0 := 0; idx0 < plane; idx0 += chunk {
		n := min(chunk, plane-idx0)
		ui, vi := wp.PixelOfIndex(idx0, h, w)
		dep, msk := depth[idx0:idx0+n], mask[idx0:idx0+n]
		for i, dv := range dep {
			u, v, d := float64(ui), float64(vi), float64(dv)
			qx := d*(m[0]*u+m[1]*v+m[2]) + off[0]
			qy := d*(m[3]*u+m[4]*v+m[5]) + off[1]
			qz := d*(m[6]*u+m[7]*v+m[8]) + off[2] + projEps
			nx := float32(qx/qz*sx - 1)
			ny := float32(qy/qz*sy - 1)
			if nx >= -1 && nx <= 1 && ny >= -1 && ny <= 1 {
				msk[i] = 1
			} else {
				msk[i] = 0
			}
			g[2*i], g[2*i+1] = nx, ny
			if ui++; ui == period {
				ui, vi = 0, vi+1
			}
		}
		dst := warped[idx0:]
		for p := s.sampleGrid8(dst, plane, src, c, g[:2*n], n); p < n; p++ {
			s.Sample(dst[p:], plane, src, c, g[2*p], g[2*p+1])
		}
	}
}

// VectorizedWarp is the vectorized_warp op: src_img [B,C,H,W] seen from
// view 2 is resampled into view 1 using view 1's depth [B,1,H,W], K
// [B,3,3] and T_1_to_2 [B,4,4]. It returns warped [B,C,H,W] and the
// validity mask [B,1,H,W] (0 or 1).
func VectorizedWarp(src, depth, k, t12 *core.Tensor) (warped, mask *core.Tensor, err error) {
	const op = "vectorized_warp"
	if err := core.CheckShape(op, "src_img", src, "[B,C,H,W]", -1, -1, -1, -1); err != nil {
		return nil, nil, err
	}
	b, c, h, w := src.Shape[0], src.Shape[1], src.Shape[2], src.Shape[3]
	if err := core.CheckShape(op, "depth", depth, "[B,1,H,W]", b, 1, h, w); err != nil {
		return nil, nil, err
	}
	if err := core.CheckShape(op, "K", k, "[B,3,3]", b, 3, 3); err != nil {
		return nil, nil, err
	}
	if err := core.CheckShape(op, "T_1_to_2", t12, "[B,4,4]", b, 4, 4); err != nil {
		return nil, nil, err
	}
	if h < 2 || w < 2 {
		return nil, nil, fmt.Errorf("%s: H=%d and W=%d must both be at least 2 (coordinates are normalised by H-1 and W-1)", op, h, w)
	}
	for _, in := range []struct {
		name string
		t    *core.Tensor
	}{{"src_img", src}, {"depth", depth}, {"T_1_to_2", t12}} {
		if err := core.CheckFinite(op, in.name, in.t); err != nil {
			return nil, nil, err
		}
	}
	if c == 0 {
		return nil, nil, fmt.Errorf("%s: src_img has no channels (C=0)", op)
	}
	if err := core.CheckBudget(op, core.Items("inverse intrinsics", 72, b), core.Float32s("warped", b, c, h, w), core.Float32s("mask", b, 1, h, w)); err != nil {
		return nil, nil, err
	}
	kInvs := make([]Mat3, b)
	for bi := range kInvs {
		if kInvs[bi], err = mat3At(k.Data, 9*bi).Inverse(op, fmt.Sprintf("K[%d]", bi)); err != nil {
			return nil, nil, err
		}
	}
	warped = core.New(b, c, h, w)
	mask = core.New(b, 1, h, w)
	plane := h * w
	var wp Warper
	for bi := 0; bi < b; bi++ {
		wp.WarpInto(warped.Data[bi*c*plane:(bi+1)*c*plane], mask.Data[bi*plane:(bi+1)*plane],
			src.Data[bi*c*plane:(bi+1)*c*plane], depth.Data[bi*plane:(bi+1)*plane],
			c, h, w, mat3At(k.Data, 9*bi), kInvs[bi], mat4At(t12.Data, 16*bi))
	}
	return warped, mask, nil
}

// PixelWarp is one pixel's trip from frame 1 to frame 2 (problem 015), with
// the intermediate values the warp scene draws.
type PixelWarp struct {
	// P1 is the point in camera-1 space, d1·K⁻¹ (u1, v1, 1).
	P1 Vec3
	// P2 is the point in camera-2 space, R P1 + t.
	P2 Vec3
	// U2, V2 is the frame-2 pixel, (K P2) divided by its z.
	U2, V2 float64
	// Z2 is P2's depth in frame 2.
	Z2 float64
	// Undivided is (K P2) without the division by z: problem 015's pitfall,
	// off by the factor Z2.
	Undivided [2]float64
	// InView is Z2 > 0 and (U2, V2) inside the w x h frame (edge pixel
	// centres included).
	InView bool
}

// TracePixelWarp is WarpPixel with its intermediate values, for a frame of
// w x h pixels.
func TracePixelWarp(k Mat3, t12 Mat4, u1, v1, d1 float64, w, h int) (PixelWarp, error) {
	u2, v2, z2, err := WarpPixel(k, t12, u1, v1, d1)
	if err != nil {
		return PixelWarp{}, err
	}
	kInv, _ := k.Inverse("warp_pixel", "K") // WarpPixel checked it
	p1 := kInv.MulVec(Vec3{u1, v1, 1}).Scale(d1)
	p2 := t12.Apply(p1)
	q := k.MulVec(p2)
	return PixelWarp{P1: p1, P2: p2, U2: u2, V2: v2, Z2: z2, Undivided: [2]float64{q[0], q[1]},
		InView: z2 > 0 && u2 >= 0 && u2 <= float64(w-1) && v2 >= 0 && v2 <= float64(h-1)}, nil
}
