package scenes

import (
	"math"
	"strings"
	"testing"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/core/embed"
	"dlprep/viz/scene"
)

// What the patch-embedding view shows at every stage is what the
// production ops compute: the patch matrix is embed.Patchify's (and its
// tinted cells decode to it), the projection is core.Linear's, the strided
// conv is conv.Conv2D's and equals the projection, and the tokens are
// embed.PatchEmbed's, CLS first.
func TestPatchEmbedViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{
		nil,
		{"P": 0, "H": 12, "W": 12},
		{"P": 2, "H": 24, "W": 24, "D": 5},
		{"H": 8, "W": 24, "D": 6},
	} {
		s := newView(t, newPatchEmbedView, v)
		p, d := s.p, s.d
		hp, wp := s.h/p, s.w/p
		n, k := hp*wp, peC*p*p
		if s.st.Hp != hp || s.st.Wp != wp {
			t.Fatalf("%v: grid %dx%d, want %dx%d", v, s.st.Hp, s.st.Wp, hp, wp)
		}
		patches := make([]float32, n*k)
		embed.Patchify(patches, s.x.Data, peC, s.h, s.w, p)
		for i, want := range patches {
			if got := s.hpatch.vals[i]; got != want {
				t.Fatalf("%v: patch value %d shown %v, Patchify %v", v, i, got, want)
			}
			tint := peTints[i%k/(p*p)]
			if got := tint.Invert(s.hpatch.bm.Img.RGBAAt(i%k, i/k)); math.Abs(got-float64(want)) > 1.5/255 {
				t.Fatalf("%v: patch cell %d reads %v, value %v", v, i, got, want)
			}
		}
		xm, err := core.FromData(patches, n, k)
		if err != nil {
			t.Fatal(err)
		}
		wm, err := s.wts.Proj.Reshape(d, k)
		if err != nil {
			t.Fatal(err)
		}
		e, err := core.Linear("test", xm, wm, s.wts.ProjBias)
		if err != nil {
			t.Fatal(err)
		}
		for i := range e.Data {
			if !closeTo(s.hproj.vals[i], e.Data[i], 1e-5) {
				t.Fatalf("%v: E[%d] shown %v, Linear %v", v, i, s.hproj.vals[i], e.Data[i])
			}
		}
		o := conv.DefaultOptions()
		o.Stride = [2]int{p, p}
		cv, err := conv.Conv2D(s.x, s.wts.Proj, s.wts.ProjBias, o)
		if err != nil {
			t.Fatal(err)
		}
		for ch := range d {
			decodes(t, "feature map", &s.maps, ch, cv.Data[ch*n:(ch+1)*n])
			for l := range n {
				if got, want := s.hcvt.vals[l*d+ch], cv.Data[ch*n+l]; got != want {
					t.Fatalf("%v: flattened conv (%d, %d) shown %v, Conv2D %v", v, l, ch, got, want)
				}
				if math.Abs(float64(cv.Data[ch*n+l]-e.Data[l*d+ch])) > 1e-5 {
					t.Fatalf("%v: conv (%d, %d) = %v, the product %v", v, l, ch, cv.Data[ch*n+l], e.Data[l*d+ch])
				}
			}
		}
		y, err := embed.PatchEmbed(s.x, s.wts)
		if err != nil {
			t.Fatal(err)
		}
		for i := range y.Data {
			if !closeTo(s.hy.vals[i], y.Data[i], 1e-5) {
				t.Fatalf("%v: token value %d shown %v, PatchEmbed %v", v, i, s.hy.vals[i], y.Data[i])
			}
			if got, want := s.hseq.vals[i]+s.hpos.vals[i], y.Data[i]; !closeTo(got, want, 1e-5) {
				t.Fatalf("%v: seq + pos at %d = %v, PatchEmbed %v", v, i, got, want)
			}
		}
		for j := range d {
			if s.hseq.vals[j] != s.wts.ClsToken.Data[j] {
				t.Fatalf("%v: row 0 of the sequence is not the CLS token", v)
			}
		}
		if s.maxDiff > 1e-5 {
			t.Errorf("%v: conv and product differ by %v", v, s.maxDiff)
		}
	}
}

// A size P does not divide is core's error, with its values, and the
// parameter says why.
func TestPatchEmbedViewRefusesPartialPatches(t *testing.T) {
	s := newPatchEmbedView()
	v := scene.Overlay(s.Params(), scene.Values{"H": 12, "P": 2})
	err := s.Reset(v)
	if err == nil || !strings.Contains(err.Error(), "not a multiple") || !strings.Contains(err.Error(), "P=8") {
		t.Fatalf("12x16 image, P = 8: error %v, want PatchEmbed's", err)
	}
	if msg := s.Applies("H", v); !strings.Contains(msg, "multiple of P = 8") {
		t.Errorf("Applies(H) = %q", msg)
	}
}

// Hovering answers with the number under the pointer and where it comes
// from.
func TestPatchEmbedInspection(t *testing.T) {
	s := newView(t, newPatchEmbedView, nil)
	k := peC * s.p * s.p
	in, ok := s.Inspect(&scene.Frame{}, scene.Target{Group: pgPatches, Index: 5*k + 20})
	if !ok || in.Value != fmtNum(float64(s.st.Patches.Data[5*k+20])) || !strings.Contains(in.Detail, "patch 5, channel G") {
		t.Fatalf("patch inspection %+v", in)
	}
	in, ok = s.Inspect(&scene.Frame{}, scene.Target{Group: pgImage, Index: 3*s.w + 9})
	if !ok || !strings.Contains(in.Detail, "patch "+itoa(3/s.p*(s.w/s.p)+9/s.p)) {
		t.Fatalf("pixel inspection %+v", in)
	}
	in, ok = s.Inspect(&scene.Frame{}, scene.Target{Group: pgSeq, Index: 2})
	if !ok || in.Detail != "row 0: the CLS token" {
		t.Fatalf("CLS inspection %+v", in)
	}
}

func TestPatchEmbedGoldens(t *testing.T) {
	checkGolden(t, "patch_embed_project", "002", nil, 2, 1280, 800)
	checkGolden(t, "patch_embed_tokens_phone", "002", nil, 4, 390, 844)
}
