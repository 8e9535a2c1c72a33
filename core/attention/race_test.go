//go:build race

package attention

// raceEnabled: the race detector makes sync.Pool (core/gemm's packing
// buffers) drop items on purpose, so allocation counts mean nothing under it.
const raceEnabled = true
