package conv

import (
	"math/rand/v2"
	"testing"

	"dlprep/core"
)

// The traced stages are the production op's: the columns are Unfold's,
// the weight rows the weight's own data, the product equals Conv2D's
// output element for element, and Y is Conv2D's.
func TestConv2DTraceMatchesConv2D(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 1))
	for _, tc := range []struct {
		b, c, h, w, o, k int
		s, p, d          int
		bias             bool
	}{
		{1, 2, 5, 5, 2, 3, 1, 1, 1, true},
		{2, 3, 6, 7, 4, 3, 2, 1, 1, false},
		{1, 1, 4, 4, 1, 1, 1, 0, 1, true},
		{1, 2, 8, 9, 3, 3, 1, 2, 2, true},
		{1, 3, 6, 6, 2, 4, 2, 2, 1, false},
	} {
		x := randTensor(r, tc.b, tc.c, tc.h, tc.w)
		w := randTensor(r, tc.o, tc.c, tc.k, tc.k)
		var bias *core.Tensor
		if tc.bias {
			bias = randTensor(r, tc.o)
		}
		o := opts([2]int{tc.s, tc.s}, [2]int{tc.p, tc.p}, [2]int{tc.d, tc.d}, 1)
		st, err := Conv2DTrace(x, w, bias, o)
		if err != nil {
			t.Fatalf("%+v: %v", tc, err)
		}
		want, err := Conv2D(x, w, bias, o)
		if err != nil {
			t.Fatal(err)
		}
		if d := maxAbsDiff(st.Y.Data, want.Data); d != 0 || !core.SameShape(st.Y.Shape, want.Shape) {
			t.Errorf("%+v: Y differs from Conv2D by %v (shape %v, %v)", tc, d, st.Y.Shape, want.Shape)
		}
		if d := maxAbsDiff(st.Prod.Data, want.Data); d > 1e-5 {
			t.Errorf("%+v: W·cols + b differs from Conv2D by %v", tc, d)
		}
		g := Geometry{Kernel: [2]int{tc.k, tc.k}, Stride: o.Stride, Padding: o.Padding, Dilation: o.Dilation}
		cols, _ := Unfold(x, g)
		if d := maxAbsDiff(st.Cols.Data, cols.Data); d != 0 {
			t.Errorf("%+v: cols differ from Unfold by %v", tc, d)
		}
		if d := maxAbsDiff(st.WeightRows.Data, w.Data); d != 0 || st.WeightRows.Shape[1] != tc.c*tc.k*tc.k {
			t.Errorf("%+v: weight rows %v are not weight.view(O, -1)", tc, st.WeightRows.Shape)
		}
	}
	if _, err := Conv2DTrace(randTensor(r, 1, 2, 4, 4), randTensor(r, 2, 1, 3, 3), nil, opts([2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}, 2)); err == nil {
		t.Error("a grouped conv was traced")
	}
}

func TestDepthwiseSeparableTrace(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 1))
	for _, k := range []int{3, 4} {
		x := randTensor(r, 2, 3, 6, 7)
		dw, db := randTensor(r, 3, 1, k, k), randTensor(r, 3)
		pw, pb := randTensor(r, 4, 3, 1, 1), randTensor(r, 4)
		st, err := DepthwiseSeparableTrace(x, dw, db, pw, pb, 1)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := DepthwiseSeparable(x, dw, db, pw, pb, 1)
		if d := maxAbsDiff(st.Y.Data, want.Data); d != 0 {
			t.Errorf("k=%d: Y differs from DepthwiseSeparable by %v", k, d)
		}
		o := opts([2]int{1, 1}, [2]int{k / 2, k / 2}, [2]int{1, 1}, 3)
		depth, _ := Conv2D(x, dw, db, o)
		if d := maxAbsDiff(st.Depth.Data, depth.Data); d != 0 || !core.SameShape(st.Depth.Shape, depth.Shape) {
			t.Errorf("k=%d: depthwise stage differs from a grouped Conv2D by %v", k, d)
		}
		point, _ := Conv2D(depth, pw, pb, DefaultOptions())
		if d := maxAbsDiff(point.Data, want.Data); d != 0 {
			t.Errorf("k=%d: pointwise of the stage differs by %v", k, d)
		}
		if k == 4 && st.Y.Shape[2] != 7 {
			t.Errorf("k=4 with padding 2 should grow 6 rows to 7, got %v", st.Y.Shape)
		}
	}
}

