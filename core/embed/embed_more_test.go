package embed

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/internal/benchcpu"
)

func randT(r *rand.Rand, shape ...int) *core.Tensor {
	t := core.New(shape...)
	for i := range t.Data {
		t.Data[i] = float32(r.NormFloat64())
	}
	return t
}

func patchWeights(r *rand.Rand, c, d, p, n int) PatchEmbedWeights {
	return PatchEmbedWeights{Proj: randT(r, d, c, p, p), ProjBias: randT(r, d), ClsToken: randT(r, 1, 1, d), PosEmbed: randT(r, 1, n+1, d)}
}

// TestPatchEmbedIsStridedConv checks problem 002's point: the tokens are
// Conv2d(C, D, P, stride=P) flattened row-major, CLS first, plus pos_embed.
func TestPatchEmbedIsStridedConv(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var ws PatchEmbedWorkspace
	for _, s := range []struct{ b, c, h, w, p, d int }{
		{1, 3, 8, 8, 4, 5}, {2, 3, 12, 8, 4, 7}, {3, 1, 6, 9, 3, 2}, {2, 4, 5, 5, 1, 3}, {1, 2, 7, 7, 7, 6},
	} {
		n := (s.h / s.p) * (s.w / s.p)
		x := randT(r, s.b, s.c, s.h, s.w)
		wt := patchWeights(r, s.c, s.d, s.p, n)
		got, err := ws.PatchEmbed(x, wt)
		if err != nil {
			t.Errorf("%+v: %v", s, err)
			continue
		}
		o := conv.DefaultOptions()
		o.Stride = [2]int{s.p, s.p}
		feat, err := conv.Conv2D(x, wt.Proj, wt.ProjBias, o) // [B,D,Hp,Wp]
		if err != nil {
			t.Fatal(err)
		}
		if want := []int{s.b, n + 1, s.d}; !core.SameShape(got.Shape, want) {
			t.Errorf("%+v: got shape %v, want %v", s, got.Shape, want)
			continue
		}
		worst := 0.0
		for b := 0; b < s.b; b++ {
			for tok := 0; tok <= n; tok++ {
				for j := 0; j < s.d; j++ {
					want := float64(wt.PosEmbed.Data[tok*s.d+j])
					if tok == 0 {
						want += float64(wt.ClsToken.Data[j])
					} else {
						want += float64(feat.Data[(b*s.d+j)*n+tok-1])
					}
					worst = math.Max(worst, math.Abs(float64(got.Data[(b*(n+1)+tok)*s.d+j])-want))
				}
			}
		}
		if worst > 1e-4 {
			t.Errorf("%+v: max |patch_embed - (conv + cls + pos)| = %g", s, worst)
		}
	}
}

func TestPatchifyLiteralGrid(t *testing.T) {
	x := []float32{
		1, 2, 3, 4,
		5, 6, 7, 8,
		9, 10, 11, 12,
		13, 14, 15, 16,
	}
	got := make([]float32, 16)
	Patchify(got, x, 1, 4, 4, 2)
	want := []float32{
		1, 2, 5, 6, // patch (0,0)
		3, 4, 7, 8, // patch (0,1)
		9, 10, 13, 14, // patch (1,0)
		11, 12, 15, 16, // patch (1,1)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Patchify 4x4, P=2:\n got %v\nwant %v", got, want)
	}
}

func TestPatchEmbedErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	x := randT(r, 2, 3, 8, 8)
	ok := patchWeights(r, 3, 4, 4, 4)
	edit := func(f func(*PatchEmbedWeights)) PatchEmbedWeights { w := ok; f(&w); return w }
	for _, tc := range []struct {
		name string
		x    *core.Tensor
		w    PatchEmbedWeights
		want string
	}{
		{"height not a multiple of P", randT(r, 2, 3, 10, 8), ok, "not a multiple"},
		{"odd width", randT(r, 2, 3, 8, 7), ok, "not a multiple"},
		{"pos_embed too short", x, edit(func(w *PatchEmbedWeights) { w.PosEmbed = core.New(1, 4, 4) }), "pos_embed has 4 positions, want N+1 = 5"},
		{"pos_embed wrong D", x, edit(func(w *PatchEmbedWeights) { w.PosEmbed = core.New(1, 5, 3) }), "pos_embed"},
		{"cls_token wrong D", x, edit(func(w *PatchEmbedWeights) { w.ClsToken = core.New(1, 1, 5) }), "cls_token"},
		{"channel mismatch", x, edit(func(w *PatchEmbedWeights) { w.Proj = core.New(4, 2, 4, 4) }), "proj.weight"},
		{"non-square patch", x, edit(func(w *PatchEmbedWeights) { w.Proj = core.New(4, 3, 4, 2) }), "square"},
		{"bias length", x, edit(func(w *PatchEmbedWeights) { w.ProjBias = core.New(3) }), "proj.bias"},
		{"missing pos_embed", x, edit(func(w *PatchEmbedWeights) { w.PosEmbed = nil }), "pos_embed"},
	} {
		_, err := PatchEmbed(tc.x, tc.w)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "patch_embed: ") {
			t.Errorf("%s: got error %v, want one naming the op and containing %q", tc.name, err, tc.want)
		}
	}
}

func TestPositionalEncoding3DLayout(t *testing.T) {
	coords, _ := core.FromData([]float32{0.5, 0.25, 0}, 1, 1, 3)
	y, err := PositionalEncoding3D(coords, 2)
	if err != nil {
		t.Fatal(err)
	}
	r := float32(math.Sqrt2 / 2)
	want := []float32{
		0.5, 0.25, 0, // coords
		1, 0, r, 1, 0, 0, // sin(π c), sin(2π c) for c = x, y, z
		0, -1, r, 0, 1, 1, // cos, same order
	}
	if !core.SameShape(y.Shape, []int{1, 1, 15}) {
		t.Fatalf("got shape %v, want [1 1 15]", y.Shape)
	}
	for i := range want {
		if math.Abs(float64(y.Data[i]-want[i])) > 1e-6 {
			t.Fatalf("coords (0.5, 0.25, 0), L=2:\n got %v\nwant %v", y.Data, want)
		}
	}
	if y0, err := PositionalEncoding3D(coords, 0); err != nil || fmt.Sprint(y0.Data) != "[0.5 0.25 0]" {
		t.Errorf("L=0: got %v, %v; want the coords alone", y0, err)
	}
}

func TestPositionalEncoding3DErrors(t *testing.T) {
	nan, _ := core.FromData([]float32{0, float32(math.NaN()), 0}, 1, 1, 3)
	for _, tc := range []struct {
		name  string
		c     *core.Tensor
		bands int
	}{
		{"negative bands", core.New(1, 2, 3), -1},
		{"too many bands", core.New(1, 2, 3), MaxBands + 1},
		{"two coordinates", core.New(1, 2, 2), 4},
		{"2-d coords", core.New(2, 3), 4},
		{"nan coords", nan, 2},
	} {
		if _, err := PositionalEncoding3D(tc.c, tc.bands); err == nil || !strings.HasPrefix(err.Error(), "positional_encoding_3d: ") {
			t.Errorf("%s: got error %v, want one naming the op", tc.name, err)
		}
	}
}

// BenchmarkOp_patch_embed is problem 002's ViT-B/16 default: one 3×224×224
// image, P = 16, D = 768, on a reused workspace.
func BenchmarkOp_patch_embed(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	x := randT(r, 1, 3, 224, 224)
	w := patchWeights(r, 3, 768, 16, 196)
	var ws PatchEmbedWorkspace
	b.ReportAllocs()
	benchcpu.Loop(b, func() {
		if _, err := ws.PatchEmbed(x, w); err != nil {
			b.Fatal(err)
		}
	})
	b.ReportMetric(float64(2*196*768*768)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
