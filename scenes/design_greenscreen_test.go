package scenes

import (
	"math"
	"testing"

	"dlprep/core/geometry"
)

func newGreenScreen(t *testing.T, v Values) *greenScreenScene {
	t.Helper()
	return resetScene(t, "green_screen", v).(*greenScreenScene)
}

// The composite is core's alpha_composite of the three layers; inside the
// hard matte it is the actor, outside the matte and the shadow the set,
// and in a shadow the set darkened by (1 − opacity).
func TestGreenScreenComposite(t *testing.T) {
	s := newGreenScreen(t, Values{"feather": 0, "shadow_opacity": 0.5})
	out, _, err := geometry.AlphaComposite(s.colors, s.alphas)
	if err != nil {
		t.Fatal(err)
	}
	if !equalF32(out.Data, s.out.Data) {
		t.Fatal("composite differs from core's alpha_composite")
	}
	var actor, set, shadow int
	for i := 0; i < gsW*gsH; i++ {
		m, sh := s.alphas.Data[i*gsLayers], s.alphas.Data[i*gsLayers+1]
		for c := 0; c < 3; c++ {
			got := float64(s.out.Data[3*i+c])
			fg, bg := float64(s.colors.Data[(i*gsLayers)*3+c]), float64(s.colors.Data[(i*gsLayers+2)*3+c])
			var want float64
			switch {
			case m == 1:
				want = fg
			case m == 0 && sh == 0:
				want = bg
			case m == 0:
				want = 0.5 * bg
			default:
				continue
			}
			if math.Abs(got-want) > 1e-6 {
				t.Fatalf("pixel %d channel %d: %v, want %v (matte %v, shadow %v)", i, c, got, want, m, sh)
			}
		}
		if m == 1 {
			actor++
		} else if sh == 0 {
			set++
		}
		if sh > 0 {
			shadow++
		}
	}
	if actor < 50 || shadow < 20 || set < 1000 {
		t.Errorf("actor %d, shadow %d, set %d pixels: the example does not show the stages", actor, shadow, set)
	}
	if s.actorPix != actor || s.shadowPix != shadow {
		t.Errorf("readout counts %d/%d, composite %d/%d", s.actorPix, s.shadowPix, actor, shadow)
	}
}

// Relighting changes only the actor's pixels; turning the shadow off
// removes it; the shadow moves with the light.
func TestGreenScreenToggles(t *testing.T) {
	a := newGreenScreen(t, Values{"relight": 1, "feather": 0})
	b := newGreenScreen(t, Values{"relight": 0, "feather": 0})
	changed := 0
	for i := 0; i < gsW*gsH; i++ {
		diff := false
		for c := 0; c < 3; c++ {
			diff = diff || a.out.Data[3*i+c] != b.out.Data[3*i+c]
		}
		if diff {
			if a.alphas.Data[i*gsLayers] == 0 {
				t.Fatalf("relighting changed pixel %d outside the actor", i)
			}
			changed++
		}
	}
	if changed < a.actorPix/2 || a.relightDelta < 0.02 {
		t.Errorf("relighting changed %d of %d actor pixels (mean change %v)", changed, a.actorPix, a.relightDelta)
	}
	if n := newGreenScreen(t, Values{"shadow": 0}).shadowPix; n != 0 {
		t.Errorf("shadow off: %d shadow pixels", n)
	}
	l, r := newGreenScreen(t, Values{"light": -60}), newGreenScreen(t, Values{"light": 60})
	cx := func(s *greenScreenScene) float64 {
		var sum, n float64
		for i := 0; i < gsW*gsH; i++ {
			if s.alphas.Data[i*gsLayers+1] > 0 {
				sum += float64(i % gsW)
				n++
			}
		}
		return sum / n
	}
	if !(cx(l) > cx(r)) {
		t.Errorf("shadow centre x: light from the left %v, from the right %v; want the shadow opposite the light", cx(l), cx(r))
	}
}

func TestGreenScreenGolden(t *testing.T) {
	familyGolden(t, "green_screen", newGreenScreen(t, nil), nil)
}

func BenchmarkScene_green_screen(b *testing.B) { benchScene(b, "green_screen", nil) }
