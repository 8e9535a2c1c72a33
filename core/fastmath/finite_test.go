package fastmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestAllFinite puts one NaN, +Inf or −Inf at every position of slices of
// every length up to 100 (the assembly's 32-value blocks, the Go tail and
// their border), and checks that finite extremes pass.
func TestAllFinite(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for n := 0; n <= 100; n++ {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(r.NormFloat64() * 1e30)
		}
		if n > 2 {
			x[0], x[1], x[2] = math.MaxFloat32, -math.MaxFloat32, math.SmallestNonzeroFloat32
		}
		if !AllFinite(x) {
			t.Fatalf("n=%d: finite values reported non-finite", n)
		}
		for i := range x {
			for _, b := range bad {
				old := x[i]
				x[i] = b
				if AllFinite(x) {
					t.Fatalf("n=%d: %v at %d not found", n, b, i)
				}
				if allFiniteGo(x) {
					t.Fatalf("n=%d: Go path missed %v at %d", n, b, i)
				}
				x[i] = old
			}
		}
	}
}

// BenchmarkAllFinite is mhsa's weight check: 768×768 values.
func BenchmarkAllFinite(b *testing.B) {
	x := make([]float32, 768*768)
	for i := range x {
		x[i] = float32(i)
	}
	b.SetBytes(int64(4 * len(x)))
	for b.Loop() {
		if !AllFinite(x) {
			b.Fatal("finite input reported non-finite")
		}
	}
}

func BenchmarkAllFiniteGo(b *testing.B) {
	x := make([]float32, 768*768)
	b.SetBytes(int64(4 * len(x)))
	for b.Loop() {
		if !allFiniteGo(x) {
			b.Fatal("finite input reported non-finite")
		}
	}
}
