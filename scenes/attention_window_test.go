package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core/attention"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/scene"
)

// decodes fails unless frame i of v decodes, cell by cell, to want (h·w
// values) on its colour scale.
func decodes(t *testing.T, what string, v *videoPanel, i int, want []float32) {
	t.Helper()
	// One step of the colour table, and half a step of rounding each way.
	step := 1.5 * (v.hi - v.lo) / 255
	for q, x := range want {
		got := v.bms[i].Value(q/v.w, q%v.w, v.cmap, v.lo, v.hi)
		if math.Abs(got-float64(x)) > step+1e-6 {
			t.Fatalf("%s frame %d cell %d reads %v, want %v", what, i, q, got, x)
		}
	}
}

// What the window view shows at every stage is what the production ops
// compute: the tokens of each tube row are x's (placed by TubeOf), the
// weights are WindowAttentionWeights', y is WindowAttention's, the pitfall
// is mistakes.UnpartitionOrder, and the video panels decode to them.
func TestWindowViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{
		nil,
		{"pitfall": 1},
		{"heads": 2, "head": 3, "channel": 5},
		{"T": 2, "wT": 1, "H": 8, "W": 4, "wH": 4, "wW": 2, "pitfall": 1},
	} {
		s := newView(t, newWindowView, v)
		n, m, c := s.win.Size(), s.st.NumTubes(), winC
		tt, hw := s.tt, s.hh*s.ww
		y, err := attention.WindowAttention(s.x, s.wts, s.heads, s.win)
		if err != nil {
			t.Fatal(err)
		}
		for i := range y.Data {
			if !closeTo(s.st.Y.Data[i], y.Data[i], 1e-5) {
				t.Fatalf("%v: y[%d] shown %v, WindowAttention %v", v, i, s.st.Y.Data[i], y.Data[i])
			}
		}
		for fr := range tt {
			decodes(t, "x", &s.vx, fr, s.x.Data[(s.ch*tt+fr)*hw:(s.ch*tt+fr+1)*hw])
			decodes(t, "y", &s.vy, fr, y.Data[(s.ch*tt+fr)*hw:(s.ch*tt+fr+1)*hw])
		}
		g := s.st.Grid
		for k := range m {
			tube := attention.Tube{T: k / (g[1] * g[2]), H: k / g[2] % g[1], W: k % g[2]}
			attn, _, err := attention.WindowAttentionWeights(s.x, s.wts, s.heads, s.win, tube)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n * n {
				if got, want := s.hw[k].vals[i], attn.Data[s.head*n*n+i]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: tube %d weight %d shown %v, WindowAttentionWeights %v", v, k, i, got, want)
				}
				if got := s.hw[k].bm.Value(i/n, i%n, viz.Viridis, 0, s.wmax); math.Abs(got-float64(attn.Data[s.head*n*n+i])) > 1.5*s.wmax/255 {
					t.Fatalf("%v: tube %d weight cell %d reads %v", v, k, i, got)
				}
			}
			for i := range n {
				ft, fh, fw := s.win.Token(tube, i)
				want := s.x.Data[((s.ch*tt+ft)*s.hh+fh)*s.ww+fw]
				if got := s.htubes.vals[k*n+i]; got != want {
					t.Fatalf("%v: tube %d token %d shown %v, x(%d,%d,%d) = %v", v, k, i, got, ft, fh, fw, want)
				}
				if got, want := s.hout.vals[k*n+i], s.st.Out.Data[(k*n+i)*c+s.ch]; got != want {
					t.Fatalf("%v: tube output %d,%d shown %v, trace %v", v, k, i, got, want)
				}
			}
		}
		if !s.pitfall {
			if s.bad != nil {
				t.Fatalf("%v: a pitfall output without the pitfall", v)
			}
			continue
		}
		bad, err := mistakes.UnpartitionOrder(s.x, s.wts, s.heads, s.win)
		if err != nil {
			t.Fatal(err)
		}
		for i := range bad.Data {
			if s.bad.Data[i] != bad.Data[i] {
				t.Fatalf("%v: pitfall y[%d] shown %v, mistakes gives %v", v, i, s.bad.Data[i], bad.Data[i])
			}
		}
		// The pitfall moves outputs, it does not change them: the output of
		// token p sits at landing[p].
		for p := range tt * hw {
			for ch := range c {
				if got, want := bad.Data[ch*tt*hw+s.landing[p]], y.Data[ch*tt*hw+p]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: token %d's output %v is not at %d (%v there)", v, p, want, s.landing[p], got)
				}
			}
			if s.holder[s.landing[p]] != p {
				t.Fatalf("%v: holder and landing disagree at %d", v, p)
			}
		}
		for fr := range tt {
			decodes(t, "pitfall y", &s.vbad, fr, bad.Data[(s.ch*tt+fr)*hw:(s.ch*tt+fr+1)*hw])
		}
	}
}

