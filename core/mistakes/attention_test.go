package mistakes

import (
	"math"
	"math/rand"
	"testing"

	"dlprep/core"
	"dlprep/core/attention"
)

func TestSDPAMistakesLiteral(t *testing.T) {
	e := math.E
	nan := math.NaN()
	for _, tc := range []struct {
		name      string
		attend    AttendFunc
		q, k, v   []float32
		s, s2, dk int
		causal    bool
		wantAttn  []float32
		wantOut   []float32
		rightAttn []float32
	}{
		{
			// scores q·k = [2, 0]: right softmax([1, 0]), mistake softmax([2, 0]).
			name: "no-scale", attend: NoScale, s: 1, s2: 2, dk: 4,
			q: f32(2, 0, 0, 0), k: f32(1, 0, 0, 0, 0, 0, 0, 0), v: f32(1, 0),
			wantAttn:  f32(e*e/(e*e+1), 1/(e*e+1)),
			wantOut:   f32(e * e / (e*e + 1)),
			rightAttn: f32(e/(e+1), 1/(e+1)),
		},
		{
			// q = 0: every unmasked row is uniform, and the future is zeroed after.
			name: "mask-after-softmax", attend: MaskAfterSoftmax, s: 2, s2: 2, dk: 1, causal: true,
			q: f32(0, 0), k: f32(1, 2), v: f32(1, 3),
			wantAttn:  f32(0.5, 0, 0.5, 0.5),
			wantOut:   f32(0.5, 2),
			rightAttn: f32(1, 0, 0.5, 0.5),
		},
		{
			// strict triangle: query 0 has no key (NaN), query 1 sees key 0 only.
			name: "mask-diagonal", attend: MaskDiagonal, s: 3, s2: 3, dk: 1, causal: true,
			q: f32(0, 0, 0), k: f32(1, 2, 3), v: f32(1, 3, 5),
			wantAttn:  f32(nan, nan, nan, 1, 0, 0, 0.5, 0.5, 0),
			wantOut:   f32(nan, 1, 2),
			rightAttn: f32(1, 0, 0, 0.5, 0.5, 0, 1./3, 1./3, 1./3),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tensor(t, tc.q, 1, 1, tc.s, tc.dk)
			k := tensor(t, tc.k, 1, 1, tc.s2, tc.dk)
			v := tensor(t, tc.v, 1, 1, tc.s2, 1)
			out, attn, err := tc.attend(q, k, v, nil, tc.causal)
			if err != nil {
				t.Fatal(err)
			}
			mustNear(t, "weights", attn.Data, tc.wantAttn, 1e-6)
			mustNear(t, "output", out.Data, tc.wantOut, 1e-6)
			_, right, err := attention.SDPA(q, k, v, nil, tc.causal)
			if err != nil {
				t.Fatal(err)
			}
			mustNear(t, "right weights", right.Data, tc.rightAttn, 1e-6)
			mustDiffer(t, "weights", attn.Data, right.Data, 1e-3)
		})
	}
}

// Without a mask there is nothing to apply late or to get off by one: both
// masking mistakes are SDPA then, on any input.
func TestMaskMistakesNeedAMask(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	q, k, v := randTensor(rng, 2, 3, 4, 5), randTensor(rng, 2, 3, 6, 5), randTensor(rng, 2, 3, 6, 2)
	right, rightW, err := attention.SDPA(q, k, v, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]AttendFunc{"mask-after-softmax": MaskAfterSoftmax, "mask-diagonal": MaskDiagonal} {
		out, w, err := f(q, k, v, nil, false)
		if err != nil {
			t.Fatal(name, err)
		}
		mustNear(t, name+" output", out.Data, right.Data, 1e-6)
		mustNear(t, name+" weights", w.Data, rightW.Data, 1e-6)
	}
	// With an explicit mask, masking after the softmax differs.
	mask := core.New(4, 6)
	for i := range mask.Data {
		mask.Data[i] = float32(i % 2)
	}
	masked, _, err := attention.SDPA(q, k, v, mask, false)
	if err != nil {
		t.Fatal(err)
	}
	late, _, err := MaskAfterSoftmax(q, k, v, mask, false)
	if err != nil {
		t.Fatal(err)
	}
	mustDiffer(t, "mask-after-softmax with a mask", late.Data, masked.Data, 1e-3)
}

func TestSDPAMistakesRefuseBadInput(t *testing.T) {
	q := core.New(1, 1, 2, 3)
	k := core.New(1, 1, 2, 4) // dk differs
	for name, f := range map[string]AttendFunc{"no-scale": NoScale, "mask-after-softmax": MaskAfterSoftmax, "mask-diagonal": MaskDiagonal} {
		if _, _, err := f(q, k, k, nil, true); err == nil {
			t.Errorf("%s: q [1,1,2,3] with k [1,1,2,4] must be an error", name)
		}
	}
}

