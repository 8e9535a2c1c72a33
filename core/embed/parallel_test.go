package embed

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestPatchEmbedThreadsBitIdentical: patchify and the initial token rows
// run in parts at two or more threads; the result must equal the
// one-thread result bit for bit, with and without a bias, for several
// images and for shapes whose patch count does not split evenly.
func TestPatchEmbedThreadsBitIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, s := range []struct{ b, c, h, w, p, d int }{
		{1, 3, 224, 224, 16, 768}, {2, 3, 96, 80, 16, 64}, {1, 2, 45, 63, 9, 130}, {3, 1, 16, 16, 4, 8},
	} {
		x := randT(r, s.b, s.c, s.h, s.w)
		n := (s.h / s.p) * (s.w / s.p)
		w := patchWeights(r, s.c, s.d, s.p, n)
		for _, bias := range []bool{true, false} {
			if !bias {
				w.ProjBias = nil
			}
			var want []float32
			for _, procs := range []int{1, 2, 3} {
				prev := runtime.GOMAXPROCS(procs)
				var ws PatchEmbedWorkspace
				y, err := ws.PatchEmbed(x, w)
				runtime.GOMAXPROCS(prev)
				if err != nil {
					t.Fatal(err)
				}
				if want == nil {
					want = append([]float32(nil), y.Data...)
					continue
				}
				for i := range want {
					if y.Data[i] != want[i] {
						t.Fatalf("%+v bias=%v GOMAXPROCS=%d: y[%d] = %g, one thread %g", s, bias, procs, i, y.Data[i], want[i])
					}
				}
			}
		}
	}
}

// TestPatchEmbedParallelAllocatesNothing: the ViT-B/16 shape at two
// threads (where patchify runs in parts) allocates nothing once warm.
func TestPatchEmbedParallelAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	r := rand.New(rand.NewPCG(23, 24))
	x := randT(r, 1, 3, 224, 224)
	w := patchWeights(r, 3, 768, 16, 196)
	var ws PatchEmbedWorkspace
	if _, err := ws.PatchEmbed(x, w); err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(10, func() { _, _ = ws.PatchEmbed(x, w) }); a != 0 {
		t.Errorf("PatchEmbed at two threads: %g allocations per call, want 0", a)
	}
}
