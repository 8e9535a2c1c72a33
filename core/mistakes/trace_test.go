package mistakes

import (
	"math"
	"math/rand"
	"testing"

	"dlprep/core/conv"
	"dlprep/core/embed"
)

// The traced channels-last product is the mistake's output, and its
// weight rows hold weight[c, i, j] at (i·k + j)·C + c.
func TestConv2DWeightChannelsLastTrace(t *testing.T) {
	rng := rand.New(rand.NewSource(18))
	x, w, b := randTensor(rng, 1, 3, 5, 5), randTensor(rng, 2, 3, 2, 2), randTensor(rng, 2)
	o := conv.DefaultOptions()
	o.Padding = [2]int{1, 1}
	st, err := Conv2DWeightChannelsLastTrace(x, w, b, o)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Conv2DWeightChannelsLast(x, w, b, o)
	if err != nil {
		t.Fatal(err)
	}
	if d := maxDiff(st.Y.Data, want.Data); d != 0 {
		t.Errorf("traced output differs from the mistake by %v", d)
	}
	if d := maxDiff(st.Prod.Data, want.Data); d > 1e-5 {
		t.Errorf("traced product differs from the mistake by %v", d)
	}
	for f := 0; f < 2; f++ {
		for c := 0; c < 3; c++ {
			for ij := 0; ij < 4; ij++ {
				if got, want := st.WeightRows.Data[f*12+ij*3+c], w.Data[f*12+c*4+ij]; got != want {
					t.Fatalf("row %d position %d holds %v, want weight[%d, %d] = %v", f, ij*3+c, got, c, ij, want)
				}
			}
		}
	}
}

func TestTimestepFreqOverDTrace(t *testing.T) {
	ts := []float32{0, 3, 500}
	for _, lay := range []embed.Layout{embed.Interleaved, embed.Concat} {
		st, err := TimestepFreqOverDTrace(ts, 8, lay)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := TimestepFreqOverD(ts, 8, lay)
		if d := maxDiff(st.Emb.Data, want.Data); d != 0 {
			t.Errorf("%v: embedding differs by %v", lay, d)
		}
		if len(st.Freqs) != 4 {
			t.Fatalf("%v: %d frequencies", lay, len(st.Freqs))
		}
		// Over D the exponent of frequency i is i/D, not 2i/D.
		for i, f := range st.Freqs {
			wantF := math.Pow(10000, -float64(i)/8)
			if lay == embed.Concat {
				wantF = math.Exp(-math.Log(10000) * float64(i) / 7)
			}
			if math.Abs(f-wantF) > 1e-12 {
				t.Errorf("%v: frequency %d = %v, want %v", lay, i, f, wantF)
			}
			if a := float64(st.Angles.Data[2*4+i]); math.Abs(a-500*f) > 1e-3 {
				t.Errorf("%v: angle %v, want %v", lay, a, 500*f)
			}
		}
	}
}

// The named paddings are the ones the mistakes pad with: a plain conv3d
// over the video padded that way (stride 1, 2, 2) gives the mistake's
// output, and they differ from problem 001's where the mistake says.
func TestCausalMistakePaddings(t *testing.T) {
	if got := TimeSymmetricPadding(3, 4, 4); got != [3][2]int{{1, 1}, {1, 2}, {1, 2}} {
		t.Errorf("time-symmetric padding %v", got)
	}
	if got := SpatialSymmetricPadding(3, 4, 4); got != [3][2]int{{2, 0}, {2, 2}, {2, 2}} {
		t.Errorf("spatial-symmetric padding %v", got)
	}
	if conv.CausalPadding(3, 3, 3) != SpatialSymmetricPadding(3, 3, 3) {
		t.Error("for odd kernels the spatial mistake pads as problem 001 does")
	}
	rng := rand.New(rand.NewSource(1))
	x, w := randTensor(rng, 1, 2, 5, 6, 6), randTensor(rng, 1, 2, 3, 4, 4)
	for _, tc := range []struct {
		pad [3][2]int
		op  conv.VideoOp
	}{{TimeSymmetricPadding(3, 4, 4), CausalDownsampleTimeSymmetric}, {SpatialSymmetricPadding(3, 4, 4), CausalDownsampleSpatialSymmetric}} {
		want, err := tc.op(x, w, nil)
		if err != nil {
			t.Fatal(err)
		}
		// conv3d with no padding over the padded video.
		got, err := conv3d(conv.Pad3D(x, tc.pad), w, nil, [3][2]int{})
		if err != nil {
			t.Fatal(err)
		}
		if d := maxDiff(got.Data, want.Data); d > 1e-5 {
			t.Errorf("padding %v: conv3d over the padded video differs by %v", tc.pad, d)
		}
	}
}
