package core

import (
	"strings"
	"testing"
)

func TestPermute(t *testing.T) {
	// x[i][j][k] = 100i + 10j + k, shape [2,3,2]
	x := New(2, 3, 2)
	for i := 0; i < 2; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 2; k++ {
				x.Data[i*6+j*2+k] = float32(100*i + 10*j + k)
			}
		}
	}
	y, err := x.Permute(2, 0, 1) // [2,2,3]: y[k][i][j]
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{
		0, 10, 20, 100, 110, 120,
		1, 11, 21, 101, 111, 121,
	}
	if !SameShape(y.Shape, []int{2, 2, 3}) {
		t.Fatalf("shape %v, want [2 2 3]", y.Shape)
	}
	for i := range want {
		if y.Data[i] != want[i] {
			t.Fatalf("got %v, want %v", y.Data, want)
		}
	}
	if _, err := x.Permute(0, 0, 1); err == nil {
		t.Error("Permute accepted a repeated axis")
	}
}

func TestReshape(t *testing.T) {
	x := New(2, 6)
	tests := []struct {
		shape   []int
		want    []int
		wantErr string
	}{
		{[]int{3, 4}, []int{3, 4}, ""},
		{[]int{-1, 3}, []int{4, 3}, ""},
		{[]int{5, -1}, nil, "cannot infer"},
		{[]int{5, 5}, nil, "has 25 elements"},
		{[]int{-1, -1}, nil, "invalid"},
	}
	for _, tc := range tests {
		y, err := x.Reshape(tc.shape...)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Reshape(%v) error %v, want %q", tc.shape, err, tc.wantErr)
			}
			continue
		}
		if err != nil || !SameShape(y.Shape, tc.want) {
			t.Errorf("Reshape(%v) = %v, %v; want %v", tc.shape, y, err, tc.want)
		}
	}
}

func TestLinearCountsMulAdds(t *testing.T) {
	x, _ := FromData([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	w, _ := FromData([]float32{1, 0, 0, 0, 1, 1}, 2, 3)
	b, _ := FromData([]float32{10, 20}, 2)
	ResetMulAdds()
	y, err := Linear("test", x, w, b)
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{11, 25, 14, 31}
	for i := range want {
		if y.Data[i] != want[i] {
			t.Fatalf("got %v, want %v", y.Data, want)
		}
	}
	if got := MulAdds(); got != 2*2*3 {
		t.Errorf("MulAdds = %d, want 12", got)
	}
	if _, err := Linear("test", x, b, nil); err == nil {
		t.Error("Linear accepted a 1-d weight")
	}
}

func TestFromDataChecksLength(t *testing.T) {
	if _, err := FromData(make([]float32, 5), 2, 3); err == nil {
		t.Error("FromData accepted 5 values for [2,3]")
	}
	if _, err := FromData(nil, -1); err == nil {
		t.Error("FromData accepted a negative dimension")
	}
}
