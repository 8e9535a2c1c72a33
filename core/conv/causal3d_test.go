package conv

import (
	"math/rand/v2"
	"strings"
	"testing"

	"dlprep/core"
)

// directCausal3D pads explicitly (time kT−1 before, height (kH−1)//2 and
// kH//2, width likewise) and runs a plain strided conv3d loop.
func directCausal3D(x, w, bias *core.Tensor) *core.Tensor {
	b, ci, t, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	co, kt, kh, kw := w.Shape[0], w.Shape[2], w.Shape[3], w.Shape[4]
	pt, ph, pw := kt-1, (kh-1)/2, (kw-1)/2
	hp, wp := h+(kh-1), wd+(kw-1)
	ho, wo := (hp-kh)/2+1, (wp-kw)/2+1
	y := core.New(b, co, t, ho, wo)
	at := func(n, c, tt, iy, ix int) float64 {
		tt, iy, ix = tt-pt, iy-ph, ix-pw
		if tt < 0 || tt >= t || iy < 0 || iy >= h || ix < 0 || ix >= wd {
			return 0
		}
		return float64(x.Data[(((n*ci+c)*t+tt)*h+iy)*wd+ix])
	}
	for n := 0; n < b; n++ {
		for o := 0; o < co; o++ {
			for tt := 0; tt < t; tt++ {
				for oy := 0; oy < ho; oy++ {
					for ox := 0; ox < wo; ox++ {
						s := 0.0
						if bias != nil {
							s = float64(bias.Data[o])
						}
						for c := 0; c < ci; c++ {
							for a := 0; a < kt; a++ {
								for i := 0; i < kh; i++ {
									for j := 0; j < kw; j++ {
										s += at(n, c, tt+a, 2*oy+i, 2*ox+j) * float64(w.Data[((((o*ci+c)*kt+a)*kh+i)*kw+j)])
									}
								}
							}
						}
						y.Data[(((n*co+o)*t+tt)*ho+oy)*wo+ox] = float32(s)
					}
				}
			}
		}
	}
	return y
}

var causalShapes = []struct{ b, ci, t, h, w, co, kt, kh, kw int }{
	{1, 1, 1, 1, 1, 1, 1, 1, 1},
	{2, 3, 4, 6, 6, 4, 3, 3, 3},
	{1, 2, 5, 7, 5, 3, 3, 4, 4}, // even spatial kernel, odd sizes
	{2, 2, 3, 8, 9, 2, 2, 2, 3},
	{1, 3, 2, 5, 4, 2, 4, 1, 2}, // kT > T
}

func TestCausalDownsample3DMatchesPaddedConv(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	var ws Workspace
	for _, s := range causalShapes {
		x := randTensor(r, s.b, s.ci, s.t, s.h, s.w)
		w := randTensor(r, s.co, s.ci, s.kt, s.kh, s.kw)
		bias := randTensor(r, s.co)
		want := directCausal3D(x, w, bias)
		got, err := ws.CausalDownsample3D(x, w, bias)
		if err != nil {
			t.Errorf("%+v: %v", s, err)
			continue
		}
		wantShape := []int{s.b, s.co, s.t, (s.h + 1) / 2, (s.w + 1) / 2}
		if !core.SameShape(got.Shape, wantShape) || !core.SameShape(want.Shape, wantShape) {
			t.Errorf("%+v: got shape %v (reference %v), want %v", s, got.Shape, want.Shape, wantShape)
			continue
		}
		if d := maxAbsDiff(got.Data, want.Data); d > 1e-4 {
			t.Errorf("%+v: max |got - padded conv3d| = %g", s, d)
		}
	}
}

// TestCausalDownsample3DIsCausal changes one frame t′ and checks that no
// output frame before t′ moves, while frame t′ itself does.
func TestCausalDownsample3DIsCausal(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for _, s := range causalShapes {
		x := randTensor(r, s.b, s.ci, s.t, s.h, s.w)
		w := randTensor(r, s.co, s.ci, s.kt, s.kh, s.kw)
		base, err := CausalDownsample3D(x, w, nil)
		if err != nil {
			t.Fatal(err)
		}
		ho, wo := base.Shape[3], base.Shape[4]
		for tp := 0; tp < s.t; tp++ {
			x2 := x.Clone()
			for n := 0; n < s.b; n++ {
				for c := 0; c < s.ci; c++ {
					plane := x2.Data[((n*s.ci+c)*s.t+tp)*s.h*s.w : ((n*s.ci+c)*s.t+tp+1)*s.h*s.w]
					for i := range plane {
						plane[i] += 10 * float32(r.NormFloat64())
					}
				}
			}
			got, err := CausalDownsample3D(x2, w, nil)
			if err != nil {
				t.Fatal(err)
			}
			for n := 0; n < s.b; n++ {
				for o := 0; o < s.co; o++ {
					for tt := 0; tt <= tp; tt++ {
						off := ((n*s.co+o)*s.t + tt) * ho * wo
						d := maxAbsDiff(got.Data[off:off+ho*wo], base.Data[off:off+ho*wo])
						if tt < tp && d != 0 {
							t.Errorf("%+v: changing frame %d moved output frame %d by %g", s, tp, tt, d)
						}
						if tt == tp && d == 0 {
							t.Errorf("%+v: changing frame %d left output frame %d unchanged", s, tp, tt)
						}
					}
				}
			}
		}
	}
}

func TestCausalDownsample3DErrors(t *testing.T) {
	x := core.New(1, 2, 3, 4, 4)
	for _, tc := range []struct {
		name    string
		x, w, b *core.Tensor
		want    string
	}{
		{"channel mismatch", x, core.New(2, 3, 2, 3, 3), nil, "conv.weight"},
		{"bias length", x, core.New(2, 2, 2, 3, 3), core.New(3), "conv.bias"},
		{"4-d x", core.New(2, 3, 4, 4), core.New(2, 2, 2, 3, 3), nil, "x must be 5-d"},
		{"zero kernel", x, core.New(2, 2, 0, 3, 3), nil, "kernel"},
		{"no frames", core.New(1, 2, 0, 4, 4), core.New(2, 2, 2, 3, 3), nil, "at least one frame"},
	} {
		_, err := CausalDownsample3D(tc.x, tc.w, tc.b)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "causal_downsample3d: ") {
			t.Errorf("%s: got error %v, want one naming the op and containing %q", tc.name, err, tc.want)
		}
	}
}
