package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/internal/benchcpu"
)

func randTensor(r *rand.Rand, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(r.NormFloat64())
	}
	return t
}

// directConv2D is the textbook seven-loop convolution (batch, output channel,
// output row, output column, input channel, kernel row, kernel column), in
// float64, the reference the im2col version must match.
func directConv2D(x, w, bias *core.Tensor, o Options) *core.Tensor {
	b, c, h, wd := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	oc, cg, kh, kw := w.Shape[0], w.Shape[1], w.Shape[2], w.Shape[3]
	og := oc / o.Groups
	ho := (h+2*o.Padding[0]-o.Dilation[0]*(kh-1)-1)/o.Stride[0] + 1
	wo := (wd+2*o.Padding[1]-o.Dilation[1]*(kw-1)-1)/o.Stride[1] + 1
	y := core.New(b, oc, ho, wo)
	for n := 0; n < b; n++ {
		for oo := 0; oo < oc; oo++ {
			g := oo / og
			for oy := 0; oy < ho; oy++ {
				for ox := 0; ox < wo; ox++ {
					s := 0.0
					if bias != nil {
						s = float64(bias.Data[oo])
					}
					for ci := 0; ci < cg; ci++ {
						ch := g*cg + ci
						for i := 0; i < kh; i++ {
							for j := 0; j < kw; j++ {
								iy := oy*o.Stride[0] - o.Padding[0] + i*o.Dilation[0]
								ix := ox*o.Stride[1] - o.Padding[1] + j*o.Dilation[1]
								if iy < 0 || iy >= h || ix < 0 || ix >= wd {
									continue
								}
								s += float64(x.Data[((n*c+ch)*h+iy)*wd+ix]) * float64(w.Data[((oo*cg+ci)*kh+i)*kw+j])
							}
						}
					}
					y.Data[((n*oc+oo)*ho+oy)*wo+ox] = float32(s)
				}
			}
		}
	}
	return y
}

func maxAbsDiff(a, b []float32) float64 {
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(float64(a[i])-float64(b[i])))
	}
	return m
}

type convCase struct {
	b, c, h, w, o, kh, kw int
	opt                   Options
	bias                  bool
}

func (cc convCase) String() string {
	return fmt.Sprintf("x[%d,%d,%d,%d] w[%d,%d,%d,%d] stride=%v pad=%v dil=%v groups=%d bias=%v",
		cc.b, cc.c, cc.h, cc.w, cc.o, cc.c/cc.opt.Groups, cc.kh, cc.kw, cc.opt.Stride, cc.opt.Padding, cc.opt.Dilation, cc.opt.Groups, cc.bias)
}

func opts(s, p, d [2]int, g int) Options {
	return Options{Stride: s, Padding: p, Dilation: d, Groups: g}
}

