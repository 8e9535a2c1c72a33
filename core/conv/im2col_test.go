package conv

import (
	"fmt"
	"testing"

	"dlprep/core"
)

func grid(rows ...[]float32) []float32 {
	var out []float32
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}

// TestUnfoldLiteralGrid writes the unfolded matrix of a tiny image by hand:
// row (c·kH+i)·kW+j lists, for every window in row-major order, the pixel
// under kernel tap (i, j) of channel c.
func TestUnfoldLiteralGrid(t *testing.T) {
	img := []float32{
		1, 2, 3,
		4, 5, 6,
		7, 8, 9,
	}
	two := append(append([]float32(nil), img...), -1, -2, -3, -4, -5, -6, -7, -8, -9)
	g := func(k, s, p, d int) Geometry {
		return Geometry{Kernel: [2]int{k, k}, Stride: [2]int{s, s}, Padding: [2]int{p, p}, Dilation: [2]int{d, d}}
	}
	for _, tc := range []struct {
		name  string
		c     int
		x     []float32
		g     Geometry
		shape []int
		want  []float32
	}{
		{"k2 s1", 1, img, g(2, 1, 0, 1), []int{1, 4, 4}, grid(
			[]float32{1, 2, 4, 5}, // tap (0,0)
			[]float32{2, 3, 5, 6}, // tap (0,1)
			[]float32{4, 5, 7, 8}, // tap (1,0)
			[]float32{5, 6, 8, 9}, // tap (1,1)
		)},
		{"k2 s2 p1", 1, img, g(2, 2, 1, 1), []int{1, 4, 4}, grid(
			[]float32{0, 0, 0, 5},
			[]float32{0, 0, 4, 6},
			[]float32{0, 2, 0, 8},
			[]float32{1, 3, 7, 9},
		)},
		{"k2 dilation 2", 1, img, g(2, 1, 0, 2), []int{1, 4, 1}, grid(
			[]float32{1}, []float32{3}, []float32{7}, []float32{9},
		)},
		{"two channels k1x2", 2, two, Geometry{Kernel: [2]int{1, 2}, Stride: [2]int{2, 1}, Padding: [2]int{0, 0}, Dilation: [2]int{1, 1}},
			[]int{1, 4, 4}, grid(
				[]float32{1, 2, 7, 8},     // c0 tap (0,0)
				[]float32{2, 3, 8, 9},     // c0 tap (0,1)
				[]float32{-1, -2, -7, -8}, // c1 tap (0,0)
				[]float32{-2, -3, -8, -9}, // c1 tap (0,1)
			)},
	} {
		x, err := core.FromData(tc.x, 1, tc.c, 3, 3)
		if err != nil {
			t.Fatal(err)
		}
		y, err := Unfold(x, tc.g)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if !core.SameShape(y.Shape, tc.shape) || fmt.Sprint(y.Data) != fmt.Sprint(tc.want) {
			t.Errorf("%s: got %v %v, want %v %v", tc.name, y.Shape, y.Data, tc.shape, tc.want)
		}
	}
}

// TestWeightLayoutMatchesUnfoldOrder checks problem 018's pitfall: a weight
// [O,C,kH,kW] flattened row-major is a [O, C·kH·kW] matrix whose columns line
// up with Unfold's rows, so W × cols equals the convolution.
func TestWeightLayoutMatchesUnfoldOrder(t *testing.T) {
	x, _ := core.FromData([]float32{
		1, 2, 3,
		4, 5, 6,
		7, 8, 9,
		-1, -2, -3,
		-4, -5, -6,
		-7, -8, -9,
	}, 1, 2, 3, 3)
	// Picks tap (1,0) of channel 0 plus twice tap (0,1) of channel 1.
	w, _ := core.FromData([]float32{0, 0, 1, 0, 0, 2, 0, 0}, 1, 2, 2, 2)
	cols, err := Unfold(x, Geometry{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}, Dilation: [2]int{1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	w2, _ := w.Reshape(1, 8)
	c2, _ := cols.Reshape(8, 4)
	viaUnfold, _ := core.MatMul(w2, c2)
	conv, err := Conv2D(x, w, nil, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{4 - 4, 5 - 6, 7 - 10, 8 - 12}
	if fmt.Sprint(viaUnfold.Data) != fmt.Sprint(want) || fmt.Sprint(conv.Data) != fmt.Sprint(want) {
		t.Errorf("W × unfold = %v, conv2d = %v, want both %v", viaUnfold.Data, conv.Data, want)
	}
}

func TestUnfoldErrors(t *testing.T) {
	x := core.New(1, 2, 4, 4)
	ok := Geometry{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}, Dilation: [2]int{1, 1}}
	for _, tc := range []struct {
		name string
		x    *core.Tensor
		g    Geometry
	}{
		{"kernel too large", x, Geometry{Kernel: [2]int{5, 2}, Stride: [2]int{1, 1}, Dilation: [2]int{1, 1}}},
		{"zero kernel", x, Geometry{Kernel: [2]int{0, 2}, Stride: [2]int{1, 1}, Dilation: [2]int{1, 1}}},
		{"negative stride", x, Geometry{Kernel: [2]int{2, 2}, Stride: [2]int{-2, 1}, Dilation: [2]int{1, 1}}},
		{"negative padding", x, Geometry{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}, Padding: [2]int{-1, 0}, Dilation: [2]int{1, 1}}},
		{"3-d input", core.New(2, 4, 4), ok},
	} {
		if _, err := Unfold(tc.x, tc.g); err == nil {
			t.Errorf("%s: got no error, want one", tc.name)
		}
	}
}
