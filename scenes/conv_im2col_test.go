package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core/conv"
	"dlprep/core/mistakes"
	"dlprep/viz"
	"dlprep/viz/scene"
)

func newIm2col(t testing.TB, v scene.Values) *im2colView {
	return newView(t, newIm2colView, v)
}

// What the im2col view shows at every stage is the production ops'
// result: the unfolded matrix is conv.Unfold's, the product and the
// output conv.Conv2D's, the weight rows the weight in memory order; each
// output is the dot product of its weight row with its column, and the
// heat colours decode to the values.
func TestIm2colViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{
		nil,
		{"stride": 2, "height": 6, "width": 6, "channels": 3},
		{"channels": 1, "out": 2},
		{"dilation": 2, "padding": 2, "height": 7, "width": 8},
		{"kernel": 4, "stride": 2, "padding": 2, "height": 6, "width": 8},
		{"kernel": 1, "padding": 0},
		{"pitfall": 1, "channels": 3, "kernel": 2, "padding": 0},
	} {
		s := newIm2col(t, v)
		o := conv.DefaultOptions()
		o.Stride, o.Padding, o.Dilation = [2]int{s.stride, s.stride}, [2]int{s.pad, s.pad}, [2]int{s.dil, s.dil}
		g := conv.Geometry{Kernel: [2]int{s.k, s.k}, Stride: o.Stride, Padding: o.Padding, Dilation: o.Dilation}
		cols, err := conv.Unfold(s.x, g)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.hcols.vals, cols.Data) {
			t.Fatalf("%v: the unfolded matrix shown differs from conv.Unfold", v)
		}
		y, err := conv.Conv2D(s.x, s.weight, s.bias, o)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.hprod.vals, y.Data) || !equalF32(s.st.Y.Data, y.Data) {
			t.Fatalf("%v: the product shown differs from conv.Conv2D", v)
		}
		for oc := 0; oc < s.o; oc++ {
			if !equalF32(s.hy[oc].vals, y.Data[oc*s.l:(oc+1)*s.l]) {
				t.Fatalf("%v: output grid %d differs from conv.Conv2D", v, oc)
			}
		}
		ho, wo, _ := g.OutSize("test", s.h, s.w)
		if s.st.Ho != ho || s.st.Wo != wo {
			t.Errorf("%v: output %dx%d, want %dx%d", v, s.st.Ho, s.st.Wo, ho, wo)
		}
		// Every output is its weight row times its column plus the bias:
		// the flattening order of the weight matches unfold's rows.
		kk := s.c * s.kk
		for oc := 0; oc < s.o; oc++ {
			for l := 0; l < s.l; l++ {
				dot := float64(s.bias.Data[oc])
				for r := 0; r < kk; r++ {
					dot += float64(s.weight.Data[oc*kk+r]) * float64(cols.Data[r*s.l+l])
				}
				if math.Abs(dot-float64(y.Data[oc*s.l+l])) > 1e-4 {
					t.Fatalf("%v: W[%d]·column %d + b = %v, conv2d %v", v, oc, l, dot, y.Data[oc*s.l+l])
				}
			}
		}
		// The weight column of the product stage is the weight, transposed.
		for q := 0; q < kk; q++ {
			for oc := 0; oc < s.o; oc++ {
				if got := s.hwt.vals[q*s.hwt.cols+oc]; got != s.weight.Data[oc*kk+q] {
					t.Fatalf("%v: Wᵀ[%d, %d] shown %v, weight %v", v, q, oc, got, s.weight.Data[oc*kk+q])
				}
			}
		}
		// Colours decode to the values.
		for i := 0; i < s.o*s.l; i++ {
			got := s.hprod.bm.Value(i/s.l, i%s.l, viz.BlueWhiteRed, -s.prodLim, s.prodLim)
			if want := float64(y.Data[i]); math.Abs(got-want) > 2*s.prodLim/255+1e-6 {
				t.Fatalf("%v: product cell %d reads %v, conv2d %v", v, i, got, want)
			}
		}
		if s.pitfall == "" {
			if s.bad != nil {
				t.Fatalf("%v: a pitfall without the pitfall chosen", v)
			}
			continue
		}
		want, err := mistakes.Conv2DWeightChannelsLast(s.x, s.weight, s.bias, o)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.hbadProd.vals, want.Data) {
			t.Fatalf("%v: the pitfall's product differs from mistakes.Conv2DWeightChannelsLast", v)
		}
	}
}

// The sweep of the unfold and product stages visits every window
// position once, and the inspection of a column's cell names the input
// it reads.
func TestIm2colSweepAndInspection(t *testing.T) {
	s := newIm2col(t, nil)
	seen := map[int]bool{}
	f := &scene.Frame{Step: 1}
	for i := 0; i < 400; i++ {
		f.Frac = float64(i) / 400
		_, l := s.position(f)
		seen[l] = true
	}
	if len(seen) != s.l {
		t.Errorf("the unfold sweep visits %d of %d positions", len(seen), s.l)
	}
	// Column 6, tap (1, 2, 0): channel 1 at padded (1+2, 1+0) = x[0, 1, 2, 0].
	l, r := 6, 1*9+2*3+0
	in, ok := s.Inspect(f, scene.Target{Group: gImCols, Index: r*s.l + l})
	want := s.x.Data[(1*s.h+2)*s.w+0]
	if !ok || in.Value != fmtNum(float64(want)) || !strings.Contains(in.Detail, "x[0, 1, 2, 0]") || in.Shape != shapeOf(1, 18, 25) {
		t.Errorf("cols inspection %+v, want value %v reading x[0, 1, 2, 0]", in, want)
	}
	in, ok = s.Inspect(f, scene.Target{Group: gImIn, Index: 0})
	if !ok || in.Name != "zero padding" {
		t.Errorf("corner of the padded input inspects as %+v", in)
	}
}

// The channels-last pitfall moves nothing with one channel and changes
// outputs with more, as mistakes says; the view marks the differing cells.
func TestIm2colChannelsLastPitfallShows(t *testing.T) {
	for _, ch := range []int{1, 3} {
		s := newIm2col(t, scene.Values{"pitfall": 1, "channels": float64(ch), "kernel": 2, "padding": 0})
		n := 0
		for _, d := range s.differs {
			if d {
				n++
			}
		}
		if (n > 0) != (ch > 1) {
			t.Errorf("C=%d: %d output cells differ from conv2d's", ch, n)
		}
	}
}

// A kernel larger than the padded input is core's error, not a panic.
func TestIm2colRefusesKernelLargerThanInput(t *testing.T) {
	s := newIm2colView()
	v := scene.Overlay(s.Params(), scene.Values{"height": 3, "width": 3, "kernel": 4, "padding": 0, "dilation": 2})
	if err := s.Reset(v); err == nil || !strings.Contains(err.Error(), "conv2d") {
		t.Fatalf("Reset(%v) error %v, want core's conv2d error", v, err)
	}
}

func TestIm2colGoldens(t *testing.T) {
	checkGolden(t, "im2col_gemm", "018", nil, 3, 1280, 800)
	checkGolden(t, "im2col_pitfall_phone", "018", map[string]string{"pitfall": "weight-channels-last"}, 2, 390, 844)
}
