package attention

import (
	"math"
	"testing"
)

// expNormalize's inline exponential against float64 math.Exp over the
// whole range it is used on (x - max in [-87, 0]): with a row [0, x] the
// weights are 1/(1+e^x) and e^x/(1+e^x), so e^x = w1/w0 must hold to a few
// float32 ulps.
func TestExpNormalizeAccuracy(t *testing.T) {
	worst, at := 0.0, float32(0)
	for x := float32(-87); x <= 0; x += 0.00731 {
		row := []float32{0, x}
		if !expNormalize(row, 0) {
			t.Fatalf("expNormalize([0 %v]) reported a non-finite sum", x)
		}
		got := float64(row[1]) / float64(row[0])
		want := math.Exp(float64(x))
		if rel := math.Abs(got-want) / want; rel > worst {
			worst, at = rel, x
		}
	}
	if worst > 4.0/(1<<23) {
		t.Errorf("e^x relative error %.3g at x=%v, want <= 4 float32 ulps", worst, at)
	}
	for _, tc := range []struct {
		name string
		row  []float32
		want []float32
	}{
		{"far below underflows to 0", []float32{0, -100}, []float32{1, 0}},
		{"-Inf is exactly 0", []float32{0, float32(math.Inf(-1)), 0}, []float32{0.5, 0, 0.5}},
		{"equal scores", []float32{3, 3, 3, 3}, []float32{0.25, 0.25, 0.25, 0.25}},
	} {
		row := append([]float32(nil), tc.row...)
		mx := float32(math.Inf(-1))
		for _, x := range row {
			mx = max(mx, x)
		}
		if !expNormalize(row, mx) || !near(row, tc.want, 1e-7) {
			t.Errorf("%s: softmax(%v) = %v, want %v", tc.name, tc.row, row, tc.want)
		}
	}
	if expNormalize([]float32{float32(math.NaN()), 0}, 0) {
		t.Errorf("a NaN score was not reported")
	}
}
