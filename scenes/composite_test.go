package scenes

import (
	"math"
	"testing"

	"dlprep/core/geometry"
)

func newComposite(t *testing.T, v Values) *compositeScene {
	t.Helper()
	return resetScene(t, "compositing", v).(*compositeScene)
}

// The image and transmittance shown are core's; the weights drawn
// (α_i T_i) recombine the samples into core's colour; T_1 = 1.
func TestCompositeShowsCore(t *testing.T) {
	for _, v := range []Values{{}, {"samples": 2}, {"samples": 32, "fog": 1, "surface": 0.3}} {
		s := newComposite(t, v)
		rgb, trans, err := geometry.AlphaComposite(s.colors, s.alphas)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(rgb.Data, s.rgb.Data) || !equalF32(trans.Data, s.trans.Data) {
			t.Fatalf("%v: shown composite differs from core", v)
		}
		for ray := 0; ray < compositeRays; ray++ {
			if s.trans.Data[ray*s.n] != 1 {
				t.Fatalf("%v ray %d: T_1 = %v, want 1", v, ray, s.trans.Data[ray*s.n])
			}
			var sum [3]float64
			for i := 0; i < s.n; i++ {
				k := ray*s.n + i
				w := float64(s.alphas.Data[k]) * float64(s.trans.Data[k])
				for ch := 0; ch < 3; ch++ {
					sum[ch] += w * float64(s.colors.Data[3*k+ch])
				}
			}
			for ch := 0; ch < 3; ch++ {
				if math.Abs(sum[ch]-float64(rgb.Data[3*ray+ch])) > 1e-5 {
					t.Fatalf("%v ray %d: Σ weights·colours = %v, core %v", v, ray, sum, rgb.Data[3*ray:3*ray+3])
				}
			}
		}
	}
}

// The pitfall darkens a half-transparent surface by (1 − α): with α = 0.5
// everywhere on a one-sample-thick surface, the pitfall colour is half of
// core's.
func TestCompositePitfallDarkens(t *testing.T) {
	s := newComposite(t, Values{"fog": 0, "surface": 0.5, "width": 0.02, "samples": 12, "pitfall_no_shift": 1})
	checked := 0
	for ray := 0; ray < compositeRays; ray++ {
		for ch := 0; ch < 3; ch++ {
			got, want := float64(s.pitRGB[3*ray+ch]), float64(s.rgb.Data[3*ray+ch])
			if want == 0 {
				continue
			}
			checked++
			if math.Abs(got-want/2) > 1e-6 {
				t.Fatalf("ray %d channel %d: pitfall %v, want half of core's %v", ray, ch, got, want)
			}
		}
	}
	if checked < 30 {
		t.Fatalf("only %d channels hit the surface", checked)
	}
}

func TestCompositeClickSelectsRay(t *testing.T) {
	s := newComposite(t, nil)
	s.Draw(&countCanvas{w: 960, h: 600})
	r := s.stripR
	s.Update(Input{MouseX: r.X + r.W*(70.5/compositeRays), MouseY: r.Y + r.H/2, Clicked: true}, 0)
	if s.sel != 70 || kvMap(s.Readout())["ray"] != "70" {
		t.Errorf("clicked ray 70, selected %d", s.sel)
	}
}

func TestCompositeGolden(t *testing.T) {
	familyGolden(t, "compositing", newComposite(t, Values{"pitfall_no_shift": 1}), nil)
}

func BenchmarkScene_compositing(b *testing.B) { benchScene(b, "compositing", nil) }
