package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core/conv"
	"dlprep/core/embed"
)

func newPatchEmbed(t *testing.T, v Values) *patchEmbedScene {
	t.Helper()
	return resetScene(t, "patch_embed", v).(*patchEmbedScene)
}

// The tokens shown are embed.PatchEmbed's; the strided-conv view is
// conv.Conv2D's, and it agrees with the matrix product and, plus pos and
// after CLS, with the tokens. N = HW/P².
func TestPatchEmbedShowsCoreTokensAndConv(t *testing.T) {
	for _, v := range []Values{
		{},
		{"p": 0},
		{"p": 2, "d": 5},
		{"h": 16, "w": 48, "p": 1, "d": 7},
		{"h": 12, "w": 20, "p": 0, "d": 2},
	} {
		s := newPatchEmbed(t, v)
		if s.err != nil {
			t.Fatalf("%v: %v", v, s.err)
		}
		want, err := embed.PatchEmbed(s.x, s.weights)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.tokens.Data, want.Data) {
			t.Fatalf("%v: shown tokens differ from embed.PatchEmbed", v)
		}
		if n := s.h * s.w / (s.p * s.p); s.n != n || s.tokens.Shape[1] != n+1 || s.tokens.Shape[2] != s.d {
			t.Errorf("%v: N=%d tokens %v, want N=HW/P²=%d", v, s.n, s.tokens.Shape, n)
		}
		if got := kvMap(s.Readout())["N = HW/P²"]; got != itoa(s.n) {
			t.Errorf("%v: readout N = %q, want %d", v, got, s.n)
		}
		o := conv.DefaultOptions()
		o.Stride = [2]int{s.p, s.p}
		cv, err := conv.Conv2D(s.x, s.weights.Proj, s.weights.ProjBias, o)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.convOut.Data, cv.Data) {
			t.Fatalf("%v: shown conv differs from conv.Conv2D", v)
		}
		d, n := s.d, s.n
		for l := 0; l < n; l++ {
			for c := 0; c < d; c++ {
				conv := float64(cv.Data[c*n+l])
				if g := float64(s.convTok[l*d+c]); g != conv {
					t.Fatalf("%v: conv view [%d,%d] = %v, conv2d out = %v", v, l, c, g, conv)
				}
				if g := float64(s.proj.Data[l*d+c]); math.Abs(g-conv) > 1e-5 {
					t.Fatalf("%v: matmul [%d,%d] = %v, conv = %v", v, l, c, g, conv)
				}
				tok := float64(want.Data[(l+1)*d+c])
				pos := float64(s.weights.PosEmbed.Data[(l+1)*d+c])
				if math.Abs(conv+pos-tok) > 1e-5 {
					t.Fatalf("%v: token %d dim %d = %v, conv + pos = %v", v, l+1, c, tok, conv+pos)
				}
			}
		}
		for c := 0; c < d; c++ {
			if want.Data[c] != s.weights.ClsToken.Data[c]+s.weights.PosEmbed.Data[c] {
				t.Fatalf("%v: token 0 is not cls + pos[0]", v)
			}
		}
		if s.maxDiff > 1e-5 {
			t.Errorf("%v: matmul and conv differ by %v", v, s.maxDiff)
		}
		// Patch l is the image's block at row l/wp, column l%wp.
		kk := peChannels * s.p * s.p
		l := n - 1
		py, px := l/s.wp, l%s.wp
		for ch := 0; ch < peChannels; ch++ {
			for i := 0; i < s.p; i++ {
				for j := 0; j < s.p; j++ {
					got := s.patches[l*kk+(ch*s.p+i)*s.p+j]
					pix := s.x.Data[(ch*s.h+py*s.p+i)*s.w+px*s.p+j]
					if got != pix {
						t.Fatalf("%v: patch %d (%d,%d,%d) = %v, pixel %v", v, l, ch, i, j, got, pix)
					}
				}
			}
		}
		// Stepping walks CLS then every patch, then wraps.
		for k := 1; k <= n+1; k++ {
			if gk, gn := s.Progress(); gk != k || gn != n+1 {
				t.Fatalf("%v: progress %d of %d, want %d of %d", v, gk, gn, k, n+1)
			}
			s.Step()
		}
		if k, _ := s.Progress(); k != 1 {
			t.Errorf("%v: after N+1 steps progress is %d, want 1", v, k)
		}
	}
}

