package gemm

import "sync"

// workspace holds the packing buffers of one goroutine's share of a product.
// Workspaces are pooled so that steady-state calls allocate nothing.
type workspace struct {
	a, b, tile []float32
}

var workspaces = sync.Pool{New: func() any { return new(workspace) }}

func getWorkspace() *workspace  { return workspaces.Get().(*workspace) }
func putWorkspace(w *workspace) { workspaces.Put(w) }

// grow makes the buffers at least na, nb and nt long, reusing capacity.
func (w *workspace) grow(na, nb, nt int) {
	w.a = ensure(w.a, na)
	w.b = ensure(w.b, nb)
	w.tile = ensure(w.tile, nt)
}

func ensure(s []float32, n int) []float32 {
	if cap(s) < n {
		return make([]float32, n)
	}
	return s[:n]
}
