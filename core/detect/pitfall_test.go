package detect

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestIoUUnclampedPitfall checks the documented damage on literal boxes:
// apart on both axes, the two negative extents make a positive phantom
// overlap where IoU is 0; apart on one axis, a negative IoU; overlapping,
// the same value as IoU.
func TestIoUUnclampedPitfall(t *testing.T) {
	for _, tc := range []struct {
		name           string
		a, b           Box
		want, wantGood float32
	}{
		// w = h = −10: phantom 100, union 100 + 100 − 100.
		{"diagonal, one box-width apart", Box{0, 0, 10, 10}, Box{20, 20, 30, 30}, 1, 0},
		// w = −5, h = −2: phantom 10, union 190.
		{"diagonal, near", Box{0, 0, 10, 10}, Box{15, 12, 25, 22}, float32(10) / 190, 0},
		// w = −10, h = 10: −100 over 300.
		{"side by side", Box{0, 0, 10, 10}, Box{20, 0, 30, 10}, float32(-100) / 300, 0},
		// Overlapping: both extents positive, nothing to clamp.
		{"overlapping", Box{0, 0, 10, 10}, Box{5, 5, 15, 15}, float32(25) / 175, float32(25) / 175},
		{"empty union", Box{3, 3, 3, 3}, Box{3, 3, 3, 3}, 0, 0},
	} {
		if got := IoUUnclamped(tc.a, tc.b); math.Abs(float64(got-tc.want)) > 1e-6 {
			t.Errorf("%s: IoUUnclamped(%v, %v) = %v, want %v", tc.name, tc.a, tc.b, got, tc.want)
		}
		if got := IoU(tc.a, tc.b); got != tc.wantGood {
			t.Errorf("%s: IoU(%v, %v) = %v, want %v", tc.name, tc.a, tc.b, got, tc.wantGood)
		}
	}
}

// TestTraceNMSWithUnclampedSuppressesFarBox: two disjoint boxes, diagonal
// and one box-width apart, both survive NMS; the unclamped IoU of 1 drops
// the weaker one.
func TestTraceNMSWithUnclampedSuppressesFarBox(t *testing.T) {
	boxes := []Box{{20, 20, 30, 30}, {0, 0, 10, 10}, {0, 40, 10, 50}}
	scores := []float32{0.8, 0.9, 0.7}
	good, err := TraceNMSWith(boxes, scores, 0.5, IoU)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := TraceNMSWith(boxes, scores, 0.5, IoUUnclamped)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 0, 2}; !slices.Equal(good.Keep, want) {
		t.Errorf("with IoU kept %v, want %v", good.Keep, want)
	}
	// Box 1 vs 0: phantom IoU 1 > 0.5; box 1 vs 2: side by side, −1/3.
	if want := []int{1, 2}; !slices.Equal(bad.Keep, want) {
		t.Errorf("with IoUUnclamped kept %v, want %v", bad.Keep, want)
	}
	if got := bad.Steps[0].IoU[0]; got != 1 {
		t.Errorf("unclamped step 0 IoU with box 0 = %v, want 1", got)
	}
}

// TestTraceNMSWithIoUIsTraceNMS: with the right IoU the generic trace is
// TraceNMS's, step for step, on random box sets.
func TestTraceNMSWithIoUIsTraceNMS(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 1))
	for trial := range 30 {
		n := 1 + rng.IntN(40)
		boxes, scores := make([]Box, n), make([]float32, n)
		for i := range boxes {
			x, y := float32(rng.IntN(100)), float32(rng.IntN(100))
			boxes[i] = Box{x, y, x + float32(rng.IntN(40)), y + float32(rng.IntN(40))}
			scores[i] = float32(rng.IntN(10)) / 10
		}
		thr := rng.Float64()
		want, err := TraceNMS(boxes, scores, thr)
		if err != nil {
			t.Fatal(err)
		}
		got, err := TraceNMSWith(boxes, scores, thr, IoU)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.Keep, want.Keep) || !slices.Equal(got.Order, want.Order) || len(got.Steps) != len(want.Steps) {
			t.Fatalf("trial %d: keep %v order %v, want %v %v", trial, got.Keep, got.Order, want.Keep, want.Order)
		}
		for k, st := range got.Steps {
			w := want.Steps[k]
			if st.Box != w.Box || st.Rank != w.Rank || !slices.Equal(st.Suppressed, w.Suppressed) ||
				!slices.Equal(st.SuppressedBefore, w.SuppressedBefore) {
				t.Fatalf("trial %d step %d: %+v, want %+v", trial, k, st, w)
			}
			for j, v := range st.IoU {
				if math.Float32bits(v) != math.Float32bits(w.IoU[j]) && !(v != v && w.IoU[j] != w.IoU[j]) {
					t.Fatalf("trial %d step %d IoU[%d] = %v, want %v", trial, k, j, v, w.IoU[j])
				}
			}
		}
	}
	if _, err := TraceNMSWith([]Box{{0, 0, 1, 1}}, []float32{1, 2}, 0.5, IoUUnclamped); err == nil {
		t.Error("1 box, 2 scores: no error")
	}
}
