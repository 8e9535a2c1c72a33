package attention

import (
	"strings"
	"testing"

	"dlprep/core"
)

func randWindow(seed int64, c int) WindowWeights {
	return WindowWeights{
		QKV:  Linear{W: randTensor(seed, 3*c, c), B: randTensor(seed+1, 3*c)},
		Proj: Linear{W: randTensor(seed+2, c, c), B: randTensor(seed+3, c)},
	}
}

func TestTubeOfAndToken(t *testing.T) {
	win := Window{T: 2, H: 3, W: 2}
	tests := []struct {
		t, h, w  int
		wantTube Tube
		wantIdx  int
	}{
		{0, 0, 0, Tube{0, 0, 0, 0}, 0},
		{0, 0, 1, Tube{0, 0, 0, 0}, 1},
		{0, 1, 0, Tube{0, 0, 0, 0}, 2},
		{1, 0, 0, Tube{0, 0, 0, 0}, 6},
		{1, 2, 1, Tube{0, 0, 0, 0}, 11},
		{3, 4, 5, Tube{0, 1, 1, 2}, 6 + 2 + 1},
	}
	for _, tc := range tests {
		tube, i := win.TubeOf(0, tc.t, tc.h, tc.w)
		if tube != tc.wantTube || i != tc.wantIdx {
			t.Errorf("TubeOf(%d,%d,%d) = %+v, %d; want %+v, %d", tc.t, tc.h, tc.w, tube, i, tc.wantTube, tc.wantIdx)
		}
		if gt, gh, gw := win.Token(tube, i); gt != tc.t || gh != tc.h || gw != tc.w {
			t.Errorf("Token(%+v, %d) = (%d,%d,%d), want (%d,%d,%d)", tube, i, gt, gh, gw, tc.t, tc.h, tc.w)
		}
	}
}

// Perturbing one token changes the outputs of its own tube and of no
// other position: attention never crosses tube borders.
func TestWindowAttentionStaysInTube(t *testing.T) {
	const b, c, tt, h, w = 2, 6, 4, 6, 4
	win := Window{T: 2, H: 3, W: 2}
	x := randTensor(1, b, c, tt, h, w)
	wts := randWindow(2, c)
	y, err := WindowAttention(x, wts, 2, win)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range [][4]int{{0, 0, 0, 0}, {1, 3, 5, 3}, {0, 2, 4, 1}, {1, 1, 2, 2}} {
		x2 := x.Clone()
		pb, pt, ph, pw := tok[0], tok[1], tok[2], tok[3]
		for ch := 0; ch < c; ch++ {
			x2.Data[(((pb*c+ch)*tt+pt)*h+ph)*w+pw] += 1
		}
		y2, err := WindowAttention(x2, wts, 2, win)
		if err != nil {
			t.Fatal(err)
		}
		inTube, _ := win.TubeOf(pb, pt, ph, pw)
		for bi := 0; bi < b; bi++ {
			for ti := 0; ti < tt; ti++ {
				for hi := 0; hi < h; hi++ {
					for wi := 0; wi < w; wi++ {
						changed := false
						for ch := 0; ch < c; ch++ {
							at := (((bi*c+ch)*tt+ti)*h+hi)*w + wi
							changed = changed || y.Data[at] != y2.Data[at]
						}
						tube, _ := win.TubeOf(bi, ti, hi, wi)
						if tube != inTube && changed {
							t.Errorf("editing token %v changed (%d,%d,%d,%d) in another tube %+v", tok, bi, ti, hi, wi, tube)
						}
						if tube == inTube && !changed {
							t.Errorf("editing token %v left (%d,%d,%d,%d) of its own tube unchanged", tok, bi, ti, hi, wi)
						}
					}
				}
			}
		}
	}
}