func randMHSAWeights(rng *rand.Rand, d int) attention.MHSAWeights {
	lin := func() attention.Linear { return attention.Linear{W: randTensor(rng, d, d), B: randTensor(rng, d)} }
	return attention.MHSAWeights{Q: lin(), K: lin(), V: lin(), Out: lin()}
}

func TestMHSAWith(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	x := randTensor(rng, 2, 5, 6)
	w := randMHSAWeights(rng, 6)
	for _, causal := range []bool{false, true} {
		y, attn, err := attention.MHSA(x, w, 3, causal)
		if err != nil {
			t.Fatal(err)
		}
		gy, gattn, err := MHSAWith(x, w, 3, causal, attention.SDPA)
		if err != nil {
			t.Fatal(err)
		}
		mustNear(t, "MHSAWith(SDPA) y", gy.Data, y.Data, 1e-4)
		mustNear(t, "MHSAWith(SDPA) weights", gattn.Data, attn.Data, 1e-5)
		for name, f := range map[string]AttendFunc{"no-scale": NoScale, "mask-after-softmax": MaskAfterSoftmax, "mask-diagonal": MaskDiagonal} {
			if name != "no-scale" && !causal {
				continue
			}
			my, _, err := MHSAWith(x, w, 3, causal, f)
			if err != nil {
				t.Fatal(name, err)
			}
			mustDiffer(t, name+" in MHSA", my.Data, y.Data, 1e-3)
		}
	}
	if _, _, err := MHSAWith(x, w, 4, false, attention.SDPA); err == nil {
		t.Error("4 heads do not divide D=6: want an error")
	}
}

func TestUnpartitionOrder(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	c, tt, hh, ww := 4, 2, 2, 4
	x := randTensor(rng, 1, c, tt, hh, ww)
	w := attention.WindowWeights{
		QKV:  attention.Linear{W: randTensor(rng, 3*c, c), B: randTensor(rng, 3*c)},
		Proj: attention.Linear{W: randTensor(rng, c, c), B: randTensor(rng, c)},
	}
	for _, tc := range []struct {
		win    attention.Window
		hidden bool
	}{
		{attention.Window{T: 1, H: 1, W: 1}, true},  // one token per tube
		{attention.Window{T: 2, H: 2, W: 4}, true},  // one tube for the video
		{attention.Window{T: 1, H: 2, W: 2}, false}, // a 2×1×2 grid of tubes
		{attention.Window{T: 2, H: 1, W: 2}, false},
	} {
		right, err := attention.WindowAttention(x, w, 2, tc.win)
		if err != nil {
			t.Fatal(err)
		}
		got, err := UnpartitionOrder(x, w, 2, tc.win)
		if err != nil {
			t.Fatal(err)
		}
		if tc.hidden {
			mustNear(t, "hidden mistake", got.Data, right.Data, 0)
			continue
		}
		mustDiffer(t, "unpartition-order", got.Data, right.Data, 1e-3)
		// Every output is the right output of the token MisplacedToken names.
		for ti := 0; ti < tt; ti++ {
			for h := 0; h < hh; h++ {
				for wi := 0; wi < ww; wi++ {
					t2, h2, w2 := tc.win.MisplacedToken(tt, hh, ww, ti, h, wi)
					for ch := 0; ch < c; ch++ {
						g := got.Data[((ch*tt+t2)*hh+h2)*ww+w2]
						r := right.Data[((ch*tt+ti)*hh+h)*ww+wi]
						if g != r {
							t.Fatalf("window %+v: token (%d,%d,%d) channel %d: got %v at (%d,%d,%d), want %v", tc.win, ti, h, wi, ch, g, t2, h2, w2, r)
						}
					}
				}
			}
		}
	}
}

func TestRegroupNoPermute(t *testing.T) {
	rng := rand.New(rand.NewSource(4))
	c := 4
	w := attention.FactorizedWeights{Spatial: randMHSAWeights(rng, c), Temporal: randMHSAWeights(rng, c)}
	for _, shape := range [][]int{{2, 3, c, 2, 3}, {1, 1, c, 2, 2}, {1, 2, c, 1, 1}} {
		x := randTensor(rng, shape...)
		right, err := attention.FactorizedAttention(x, w, 2)
		if err != nil {
			t.Fatal(err)
		}
		// The permute path rebuilt from MHSA is the op itself.
		rebuilt, err := factorized(x, w, 2, true)
		if err != nil {
			t.Fatal(err)
		}
		mustNear(t, "factorized with permutes", rebuilt.Data, right.Y.Data, 1e-4)
		got, err := RegroupNoPermute(x, w, 2)
		if err != nil {
			t.Fatal(err)
		}
		if shape[1] == 1 || shape[3]*shape[4] == 1 {
			// One frame, or one pixel: the reshape is the permute.
			mustNear(t, "hidden regroup", got.Data, right.Y.Data, 1e-4)
		} else {
			mustDiffer(t, "regroup-no-permute", got.Data, right.Y.Data, 1e-3)
		}
	}
}