// An image size P does not divide is core's error, shown, not a crash.
func TestPatchEmbedNotAMultipleIsAnError(t *testing.T) {
	for _, v := range []Values{{"h": 24, "w": 32, "p": 2}, {"h": 32, "w": 36, "p": 1}, {"h": 8, "w": 8, "p": 2}} {
		s := newPatchEmbed(t, v)
		_, err := embed.PatchEmbed(s.x, s.weights)
		if err == nil || s.err == nil || s.err.Error() != err.Error() {
			t.Fatalf("%v: scene error %v, core error %v", v, s.err, err)
		}
		if !strings.Contains(s.err.Error(), "not a multiple") {
			t.Errorf("%v: error %q does not say why", v, s.err)
		}
		if got := kvMap(s.Readout())["error"]; got != err.Error() {
			t.Errorf("%v: readout error %q", v, got)
		}
		c := &countCanvas{w: 960, h: 600, keep: true}
		s.Update(Input{MouseX: 100, MouseY: 100, Clicked: true}, 0.1)
		s.Step()
		s.Draw(c)
		if !strings.Contains(strings.Join(c.texts, "\n"), err.Error()) {
			t.Errorf("%v: the error is not drawn", v)
		}
	}
}

// Clicking a patch of the image makes it the current one.
func TestPatchEmbedClickSelectsPatch(t *testing.T) {
	s := newPatchEmbed(t, Values{"p": 0}) // 8×8 patches
	s.Draw(&countCanvas{w: 960, h: 600})
	r := s.imgRect
	cell := r.W / float64(s.wp)
	s.Update(Input{MouseX: r.X + 2.5*cell, MouseY: r.Y + 1.5*cell, Clicked: true}, 0)
	if k, _ := s.Progress(); k != 1*s.wp+2+2 {
		t.Errorf("clicked patch (1,2): progress %d, want %d", k, s.wp+4)
	}
}

func TestPatchEmbedGolden(t *testing.T) {
	s := newPatchEmbed(t, nil)
	familyGolden(t, "patch_embed", s, func() {
		for range 6 {
			s.Step()
		}
	})
}

func TestPatchEmbedErrorGolden(t *testing.T) {
	familyGolden(t, "patch_embed_error", newPatchEmbed(t, Values{"h": 24, "w": 32, "p": 2}), nil)
}

func BenchmarkScene_patch_embed(b *testing.B) { benchScene(b, "patch_embed", nil) }

// Both new scenes (patch_embed, flow_cond) survive every preset at sizes
// from empty to large under clicks, drags, play and steps, describe
// themselves, and keep a readout.
func TestPatchEmbedAndFlowCondSurviveAnySize(t *testing.T) {
	for _, id := range []string{"patch_embed"} { // flow_cond is a process view now, held by contract_test.go
		sc, err := New(id)
		if err != nil {
			t.Fatal(err)
		}
		info := sc.Info()
		if info.ID != id || info.Title == "" || info.Statement == "" || info.Formula == "" || info.LookFor == "" || len(info.Problems) == 0 {
			t.Errorf("%s: incomplete Info %+v", id, info)
		}
		all := []Values{Defaults(sc.Params())}
		for _, pr := range sc.(Presetter).Presets() {
			for k := range pr.Values {
				if _, ok := all[0][k]; !ok {
					t.Errorf("%s preset %q sets unknown param %q", id, pr.Name, k)
				}
			}
			all = append(all, Overlay(sc.Params(), pr.Values))
		}
		for _, v := range all {
			s, _ := New(id)
			if err := s.Reset(v); err != nil {
				t.Fatalf("%s %v: %v", id, v, err)
			}
			for _, size := range [][2]float64{{0, 0}, {160, 100}, {960, 600}, {1700, 1000}} {
				c := &countCanvas{w: size[0], h: size[1]}
				s.Draw(c)
				for _, f := range [][2]float64{{0.1, 0.1}, {0.2, 0.5}, {0.5, 0.3}, {0.8, 0.7}} {
					x, y := f[0]*size[0], f[1]*size[1]
					s.Update(Input{MouseX: x, MouseY: y, Clicked: true}, 0)
					s.Update(Input{MouseX: x + 30, MouseY: y, Dragging: true}, 0.5)
					s.Draw(c)
				}
				st := s.(Stepper)
				_, n := st.Progress()
				for range n + 2 {
					st.Step()
				}
				s.Draw(c)
				if len(s.(Readouter).Readout()) == 0 {
					t.Errorf("%s %v: empty readout", id, v)
				}
			}
		}
	}
}
