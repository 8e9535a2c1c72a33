package attention

import (
	"slices"
	"sync"

	"dlprep/core"
)

// Workspace holds the outputs and the scratch of the attention ops so that a
// caller running them every frame (a scene, a WASM page with its slow GC)
// allocates nothing once the buffers have grown to the largest shapes seen:
// projections, score matrices, per-tube scratch and the result tensors are
// all kept and reused, grown only when a call needs more room.
//
// The zero value is ready to use. The tensors a method returns belong to the
// workspace: they stay valid only until the next call of any of its methods,
// which overwrites them; Clone what must outlive it. A Workspace is not safe
// for concurrent use; give each goroutine its own. The package-level
// functions (SDPA, MHSA, ...) run on a fresh Workspace and return tensors the
// caller owns, with the same values bit for bit.
type Workspace struct {
	sdpa struct{ out, attn tensorBuf }
	mhsa selfAttnBufs
	win  windowBufs
	fact factorizedBufs
	cam  cameraBufs
	job  headsJob // heads in parts (parallel.go)
}

// tensorBuf is a result tensor the workspace hands out again and again: its
// shape lives in the fixed array (no op returns more than 5 dims) and its
// data in a buffer that only grows.
type tensorBuf struct {
	t     core.Tensor
	shape [6]int
	data  []float32
}

// reshape points the tensor at dims and at a data buffer of their size,
// reusing the storage when it is large enough. The data keeps whatever the
// previous call left: every op overwrites all of it.
func (b *tensorBuf) reshape(dims ...int) *core.Tensor {
	n := 1
	for _, d := range dims {
		n *= d
	}
	b.data = grow(b.data, n)
	b.t.Shape = append(b.shape[:0], dims...)
	b.t.Data = b.data
	return &b.t
}

// grow returns buf resliced to n values, allocating only when its capacity
// is short. The contents are not cleared: callers overwrite them.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}

// detach gives a result of a throw-away workspace to the caller: a tensor
// header of its own whose data is the workspace's buffer, which nothing else
// references once the workspace is dropped (each result has its own
// allocation, so no scratch stays reachable through it).
func detach(t *core.Tensor) *core.Tensor {
	return &core.Tensor{Shape: slices.Clone(t.Shape), Data: t.Data}
}

// scratch lends workspaces to package-level functions for their scratch
// (MHSA's q, k, v projections and merged heads, 2.4 MB at ViT-B size),
// while the results they return are still allocated for the caller. With
// a fresh workspace per call, BenchmarkOp_mhsa spent 1 ms of its 10 ms
// allocating and zeroing 4.9 MB (BenchmarkWorkspace_mhsa took 9.3 ms).
var scratch = sync.Pool{New: func() any { return new(Workspace) }}
