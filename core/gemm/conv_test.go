package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// The assembly reads the tap table at fixed offsets (asm/gen.go,
// convKernel).
func TestConvTapLayout(t *testing.T) {
	var e convTap
	if unsafe.Offsetof(e.off) != 0 || unsafe.Offsetof(e.lanes) != 8 || unsafe.Sizeof(e) != 16 {
		t.Errorf("convTap: off at %d, lanes at %d, size %d; the kernels read 0, 8 and 16",
			unsafe.Offsetof(e.off), unsafe.Offsetof(e.lanes), unsafe.Sizeof(e))
	}
}

// convCase is a stride-1 convolution whose output keeps the input's size.
type convCase struct {
	c, h, w, oc    int
	kh, kw         int
	ph, pw, dh, dw int
}

// reference is the convolution in float64 with explicit zero padding, and
// the sum of the magnitudes of each output's terms (for the tolerance).
func (cc convCase) reference(x, w, bias []float32) (want, mag []float64) {
	l := cc.h * cc.w
	want, mag = make([]float64, cc.oc*l), make([]float64, cc.oc*l)
	for o := 0; o < cc.oc; o++ {
		for oy := 0; oy < cc.h; oy++ {
			for ox := 0; ox < cc.w; ox++ {
				s, m := 0.0, 0.0
				if bias != nil {
					s, m = float64(bias[o]), math.Abs(float64(bias[o]))
				}
				for ch := 0; ch < cc.c; ch++ {
					for i := 0; i < cc.kh; i++ {
						for j := 0; j < cc.kw; j++ {
							iy, ix := oy+i*cc.dh-cc.ph, ox+j*cc.dw-cc.pw
							if iy < 0 || iy >= cc.h || ix < 0 || ix >= cc.w {
								continue
							}
							v := float64(w[((o*cc.c+ch)*cc.kh+i)*cc.kw+j]) * float64(x[(ch*cc.h+iy)*cc.w+ix])
							s += v
							m += math.Abs(v)
						}
					}
				}
				want[o*l+oy*cc.w+ox], mag[o*l+oy*cc.w+ox] = s, m
			}
		}
	}
	return want, mag
}

var convCases = []convCase{
	{c: 4, h: 5, w: 56, oc: 64, kh: 3, kw: 3, ph: 1, pw: 1, dh: 1, dw: 1},
	{c: 3, h: 4, w: 16, oc: 8, kh: 3, kw: 3, ph: 1, pw: 1, dh: 1, dw: 1},
	{c: 2, h: 7, w: 17, oc: 9, kh: 1, kw: 1, ph: 0, pw: 0, dh: 1, dw: 1},
	{c: 5, h: 6, w: 23, oc: 17, kh: 2, kw: 5, ph: 1, pw: 6, dh: 2, dw: 3}, // padding even and odd, dilated
	{c: 1, h: 9, w: 31, oc: 1, kh: 3, kw: 1, ph: 2, pw: 0, dh: 1, dw: 1},  // all padding above
	{c: 6, h: 2, w: 48, oc: 15, kh: 1, kw: 3, ph: 0, pw: 0, dh: 1, dw: 2}, // all padding right
	{c: 3, h: 11, w: 5, oc: 7, kh: 3, kw: 3, ph: 1, pw: 1, dh: 1, dw: 1},  // rows narrower than a vector
	{c: 2, h: 1, w: 70, oc: 3, kh: 3, kw: 3, ph: 1, pw: 1, dh: 1, dw: 1},  // one row
	{c: 2, h: 40, w: 1, oc: 5, kh: 5, kw: 1, ph: 2, pw: 0, dh: 1, dw: 1},  // one column
	{c: 7, h: 8, w: 9, oc: 8, kh: 7, kw: 7, ph: 3, pw: 3, dh: 1, dw: 1},   // kernel near the image's size
	{c: 2, h: 6, w: 20, oc: 4, kh: 3, kw: 3, ph: 4, pw: 2, dh: 2, dw: 1},  // padding up to the whole span
}

