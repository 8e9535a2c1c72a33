package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"dlprep/core"
)

// TestConv2DStrideOneMatchesDirectLoops covers the stride-1 one-group
// forms: the direct form (output the input's size: its lanes masked in
// the padding) and the shifted form (kernel rows as shifted views of
// width-unfolded rows), each case in the form it takes and again with the
// direct form off. Paddings wider than the image, dilations, even kernels
// with padding="same", 1×1 kernels, rows narrower than a vector, one row,
// one column, several images, no bias, and the benchmark's shape. It also
// checks that the multiply-adds are exactly O·Ho·Wo·C·kH·kW per image.
func TestConv2DStrideOneMatchesDirectLoops(t *testing.T) {
	defer func(d bool) { directDisabled = d }(directDisabled)
	r := rand.New(rand.NewPCG(31, 32))
	for _, cc := range []struct {
		b, c, h, w, o, kh, kw int
		pad, dil              [2]int
		same, bias            bool
		form                  string // with the direct form on, on a CPU that has it
	}{
		{1, 16, 9, 11, 5, 3, 3, [2]int{1, 1}, [2]int{1, 1}, false, true, "direct"},
		{2, 11, 7, 6, 33, 3, 3, [2]int{0, 0}, [2]int{1, 1}, false, true, "shifted"},
		{1, 8, 10, 7, 4, 5, 4, [2]int{2, 1}, [2]int{1, 2}, false, false, "shifted"},
		{2, 32, 5, 5, 3, 1, 1, [2]int{0, 0}, [2]int{1, 1}, false, true, "direct"}, // B=1 would be pointwise
		{2, 12, 6, 9, 7, 2, 4, [2]int{0, 0}, [2]int{2, 1}, true, true, "direct"},
		{1, 40, 3, 4, 2, 3, 3, [2]int{3, 3}, [2]int{1, 1}, false, true, "shifted"},
		{3, 16, 30, 17, 20, 3, 3, [2]int{1, 1}, [2]int{3, 1}, false, false, "shifted"},
		{3, 16, 30, 17, 20, 3, 3, [2]int{3, 1}, [2]int{3, 1}, false, false, "direct"},
		{1, 64, 56, 56, 64, 3, 3, [2]int{1, 1}, [2]int{1, 1}, false, true, "direct"},
		{2, 5, 13, 70, 9, 7, 7, [2]int{3, 3}, [2]int{1, 1}, false, true, "direct"},
		{1, 3, 1, 50, 4, 1, 5, [2]int{0, 2}, [2]int{1, 1}, false, true, "direct"},
		{1, 3, 50, 1, 4, 5, 1, [2]int{2, 0}, [2]int{1, 1}, false, true, "direct"},
		{2, 4, 8, 20, 3, 1, 2, [2]int{0, 15}, [2]int{1, 30}, false, true, "direct"}, // columns 5…14 unread
	} {
		name := fmt.Sprintf("%+v", cc)
		x := randTensor(r, cc.b, cc.c, cc.h, cc.w)
		wt := randTensor(r, cc.o, cc.c, cc.kh, cc.kw)
		var bias *core.Tensor
		if cc.bias {
			bias = randTensor(r, cc.o)
		}
		o := Options{Stride: [2]int{1, 1}, Padding: cc.pad, Dilation: cc.dil, Groups: 1, Same: cc.same}
		var want *core.Tensor
		if cc.same {
			pad, extra := SamePadding([2]int{cc.kh, cc.kw}, cc.dil)
			want = directConv2D(padAsym(x, pad, [2]int{pad[0] + extra[0], pad[1] + extra[1]}), wt, bias,
				opts([2]int{1, 1}, [2]int{0, 0}, cc.dil, 1))
		} else {
			want = directConv2D(x, wt, bias, o)
		}
		for _, off := range []bool{false, true} {
			directDisabled = off
			form := cc.form
			if form == "direct" && (off || !core.HaveDirectConv()) {
				form = "shifted"
			}
			if form == "shifted" && !useShifted(Geometry{Stride: [2]int{1, 1}}, 1, cc.c, cc.kw) {
				// Too shallow for the shifted form: im2col.
				form = "groups"
				if cc.b == 1 && cc.c*cc.kh*cc.kw*cc.h*cc.w > colsChunk {
					form = "chunked"
				}
			}
			core.ResetMulAdds()
			var ws Workspace
			got, err := ws.Conv2D(x, wt, bias, o)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if ws.form != form {
				t.Fatalf("%s, direct off %v: took the %s form, want %s", name, off, ws.form, form)
			}
			if !core.SameShape(got.Shape, want.Shape) {
				t.Fatalf("%s: shape %v, want %v", name, got.Shape, want.Shape)
			}
			tol := 1e-5 * math.Sqrt(float64(cc.c*cc.kh*cc.kw))
			for i := range want.Data {
				if d := math.Abs(float64(got.Data[i] - want.Data[i])); d > tol*math.Max(1, math.Abs(float64(want.Data[i]))) {
					t.Fatalf("%s, %s form: y[%d] = %v, want %v (direct loops)", name, form, i, got.Data[i], want.Data[i])
				}
			}
			ho, wo := want.Shape[2], want.Shape[3]
			if got, wantMA := core.MulAdds(), int64(cc.b*cc.o*ho*wo*cc.c*cc.kh*cc.kw); got != wantMA {
				t.Errorf("%s, %s form: counted %d multiply-adds, want B·O·Ho·Wo·C·kH·kW = %d", name, form, got, wantMA)
			}
		}
	}
}

