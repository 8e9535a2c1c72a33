package conv

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestConv2DChunkedMatchesWhole checks single-image convolutions against
// the direct loops, as one im2col product and band by band (colsChunk lowered so that even
// small images are cut into several bands of output rows), over strides,
// paddings, dilations and kernels that exercise both the band copy (stride
// 1, same width) and the general im2col, with and without bias and groups.
func TestConv2DChunkedMatchesWhole(t *testing.T) {
	defer func(c int) { colsChunk = c }(colsChunk)
	// The same-size stride-1 cases would take the direct form.
	defer func(d bool) { directDisabled = d }(directDisabled)
	directDisabled = true
	r := rand.New(rand.NewPCG(9, 10))
	for _, tc := range []struct {
		c, h, w, o, k, groups int
		stride, pad, dil      int
		bias                  bool
	}{
		{3, 9, 7, 4, 3, 1, 1, 1, 1, true},
		{4, 8, 8, 6, 3, 2, 1, 1, 1, false},
		{2, 11, 6, 3, 5, 1, 1, 2, 1, true},
		{2, 10, 9, 3, 3, 1, 1, 2, 2, true},
		{3, 7, 10, 2, 2, 1, 1, 0, 1, false},
		{2, 12, 9, 3, 3, 1, 2, 1, 1, true},
		{1, 6, 5, 2, 4, 1, 1, 3, 1, true},
		{2, 5, 5, 2, 1, 1, 1, 0, 1, true},
	} {
		name := fmt.Sprintf("%+v", tc)
		x := randTensor(r, 1, tc.c, tc.h, tc.w)
		wt := randTensor(r, tc.o, tc.c/tc.groups, tc.k, tc.k)
		bias := randTensor(r, tc.o)
		if !tc.bias {
			bias = nil
		}
		o := Options{Stride: [2]int{tc.stride, tc.stride}, Padding: [2]int{tc.pad, tc.pad}, Dilation: [2]int{tc.dil, tc.dil}, Groups: tc.groups}
		want := directConv2D(x, wt, bias, o)
		for _, chunk := range []int{1 << 30, 1, 40, 100} {
			colsChunk = chunk
			var ws2 Workspace
			got, err := ws2.Conv2D(x, wt, bias, o)
			if err != nil {
				t.Fatalf("%s chunk %d: %v", name, chunk, err)
			}
			for i := range want.Data {
				if math.Abs(float64(got.Data[i]-want.Data[i])) > 1e-5 {
					t.Errorf("%s chunk %d: y[%d] = %v, want %v (direct loops)", name, chunk, i, got.Data[i], want.Data[i])
					break
				}
			}
		}
	}
}
