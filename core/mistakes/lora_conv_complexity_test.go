package mistakes

import (
	"math/rand"
	"testing"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/complexity"
	"dlprep/core/conv"
	"dlprep/core/lora"
)

func TestLoRALinearNoScaling(t *testing.T) {
	// W = 0, A = B = [[1]] (r = 1), α = 3: the update is 3·x right, x wrong.
	w, bias := tensor(t, f32(0), 1, 1), tensor(t, f32(0), 1)
	a, b := tensor(t, f32(1), 1, 1), tensor(t, f32(1), 1, 1)
	x := tensor(t, f32(2), 1, 1)
	y, merged, err := LoRALinearNoScaling(w, bias, a, b, x)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "y", y.Data, f32(2), 0)
	mustNear(t, "merged", merged.Data, f32(1), 0)
	l, _ := lora.New(w, bias, a, b, 3)
	ry, _ := l.Forward(x)
	mustNear(t, "right y", ry.Data, f32(6), 0)
	if _, _, err := LoRALinearNoScaling(w, bias, tensor(t, f32(1, 1), 2, 1), b, x); err == nil {
		t.Error("A with r = 2 against B with r = 1 must be an error")
	}
}

func TestLoRAMHSANoScaling(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	d, r := 4, 2
	w := attention.LoRAWeights{Q: randTensor(rng, d, d), K: randTensor(rng, d, d), V: randTensor(rng, d, d),
		QA: randTensor(rng, d, r), QB: randTensor(rng, r, d), VA: randTensor(rng, d, r), VB: randTensor(rng, r, d)}
	x := randTensor(rng, 1, 3, d)
	got, _, err := LoRAMHSANoScaling(x, w, 2)
	if err != nil {
		t.Fatal(err)
	}
	same, _, _ := attention.LoRAMHSA(x, w, 2, float64(r))
	mustNear(t, "α = r", got.Data, same.Data, 0)
	right, _, _ := attention.LoRAMHSA(x, w, 2, 8)
	mustDiffer(t, "α = 8, r = 2", got.Data, right.Data, 1e-3)
}

func TestConv3DHelperIsCausalDownsample(t *testing.T) {
	rng := rand.New(rand.NewSource(6))
	for _, k := range [][3]int{{3, 3, 3}, {2, 4, 4}, {1, 2, 3}, {4, 1, 1}} {
		x := randTensor(rng, 2, 3, 4, 7, 6)
		w := randTensor(rng, 2, 3, k[0], k[1], k[2])
		bias := randTensor(rng, 2)
		right, err := conv.CausalDownsample3D(x, w, bias)
		if err != nil {
			t.Fatal(err)
		}
		got, err := conv3d(x, w, bias, [3][2]int{{k[0] - 1, 0}, {(k[1] - 1) / 2, k[1] / 2}, {(k[2] - 1) / 2, k[2] / 2}})
		if err != nil {
			t.Fatal(err)
		}
		if !core.SameShape(got.Shape, right.Shape) {
			t.Fatalf("kernel %v: shape %v, want %v", k, got.Shape, right.Shape)
		}
		mustNear(t, "causal conv3d", got.Data, right.Data, 1e-4)
	}
}

func TestCausalDownsampleMistakes(t *testing.T) {
	// Frames 1, 2, 3 (1×1 pixels), time kernel [1, 1, 1]: the causal sums
	// are 1, 3, 6; centred ones 3, 6, 5.
	x := tensor(t, f32(1, 2, 3), 1, 1, 3, 1, 1)
	w := tensor(t, f32(1, 1, 1), 1, 1, 3, 1, 1)
	got, err := CausalDownsampleTimeSymmetric(x, w, nil)
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "time symmetric", got.Data, f32(3, 6, 5), 1e-6)
	right, _ := conv.CausalDownsample3D(x, w, nil)
	mustNear(t, "causal", right.Data, f32(1, 3, 6), 1e-6)

	// One row [1, 2], kernel [1, 10] (kW = 2): right pads 0 before and 1
	// after, one output 1 + 20; k//2 on both sides gives two, 10 and 2.
	x = tensor(t, f32(1, 2), 1, 1, 1, 1, 2)
	w = tensor(t, f32(1, 10), 1, 1, 1, 1, 2)
	got, err = CausalDownsampleSpatialSymmetric(x, w, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !core.SameShape(got.Shape, []int{1, 1, 1, 1, 2}) {
		t.Fatalf("spatial symmetric shape %v, want [1 1 1 1 2]", got.Shape)
	}
	mustNear(t, "spatial symmetric", got.Data, f32(10, 2), 1e-6)
	right, _ = conv.CausalDownsample3D(x, w, nil)
	mustNear(t, "right spatial", right.Data, f32(21), 1e-6)
	if _, err := CausalDownsampleTimeSymmetric(x, tensor(t, f32(1, 1), 1, 2, 1, 1, 1), nil); err == nil {
		t.Error("a weight with the wrong input channels must be an error")
	}
}

func TestConv2DWeightChannelsLast(t *testing.T) {
	// Channels [1, 2] and [3, 4], kernel 1×2 per channel [1, 2] and [3, 4]:
	// right 1+4+9+16 = 30; the row read channels-last is [1, 3, 2, 4]: 29.
	x := tensor(t, f32(1, 2, 3, 4), 1, 2, 1, 2)
	w := tensor(t, f32(1, 2, 3, 4), 1, 2, 1, 2)
	got, err := Conv2DWeightChannelsLast(x, w, nil, conv.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	mustNear(t, "channels-last", got.Data, f32(29), 0)
	right, _ := conv.Conv2D(x, w, nil, conv.DefaultOptions())
	mustNear(t, "right", right.Data, f32(30), 0)
	// Grouped: each group's row moves within the group only.
	rng := rand.New(rand.NewSource(7))
	xg, wg := randTensor(rng, 1, 4, 5, 5), randTensor(rng, 4, 2, 3, 3)
	o := conv.DefaultOptions()
	o.Groups = 2
	a, err := Conv2DWeightChannelsLast(xg, wg, nil, o)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := conv.Conv2D(xg, wg, nil, o)
	mustDiffer(t, "grouped", a.Data, b.Data, 1e-3)
}

func TestComplexityMistakes(t *testing.T) {
	c, err := CrossoverWrittenRule(10, 64, 3, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	right, _ := complexity.CNNViTFlops(10, 64, 3, 1, 3)
	if c.CrossoverN != 577 || right.CrossoverN != 161 {
		t.Errorf("crossover: written rule %d (want 577), right %d (want 161)", c.CrossoverN, right.CrossoverN)
	}
	l, err := LoRAFlopsNoSeqLen(8, 4, 2, 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	rl, _ := complexity.LoRACosts(8, 4, 2, 3, 5)
	if l.FlopsLoRA != 960+144 || rl.FlopsLoRA != 960+720 {
		t.Errorf("LoRA FLOPs: without L %d (want 1104), right %d (want 1680)", l.FlopsLoRA, rl.FlopsLoRA)
	}
	if _, err := LoRAFlopsNoSeqLen(-1, 4, 2, 3, 5); err == nil {
		t.Error("a negative size must be an error")
	}
}