// WindowAttentionWeights reproduces the full op's outputs of that tube, and
// its maps are row-stochastic.
func TestWindowAttentionWeightsMatchesTube(t *testing.T) {
	const b, c, tt, h, w = 1, 4, 2, 4, 6
	win := Window{T: 1, H: 2, W: 3}
	x := randTensor(3, b, c, tt, h, w)
	wts := randWindow(4, c)
	y, err := WindowAttention(x, wts, 2, win)
	if err != nil {
		t.Fatal(err)
	}
	tube := Tube{B: 0, T: 1, H: 1, W: 1}
	attn, out, err := WindowAttentionWeights(x, wts, 2, win, tube)
	if err != nil {
		t.Fatal(err)
	}
	n := win.Size()
	if !core.SameShape(attn.Shape, []int{2, n, n}) || !core.SameShape(out.Shape, []int{n, c}) {
		t.Fatalf("shapes %v and %v, want [2 %d %d] and [%d %d]", attn.Shape, out.Shape, n, n, n, c)
	}
	for i := 0; i < n; i++ {
		ti, hi, wi := win.Token(tube, i)
		for ch := 0; ch < c; ch++ {
			got, want := out.Data[i*c+ch], y.Data[((ch*tt+ti)*h+hi)*w+wi]
			if got != want {
				t.Errorf("token %d ch %d: %v from the tube, %v from the full op", i, ch, got, want)
			}
		}
	}
	for r := 0; r < 2*n; r++ {
		var s float32
		for j := 0; j < n; j++ {
			s += attn.Data[r*n+j]
		}
		if s < 0.9999 || s > 1.0001 {
			t.Errorf("weight row %d sums to %v, want 1", r, s)
		}
	}
	if _, _, err := WindowAttentionWeights(x, wts, 2, win, Tube{B: 0, T: 2}); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("tube outside the grid: got error %v", err)
	}
}

func TestWindowAttentionErrors(t *testing.T) {
	x := randTensor(1, 1, 4, 2, 4, 4)
	w := randWindow(2, 4)
	badQKV := w
	badQKV.QKV.W = randTensor(3, 8, 4)
	tests := []struct {
		name  string
		x     *core.Tensor
		w     WindowWeights
		heads int
		win   Window
		want  string
	}{
		{"T", randTensor(4, 1, 4, 7, 4, 4), w, 2, Window{2, 2, 2}, "T=7 is not a multiple of wT=2"},
		{"H", x, w, 2, Window{2, 3, 2}, "H=4 is not a multiple of wH=3"},
		{"W", x, w, 2, Window{2, 2, 3}, "W=4 is not a multiple of wW=3"},
		{"heads", x, w, 3, Window{2, 2, 2}, "num_heads=3 does not divide the channels C=4"},
		{"zero window", x, w, 2, Window{0, 2, 2}, "window_size"},
		{"qkv", x, badQKV, 2, Window{2, 2, 2}, "qkv.weight"},
	}
	for _, tc := range tests {
		_, err := WindowAttention(tc.x, tc.w, tc.heads, tc.win)
		if err == nil || !strings.Contains(err.Error(), "window_attention: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestMisplacedToken(t *testing.T) {
	const tt, hh, ww = 4, 4, 6
	for _, tc := range []struct {
		win      Window
		identity bool
	}{
		{Window{1, 1, 1}, true},
		{Window{tt, hh, ww}, true},
		{Window{2, 2, 2}, false},
		{Window{1, 2, 3}, false},
	} {
		seen := map[[3]int]bool{}
		moved := 0
		for t0 := 0; t0 < tt; t0++ {
			for h0 := 0; h0 < hh; h0++ {
				for w0 := 0; w0 < ww; w0++ {
					t2, h2, w2 := tc.win.MisplacedToken(tt, hh, ww, t0, h0, w0)
					if t2 < 0 || t2 >= tt || h2 < 0 || h2 >= hh || w2 < 0 || w2 >= ww || seen[[3]int{t2, h2, w2}] {
						t.Fatalf("window %+v: token (%d,%d,%d) -> (%d,%d,%d): not a permutation of the video", tc.win, t0, h0, w0, t2, h2, w2)
					}
					seen[[3]int{t2, h2, w2}] = true
					if t2 != t0 || h2 != h0 || w2 != w0 {
						moved++
					}
				}
			}
		}
		if tc.identity && moved != 0 || !tc.identity && moved == 0 {
			t.Errorf("window %+v: %d tokens moved, want identity=%v", tc.win, moved, tc.identity)
		}
	}
	// 2x2x2 tubes in a 4x4x6 video: token (0,0,2) is the first token of tube
	// (0,0,1), which the wrong order writes at flat 8 = (0,1,2).
	if t2, h2, w2 := (Window{2, 2, 2}).MisplacedToken(tt, hh, ww, 0, 0, 2); t2 != 0 || h2 != 1 || w2 != 2 {
		t.Errorf("MisplacedToken(0,0,2) = (%d,%d,%d), want (0,1,2)", t2, h2, w2)
	}
}
