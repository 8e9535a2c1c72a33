package synth3d

import (
	"math"
	"testing"

	"dlprep/core/geometry"
)

// A shot under Render's own light (white, no spread, no bounce) shades
// every unshadowed pixel away from silhouettes exactly as Render does;
// shadows only darken.
func TestShotMatchesRender(t *testing.T) {
	r, cam := demoFrame(t, 0.3)
	w := DemoWorld()
	white := Color{1 - w.Ambient, 1 - w.Ambient, 1 - w.Ambient}
	l := Lighting{Dir: w.Light, Color: white, Ambient: Color{w.Ambient, w.Ambient, w.Ambient}, BounceDir: geometry.Vec3{0, 0, 1}}
	s, err := RenderShot(w, cam, l, testW, testH, nil)
	if err != nil {
		t.Fatal(err)
	}
	plane := testW * testH
	same, shadowed := 0, 0
	for i := 0; i < plane; i++ {
		if edge(s.Object, testW, testH, i%testW, i/testW) {
			continue
		}
		if s.Object[i] != r.Object[i] || s.Depth.Data[i] != r.Depth.Data[i] {
			t.Fatalf("pixel %d: object %d depth %v, Render %d %v", i, s.Object[i], s.Depth.Data[i], r.Object[i], r.Depth.Data[i])
		}
		for c := 0; c < 3; c++ {
			got, want := s.Color.Data[c*plane+i], r.Color.Data[c*plane+i]
			if s.Lit.Data[i] == 1 && math.Abs(float64(got-want)) > 1e-5 {
				t.Fatalf("pixel %d channel %d: %v, Render %v", i, c, got, want)
			}
			if got > want+1e-5 {
				t.Fatalf("pixel %d channel %d: a shadow brightened it (%v > %v)", i, c, got, want)
			}
		}
		if s.Lit.Data[i] == 1 {
			same++
		} else {
			shadowed++
		}
	}
	if same < plane/2 || shadowed == 0 {
		t.Errorf("%d pixels as Render, %d in shadow", same, shadowed)
	}
}

// The matte: 1 inside the actor, 0 away from it, fractional only on its
// silhouette; a light of some size casts penumbras; the spill only
// touches the actor's colours through Unspilled.
func TestStudioShot(t *testing.T) {
	const w, h = 128, 96
	cam, err := StudioCamera(w, h)
	if err != nil {
		t.Fatal(err)
	}
	st := GreenStudio(true, false, false)
	s, err := RenderShot(st.World, cam, StudioLighting(), w, h, st.Actor)
	if err != nil {
		t.Fatal(err)
	}
	plane := w * h
	frac, inside, penumbra := 0, 0, 0
	for i, c := range s.Cover.Data {
		onEdge := edge(s.Object, w, h, i%w, i/w)
		switch {
		case c > 0 && c < 1:
			frac++
			if !onEdge {
				t.Fatalf("pixel %d: fractional cover %v away from a silhouette", i, c)
			}
		case c == 1:
			inside++
			if !st.Actor(s.Object[i]) && !onEdge {
				t.Fatalf("pixel %d: covered by object %d, not the actor", i, s.Object[i])
			}
		}
		if l := s.Lit.Data[i]; l > 0 && l < 1 {
			penumbra++
		}
		for ch := 0; ch < 3; ch++ {
			if c == 0 && s.Color.Data[ch*plane+i] != s.Unspilled.Data[ch*plane+i] {
				t.Fatalf("pixel %d: the screen's own colour lost its bounce light", i)
			}
		}
	}
	if inside < 800 || frac < 100 || penumbra < 20 {
		t.Errorf("actor %d px, %d fractional, %d in penumbra: the studio does not show its stages", inside, frac, penumbra)
	}
	// Spill: the actor's green is raised by the screen's bounce.
	greener := 0
	for i := 0; i < plane; i++ {
		if s.Cover.Data[i] == 1 && s.Color.Data[plane+i] > s.Unspilled.Data[plane+i]+0.01 {
			greener++
		}
	}
	if greener < inside/2 {
		t.Errorf("spill raised the green of %d of %d actor pixels", greener, inside)
	}
	if _, err := RenderShot(st.World, cam, Lighting{Dir: geometry.Vec3{0, 2, 0}}, w, h, nil); err == nil {
		t.Error("a light direction that is not a unit vector accepted")
	}
}

func BenchmarkStudioShot(b *testing.B) {
	cam, _ := StudioCamera(128, 96)
	st := NewSet(true, false, false)
	l := SetLighting(50)
	for b.Loop() {
		if _, err := RenderShot(st.World, cam, l, 128, 96, st.Actor); err != nil {
			b.Fatal(err)
		}
	}
}
