package geometry

import (
	"math/rand/v2"
	"testing"

	"dlprep/core"

	"dlprep/internal/benchcpu"
)

// BenchmarkOp_grid_sample samples a 1x3x256x256 image on a jittered
// 256x256 grid (align_corners).
func BenchmarkOp_grid_sample(b *testing.B) {
	const h, w = 256, 256
	r := rand.New(rand.NewPCG(1, 2))
	in, grid := core.New(1, 3, h, w), core.New(1, h, w, 2)
	for i := range in.Data {
		in.Data[i] = r.Float32()
	}
	for i := range grid.Data {
		grid.Data[i] = r.Float32()*2.2 - 1.1
	}
	benchcpu.Loop(b, func() {
		if _, err := GridSample(in, grid, true); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkOp_vectorized_warp warps a 1x3x256x256 image with a rotated and
// translated camera through the op's tensor API.
func BenchmarkOp_vectorized_warp(b *testing.B) {
	const h, w = 256, 256
	r := rand.New(rand.NewPCG(3, 4))
	src, depth := core.New(1, 3, h, w), core.New(1, 1, h, w)
	for i := range src.Data {
		src.Data[i] = r.Float32()
	}
	for i := range depth.Data {
		depth.Data[i] = 2 + r.Float32()
	}
	k := batch3(Intrinsics(230, 230, 127.5, 127.5, 0))
	t12 := batch4(Pose(rotXYZ(0.02, 0.05, -0.01), Vec3{0.1, 0, 0.05}))
	benchcpu.Loop(b, func() {
		if _, _, err := VectorizedWarp(src, depth, k, t12); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkWarpInto is the allocation-free per-frame path the warp scene
// uses (same sizes as BenchmarkOp_vectorized_warp).
func BenchmarkWarpInto(b *testing.B) {
	const h, w = 256, 256
	src, depth := make([]float32, 3*h*w), make([]float32, h*w)
	for i := range depth {
		depth[i] = 2
	}
	warped, mask := make([]float32, 3*h*w), make([]float32, h*w)
	k := Intrinsics(230, 230, 127.5, 127.5, 0)
	kInv, _ := k.Inverse("bench", "K")
	t12 := Pose(rotXYZ(0.02, 0.05, -0.01), Vec3{0.1, 0, 0.05})
	b.ReportAllocs()
	for b.Loop() {
		Warper{}.WarpInto(warped, mask, src, depth, 3, h, w, k, kInv, t12)
	}
}