// Every tile of every shape against a float64 sum, with y's other values
// left as they were, output channels in one and two ranges, with the tap
// tables kept by the plan (one plan for all shapes, so each Plan replaces
// the last shape's) and built per tile.
func TestConvPlanTile(t *testing.T) {
	if !HaveDirectConv() {
		t.Skip("no direct convolution kernel on this CPU")
	}
	defer func(m int) { maxTableEntries = m }(maxTableEntries)
	r := rand.New(rand.NewPCG(7, 7))
	var p ConvPlan
	for _, keep := range []bool{true, false} {
		maxTableEntries = 0
		if keep {
			maxTableEntries = 1 << 16
		}
		for _, cc := range convCases {
			for _, withBias := range []bool{false, true} {
				name := fmt.Sprintf("%+v/bias%v/tables kept %v", cc, withBias, keep)
				x := randSlice(r, cc.c*cc.h*cc.w)
				w := randSlice(r, cc.oc*cc.c*cc.kh*cc.kw)
				var bias []float32
				if withBias {
					bias = randSlice(r, cc.oc)
				}
				want, mag := cc.reference(x, w, bias)
				l := cc.h * cc.w
				const guard = 5
				y := make([]float32, cc.oc*l+guard)
				for i := range y {
					y[i] = float32(math.NaN())
				}
				p.Plan(cc.oc, cc.c, cc.h, cc.w, cc.kh, cc.kw, cc.ph, cc.pw, cc.dh, cc.dw)
				if (p.tables != nil) != keep {
					t.Fatalf("%s: tables kept: %v", name, p.tables != nil)
				}
				nt := (l + ConvTilePixels - 1) / ConvTilePixels
				// Every other tile, then the rest: a tile must leave its
				// neighbours alone.
				for pass := 0; pass < 2; pass++ {
					for ti := pass; ti < nt; ti += 2 {
						mid := min(cc.oc, (ti%3)*ConvTileChannels)
						if mid > 0 && !p.Tile(x, w, ti*ConvTilePixels, 0, mid, y, bias) {
							t.Fatalf("%s: tile %d reports a non-finite output", name, ti)
						}
						if mid < cc.oc && !p.Tile(x, w, ti*ConvTilePixels, mid, cc.oc, y, bias) {
							t.Fatalf("%s: tile %d reports a non-finite output", name, ti)
						}
					}
					for o := 0; o < cc.oc; o++ {
						for px := 0; px < l; px++ {
							got := y[o*l+px]
							if ti := px / ConvTilePixels; ti%2 == 1 && pass == 0 {
								if !math.IsNaN(float64(got)) {
									t.Fatalf("%s: pass 0 wrote y[%d,%d] of tile %d", name, o, px, ti)
								}
								continue
							}
							if d := math.Abs(float64(got) - want[o*l+px]); !(d <= 1e-5*mag[o*l+px]+1e-6) {
								t.Fatalf("%s: y[%d,%d] = %v, want %v", name, o, px, got, want[o*l+px])
							}
						}
					}
				}
				for i := cc.oc * l; i < len(y); i++ {
					if !math.IsNaN(float64(y[i])) {
						t.Fatalf("%s: wrote y[%d] past the output", name, i)
					}
				}
			}
		}
	}
}

// A NaN or ±Inf anywhere in x makes some tile report a non-finite output
// when the plan covers the image; an overflow from finite values does too.
func TestConvPlanReportsNonFinite(t *testing.T) {
	if !HaveDirectConv() {
		t.Skip("no direct convolution kernel on this CPU")
	}
	r := rand.New(rand.NewPCG(8, 8))
	bad := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	for _, cc := range convCases {
		var p ConvPlan
		w := randSlice(r, cc.oc*cc.c*cc.kh*cc.kw)
		p.Plan(cc.oc, cc.c, cc.h, cc.w, cc.kh, cc.kw, cc.ph, cc.pw, cc.dh, cc.dw)
		if !p.Covers() {
			t.Fatalf("%+v: does not cover its image", cc)
		}
		l := cc.h * cc.w
		x := randSlice(r, cc.c*l)
		y := make([]float32, cc.oc*l)
		finite := func() bool {
			ok := true
			for p0 := 0; p0 < l; p0 += ConvTilePixels {
				ok = p.Tile(x, w, p0, 0, cc.oc, y, nil) && ok
			}
			return ok
		}
		if !finite() {
			t.Fatalf("%+v: finite x reported non-finite", cc)
		}
		for k, i := range []int{0, len(x) - 1, len(x) / 2, r.IntN(len(x)), (cc.c - 1) * l, cc.w - 1} {
			saved := x[i]
			x[i] = bad[k%len(bad)]
			if finite() {
				t.Errorf("%+v: %v at x[%d] not reported", cc, x[i], i)
			}
			x[i] = saved
		}
	}
	// Two kernel columns 30 apart, padded 15 on each side, on 20 columns:
	// output column ox reads ox − 15 and ox + 15, so columns 5…14 are
	// never read.
	var p ConvPlan
	p.Plan(1, 1, 2, 20, 1, 2, 0, 15, 1, 30)
	if p.Covers() {
		t.Error("columns 5…14 are never read, Covers says every column is")
	}
}

