package scenes

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/raster/rastertest"
)

// kvMap turns a readout into a map.
func kvMap(kv []KV) map[string]string {
	m := make(map[string]string, len(kv))
	for _, e := range kv {
		m[e.Key] = e.Value
	}
	return m
}

// familyGolden renders a scene in a fixed state through the raster backend
// and compares it with testdata/<name>_golden.png (-regen rewrites it).
func familyGolden(t *testing.T, name string, s Scene, drive func()) {
	t.Helper()
	c := raster.New(960, 600, 1)
	c.Clear(viz.Paper)
	s.Draw(c)
	if drive != nil {
		drive()
	}
	c.Clear(viz.Paper)
	s.Draw(c)
	rastertest.Check(t, c.RGBA(), "testdata/"+name+"_golden.png")
}

func newIm2col(t *testing.T, v Values) *im2colScene {
	t.Helper()
	return resetScene(t, "im2col", v).(*im2colScene)
}

// What the scene shows is core's unfold and core's conv2d, and the product
// it draws (kernel row · current column) equals the output cell, which
// checks that the weight's flattening order matches the unfold order.
func TestIm2colShowsCoreUnfoldAndConv(t *testing.T) {
	for _, v := range []Values{
		{},
		{"h": 7, "w": 8, "k": 3, "stride": 2, "padding": 1, "channels": 3},
		{"channels": 1},
		{"h": 8, "w": 9, "k": 3, "padding": 2, "dilation": 2},
		{"h": 6, "w": 8, "k": 4, "stride": 2, "padding": 2},
		{"h": 5, "w": 5, "k": 1, "padding": 0},
	} {
		s := newIm2col(t, v)
		g := conv.Geometry{Kernel: [2]int{s.k, s.k}, Stride: [2]int{s.stride, s.stride}, Padding: [2]int{s.pad, s.pad}, Dilation: [2]int{s.dil, s.dil}}
		want, err := conv.Unfold(s.x, g)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.unfold.Data, want.Data) {
			t.Fatalf("%v: shown unfold differs from conv.Unfold", v)
		}
		o := conv.DefaultOptions()
		o.Stride, o.Padding, o.Dilation = g.Stride, g.Padding, g.Dilation
		out, err := conv.Conv2D(s.x, s.weight, nil, o)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.out.Data, out.Data) {
			t.Fatalf("%v: shown output differs from conv.Conv2D", v)
		}
		ho, wo, _ := g.OutSize("test", s.h, s.w)
		if s.ho != ho || s.wo != wo {
			t.Errorf("%v: output %dx%d, want %dx%d", v, s.ho, s.wo, ho, wo)
		}
		// Walk every column with Step and check the dot product shown.
		n := ho * wo
		for l := 0; l < n; l++ {
			if k, total := s.Progress(); k != l+1 || total != n {
				t.Fatalf("%v: progress %d of %d, want %d of %d", v, k, total, l+1, n)
			}
			var dot float64
			for r, cv := range s.colVals {
				dot += float64(s.weight.Data[r]) * float64(cv)
			}
			if math.Abs(dot-float64(out.Data[l])) > 1e-4 {
				t.Fatalf("%v: column %d: W·column = %v, conv2d out = %v", v, l, dot, out.Data[l])
			}
			if got := kvMap(s.Readout())["out[l]"]; got != strconv.FormatFloat(float64(out.Data[l]), 'f', -1, 32) {
				t.Fatalf("%v: readout out[l] = %q at l=%d, want %v", v, got, l, out.Data[l])
			}
			s.Step()
		}
		if s.col != 0 {
			t.Errorf("%v: after L steps the column is %d, want 0 (wrap)", v, s.col)
		}
	}
}