func TestConv2DMatchesDirectLoops(t *testing.T) {
	one := [2]int{1, 1}
	cases := []convCase{
		{1, 1, 5, 5, 1, 3, 3, DefaultOptions(), false},
		{2, 3, 7, 5, 4, 3, 3, opts(one, one, one, 1), true},
		{3, 4, 6, 9, 6, 2, 4, opts([2]int{2, 1}, [2]int{1, 2}, one, 2), true},
		{2, 6, 11, 8, 6, 3, 3, opts([2]int{2, 2}, [2]int{2, 2}, [2]int{2, 3}, 6), true},
		{1, 8, 9, 9, 4, 1, 1, opts([2]int{2, 2}, [2]int{0, 0}, one, 4), false},
		{2, 2, 4, 4, 2, 4, 4, opts(one, [2]int{0, 0}, one, 1), true},
		{2, 3, 3, 3, 2, 3, 3, opts([2]int{3, 3}, [2]int{3, 3}, one, 1), true}, // padding wider than the image
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 60; i++ {
		g := 1 + r.IntN(3)
		cc := convCase{b: 1 + r.IntN(3), c: g * (1 + r.IntN(3)), h: 1 + r.IntN(9), w: 1 + r.IntN(9), o: g * (1 + r.IntN(3)),
			kh: 1 + r.IntN(4), kw: 1 + r.IntN(4), bias: r.IntN(2) == 0,
			opt: opts([2]int{1 + r.IntN(3), 1 + r.IntN(3)}, [2]int{r.IntN(3), r.IntN(3)}, [2]int{1 + r.IntN(3), 1 + r.IntN(3)}, g)}
		if cc.opt.Dilation[0]*(cc.kh-1)+1 > cc.h+2*cc.opt.Padding[0] || cc.opt.Dilation[1]*(cc.kw-1)+1 > cc.w+2*cc.opt.Padding[1] {
			continue
		}
		cases = append(cases, cc)
	}
	defer func(d bool) { directDisabled = d }(directDisabled)
	var ws Workspace
	for k, cc := range cases {
		directDisabled = k%2 == 1 // every other case without the direct form
		x := randTensor(r, cc.b, cc.c, cc.h, cc.w)
		w := randTensor(r, cc.o, cc.c/cc.opt.Groups, cc.kh, cc.kw)
		var bias *core.Tensor
		if cc.bias {
			bias = randTensor(r, cc.o)
		}
		want := directConv2D(x, w, bias, cc.opt)
		core.ResetMulAdds()
		got, err := ws.Conv2D(x, w, bias, cc.opt)
		if err != nil {
			t.Errorf("%v: unexpected error %v", cc, err)
			continue
		}
		if !core.SameShape(got.Shape, want.Shape) {
			t.Errorf("%v: got shape %v, want %v", cc, got.Shape, want.Shape)
			continue
		}
		if d := maxAbsDiff(got.Data, want.Data); d > 1e-4 {
			t.Errorf("%v: max |im2col - direct| = %g, want <= 1e-4", cc, d)
		}
		ho, wo := want.Shape[2], want.Shape[3]
		wantMA := int64(cc.b * cc.o * ho * wo * (cc.c / cc.opt.Groups) * cc.kh * cc.kw)
		if got := core.MulAdds(); got != wantMA {
			t.Errorf("%v: counted %d multiply-adds, want B·O·Ho·Wo·(C/groups)·kH·kW = %d", cc, got, wantMA)
		}
	}
}

// TestConv2DOneProductPerGroup pins problem 018's requirement: one matrix
// product per group, whatever the batch size.
func TestConv2DOneProductPerGroup(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, groups := range []int{1, 2, 4} {
		for _, b := range []int{1, 3} {
			x := randTensor(r, b, 4, 6, 5)
			w := randTensor(r, 8, 4/groups, 3, 3)
			var ws Workspace
			o := DefaultOptions()
			o.Groups = groups
			core.ResetMulAdds()
			if _, err := ws.Conv2D(x, w, nil, o); err != nil {
				t.Fatal(err)
			}
			// Each product is [8/groups, 9·4/groups] × [.., B·12]; the total
			// count divided by one product's count is the number of calls.
			per := int64(8/groups) * int64(9*4/groups) * int64(b*4*3)
			calls := int(core.MulAdds() / per)
			if calls != groups || core.MulAdds()%per != 0 {
				t.Errorf("groups=%d B=%d: %d multiply-adds = %v products of %d, want exactly %d", groups, b, core.MulAdds(), float64(core.MulAdds())/float64(per), per, groups)
			}
		}
	}
}

func TestConv2DErrors(t *testing.T) {
	x := core.New(2, 4, 5, 5)
	d := DefaultOptions()
	with := func(f func(*Options)) Options { o := d; f(&o); return o }
	for _, tc := range []struct {
		name       string
		x, w, bias *core.Tensor
		o          Options
		want       string
	}{
		{"channel mismatch", x, core.New(3, 3, 3, 3), nil, d, "input channels"},
		{"groups not dividing C", x, core.New(3, 1, 3, 3), nil, with(func(o *Options) { o.Groups = 3 }), "does not divide"},
		{"groups not dividing O", x, core.New(3, 2, 3, 3), nil, with(func(o *Options) { o.Groups = 2 }), "output channels"},
		{"zero groups", x, core.New(4, 4, 3, 3), nil, with(func(o *Options) { o.Groups = 0 }), "groups"},
		{"kernel larger than input", x, core.New(4, 4, 6, 3), nil, d, "larger than the padded input"},
		{"dilated kernel larger", x, core.New(4, 4, 3, 3), nil, with(func(o *Options) { o.Dilation = [2]int{3, 1} }), "larger than the padded input"},
		{"negative stride", x, core.New(4, 4, 3, 3), nil, with(func(o *Options) { o.Stride = [2]int{-1, 1} }), "stride"},
		{"zero stride", x, core.New(4, 4, 3, 3), nil, with(func(o *Options) { o.Stride = [2]int{1, 0} }), "stride"},
		{"negative padding", x, core.New(4, 4, 3, 3), nil, with(func(o *Options) { o.Padding = [2]int{0, -1} }), "padding"},
		{"zero dilation", x, core.New(4, 4, 3, 3), nil, with(func(o *Options) { o.Dilation = [2]int{0, 1} }), "dilation"},
		{"absurd padding", x, core.New(4, 4, 3, 3), nil, with(func(o *Options) { o.Padding = [2]int{1 << 20, 1 << 20} }), "over the 256 MiB budget"},
		{"bias length", x, core.New(4, 4, 3, 3), core.New(3), d, "bias"},
		{"3-d x", core.New(4, 5, 5), core.New(4, 4, 3, 3), nil, d, "x must be 4-d"},
		{"3-d weight", x, core.New(4, 3, 3), nil, d, "weight must be 4-d"},
		{"nil x", nil, core.New(4, 4, 3, 3), nil, d, "missing x"},
	} {
		_, err := Conv2D(tc.x, tc.w, tc.bias, tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "conv2d: ") {
			t.Errorf("%s: got error %v, want one starting with conv2d: and containing %q", tc.name, err, tc.want)
		}
	}
}

func TestConv2DWorkspaceReuseDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts") // the race detector allocates
	}
	r := rand.New(rand.NewPCG(5, 6))
	for _, b := range []int{1, 2} {
		x := randTensor(r, b, 4, 10, 9)
		w := randTensor(r, 6, 2, 3, 3)
		bias := randTensor(r, 6)
		o := opts([2]int{1, 2}, [2]int{1, 1}, [2]int{1, 1}, 2)
		var ws Workspace
		first, err := ws.Conv2D(x, w, bias, o)
		if err != nil {
			t.Fatal(err)
		}
		keep := first.Clone()
		allocs := testing.AllocsPerRun(5, func() {
			if _, err := ws.Conv2D(x, w, bias, o); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("B=%d: repeated Workspace.Conv2D allocates %v times per call, want 0", b, allocs)
		}
		again, _ := ws.Conv2D(x, w, bias, o)
		if d := maxAbsDiff(again.Data, keep.Data); d != 0 {
			t.Errorf("B=%d: reused workspace changed the result by %g", b, d)
		}
	}
}

