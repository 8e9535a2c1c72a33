package scenes

import (
	"math"
	"slices"
	"testing"

	"dlprep/core/attention"
)

// TestAttentionSceneShowsCoreWeights checks, for each mask mode and head
// count, that every head's weights the scene shows are core's MHSA weights
// for the scene's inputs.
func TestAttentionSceneShowsCoreWeights(t *testing.T) {
	for mode := maskNone; mode <= maskNoDiagonal; mode++ {
		for hc := range attnHeadChoices {
			s := resetScene(t, "attention", Values{"mask": float64(mode), "heads": float64(hc), "tokens": 7}).(*AttentionScene)
			x, w, heads := s.Inputs()
			_, want, err := attention.MHSA(x, w, heads, mode != maskNone)
			if err != nil {
				t.Fatal(err)
			}
			for h := range heads {
				got := s.Weights(h)
				if !slices.Equal(got, want.Data[h*49:(h+1)*49]) {
					t.Errorf("mode %d heads %d head %d: shown %v, want core %v", mode, heads, h, got, want.Data[h*49:(h+1)*49])
				}
			}
		}
	}
}

// TestAttentionScenePitfalls checks what the pitfall panels show: masking
// after softmax leaves row sums below 1 (and equals the unmasked weights
// below the diagonal); the strict triangle leaves the first token with all
// zero weights, while the right causal rows sum to 1.
func TestAttentionScenePitfalls(t *testing.T) {
	const n = 6
	s := resetScene(t, "attention", Values{"mask": maskAfterSoftmax, "heads": 0, "tokens": n}).(*AttentionScene)
	x, w, _ := s.Inputs()
	_, full, err := attention.MHSA(x, w, 1, false)
	if err != nil {
		t.Fatal(err)
	}
	bad := s.PitfallWeights()
	for i := range n {
		for j := range n {
			want := full.Data[i*n+j]
			if j > i {
				want = 0
			}
			if bad[i*n+j] != want {
				t.Errorf("after-softmax pitfall [%d,%d] = %v, want %v", i, j, bad[i*n+j], want)
			}
		}
		if sb, sr := sum32(bad[i*n:(i+1)*n]), sum32(s.Weights(0)[i*n:(i+1)*n]); math.Abs(sr-1) > 1e-5 || (i < n-1 && sb > 1-1e-4) {
			t.Errorf("row %d: right sum %.6f (want 1), pitfall sum %.6f (want < 1)", i, sr, sb)
		}
	}

	s = resetScene(t, "attention", Values{"mask": maskNoDiagonal, "heads": 1, "tokens": n}).(*AttentionScene)
	bad = s.PitfallWeights()
	if got := sum32(bad[:n]); got != 0 {
		t.Errorf("strict mask: first row sums to %v, want 0 (no key left)", got)
	}
	for i := range n {
		if bad[i*n+i] != 0 {
			t.Errorf("strict mask: diagonal [%d,%d] = %v, want 0", i, i, bad[i*n+i])
		}
	}
}

// TestAttentionSceneCausalMatchesSDPA cross-checks the MHSA weights shown
// under the causal mask against SDPA on the same per-head projections.
func TestAttentionSceneCausalMatchesSDPA(t *testing.T) {
	s := resetScene(t, "attention", Values{"mask": maskCausal, "heads": 2, "tokens": 9}).(*AttentionScene)
	q, k, v, err := s.projections()
	if err != nil {
		t.Fatal(err)
	}
	_, a, err := attention.SDPA(q, k, v, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	for h := range 4 {
		got := s.Weights(h)
		for i, g := range got {
			if d := math.Abs(float64(g - a.Data[h*81+i])); d > 1e-5 {
				t.Fatalf("head %d cell %d: MHSA %v vs SDPA %v", h, i, g, a.Data[h*81+i])
			}
		}
	}
}

// TestAttentionSceneClicks selects a head thumbnail and a query row by
// clicking where the scene drew them.
func TestAttentionSceneClicks(t *testing.T) {
	s := resetScene(t, "attention", Values{"heads": 2, "tokens": 8}).(*AttentionScene)
	c := &countCanvas{w: 960, h: 600}
	s.Draw(c)
	th := s.thumbs[3]
	s.Update(Input{MouseX: th.X + th.W/2, MouseY: th.Y + th.H/2, Clicked: true}, 0)
	if s.Head() != 3 {
		t.Errorf("clicking thumbnail 3 selected head %d", s.Head())
	}
	m := s.mainR
	s.Update(Input{MouseX: m.X + 2, MouseY: m.Y + m.H*(2.5/8), Clicked: true}, 0)
	if s.Query() != 2 {
		t.Errorf("clicking row 2 selected query %d", s.Query())
	}
	s.Draw(c)
}

func BenchmarkScene_attention(b *testing.B) { benchScene(b, "attention", nil) }
