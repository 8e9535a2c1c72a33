package complexity

import (
	"math"
	"testing"
)

func TestMHSAFlops(t *testing.T) {
	for _, tc := range []struct {
		n, d, heads int64
		want        MHSACost
	}{
		// ViT-B/16 at 224²: 197 tokens of 768.
		{197, 768, 12, MHSACost{6 * 197 * 768 * 768, 2 * 197 * 197 * 768, 2 * 197 * 197 * 768, 2 * 197 * 768 * 768,
			8*197*768*768 + 4*197*197*768}},
		// n = d: the quadratic and projection terms are equal per unit (the crossover).
		{64, 64, 1, MHSACost{6 * 64 * 64 * 64, 2 * 64 * 64 * 64, 2 * 64 * 64 * 64, 2 * 64 * 64 * 64, 12 * 64 * 64 * 64}},
		{0, 8, 2, MHSACost{}},
	} {
		got, err := MHSAFlops(tc.n, tc.d, tc.heads)
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("MHSAFlops(n=%d, d=%d, heads=%d) = %+v, want %+v", tc.n, tc.d, tc.heads, got, tc.want)
		}
		if other, _ := MHSAFlops(tc.n, tc.d, 1); other != got {
			t.Errorf("n=%d d=%d: heads=1 gives %+v, heads=%d %+v; heads must not matter", tc.n, tc.d, other, tc.heads, got)
		}
	}
	for _, bad := range [][3]int64{{-1, 8, 2}, {4, -8, 2}, {4, 8, 0}, {4, 8, 3}, {4, 8, -2}, {1 << 40, 1 << 40, 1}} {
		if _, err := MHSAFlops(bad[0], bad[1], bad[2]); err == nil {
			t.Errorf("MHSAFlops(%v) returned no error", bad)
		}
	}
}

func TestLoRACosts(t *testing.T) {
	got, err := LoRACosts(768, 768, 8, 32, 197)
	if err != nil {
		t.Fatal(err)
	}
	want := LoRACost{
		ParamsFull:      589824,
		ParamsLoRA:      12288,
		FlopsFull:       2 * 32 * 197 * 589824,
		FlopsLoRA:       2*32*197*589824 + 2*32*197*12288,
		FlopsMergeFirst: 2*768*8*768 + 2*32*197*589824,
	}
	if got != want {
		t.Errorf("LoRACosts(768, 768, 8, 32, 197) = %+v, want %+v", got, want)
	}
	// The parameter ratio is r/d_in + r/d_out (problem 023).
	if r := float64(got.ParamsLoRA) / float64(got.ParamsFull); math.Abs(r-(8.0/768+8.0/768)) > 1e-15 {
		t.Errorf("parameter ratio %v, want r/d_in + r/d_out = %v", r, 16.0/768)
	}
	for _, bad := range [][5]int64{{-1, 1, 1, 1, 1}, {1, 1, -1, 1, 1}, {1, 1, 1, 1, -3}, {1 << 40, 1 << 40, 1, 1 << 20, 1}} {
		if _, err := LoRACosts(bad[0], bad[1], bad[2], bad[3], bad[4]); err == nil {
			t.Errorf("LoRACosts(%v) returned no error", bad)
		}
	}
}

// TestCrossoverIsSmallestN checks CrossoverN against a direct search.
func TestCrossoverIsSmallestN(t *testing.T) {
	for _, ch := range []int64{1, 3, 64, 768} {
		for _, k := range []int64{0, 1, 2, 3, 4, 7} {
			got, err := CNNViTFlops(1000, ch, k, 1, k)
			if err != nil {
				t.Fatal(err)
			}
			var want int64 = -1
			for n := int64(0); n < 1<<22; n++ {
				c, _ := CNNViTFlops(n, ch, k, 1, k)
				if c.Attention > c.Conv2D {
					want = n
					break
				}
			}
			if got.CrossoverN != want {
				t.Errorf("C=%d K=%d: CrossoverN %d, direct search %d", ch, k, got.CrossoverN, want)
			}
		}
	}
}

