package scenes

import (
	"testing"

	"dlprep/core/attention"
)

// TestFactorizedSceneShowsCoreWeights checks each view against core's
// FactorizedAttention weights for the clicked token, and the cost readout
// against FactorizedCost.
func TestFactorizedSceneShowsCoreWeights(t *testing.T) {
	for view := factSpatial; view <= factCombined; view++ {
		s := resetScene(t, "factorized_attention", Values{"view": float64(view), "T": 3, "H": 4, "W": 5, "heads": 1, "head": 1}).(*FactorizedAttentionScene)
		s.Draw(&countCanvas{w: 960, h: 600})
		tok := [3]int{2, 1, 3}
		r := s.grid.cellRect(tok[0], tok[1], tok[2])
		s.Update(Input{MouseX: r.X + r.W/2, MouseY: r.Y + r.H/2, Clicked: true}, 0)
		if s.q != tok {
			t.Fatalf("click selected %v, want %v", s.q, tok)
		}
		res, err := attention.FactorizedAttention(s.x, s.wts, 2)
		if err != nil {
			t.Fatal(err)
		}
		const T, H, W, heads, head = 3, 4, 5, 2, 1
		hw := H * W
		p := tok[1]*W + tok[2]
		sp := func(t, p, p2 int) float32 { return res.Spatial.Data[((t*heads+head)*hw+p)*hw+p2] }
		tm := func(p, t, t2 int) float32 { return res.Temporal.Data[((p*heads+head)*T+t)*T+t2] }
		for t2 := range T {
			for p2 := range hw {
				want := float32(-1)
				switch {
				case view == factSpatial && t2 == tok[0]:
					want = sp(tok[0], p, p2)
				case view == factTemporal && p2 == p:
					want = tm(p, tok[0], t2)
				case view == factCombined:
					want = tm(p, tok[0], t2) * sp(t2, p, p2)
				}
				if got := s.Shown()[t2*hw+p2]; got != want {
					t.Fatalf("view %d token (%d, %d): shown %v, want %v", view, t2, p2, got, want)
				}
			}
		}
		if want := attention.FactorizedCost(T, videoChannels, H, W); s.cost != want {
			t.Errorf("cost %+v, want %+v", s.cost, want)
		}
	}
}

func BenchmarkScene_factorized_attention(b *testing.B) { benchScene(b, "factorized_attention", nil) }

// TestFactorizedSceneRegroupPitfall checks the two sequences shown for the
// clicked pixel: the right one is the pixel in every frame, the reshape
// one T consecutive tokens of the flat (T, HW) order.
func TestFactorizedSceneRegroupPitfall(t *testing.T) {
	s := resetScene(t, "factorized_attention", Values{"pitfall_regroup": 1, "T": 4, "H": 3, "W": 5}).(*FactorizedAttentionScene)
	s.Select(1, 2, 3)
	const T, hw = 4, 15
	p := 2*5 + 3
	right, wrong := s.Sequences()
	for k := range T {
		if right[k] != k*hw+p {
			t.Errorf("right sequence[%d] = %d, want %d (pixel %d of frame %d)", k, right[k], k*hw+p, p, k)
		}
		if wrong[k] != p*T+k {
			t.Errorf("reshape sequence[%d] = %d, want %d", k, wrong[k], p*T+k)
		}
	}
}
