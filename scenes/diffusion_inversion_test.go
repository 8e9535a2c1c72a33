package scenes

import (
	"math"
	"testing"

	"dlprep/core/diffusion/toy"
)

// TestInversionSceneIsCoreRoundTrip checks the frames shown are core's
// inversion run then core's DDIM run from its result, and the error shown
// is the mean distance between data and regeneration.
func TestInversionSceneIsCoreRoundTrip(t *testing.T) {
	s := resetScene(t, "ddim_inversion", Values{"steps": 5, "particles": 30}).(*InversionScene)
	inv, err := toy.NewSampler(s.mix, s.InvConfig(), 30)
	if err != nil {
		t.Fatal(err)
	}
	inv.Start(s.seed)
	n := s.frames() / 2
	for k := 0; k <= n; k++ {
		got := s.Positions()
		for i, x := range inv.X {
			if got[i] != float32(x) {
				t.Fatalf("inversion frame %d value %d: shown %v, sampler %v", k, i, got[i], x)
			}
		}
		s.Step()
		inv.Step()
	}
	gen, err := toy.NewSampler(s.mix, s.GenConfig(), 30)
	if err != nil {
		t.Fatal(err)
	}
	if err := gen.StartFrom(inv.X, s.seed); err != nil {
		t.Fatal(err)
	}
	gen.Run()
	// s.k is now n+1; step to the end.
	for s.k < s.frames() {
		s.Step()
	}
	got := s.Positions()
	tot := 0.0
	for i, x := range gen.X {
		if got[i] != float32(x) {
			t.Fatalf("regenerated value %d: shown %v, sampler %v", i, got[i], x)
		}
	}
	data := s.Data()
	for i := 0; i < len(gen.X)/2; i++ {
		tot += math.Hypot(gen.X[2*i]-float64(data[2*i]), gen.X[2*i+1]-float64(data[2*i+1]))
	}
	if want := tot / 30; math.Abs(s.RoundTripError()-want) > 1e-9 {
		t.Errorf("round-trip error shown %v, want %v", s.RoundTripError(), want)
	}
}

// TestInversionSceneErrorFallsWithSteps checks the sweep: many steps give a
// smaller round-trip error than few.
func TestInversionSceneErrorFallsWithSteps(t *testing.T) {
	s := resetScene(t, "ddim_inversion", nil).(*InversionScene)
	first, last := s.errSweep[0], s.errSweep[len(s.errSweep)-1]
	if !(last < first/3) {
		t.Errorf("round-trip error at %v steps %v, at %v steps %v: want a clear fall", inversionSweep[0], first, inversionSweep[len(inversionSweep)-1], last)
	}
}

func BenchmarkScene_ddim_inversion(b *testing.B) { benchScene(b, "ddim_inversion", nil) }
