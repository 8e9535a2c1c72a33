package measure

import (
	"math"
	"testing"
	"time"

	"dlprep/core/complexity"
)

// The counted FLOPs of each part are the analytic counts of package
// complexity: the projections 8nd², the attention proper 4n²d, whatever
// the heads; the convolution 2NK²C², attention 8NC² + 4N²C.
func TestCountsAreAnalytic(t *testing.T) {
	timer := CountingTimer(1e-9, 0)
	for _, heads := range []int{1, 2, 4} {
		pts, err := MHSA([]int{3, 8, 20}, 8, heads, timer, 1)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pts {
			c, _ := complexity.MHSAFlops(int64(p.N), 8, int64(heads))
			if p.Projections.FLOPs != c.Projections+c.OutputProjection || p.Attention.FLOPs != c.Scores+c.WeightedSum {
				t.Errorf("heads=%d n=%d: counted %d + %d, analytic %d + %d", heads, p.N, p.Projections.FLOPs, p.Attention.FLOPs,
					c.Projections+c.OutputProjection, c.Scores+c.WeightedSum)
			}
			if want := 1e-9 * float64(p.Attention.FLOPs); math.Abs(p.Attention.Seconds-want) > 1e-18 {
				t.Errorf("the counting timer gave %v s for %d FLOPs", p.Attention.Seconds, p.Attention.FLOPs)
			}
		}
	}
	for _, k := range []int{1, 3, 5} {
		pts, err := ConvVsAttention([]int{2, 5}, 4, k, timer, 2)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pts {
			c, _ := complexity.CNNViTFlops(int64(p.N), 4, int64(k), 1, 1)
			if p.N != p.Side*p.Side || p.Conv.FLOPs != c.Conv2D || p.Attention.FLOPs != c.Attention {
				t.Errorf("K=%d N=%d: counted conv %d attention %d, analytic %d and %d", k, p.N, p.Conv.FLOPs, p.Attention.FLOPs, c.Conv2D, c.Attention)
			}
		}
	}
}

// The wall clock gives positive times that grow with the work: only
// sanity is checked, as a loaded machine moves the numbers.
func TestWallClockSanity(t *testing.T) {
	pts, err := MHSA([]int{4, 64}, 16, 2, WallClock(200*time.Microsecond, 1), 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pts {
		if !(p.Projections.Seconds > 0) || !(p.Attention.Seconds > 0) || math.IsInf(p.Attention.Seconds, 0) {
			t.Errorf("n=%d: times %v and %v, want positive and finite", p.N, p.Projections.Seconds, p.Attention.Seconds)
		}
	}
}

func TestRejects(t *testing.T) {
	timer := CountingTimer(1e-9, 0)
	if _, err := MHSA([]int{4}, 6, 4, timer, 1); err == nil {
		t.Error("d=6 with 4 heads: no error")
	}
	if _, err := MHSA([]int{1 << 20}, 64, 1, timer, 1); err == nil {
		t.Error("n=2^20: no error (over the budget)")
	}
	if _, err := ConvVsAttention([]int{4}, 4, 2, timer, 1); err == nil {
		t.Error("an even kernel: no error")
	}
	if _, err := ConvVsAttention([]int{0}, 4, 3, timer, 1); err == nil {
		t.Error("side 0: no error")
	}
}

func TestCrossover(t *testing.T) {
	for _, tc := range []struct {
		name    string
		xs      []float64
		a, b    []float64
		want    float64
		wantOK  bool
		wantTol float64
	}{
		{"never", []float64{1, 2, 4}, []float64{5, 5, 5}, []float64{1, 2, 4}, 0, false, 0},
		{"from the start", []float64{1, 2, 4}, []float64{1, 1, 1}, []float64{2, 3, 4}, 1, true, 0},
		// b = x², a = 8x cross at x = 8, exactly, on log scales.
		{"power laws", []float64{2, 4, 16, 32}, []float64{16, 32, 128, 256}, []float64{4, 16, 256, 1024}, 8, true, 1e-9},
	} {
		got, ok := Crossover(tc.xs, tc.a, tc.b)
		if ok != tc.wantOK || math.Abs(got-tc.want) > tc.wantTol {
			t.Errorf("%s: Crossover = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.wantOK)
		}
	}
}