// threadCases are convolutions that take each parallel path: the direct
// form, the shifted form, im2col in bands (stride 2, one large image), whole groups per part
// (a depthwise conv), unfolding in parts around one product per group
// (several images, two groups), the depthwise separable conv and the
// causal 3-D conv.
func threadCases(r *rand.Rand) []struct {
	name string
	run  func(*Workspace) (*core.Tensor, error)
} {
	conv := func(x, w, bias *core.Tensor, o Options) func(*Workspace) (*core.Tensor, error) {
		return func(ws *Workspace) (*core.Tensor, error) { return ws.Conv2D(x, w, bias, o) }
	}
	one := [2]int{1, 1}
	bigX := randTensor(r, 1, 64, 56, 56)
	vid := randTensor(r, 2, 8, 4, 30, 30)
	vw, vb := randTensor(r, 16, 8, 3, 4, 4), randTensor(r, 16)
	dw, db, pw, pb := randTensor(r, 64, 1, 3, 3), randTensor(r, 64), randTensor(r, 96, 64, 1, 1), randTensor(r, 96)
	var sep SeparableWorkspace
	return []struct {
		name string
		run  func(*Workspace) (*core.Tensor, error)
	}{
		{"direct 64->64 3x3", conv(bigX, randTensor(r, 64, 64, 3, 3), randTensor(r, 64), opts(one, one, one, 1))},
		{"direct 20 channels 5x5 B=2", conv(randTensor(r, 2, 7, 33, 41), randTensor(r, 20, 7, 5, 5), randTensor(r, 20), opts(one, [2]int{2, 2}, one, 1))},
		{"shifted 64->64 3x3 unpadded", conv(bigX, randTensor(r, 64, 64, 3, 3), randTensor(r, 64), opts(one, [2]int{0, 0}, one, 1))},
		{"shifted no bias B=3", conv(randTensor(r, 3, 16, 20, 23), randTensor(r, 24, 16, 3, 3), nil, opts(one, [2]int{0, 1}, [2]int{2, 1}, 1))},
		{"im2col bands stride (2,1)", conv(randTensor(r, 1, 32, 100, 100), randTensor(r, 16, 32, 3, 3), randTensor(r, 16), opts([2]int{2, 1}, one, one, 1))},
		{"im2col bands groups 2", conv(randTensor(r, 1, 128, 100, 100), randTensor(r, 32, 64, 3, 3), randTensor(r, 32), opts([2]int{2, 2}, one, one, 2))},
		{"unfold in parts B=1 stride 2", conv(bigX, randTensor(r, 32, 64, 3, 3), randTensor(r, 32), opts([2]int{2, 2}, one, one, 1))},
		{"groups per part (depthwise)", conv(bigX, randTensor(r, 64, 1, 3, 3), randTensor(r, 64), opts(one, one, one, 64))},
		{"unfold in parts B=4 groups 2", conv(randTensor(r, 4, 6, 20, 20), randTensor(r, 8, 3, 3, 3), randTensor(r, 8), opts(one, one, one, 2))},
		{"unfold in parts B=3 stem", conv(randTensor(r, 3, 3, 40, 40), randTensor(r, 16, 3, 3, 3), nil, opts([2]int{2, 2}, one, one, 1))},
		{"depthwise separable", func(*Workspace) (*core.Tensor, error) { return sep.DepthwiseSeparable(bigX, dw, db, pw, pb, 1) }},
		{"causal 3-D", func(ws *Workspace) (*core.Tensor, error) { return ws.CausalDownsample3D(vid, vw, vb) }},
	}
}