// The pitfall shows on arrival: at the defaults most tokens move; only a
// window of the whole video hides it (the "one tube" preset).
func TestWindowPitfallShows(t *testing.T) {
	s := newView(t, newWindowView, scene.Values{"pitfall": 1})
	if all := s.tt * s.hh * s.ww; s.misplaced < all/2 {
		t.Errorf("defaults: the pitfall misplaces %d of %d tokens, want most", s.misplaced, all)
	}
	var one scene.Values
	for _, p := range s.Presets() {
		if strings.Contains(p.Name, "One tube") {
			one = p.Values
		}
	}
	s = newView(t, newWindowView, one)
	if s.st.NumTubes() != 1 || s.misplaced != 0 {
		t.Errorf("one tube: %d tubes, %d misplaced; want 1 and 0", s.st.NumTubes(), s.misplaced)
	}
}

// A window that does not divide the video is core's error, with its values.
func TestWindowViewReportsCoreError(t *testing.T) {
	s := newWindowView()
	err := s.Reset(scene.Overlay(s.Params(), scene.Values{"T": 5}))
	if err == nil || !strings.Contains(err.Error(), "T=5") || !strings.Contains(err.Error(), "wT=2") {
		t.Fatalf("T=5, wT=2: error %v, want core's divisibility message", err)
	}
	if msg := s.Applies("wT", scene.Overlay(s.Params(), scene.Values{"T": 5})); msg == "" {
		t.Errorf("wT = 2 with T = 5 applies")
	}
}

// Hovering answers with the number under the pointer and where it comes
// from.
func TestWindowInspection(t *testing.T) {
	s := newView(t, newWindowView, scene.Values{"pitfall": 1})
	n := s.win.Size()
	f := &scene.Frame{Step: 3} // the second attend step
	k := s.tube[3]
	in, ok := s.Inspect(f, scene.Target{Group: wgWeights, Index: 2*n + 5})
	if !ok || in.Value != fmtNum(float64(s.tubeWeights(k)[2*n+5])) || in.Index != shapeOf(k, s.head, 2, 5) {
		t.Fatalf("weight inspection %+v", in)
	}
	// A token outside the attend step's tube is out of reach.
	for p := range s.tubeOfTok {
		if s.tubeOfTok[p] != k {
			in, _ = s.Inspect(f, scene.Target{Group: wgFrameAtt + p/(s.hh*s.ww), Index: p % (s.hh * s.ww)})
			if in.Value != "out of reach" {
				t.Fatalf("token %d of tube %d inspects as %+v", p, s.tubeOfTok[p], in)
			}
			break
		}
	}
	in, ok = s.Inspect(f, scene.Target{Group: wgFrameBadID, Index: 1})
	if !ok || !strings.Contains(in.Value, s.tokenName(s.holder[1])) || in.Source == "" {
		t.Fatalf("pitfall place inspection %+v", in)
	}
}

func TestWindowGoldens(t *testing.T) {
	checkGolden(t, "window_attend", "000", nil, 3, 1280, 800)
	checkGolden(t, "window_pitfall_phone", "000", map[string]string{"pitfall": "unpartition-order"}, 11, 390, 844)
}
