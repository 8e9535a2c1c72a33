package core

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestBlockBytes(t *testing.T) {
	tests := []struct {
		name string
		b    Block
		want int64
	}{
		{"scalar", Float32s("s"), 4},
		{"zero dim", Float32s("y", 2147483647, 0), 0},
		{"float32 matrix", Float32s("attention", 1, 1, 16384, 16384), 1 << 30},
		{"float64", Float64s("d", 3, 5), 120},
		{"boxes", Items("boxes", 16, 10), 160},
		{"overflow saturates", Float32s("x", math.MaxInt32, math.MaxInt32, math.MaxInt32), math.MaxInt64},
		{"negative counts as too large", Float32s("x", 2, -1), math.MaxInt64},
		{"nine dims keep the ninth", Float32s("cols", 1, 1, 1, 1, 1, 1, 1, 2, 3), 24},
	}
	for _, tc := range tests {
		if got := tc.b.Bytes(); got != tc.want {
			t.Errorf("%s: Bytes() = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestCheckBudget(t *testing.T) {
	defer SetBudget(SetBudget(512 << 20))
	tests := []struct {
		name   string
		blocks []Block
		want   string // "" for no error
	}{
		{"fits", []Block{Float32s("output", 1, 1, 1024, 1), Float32s("attention", 1, 1, 1024, 1024)}, ""},
		{"exactly the budget", []Block{Float32s("y", 128<<20)}, ""},
		{"one block over", []Block{Float32s("attention", 1, 1, 16384, 16384)},
			"sdpa: attention [1,1,16384,16384] needs 1.0 GiB, over the 512 MiB budget"},
		{"sum over", []Block{Float32s("output", 1, 1, 8192, 8192), Float32s("attention", 1, 1, 8192, 8193), Float32s("empty", 0)},
			"sdpa: output [1,1,8192,8192] + attention [1,1,8192,8193] need 536903680 bytes, over the 536870912-byte budget"},
		{"zero dim does not hide the others", []Block{Float32s("y", 2147483647)},
			"sdpa: y [2147483647] needs 8.0 GiB, over the 512 MiB budget"},
		{"overflow", []Block{Float32s("y", math.MaxInt32, math.MaxInt32, math.MaxInt32)},
			"needs more than 8 EiB"},
	}
	for _, tc := range tests {
		err := CheckBudget("sdpa", tc.blocks...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		var be *BudgetError
		if err != nil && !errors.As(err, &be) {
			t.Errorf("%s: error %T is not a *BudgetError", tc.name, err)
		}
	}
}

// The budget is inclusive: a call may use all of it, not a byte more.
func TestCheckBudgetBoundary(t *testing.T) {
	defer SetBudget(SetBudget(1000))
	if err := CheckBudget("op", Items("a", 1, 1000)); err != nil {
		t.Errorf("1000 bytes in a 1000-byte budget: %v", err)
	}
	if err := CheckBudget("op", Items("a", 1, 1000), Items("b", 1, 1)); err == nil {
		t.Error("1001 bytes in a 1000-byte budget passed")
	}
}

func TestSetBudgetClamps(t *testing.T) {
	defer SetBudget(SetBudget(DefaultBudget))
	for _, tc := range []struct{ set, want int64 }{{0, 1}, {-5, 1}, {1 << 40, MaxBudget}, {4096, 4096}} {
		SetBudget(tc.set)
		if got := Budget(); got != tc.want {
			t.Errorf("SetBudget(%d): Budget() = %d, want %d", tc.set, got, tc.want)
		}
	}
}

func TestCheckBudgetAllocatesNothing(t *testing.T) {
	b, s := 2, 128
	allocs := testing.AllocsPerRun(100, func() {
		if err := CheckBudget("sdpa", Float32s("output", b, 1, s, 64), Float32s("attention", b, 1, s, s)); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("CheckBudget allocated %v times on success, want 0", allocs)
	}
}

func TestCheckedProduct(t *testing.T) {
	tests := []struct {
		dims []int
		want int
		ok   bool
	}{
		{nil, 1, true},
		{[]int{3, 4}, 12, true},
		{[]int{2147483647, 0}, 0, true},
		{[]int{0, 2147483647}, 0, true},
		{[]int{2147483647, 0, 2}, 0, false},
		{[]int{65536, 65536}, 0, false},
		{[]int{3, -1}, 0, false},
	}
	for _, tc := range tests {
		got, ok := CheckedProduct(tc.dims...)
		if got != tc.want || ok != tc.ok {
			t.Errorf("CheckedProduct(%v) = %d, %v; want %d, %v", tc.dims, got, ok, tc.want, tc.ok)
		}
	}
	if _, err := NumelOf([]int{0, 1 << 20, 1 << 20}); err == nil {
		t.Error("NumelOf([0, 2^20, 2^20]) passed: a zero must not end the overflow check")
	}
}

func TestFormatBytes(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1536, "1.5 KiB"}, {512 << 20, "512 MiB"}, {1 << 30, "1.0 GiB"}, {25_769_803_764, "24 GiB"}, {math.MaxInt64, "more than 8 EiB"}} {
		if got := FormatBytes(tc.n); got != tc.want {
			t.Errorf("FormatBytes(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
