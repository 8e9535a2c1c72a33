package mistakes

import (
	"math/rand"
	"testing"

	"dlprep/core/attention"
)

// The regroup trace ends in RegroupNoPermute's output, its sequences hold
// the spatial output where RegroupNoPermuteSource says, and its weights are
// the temporal attention of those sequences.
func TestRegroupNoPermuteTrace(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	c := 4
	w := attention.FactorizedWeights{Spatial: randMHSAWeights(rng, c), Temporal: randMHSAWeights(rng, c)}
	for _, shape := range [][]int{{1, 4, c, 2, 2}, {2, 3, c, 2, 3}} {
		b, tt, hw := shape[0], shape[1], shape[3]*shape[4]
		x := randTensor(rng, shape...)
		st, err := RegroupNoPermuteTrace(x, w, 2)
		if err != nil {
			t.Fatal(err)
		}
		y, err := RegroupNoPermute(x, w, 2)
		if err != nil {
			t.Fatal(err)
		}
		mustNear(t, "trace output", st.Y.Data, y.Data, 0)
		right, err := attention.FactorizedTrace(x, w, 2)
		if err != nil {
			t.Fatal(err)
		}
		for bi := range b {
			for s := range hw {
				for k := range tt {
					fr, px := RegroupNoPermuteSource(tt, hw, s, k)
					for ch := range c {
						got := st.Pixels.Data[((bi*hw+s)*tt+k)*c+ch]
						want := right.SpatialOut.Data[((bi*tt+fr)*hw+px)*c+ch]
						if got != want {
							t.Fatalf("%v: sequence %d element %d channel %d = %v, spatial output of frame %d pixel %d = %v",
								shape, bi*hw+s, k, ch, got, fr, px, want)
						}
					}
				}
			}
		}
		_, attn, err := attention.MHSA(st.Pixels, w.Temporal, 2, false)
		if err != nil {
			t.Fatal(err)
		}
		mustNear(t, "temporal weights", st.Temporal.Data, attn.Data, 0)
	}
	// Literal: 4 frames of 4 pixels; the wrong sequence 1 is pixels 0..3 of
	// frame 1, sequence 2 is frame 2; the right sequence s is pixel s.
	for _, tc := range []struct{ s, k, frame, pixel int }{
		{0, 0, 0, 0}, {0, 3, 0, 3}, {1, 0, 1, 0}, {1, 2, 1, 2}, {2, 1, 2, 1}, {3, 3, 3, 3},
	} {
		if f, p := RegroupNoPermuteSource(4, 4, tc.s, tc.k); f != tc.frame || p != tc.pixel {
			t.Errorf("RegroupNoPermuteSource(4, 4, %d, %d) = frame %d pixel %d, want %d, %d", tc.s, tc.k, f, p, tc.frame, tc.pixel)
		}
	}
}