// The counted multiply-adds are what core.Gemm counts when the ops run.
func TestSeparableMulAddsMeasured(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 2))
	for _, tc := range []struct{ c, o, k, h, w int }{{3, 4, 3, 8, 8}, {8, 16, 3, 5, 6}, {2, 5, 5, 7, 7}} {
		x := randTensor(r, 1, tc.c, tc.h, tc.w)
		dw, pw := randTensor(r, tc.c, 1, tc.k, tc.k), randTensor(r, tc.o, tc.c, 1, 1)
		std, sep := SeparableMulAdds(tc.c, tc.o, tc.k, tc.h, tc.w)
		core.ResetMulAdds()
		if _, err := DepthwiseSeparable(x, dw, nil, pw, nil, 1); err != nil {
			t.Fatal(err)
		}
		if got := core.MulAdds(); got != sep {
			t.Errorf("%+v: separable counted %d multiply-adds, formula %d", tc, got, sep)
		}
		core.ResetMulAdds()
		full := randTensor(r, tc.o, tc.c, tc.k, tc.k)
		if _, err := Conv2D(x, full, nil, opts([2]int{1, 1}, [2]int{tc.k / 2, tc.k / 2}, [2]int{1, 1}, 1)); err != nil {
			t.Fatal(err)
		}
		if got := core.MulAdds(); got != std {
			t.Errorf("%+v: standard counted %d multiply-adds, formula %d", tc, got, std)
		}
		ps, pp := SeparableParams(tc.c, tc.o, tc.k)
		if float64(std)/float64(sep) != float64(ps)/float64(pp) {
			t.Errorf("%+v: multiply-add ratio %v is not the parameter ratio %v", tc, float64(std)/float64(sep), float64(ps)/float64(pp))
		}
	}
}

// The traced padding is problem 001's, the padded video holds x in its
// place, and a plain conv3d over it (directCausal3D pads the same way)
// gives the op's output.
func TestCausalDownsample3DTrace(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, s := range causalShapes {
		x := randTensor(r, s.b, s.ci, s.t, s.h, s.w)
		w := randTensor(r, s.co, s.ci, s.kt, s.kh, s.kw)
		st, err := CausalDownsample3DTrace(x, w, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := [3][2]int{{s.kt - 1, 0}, {(s.kh - 1) / 2, s.kh / 2}, {(s.kw - 1) / 2, s.kw / 2}}
		if st.Pad != want {
			t.Errorf("%+v: padding %v, want %v", s, st.Pad, want)
		}
		shape := []int{s.b, s.ci, s.t + s.kt - 1, s.h + s.kh - 1, s.w + s.kw - 1}
		if !core.SameShape(st.Padded.Shape, shape) {
			t.Fatalf("%+v: padded shape %v, want %v", s, st.Padded.Shape, shape)
		}
		for i, v := range x.Data {
			w0 := i % s.w
			h0 := (i / s.w) % s.h
			t0 := (i / (s.w * s.h)) % s.t
			bc := i / (s.w * s.h * s.t)
			at := ((bc*shape[2]+t0+want[0][0])*shape[3]+h0+want[1][0])*shape[4] + w0 + want[2][0]
			if st.Padded.Data[at] != v {
				t.Fatalf("%+v: x[%d] is not at its padded place", s, i)
			}
		}
		var sum float64
		for _, v := range st.Padded.Data {
			sum += float64(v)
		}
		var xs float64
		for _, v := range x.Data {
			xs += float64(v)
		}
		if d := sum - xs; d > 1e-3 || d < -1e-3 {
			t.Errorf("%+v: the padding is not zero (sums %v, %v)", s, sum, xs)
		}
		y, _ := CausalDownsample3D(x, w, nil)
		if d := maxAbsDiff(st.Y.Data, y.Data); d != 0 {
			t.Errorf("%+v: Y differs from CausalDownsample3D by %v", s, d)
		}
	}
}

// Output frame t of the causal op reads input frames t−kT+1..t and no
// other: the dependence is a band on and below the diagonal.
func TestFrameDependenceOfCausalOp(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 3))
	const frames, kt = 6, 3
	x := randTensor(r, 1, 2, frames, 4, 5)
	w := core.New(2, 2, kt, 3, 3)
	for i := range w.Data {
		w.Data[i] = 0.1 + float32(r.Float64())
	}
	dep, err := FrameDependence(CausalDownsample3D, x, w, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !core.SameShape(dep.Shape, []int{frames, frames}) {
		t.Fatalf("shape %v", dep.Shape)
	}
	for tt := 0; tt < frames; tt++ {
		for j := 0; j < frames; j++ {
			reads := dep.Data[tt*frames+j] > 0
			if want := j <= tt && j > tt-kt; reads != want {
				t.Errorf("output frame %d reads input frame %d: %v, want %v (%v)", tt, j, reads, want, dep.Data[tt*frames+j])
			}
		}
	}
	if _, err := FrameDependence(CausalDownsample3D, x, core.New(2, 3, kt, 3, 3), nil); err == nil {
		t.Error("a weight with the wrong channel count was accepted")
	}
}