func TestConvPlanRejectsMisuse(t *testing.T) {
	if !HaveDirectConv() {
		t.Skip("no direct convolution kernel on this CPU")
	}
	cc := convCase{c: 2, h: 4, w: 20, oc: 3, kh: 3, kw: 3, ph: 1, pw: 1, dh: 1, dw: 1}
	x := make([]float32, cc.c*cc.h*cc.w)
	w := make([]float32, cc.oc*cc.c*9)
	l := cc.h * cc.w
	y := make([]float32, cc.oc*l)
	var p ConvPlan
	mustPanic(t, "tile before plan", "before Plan", func() { p.Tile(x, w, 0, 0, cc.oc, y, nil) })
	mustPanic(t, "padding too wide", "does not keep the size", func() { p.Plan(3, 2, 4, 20, 3, 3, 3, 1, 1, 1) })
	mustPanic(t, "no channels", "positive sizes", func() { p.Plan(3, 0, 4, 20, 3, 3, 1, 1, 1, 1) })
	mustPanic(t, "too many taps", "at most", func() { p.Plan(1, 1, 9, 9, 9, 9, 4, 4, 1, 1) })
	p.Plan(cc.oc, cc.c, cc.h, cc.w, 3, 3, 1, 1, 1, 1)
	mustPanic(t, "short weight", "len(weight)", func() { p.Tile(x, w[:len(w)-1], 0, 0, cc.oc, y, nil) })
	mustPanic(t, "tile not at a multiple", "not a multiple", func() { p.Tile(x, w, 1, 0, cc.oc, y, nil) })
	mustPanic(t, "pixel outside", "outside", func() { p.Tile(x, w, l, 0, cc.oc, y, nil) })
	mustPanic(t, "short y", "len(y)", func() { p.Tile(x, w, 48, 0, cc.oc, y[:len(y)-1], nil) })
	mustPanic(t, "short x", "len(x)", func() { p.Tile(x[:len(x)-1], w, 48, 0, cc.oc, y, nil) })
	mustPanic(t, "short bias", "len(bias)", func() { p.Tile(x, w, 0, 0, cc.oc, y, make([]float32, 2)) })
	mustPanic(t, "channels not at a block", "multiple of", func() { p.Tile(x, w, 0, 1, cc.oc, y, nil) })
	mustPanic(t, "no channels", "range of", func() { p.Tile(x, w, 0, 2, 2, y, nil) })
	mustPanic(t, "channels past the end", "range of", func() { p.Tile(x, w, 0, 0, cc.oc+1, y, nil) })
	p.Tile(x, w, 48, 0, cc.oc, y, nil) // the last tile, whole: no panic
}

// BenchmarkConvTile is the direct kernel on the 64→64 3×3 56×56
// benchmark's shape, one goroutine, every tile of one image.
func BenchmarkConvTile(b *testing.B) {
	if !HaveDirectConv() {
		b.Skip("no direct convolution kernel on this CPU")
	}
	cc := convCase{c: 64, h: 56, w: 56, oc: 64, kh: 3, kw: 3, ph: 1, pw: 1, dh: 1, dw: 1}
	r := rand.New(rand.NewPCG(1, 2))
	x := randSlice(r, cc.c*cc.h*cc.w)
	w := randSlice(r, cc.oc*cc.c*9)
	bias := randSlice(r, cc.oc)
	l := cc.h * cc.w
	y := make([]float32, cc.oc*l)
	var p ConvPlan
	p.Plan(cc.oc, cc.c, cc.h, cc.w, 3, 3, 1, 1, 1, 1)
	b.ResetTimer()
	for range b.N {
		for p0 := 0; p0 < l; p0 += ConvTilePixels {
			p.Tile(x, w, p0, 0, cc.oc, y, bias)
		}
	}
	b.ReportMetric(float64(2*cc.oc*cc.c*9*l)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
