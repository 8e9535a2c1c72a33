package scenes

import (
	"math"
	"testing"

	"dlprep/core/embed"
)

func newPosenc(t *testing.T, v Values) *posencScene {
	t.Helper()
	return resetScene(t, "posenc3d", v).(*posencScene)
}

// The matrix is core's encoding, the curves its sine columns of x, and
// those are sin(2^l π x) (written out here, float32 tolerance).
func TestPosencShowsCoreEncoding(t *testing.T) {
	for _, l := range []int{0, 1, 4, 10} {
		s := newPosenc(t, Values{"bands": float64(l)})
		want, err := embed.PositionalEncoding3D(s.coords, l)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.enc.Data, want.Data) || s.width != 3+6*l {
			t.Fatalf("L=%d: shown encoding differs from core (width %d)", l, s.width)
		}
		for b, col := range s.sinCols {
			for i, v := range col {
				if w := math.Sin(math.Ldexp(1, b) * math.Pi * s.xs[i]); math.Abs(v-w) > 1e-4*math.Ldexp(1, b) {
					t.Fatalf("L=%d band %d x=%v: %v, want sin(2^l π x) = %v", l, b, s.xs[i], v, w)
				}
			}
		}
	}
}

// More bands, narrower similarity peak.
func TestPosencSimilarityNarrowsWithBands(t *testing.T) {
	prev := math.Inf(1)
	for _, l := range []int{1, 3, 6} {
		s := newPosenc(t, Values{"bands": float64(l), "x": 0})
		if s.sim[s.sel] < 0.999 {
			t.Fatalf("L=%d: self-similarity %v", l, s.sim[s.sel])
		}
		hw := s.halfWidth()
		if hw >= prev {
			t.Errorf("L=%d: half-width %v, not narrower than %v", l, hw, prev)
		}
		prev = hw
		if kvMap(s.Readout())["similarity half-width"] != f3(hw) {
			t.Errorf("readout disagrees")
		}
	}
}

func TestPosencGolden(t *testing.T) {
	familyGolden(t, "posenc3d", newPosenc(t, nil), nil)
}

func BenchmarkScene_posenc3d(b *testing.B) { benchScene(b, "posenc3d", nil) }
