package conv

import (
	"testing"

	"dlprep/core"
)

// An empty batch is not an error: the result is simply empty, on every
// path (im2col, the shifted form, the causal 3-D conv), never a panic in
// the matrix product.
func TestEmptyBatch(t *testing.T) {
	for _, tc := range []struct {
		name string
		run  func() (*core.Tensor, error)
		want []int
	}{
		{"conv2d padded", func() (*core.Tensor, error) {
			return Conv2D(core.New(0, 2, 5, 5), core.New(3, 2, 3, 3), core.New(3), Options{Stride: [2]int{1, 1}, Padding: [2]int{1, 1}, Dilation: [2]int{1, 1}, Groups: 1})
		}, []int{0, 3, 5, 5}},
		{"conv2d strided", func() (*core.Tensor, error) {
			return Conv2D(core.New(0, 2, 6, 6), core.New(4, 2, 2, 2), nil, Options{Stride: [2]int{2, 2}, Dilation: [2]int{1, 1}, Groups: 1})
		}, []int{0, 4, 3, 3}},
		{"causal 3-D", func() (*core.Tensor, error) {
			return CausalDownsample3D(core.New(0, 2, 3, 4, 4), core.New(3, 2, 2, 3, 3), core.New(3))
		}, []int{0, 3, 3, 2, 2}},
	} {
		y, err := tc.run()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(y.Data) != 0 || len(y.Shape) != len(tc.want) {
			t.Fatalf("%s: got %v with %d values, want shape %v and none", tc.name, y.Shape, len(y.Data), tc.want)
		}
		for i := range tc.want {
			if y.Shape[i] != tc.want[i] {
				t.Fatalf("%s: shape %v, want %v", tc.name, y.Shape, tc.want)
			}
		}
	}
}