func equalF32(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The notes are core's counts: separable params and the causal output size;
// the symmetric-padding pitfall is one larger for even k on even H.
func TestIm2colSeparableAndCausalPadding(t *testing.T) {
	s := newIm2col(t, Values{"h": 6, "w": 8, "k": 4, "stride": 2, "padding": 2, "cin": 32, "cout": 64, "pitfall_sym_pad": 1})
	std, sep := conv.SeparableParams(32, 64, 4)
	kv := kvMap(s.Readout())
	if want := f3(float64(sep) / float64(std)); kv["separable ratio"] != want {
		t.Errorf("separable ratio %q, want %q", kv["separable ratio"], want)
	}
	if math.Abs(float64(sep)/float64(std)-(1.0/64+1.0/16)) > 1e-12 {
		t.Errorf("core's ratio %v is not 1/O + 1/k²", float64(sep)/float64(std))
	}
	y, err := conv.CausalDownsample3D(core.New(1, 1, 3, 6, 8), core.New(1, 1, 2, 4, 4), nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := itoa(y.Shape[2]) + "×" + itoa(y.Shape[3]) + "×" + itoa(y.Shape[4]); kv["causal out"] != want || want != "3×3×4" {
		t.Errorf("causal out %q, core %q, want 3×3×4", kv["causal out"], want)
	}
	if kv["symmetric pad out"] != "4×5" {
		t.Errorf("symmetric pad out %q, want 4×5 (one more than ⌈H/2⌉×⌈W/2⌉)", kv["symmetric pad out"])
	}
}

func TestIm2colRefusesKernelLargerThanInput(t *testing.T) {
	s, _ := New("im2col")
	v := Defaults(s.Params())
	v["h"], v["w"], v["k"], v["padding"], v["dilation"] = 3, 3, 5, 0, 3
	err := s.Reset(v)
	if err == nil || !strings.Contains(err.Error(), "unfold") {
		t.Fatalf("Reset(%v) error %v, want core's unfold error", v, err)
	}
	c := &countCanvas{w: 960, h: 600, keep: true}
	s.Draw(c) // draws the banner, no panic
	if len(c.texts) == 0 {
		t.Error("no error text drawn")
	}
}

// Clicking an output cell moves the kernel there.
func TestIm2colClickSelectsOutputCell(t *testing.T) {
	s := newIm2col(t, nil)
	s.Draw(raster.New(960, 600, 1))
	r := cellRect(s.outR, s.ho, s.wo, 2, 3)
	s.Update(Input{MouseX: r.X + r.W/2, MouseY: r.Y + r.H/2, Clicked: true}, 0)
	if s.col != 2*s.wo+3 {
		t.Errorf("clicked output (2,3): column %d, want %d", s.col, 2*s.wo+3)
	}
}

// The channels-last pitfall is core.Gemm of the permuted weight row with
// core's unfolded matrix: wrong for C > 1 (somewhere), identical for C = 1.
func TestIm2colChannelsLastPitfall(t *testing.T) {
	for _, ch := range []int{1, 2, 3} {
		s := newIm2col(t, Values{"channels": float64(ch), "pitfall_channels_last": 1})
		kk := s.k * s.k
		rows, n := s.unfold.Shape[1], s.unfold.Shape[2]
		differs := false
		for l := 0; l < n; l++ {
			var want float64
			for i := 0; i < kk; i++ {
				for c := 0; c < ch; c++ {
					// channels-last position (i, c) holds w[c, i] and meets unfold row i·C + c
					want += float64(s.weight.Data[c*kk+i]) * float64(s.unfold.Data[(i*ch+c)*n+l])
				}
			}
			if math.Abs(want-float64(s.wrongOut[l])) > 1e-4 {
				t.Fatalf("C=%d l=%d: pitfall value %v, want %v", ch, l, s.wrongOut[l], want)
			}
			differs = differs || s.wrongOut[l] != s.out.Data[l]
		}
		if rows != ch*kk || differs != (ch > 1) {
			t.Errorf("C=%d: %d unfold rows, pitfall differs from core: %v", ch, rows, differs)
		}
	}
}

func TestIm2colGolden(t *testing.T) {
	s := newIm2col(t, Values{"h": 6, "w": 8, "k": 4, "stride": 2, "padding": 1, "pitfall_sym_pad": 1})
	familyGolden(t, "im2col", s, func() {
		for range 5 {
			s.Step()
		}
	})
	s = newIm2col(t, Values{"channels": 3, "k": 2, "padding": 0, "pitfall_channels_last": 1})
	familyGolden(t, "im2col_channels_last", s, func() {
		for range 8 {
			s.Step()
		}
	})
}

func BenchmarkScene_im2col(b *testing.B) { benchScene(b, "im2col", nil) }
