package embed

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/conv"
)

// The trace's patches are Patchify's, its projection is the strided conv
// flattened and transposed, and its output is PatchEmbed's.
func TestPatchEmbedTraceMatchesPatchEmbed(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, s := range []struct{ b, c, h, w, p, d int }{
		{1, 3, 16, 16, 4, 8}, {2, 3, 12, 8, 4, 5}, {1, 1, 6, 9, 3, 2}, {1, 3, 8, 8, 8, 4},
	} {
		n, k := (s.h/s.p)*(s.w/s.p), s.c*s.p*s.p
		x := randT(r, s.b, s.c, s.h, s.w)
		wt := patchWeights(r, s.c, s.d, s.p, n)
		st, err := PatchEmbedTrace(x, wt)
		if err != nil {
			t.Fatal(err)
		}
		y, err := PatchEmbed(x, wt)
		if err != nil {
			t.Fatal(err)
		}
		if !core.SameShape(st.Y.Shape, y.Shape) {
			t.Fatalf("%+v: Y %v, want %v", s, st.Y.Shape, y.Shape)
		}
		for i := range y.Data {
			if math.Abs(float64(st.Y.Data[i]-y.Data[i])) > 1e-5 {
				t.Fatalf("%+v: Y[%d] = %v, PatchEmbed %v", s, i, st.Y.Data[i], y.Data[i])
			}
		}
		patches := make([]float32, n*k)
		for b := range s.b {
			Patchify(patches, x.Data[b*s.c*s.h*s.w:], s.c, s.h, s.w, s.p)
			for i, want := range patches {
				if got := st.Patches.Data[b*n*k+i]; got != want {
					t.Fatalf("%+v: Patches[%d][%d] = %v, Patchify %v", s, b, i, got, want)
				}
			}
		}
		o := conv.DefaultOptions()
		o.Stride = [2]int{s.p, s.p}
		feat, err := conv.Conv2D(x, wt.Proj, wt.ProjBias, o)
		if err != nil {
			t.Fatal(err)
		}
		for b := range s.b {
			for l := range n {
				for j := range s.d {
					got, want := st.Proj.Data[(b*n+l)*s.d+j], feat.Data[(b*s.d+j)*n+l]
					if math.Abs(float64(got-want)) > 1e-5 {
						t.Fatalf("%+v: Proj[%d,%d,%d] = %v, conv %v", s, b, l, j, got, want)
					}
				}
				if got, want := st.Seq.Data[(b*(n+1)+l+1)*s.d], st.Proj.Data[(b*n+l)*s.d]; got != want {
					t.Fatalf("%+v: Seq row %d is not Proj row %d", s, l+1, l)
				}
			}
			for j := range s.d {
				if st.Seq.Data[b*(n+1)*s.d+j] != wt.ClsToken.Data[j] {
					t.Fatalf("%+v: Seq row 0 is not the CLS token", s)
				}
			}
		}
	}
	r2 := rand.New(rand.NewPCG(1, 1))
	if _, err := PatchEmbedTrace(randT(r2, 1, 3, 10, 8), patchWeights(r2, 3, 4, 4, 4)); err == nil ||
		!strings.Contains(err.Error(), "not a multiple") {
		t.Errorf("10x8 image, P=4: error %v, want PatchEmbed's", err)
	}
}
