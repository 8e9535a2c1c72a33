package detect

import (
	"slices"
	"testing"
)

// TestTorchSortDescMatchesTorch compares with index orders printed by torch
// 1.13 for scores.sort(0, descending=True) on tied inputs (see
// tools/golden/fam_detect.py for how they were produced).
func TestTorchSortDescMatchesTorch(t *testing.T) {
	ones := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = 1
		}
		return v
	}
	alt := func(n int) []float32 {
		var v []float32
		for i := 0; i < n/2; i++ {
			v = append(v, 0.5, 0.7)
		}
		if n%2 == 1 {
			v = append(v, 0.6)
		}
		return v
	}
	tests := []struct {
		name string
		vals []float32
		want []int // prefix of torch's order
	}{
		{"ones5", ones(5), []int{0, 1, 2, 3, 4}},
		{"ones16", ones(16), []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}},
		{"ones17", ones(17), []int{8, 16, 15, 14, 13, 12, 11, 10, 9, 0, 7, 6, 5, 4, 3, 2, 1}},
		{"ones40", ones(40), []int{30, 21, 22, 23, 24, 25, 26, 27, 28, 29, 20, 31, 32, 33, 34, 35, 36, 37, 38, 39}},
		{"ones100", ones(100), []int{62, 74, 73, 72, 71, 70, 69, 68, 67, 66, 65, 64, 63, 75, 61, 60, 59, 58, 57, 56}},
		{"ones1000", ones(1000), []int{672, 657, 658, 659, 660, 661, 662, 663, 664, 665, 666, 667, 668, 669, 670, 671, 656, 673, 674, 675}},
		{"alt5", alt(5), []int{1, 3, 4, 0, 2}},
		{"alt17", alt(17), []int{1, 15, 3, 13, 5, 11, 7, 9, 16, 8, 10, 6, 12, 4, 14, 2, 0}},
		{"alt40", alt(40), []int{1, 39, 37, 35, 33, 31, 29, 27, 25, 23, 21, 19, 17, 15, 13, 3, 5, 7, 9, 11, 6, 0, 38, 2, 36, 14, 34, 4, 32, 16}},
		{"alt100", alt(100), []int{49, 65, 63, 61, 59, 57, 55, 53, 51, 67, 47, 45, 43, 41, 39, 37, 35, 83, 99, 97, 95, 93, 91, 89, 87, 85, 1, 81, 79, 77}},
		{"alt1000", alt(1000), []int{563, 543, 545, 547, 549, 551, 553, 555, 557, 559, 561, 541, 565, 567, 569, 571, 573, 575, 577, 579, 581, 521, 501, 503, 505, 507, 509, 511, 513, 515}},
	}
	for _, tc := range tests {
		idx := make([]int, len(tc.vals))
		for i := range idx {
			idx[i] = i
		}
		v := slices.Clone(tc.vals)
		torchSortDesc(v, idx)
		if got := idx[:len(tc.want)]; !slices.Equal(got, tc.want) {
			t.Errorf("%s: got order %v, want %v", tc.name, got, tc.want)
		}
		for i := 1; i < len(v); i++ {
			if v[i] > v[i-1] {
				t.Fatalf("%s: not sorted at %d: %v > %v", tc.name, i, v[i], v[i-1])
			}
		}
	}
}
