package attention

import (
	"testing"

	"dlprep/core"
	"dlprep/internal/benchcpu"
)

// reportFlops adds a GFLOP/s metric from the multiply-adds one op performs.
func reportFlops(b *testing.B, run func()) {
	core.ResetMulAdds()
	run()
	flops := float64(2 * core.MulAdds())
	benchcpu.Loop(b, run)
	b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// ViT-B/16 self-attention: 197 tokens, D=768, 12 heads.
func BenchmarkOp_mhsa(b *testing.B) {
	x := randTensor(1, 1, 197, 768)
	w := randMHSA(2, 768)
	reportFlops(b, func() {
		if _, _, err := MHSA(x, w, 12, false); err != nil {
			b.Fatal(err)
		}
	})
}

// Video Swin stage 1: C=96, 8x56x56 tokens, 2x7x7 tubes, 3 heads.
func BenchmarkOp_window_attention(b *testing.B) {
	x := randTensor(1, 1, 96, 8, 56, 56)
	w := randWindow(2, 96)
	win := Window{T: 2, H: 7, W: 7}
	reportFlops(b, func() {
		if _, err := WindowAttention(x, w, 3, win); err != nil {
			b.Fatal(err)
		}
	})
}

// The attention core of BenchmarkOp_mhsa alone: 12 heads of 197x64.
func BenchmarkOp_sdpa(b *testing.B) {
	q, k, v := randTensor(1, 1, 12, 197, 64), randTensor(2, 1, 12, 197, 64), randTensor(3, 1, 12, 197, 64)
	reportFlops(b, func() {
		if _, _, err := SDPA(q, k, v, nil, false); err != nil {
			b.Fatal(err)
		}
	})
}

// The Workspace benchmarks run the same shapes as the BenchmarkOp_ ones on
// one reused workspace: with -benchmem they show 0 allocs/op once warm.

func BenchmarkWorkspace_mhsa(b *testing.B) {
	x := randTensor(1, 1, 197, 768)
	w := randMHSA(2, 768)
	var ws Workspace
	reportFlops(b, func() {
		if _, _, err := ws.MHSA(x, w, 12, false); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkWorkspace_window_attention(b *testing.B) {
	x := randTensor(1, 1, 96, 8, 56, 56)
	w := randWindow(2, 96)
	win := Window{T: 2, H: 7, W: 7}
	var ws Workspace
	reportFlops(b, func() {
		if _, err := ws.WindowAttention(x, w, 3, win); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkWorkspace_sdpa(b *testing.B) {
	q, k, v := randTensor(1, 1, 12, 197, 64), randTensor(2, 1, 12, 197, 64), randTensor(3, 1, 12, 197, 64)
	var ws Workspace
	reportFlops(b, func() {
		if _, _, err := ws.SDPA(q, k, v, nil, false); err != nil {
			b.Fatal(err)
		}
	})
}

// A small video of the factorized scene's size: 2x8 frames of 12x12, C=32.
func BenchmarkWorkspace_factorized_attention(b *testing.B) {
	x := randTensor(1, 2, 8, 32, 12, 12)
	w := FactorizedWeights{Spatial: randMHSA(2, 32), Temporal: randMHSA(10, 32)}
	var ws Workspace
	reportFlops(b, func() {
		if _, err := ws.FactorizedAttention(x, w, 4); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkWorkspace_camera_cross_attention(b *testing.B) {
	x, cam := randTensor(1, 2, 8, 32, 12, 12), randTensor(2, 2, 8, 16)
	w := randCamera(3, 32, 16)
	var ws Workspace
	reportFlops(b, func() {
		if _, _, err := ws.CameraCrossAttention(x, cam, w, 4, AllFrames); err != nil {
			b.Fatal(err)
		}
	})
}
