package conv

import (
	"math/rand/v2"
	"strings"
	"testing"

	"dlprep/core"
)

func TestDepthwiseSeparableMatchesTwoDirectConvs(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var ws SeparableWorkspace
	for _, s := range []struct{ b, c, h, w, o, kh, kw, stride int }{
		{1, 3, 5, 5, 4, 3, 3, 1},
		{2, 4, 8, 7, 6, 3, 3, 2},
		{2, 3, 6, 6, 2, 4, 4, 1}, // even k: k//2 padding grows the output to 7×7
		{1, 5, 9, 4, 3, 5, 5, 2},
		{3, 2, 4, 6, 5, 1, 1, 1},
	} {
		x := randTensor(r, s.b, s.c, s.h, s.w)
		dw, db := randTensor(r, s.c, 1, s.kh, s.kw), randTensor(r, s.c)
		pw, pb := randTensor(r, s.o, s.c, 1, 1), randTensor(r, s.o)
		mid := directConv2D(x, dw, db, opts([2]int{s.stride, s.stride}, [2]int{s.kh / 2, s.kw / 2}, [2]int{1, 1}, s.c))
		want := directConv2D(mid, pw, pb, DefaultOptions())
		got, err := ws.DepthwiseSeparable(x, dw, db, pw, pb, s.stride)
		if err != nil {
			t.Errorf("%+v: %v", s, err)
			continue
		}
		if !core.SameShape(got.Shape, want.Shape) {
			t.Errorf("%+v: got shape %v, want %v", s, got.Shape, want.Shape)
			continue
		}
		if d := maxAbsDiff(got.Data, want.Data); d > 1e-4 {
			t.Errorf("%+v: max |got - direct| = %g", s, d)
		}
	}
}

func TestDepthwiseSeparableErrors(t *testing.T) {
	x := core.New(1, 3, 5, 5)
	dw, db := core.New(3, 1, 3, 3), core.New(3)
	pw, pb := core.New(4, 3, 1, 1), core.New(4)
	for _, tc := range []struct {
		name           string
		dw, db, pw, pb *core.Tensor
		stride         int
		want           string
	}{
		{"depth weight channels", core.New(2, 1, 3, 3), db, pw, pb, 1, "depth_conv.weight"},
		{"depth weight not depthwise", core.New(3, 3, 3, 3), db, pw, pb, 1, "depth_conv.weight"},
		{"depth bias", dw, core.New(4), pw, pb, 1, "depth_conv.bias"},
		{"pointwise not 1x1", dw, db, core.New(4, 3, 3, 3), pb, 1, "pointwise_conv.weight"},
		{"pointwise channels", dw, db, core.New(4, 2, 1, 1), pb, 1, "pointwise_conv.weight"},
		{"pointwise bias", dw, db, pw, core.New(3), 1, "pointwise_conv.bias"},
		{"zero stride", dw, db, pw, pb, 0, "stride"},
		{"negative stride", dw, db, pw, pb, -2, "stride"},
	} {
		_, err := DepthwiseSeparable(x, tc.dw, tc.db, tc.pw, tc.pb, tc.stride)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "depthwise_separable_conv: ") {
			t.Errorf("%s: got error %v, want one naming the op and containing %q", tc.name, err, tc.want)
		}
	}
}

func TestSeparableParams(t *testing.T) {
	std, sep := SeparableParams(32, 64, 3)
	if std != 64*32*9 || sep != 32*9+64*32 {
		t.Errorf("SeparableParams(32, 64, 3) = %d, %d, want %d, %d", std, sep, 64*32*9, 32*9+64*32)
	}
	if got, want := float64(sep)/float64(std), 1.0/64+1.0/9; got-want > 1e-12 || want-got > 1e-12 {
		t.Errorf("ratio %v, want 1/O + 1/k² = %v", got, want)
	}
}