func TestCNNViTFlops(t *testing.T) {
	// 14x14 tokens, 2 frames, C = 8, K = 3, Kt = 2.
	got, err := CNNViTFlops(196, 8, 3, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := CNNViTCost{
		Conv2D: 2 * 196 * 9 * 64, Attention: 8*196*64 + 4*196*196*8, CrossoverN: 21,
		Conv3D: 2 * 392 * 2 * 9 * 64, AttentionST: 8*392*64 + 4*392*392*8,
		AttentionFactorized: 16*392*64 + 4*196*196*2*8 + 4*4*196*8,
	}
	if got != want {
		t.Errorf("CNNViTFlops(196, 8, 3, 2, 2) = %+v, want %+v", got, want)
	}
	for _, bad := range [][5]int64{{-1, 8, 3, 1, 3}, {4, 0, 3, 1, 3}, {4, 8, -3, 1, 3}, {4, 8, 3, -1, 3}, {4, 8, 3, 1, -1}, {1 << 40, 1 << 20, 3, 1, 3}} {
		if _, err := CNNViTFlops(bad[0], bad[1], bad[2], bad[3], bad[4]); err == nil {
			t.Errorf("CNNViTFlops(%v) returned no error", bad)
		}
	}
}

// Full fine-tuning against LoRA on a ViT-B projection: the literal counts,
// and the ratios the interview answer quotes.
func TestFineTuneCosts(t *testing.T) {
	const d, r, n, l = 768, 8, 32, 197
	full, lr, err := FineTuneCosts(d, d, r, n, l)
	if err != nil {
		t.Fatal(err)
	}
	rows := int64(n * l)
	wantFull := TrainCost{Trainable: d * d, Gradients: d * d, AdamMoments: 2 * d * d, Forward: 2 * rows * d * d, Backward: 4 * rows * d * d}
	wantLoRA := TrainCost{Trainable: r * 2 * d, Frozen: d * d, Gradients: r * 2 * d, AdamMoments: 2 * r * 2 * d,
		Forward: 2*rows*d*d + 2*rows*r*2*d, Backward: 2 * rows * (d*d + 2*r*d + 2*r*d)}
	if full != wantFull || lr != wantLoRA {
		t.Errorf("FineTuneCosts = %+v, %+v; want %+v, %+v", full, lr, wantFull, wantLoRA)
	}
	if got := float64(lr.Step()) / float64(full.Step()); math.Abs(got-0.6875) > 0.01 {
		t.Errorf("LoRA step / full step = %v, want ≈ 2/3 + the adapter's share", got)
	}
	if full.OptimizerFloats() != 3*d*d || lr.OptimizerFloats() != 3*r*2*d {
		t.Errorf("optimiser floats %d and %d", full.OptimizerFloats(), lr.OptimizerFloats())
	}
	c, _ := LoRACosts(d, d, r, n, l)
	if lr.Forward != c.FlopsLoRA || full.Forward != c.FlopsFull || lr.Trainable != c.ParamsLoRA {
		t.Errorf("FineTuneCosts disagrees with LoRACosts %+v", c)
	}
	for _, bad := range [][5]int64{{-1, 1, 1, 1, 1}, {1, 1, 1, 1, -1}, {1 << 40, 1 << 40, 1, 1 << 20, 1}} {
		if _, _, err := FineTuneCosts(bad[0], bad[1], bad[2], bad[3], bad[4]); err == nil {
			t.Errorf("FineTuneCosts%v returned no error", bad)
		}
	}
}

// The MHSA crossover is where core's own counts cross.
func TestMHSACrossover(t *testing.T) {
	for _, d := range []int64{1, 16, 64, 768} {
		n, err := MHSACrossover(d)
		if err != nil {
			t.Fatal(err)
		}
		quadWins := func(n int64) bool {
			c, _ := MHSAFlops(n, d, 1)
			return c.Scores+c.WeightedSum > c.Projections+c.OutputProjection
		}
		if !quadWins(n) || quadWins(n-1) {
			t.Errorf("d=%d: crossover %d, but the quadratic part wins at n-1: %v, at n: %v", d, n, quadWins(n-1), quadWins(n))
		}
	}
	if _, err := MHSACrossover(0); err == nil {
		t.Error("d=0: no error")
	}
}