// FuzzConv2D drives Conv2D with shapes and params decoded from bytes,
// including invalid ones: it must return an error or the direct loop's
// result, and never panic.
func FuzzConv2D(f *testing.F) {
	f.Add([]byte{1, 3, 5, 5, 2, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Add([]byte{2, 4, 7, 6, 4, 2, 4, 2, 1, 0, 2, 2, 1, 2, 0})
	f.Add([]byte{1, 6, 3, 3, 6, 3, 3, 3, 3, 3, 3, 1, 1, 6, 1})
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	f.Add([]byte{255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255})
	f.Add([]byte{2, 5, 9, 11, 6, 4, 4, 2, 2, 2, 2, 2, 2, 2, 5, 0}) // same, even kernel, direct
	f.Add([]byte{2, 5, 9, 11, 6, 4, 4, 2, 2, 2, 2, 2, 2, 2, 5, 1}) // and shifted
	f.Fuzz(func(t *testing.T, p []byte) {
		at := func(i int) int {
			if i < len(p) {
				return int(p[i])
			}
			return 1
		}
		// Signed small values so that negative params are exercised too.
		small := func(i, span int) int { return at(i)%span - 1 }
		b, c, h, w := at(0)%4, at(1)%7, at(2)%12, at(3)%12
		o, kh, kw := at(4)%7, small(5, 6), small(6, 6)
		opt := Options{
			Stride:   [2]int{small(7, 5), small(8, 5)},
			Padding:  [2]int{small(9, 5), small(10, 5)},
			Dilation: [2]int{small(11, 4), small(12, 4)},
			Groups:   small(13, 5),
		}
		cw := c
		if at(14)%2 == 0 && opt.Groups > 0 {
			cw = c / opt.Groups
		}
		if kh < 0 || kw < 0 {
			kh, kw = 0, 0
		}
		r := rand.New(rand.NewPCG(uint64(len(p)), 7))
		x := randTensor(r, b, c, h, w)
		wt := randTensor(r, o, cw, kh, kw)
		var bias *core.Tensor
		if at(14)%3 == 0 {
			bias = randTensor(r, o)
		}
		opt.Same = at(14)%5 == 0
		// Both stride-1 forms: direct (where the CPU has it) and shifted.
		defer func(d bool) { directDisabled = d }(directDisabled)
		directDisabled = at(15)%2 == 1
		y, err := Conv2D(x, wt, bias, opt)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "conv2d: ") {
				t.Fatalf("error %q does not name the op", err)
			}
			return
		}
		var want *core.Tensor
		if opt.Same {
			pad, extra := SamePadding([2]int{kh, kw}, opt.Dilation)
			want = directConv2D(padAsym(x, pad, [2]int{pad[0] + extra[0], pad[1] + extra[1]}), wt, bias,
				opts(opt.Stride, [2]int{0, 0}, opt.Dilation, opt.Groups))
		} else {
			want = directConv2D(x, wt, bias, opt)
		}
		if !core.SameShape(y.Shape, want.Shape) {
			t.Fatalf("got shape %v, want %v", y.Shape, want.Shape)
		}
		if d := maxAbsDiff(y.Data, want.Data); d > 1e-4 {
			t.Fatalf("max |im2col - direct| = %g", d)
		}
	})
}