// TestConvThreadsBitIdentical: every parallel stage computes disjoint
// outputs with the same arithmetic as the serial code, so the results at
// 2 and 3 threads equal the one-thread results bit for bit.
func TestConvThreadsBitIdentical(t *testing.T) {
	r := rand.New(rand.NewPCG(33, 34))
	for _, tc := range threadCases(r) {
		var want []float32
		for _, procs := range []int{1, 2, 3} {
			prev := runtime.GOMAXPROCS(procs)
			var ws Workspace
			y, err := tc.run(&ws)
			runtime.GOMAXPROCS(prev)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if want == nil {
				want = append([]float32(nil), y.Data...)
				continue
			}
			if len(y.Data) != len(want) {
				t.Fatalf("%s GOMAXPROCS=%d: %d values, one thread %d", tc.name, procs, len(y.Data), len(want))
			}
			for i := range want {
				if math.Float32bits(y.Data[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%s GOMAXPROCS=%d: y[%d] = %v, one thread %v", tc.name, procs, i, y.Data[i], want[i])
				}
			}
		}
	}
}

// TestConvParallelAllocatesNothing: at two threads, where every case runs
// in parts, a warm workspace allocates nothing.
func TestConvParallelAllocatesNothing(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("allocation counts")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	r := rand.New(rand.NewPCG(35, 36))
	for _, tc := range threadCases(r) {
		var ws Workspace
		if _, err := tc.run(&ws); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(5, func() { _, _ = tc.run(&ws) }); a != 0 {
			t.Errorf("%s at two threads: %g allocations per call, want 0", tc.name, a)
		}
	}
}

// TestConv2DPointwise: a 1×1 stride-1 conv of one image multiplies x in
// place; it must match the direct loops with groups, with and without a
// bias, and count O·L·C/groups multiply-adds.
func TestConv2DPointwise(t *testing.T) {
	r := rand.New(rand.NewPCG(37, 38))
	for _, tc := range []struct{ c, h, w, o, groups int }{{64, 9, 7, 96, 1}, {6, 5, 5, 4, 2}, {3, 1, 1, 3, 3}, {5, 4, 6, 7, 1}} {
		for _, withBias := range []bool{true, false} {
			x := randTensor(r, 1, tc.c, tc.h, tc.w)
			w := randTensor(r, tc.o, tc.c/tc.groups, 1, 1)
			var bias *core.Tensor
			if withBias {
				bias = randTensor(r, tc.o)
			}
			o := DefaultOptions()
			o.Groups = tc.groups
			want := directConv2D(x, w, bias, o)
			core.ResetMulAdds()
			got, err := Conv2D(x, w, bias, o)
			if err != nil {
				t.Fatal(err)
			}
			if d := maxAbsDiff(got.Data, want.Data); d > 1e-4 {
				t.Errorf("%+v bias=%v: max |got - direct| = %g", tc, withBias, d)
			}
			if got, want := core.MulAdds(), int64(tc.o*tc.h*tc.w*tc.c/tc.groups); got != want {
				t.Errorf("%+v: %d multiply-adds, want %d", tc, got, want)
			}
		}
	}
}
