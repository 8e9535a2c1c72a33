package scenes

import (
	"math"
	"testing"

	"dlprep/core/embed"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// The positional encoding view shows embed.PositionalEncoding3D's output
// (a column per point), its sine blocks are sin(2^l π c) written out here,
// and the colours decode to the values.
func TestPosEncViewIsCoreEncoding(t *testing.T) {
	for l := 1; l <= peMaxL; l++ {
		s := newView(t, newPosEncView, scene.Values{"bands": float64(l)})
		y, err := embed.PositionalEncoding3D(s.coords, l)
		if err != nil {
			t.Fatal(err)
		}
		w := 3 + 6*l
		for p := 0; p < peN; p++ {
			for k := 0; k < w; k++ {
				if got := s.hy.vals[k*peN+p]; got != y.Data[p*w+k] {
					t.Fatalf("L=%d: feature %d of point %d shown %v, core %v", l, k, p, got, y.Data[p*w+k])
				}
			}
			for ax := 0; ax < 3; ax++ {
				c := float64(s.coords.Data[3*p+ax])
				for b := 0; b < l; b++ {
					want := math.Sin(math.Ldexp(1, b) * math.Pi * c)
					if got := float64(s.hsin.vals[(ax*l+b)*peN+p]); math.Abs(got-want) > 1e-4*math.Ldexp(1, b) {
						t.Fatalf("L=%d: sin band %d of %s at point %d = %v, want %v", l, b, peAxes[ax], p, got, want)
					}
				}
			}
		}
		for i := 0; i < peN; i += 7 {
			got := s.hy.bm.Value(3, i, viz.BlueWhiteRed, -1, 1)
			if want := float64(y.Data[i*w+3]); math.Abs(got-want) > 0.1 {
				t.Fatalf("L=%d: point %d's first sine reads %v, core %v", l, i, got, want)
			}
		}
	}
}

// No aliasing: the fastest band gets at least eight samples per period
// along the path at every L offered, and the broadcast table of a point
// is its coordinates times the bands' frequencies.
func TestPosEncSamplingAndBroadcast(t *testing.T) {
	s := newView(t, newPosEncView, scene.Values{"bands": peMaxL})
	fastest := float64(s.st.Freqs[peMaxL-1])
	for ax := 0; ax < 3; ax++ {
		step := math.Abs(float64(s.coords.Data[3+ax] - s.coords.Data[ax]))
		if per := 2 * math.Pi / (fastest * step); per < 8 {
			t.Errorf("axis %s: %v samples per period of the fastest band, want at least 8", peAxes[ax], per)
		}
	}
	f := &scene.Frame{Step: 1, Frac: 0.5}
	p := s.point(f)
	s.setPoint(p)
	for ax := 0; ax < 3; ax++ {
		for b := 0; b < peMaxL; b++ {
			want := float64(s.coords.Data[3*p+ax]) * float64(s.st.Freqs[b])
			if got := float64(s.paV[ax*peMaxL+b]); math.Abs(got-want) > 1e-4*math.Max(1, math.Abs(want)) {
				t.Fatalf("angle (%s, %d) of point %d = %v, want %v", peAxes[ax], b, p, got, want)
			}
		}
	}
}

func TestPosEncGoldens(t *testing.T) {
	checkGolden(t, "posenc_broadcast", "035", nil, 1, 1280, 800)
	checkGolden(t, "posenc_sincos_phone", "035", nil, 2, 390, 844)
}