// BenchmarkOp_conv2d is problem 018's default: 64→64 channels on 56×56,
// k=3, padding 1, B=1, on a reused workspace.
func BenchmarkOp_conv2d(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := randTensor(r, 1, 64, 56, 56)
	w := randTensor(r, 64, 64, 3, 3)
	bias := randTensor(r, 64)
	o := DefaultOptions()
	o.Padding = [2]int{1, 1}
	var ws Workspace
	b.ReportAllocs()
	benchcpu.Loop(b, func() {
		if _, err := ws.Conv2D(x, w, bias, o); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(2*64*64*9*56*56)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

// padAsym zero-pads x [B,C,H,W] by before[a] and after[a] on each axis.
func padAsym(x *core.Tensor, before, after [2]int) *core.Tensor {
	b, c, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	hp, wp := h+before[0]+after[0], w+before[1]+after[1]
	out := core.New(b, c, hp, wp)
	for n := 0; n < b*c; n++ {
		for i := 0; i < h; i++ {
			copy(out.Data[(n*hp+i+before[0])*wp+before[1]:], x.Data[(n*h+i)*w:(n*h+i+1)*w])
		}
	}
	return out
}

// TestConv2DSamePadding checks padding="same": the output keeps H×W, and it
// equals a plain conv of the input padded by d(k−1)/2 before and the rest
// after, so even kernels put the extra zero at the bottom and right.
func TestConv2DSamePadding(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	for _, s := range []struct{ b, c, h, w, o, kh, kw, dh, dw, g int }{
		{2, 3, 5, 6, 4, 3, 3, 1, 1, 1},
		{1, 2, 6, 5, 3, 4, 2, 1, 1, 1},
		{2, 4, 7, 7, 4, 2, 2, 2, 3, 2},
		{1, 3, 4, 9, 6, 5, 4, 1, 2, 3},
	} {
		x := randTensor(r, s.b, s.c, s.h, s.w)
		w := randTensor(r, s.o, s.c/s.g, s.kh, s.kw)
		bias := randTensor(r, s.o)
		o := Options{Stride: [2]int{1, 1}, Dilation: [2]int{s.dh, s.dw}, Groups: s.g, Same: true}
		got, err := Conv2D(x, w, bias, o)
		if err != nil {
			t.Errorf("%+v: %v", s, err)
			continue
		}
		pad, extra := SamePadding([2]int{s.kh, s.kw}, o.Dilation)
		want := directConv2D(padAsym(x, pad, [2]int{pad[0] + extra[0], pad[1] + extra[1]}), w, bias,
			opts([2]int{1, 1}, [2]int{0, 0}, o.Dilation, s.g))
		if !core.SameShape(got.Shape, []int{s.b, s.o, s.h, s.w}) || !core.SameShape(want.Shape, got.Shape) {
			t.Errorf("%+v: got shape %v (reference %v), want [%d %d %d %d]", s, got.Shape, want.Shape, s.b, s.o, s.h, s.w)
			continue
		}
		if d := maxAbsDiff(got.Data, want.Data); d > 1e-4 {
			t.Errorf("%+v: max |same - padded conv| = %g", s, d)
		}
	}
	if _, err := Conv2D(core.New(1, 1, 5, 5), core.New(1, 1, 3, 3), nil, Options{Stride: [2]int{2, 2}, Dilation: [2]int{1, 1}, Groups: 1, Same: true}); err == nil {
		t.Errorf("padding=same with stride 2: got no error, want one (PyTorch refuses it too)")
	}
}

// TestConv2DRejectsNonFinite: NaN or ±Inf anywhere in x, the weight or the
// bias is an error naming the tensor, in every form conv2d takes (the
// shifted form checks x while unfolding it, on every core, so the values
// at the image's corners and edges, under padding and dilation, are the
// ones to try), at one thread and at several.
func TestConv2DRejectsNonFinite(t *testing.T) {
	defer func(d bool) { directDisabled = d }(directDisabled)
	same := DefaultOptions()
	same.Same = true
	dil := DefaultOptions()
	dil.Padding, dil.Dilation = [2]int{2, 1}, [2]int{2, 3}
	dilSame := DefaultOptions()
	dilSame.Padding, dilSame.Dilation = [2]int{2, 3}, [2]int{2, 3}
	// Two kernel columns 30 apart padded by 15: columns 5…14 of the 20 are
	// never read, so the direct form checks x before computing.
	unread := DefaultOptions()
	unread.Padding, unread.Dilation = [2]int{0, 15}, [2]int{1, 30}
	pad := DefaultOptions()
	pad.Padding = [2]int{1, 1}
	str := DefaultOptions()
	str.Stride, str.Padding = [2]int{2, 2}, [2]int{1, 1}
	grp := DefaultOptions()
	grp.Groups = 2
	// direct is the form a same-size case takes: without the kernel, the
	// one it would take with the direct form off.
	direct := func(without string) string {
		if core.HaveDirectConv() {
			return "direct"
		}
		return without
	}
	cases := []struct {
		name     string
		x, w     []int
		o        Options
		form     string
		noDirect bool
	}{
		{"direct 3x3 pad 1", []int{2, 32, 9, 11}, []int{8, 32, 3, 3}, pad, direct("shifted"), false},
		{"direct same, even kernel", []int{1, 16, 6, 7}, []int{4, 16, 4, 2}, same, direct("shifted"), false},
		{"direct dilated", []int{1, 16, 12, 13}, []int{4, 16, 3, 3}, dilSame, direct("shifted"), false},
		{"direct, columns unread", []int{1, 2, 3, 20}, []int{3, 2, 1, 2}, unread, direct("groups"), false},
		{"shifted 3x3 pad 1", []int{2, 32, 9, 11}, []int{8, 32, 3, 3}, pad, "shifted", true},
		{"shifted same, even kernel", []int{1, 16, 6, 7}, []int{4, 16, 4, 2}, same, "shifted", true},
		{"shifted no pad", []int{1, 16, 7, 8}, []int{4, 16, 3, 2}, DefaultOptions(), "shifted", false},
		{"shifted dilated", []int{1, 16, 12, 13}, []int{4, 16, 3, 3}, dil, "shifted", false},
		{"strided", []int{1, 4, 9, 9}, []int{3, 4, 3, 3}, str, "groups", false},
		{"grouped", []int{1, 4, 6, 6}, []int{4, 2, 3, 3}, grp, "groups", false},
		{"pointwise", []int{1, 40, 5, 5}, []int{6, 40, 1, 1}, DefaultOptions(), "pointwise", false},
	}
	bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, procs := range []int{1, 2} {
		old := runtime.GOMAXPROCS(procs)
		for _, tc := range cases {
			r := rand.New(rand.NewPCG(3, 4))
			x, w, bias := randTensor(r, tc.x...), randTensor(r, tc.w...), randTensor(r, tc.w[0])
			directDisabled = tc.noDirect
			var ws Workspace
			if _, err := ws.Conv2D(x, w, bias, tc.o); err != nil {
				t.Fatalf("%s: finite inputs: %v", tc.name, err)
			}
			if ws.form != tc.form {
				t.Fatalf("%s: took the %s form, want %s", tc.name, ws.form, tc.form)
			}
			bb, cc, hh, ww := tc.x[0], tc.x[1], tc.x[2], tc.x[3]
			// Every corner of every image and channel, the middle of each
			// edge, and the centre.
			var at []int
			for n := 0; n < bb; n++ {
				for _, ch := range []int{0, cc - 1} {
					for _, yx := range [][2]int{{0, 0}, {0, ww - 1}, {hh - 1, 0}, {hh - 1, ww - 1}, {0, ww / 2}, {hh / 2, 0}, {hh - 1, ww / 2}, {hh / 2, ww - 1}, {hh / 2, ww / 2}} {
						at = append(at, ((n*cc+ch)*hh+yx[0])*ww+yx[1])
					}
				}
			}
			for k, i := range at {
				v := bad[k%len(bad)]
				saved := x.Data[i]
				x.Data[i] = v
				_, err := ws.Conv2D(x, w, bias, tc.o)
				x.Data[i] = saved
				if err == nil || !strings.Contains(err.Error(), "x holds a non-finite value") || !strings.Contains(err.Error(), fmt.Sprintf("flat index %d", i)) {
					t.Errorf("procs %d, %s: %v at x flat %d: error %v, want x's non-finite value named", procs, tc.name, v, i, err)
				}
			}
			// The workspace still computes after an error.
			got, err := ws.Conv2D(x, w, bias, tc.o)
			if err != nil {
				t.Fatalf("%s: after the errors: %v", tc.name, err)
			}
			want, _ := Conv2D(x, w, bias, tc.o)
			if !slices.Equal(got.Data, want.Data) {
				t.Errorf("%s: a workspace that returned errors computes differently", tc.name)
			}
			for _, in := range []struct {
				name string
				t    *core.Tensor
			}{{"weight", w}, {"bias", bias}} {
				saved := in.t.Data[len(in.t.Data)-1]
				in.t.Data[len(in.t.Data)-1] = bad[0]
				_, err := ws.Conv2D(x, w, bias, tc.o)
				in.t.Data[len(in.t.Data)-1] = saved
				if err == nil || !strings.Contains(err.Error(), in.name+" holds a non-finite value") {
					t.Errorf("procs %d, %s: NaN in %s: error %v", procs, tc.name, in.name, err)
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestConv2DOverflowIsAResult: finite inputs whose sums overflow give ±Inf
// outputs, as in PyTorch, not an error, in the direct form (which learns
// of non-finite values from its outputs, then looks at x) as in the others.
func TestConv2DOverflowIsAResult(t *testing.T) {
	defer func(d bool) { directDisabled = d }(directDisabled)
	r := rand.New(rand.NewPCG(5, 6))
	x, w := randTensor(r, 1, 8, 6, 20), randTensor(r, 4, 8, 3, 3)
	for i := range x.Data {
		x.Data[i] = 3e38
	}
	for i := range w.Data {
		w.Data[i] = 10
	}
	o := DefaultOptions()
	o.Padding = [2]int{1, 1}
	var results [][]float32
	for _, off := range []bool{false, true} {
		directDisabled = off
		var ws Workspace
		y, err := ws.Conv2D(x, w, nil, o)
		if err != nil {
			t.Fatalf("direct off %v (%s form): %v", off, ws.form, err)
		}
		if !math.IsInf(float64(y.Data[0]), 1) {
			t.Fatalf("direct off %v (%s form): y[0] = %v, want +Inf", off, ws.form, y.Data[0])
		}
		results = append(results, slices.Clone(y.Data))
	}
	if !slices.Equal(results[0], results[1]) {
		t.Error("the direct and shifted forms disagree on an overflow")
	}
}
