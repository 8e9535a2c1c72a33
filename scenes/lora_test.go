package scenes

import (
	"math"
	"testing"

	"dlprep/core/complexity"
)

func newLoRA(t *testing.T, v Values) *loraScene {
	t.Helper()
	return resetScene(t, "lora", v).(*loraScene)
}

// The merged weight shown is core's Merge, equal to the base plus the shown
// update; the factored output is core's Forward and matches the merged
// layer's output.
func TestLoRAMergedIsBasePlusDelta(t *testing.T) {
	for _, v := range []Values{{}, {"r": 1, "alpha": 2}, {"r": 12, "alpha": 32, "tokens": 64}} {
		s := newLoRA(t, v)
		if !equalF32(s.merged.Data, s.layer.Merge().Data) {
			t.Fatalf("%v: shown merged weight is not core's Merge", v)
		}
		for i := range s.merged.Data {
			if d := math.Abs(float64(s.merged.Data[i] - s.w.Data[i] - s.delta.Data[i])); d > 1e-5 {
				t.Fatalf("%v: merged[%d] = %v, W + ΔW = %v", v, i, s.merged.Data[i], s.w.Data[i]+s.delta.Data[i])
			}
		}
		y, err := s.layer.Forward(s.x)
		if err != nil {
			t.Fatal(err)
		}
		if !equalF32(s.yFact.Data, y.Data) {
			t.Fatalf("%v: shown factored output is not core's Forward", v)
		}
		if s.maxDiff > 1e-4 {
			t.Errorf("%v: factored and merged outputs differ by %v", v, s.maxDiff)
		}
		// ΔW has rank r: its rank is at most r, checked by Gaussian elimination.
		if rk := matRank(s.delta.Data, loraOut, loraIn); rk != s.r {
			t.Errorf("%v: ΔW has rank %d, want r=%d", v, rk, s.r)
		}
	}
}

// At initialisation B = 0: the merged weight is the base exactly.
func TestLoRAInitialStateIsBase(t *testing.T) {
	s := newLoRA(t, Values{"trained": 0})
	if !equalF32(s.merged.Data, s.w.Data) || s.maxDelta > 1e-12 {
		t.Errorf("untrained: merged differs from the base (max |ΔW| = %v)", s.maxDelta)
	}
}

// The measured multiply-adds are tokens·r·(in+out) for B(Ax) and out·r·in
// for forming BA, half of core/complexity's FLOPs.
func TestLoRACostsMeasured(t *testing.T) {
	for _, v := range []Values{{}, {"r": 7, "tokens": 50}} {
		s := newLoRA(t, v)
		n := int64(s.tokens)
		r := int64(s.r)
		if s.macBase != n*loraIn*loraOut || s.macFactored != n*r*(loraIn+loraOut) || s.macMergeFirst != loraOut*r*loraIn {
			t.Errorf("%v: measured base %d, adapter %d, BA-first %d", v, s.macBase, s.macFactored, s.macMergeFirst)
		}
		c, _ := complexity.LoRACosts(loraIn, loraOut, r, 1, n)
		if c.FlopsLoRA != 2*(s.macBase+s.macFactored) || c.FlopsMergeFirst != 2*(s.macBase+s.macMergeFirst) {
			t.Errorf("%v: core/complexity %+v vs measured ×2", v, c)
		}
		if kvMap(s.Readout())["adapter multiply-adds"] != itoa64(s.macFactored) {
			t.Errorf("readout disagrees with the measured count")
		}
	}
}

// matRank is the rank of a rows×cols matrix by elimination with partial
// pivoting in float64, treating pivots below 1e-4 of the largest as zero.
func matRank(v []float32, rows, cols int) int {
	m := make([]float64, len(v))
	big := 0.0
	for i, x := range v {
		m[i] = float64(x)
		big = math.Max(big, math.Abs(m[i]))
	}
	rank := 0
	for c := 0; c < cols && rank < rows; c++ {
		p := rank
		for i := rank + 1; i < rows; i++ {
			if math.Abs(m[i*cols+c]) > math.Abs(m[p*cols+c]) {
				p = i
			}
		}
		if math.Abs(m[p*cols+c]) <= 1e-4*big {
			continue
		}
		for j := 0; j < cols; j++ {
			m[p*cols+j], m[rank*cols+j] = m[rank*cols+j], m[p*cols+j]
		}
		for i := rank + 1; i < rows; i++ {
			f := m[i*cols+c] / m[rank*cols+c]
			for j := c; j < cols; j++ {
				m[i*cols+j] -= f * m[rank*cols+j]
			}
		}
		rank++
	}
	return rank
}

func TestLoRAGolden(t *testing.T) {
	familyGolden(t, "lora", newLoRA(t, Values{"pitfall_ba_first": 1}), nil)
}

func BenchmarkScene_lora(b *testing.B) { benchScene(b, "lora", nil) }

// The attention panel is core's LoRA attention: with B = 0 it is the base
// attention exactly; trained adapters change it; rows sum to 1.
func TestLoRAAttentionPanel(t *testing.T) {
	s := newLoRA(t, Values{"trained": 0})
	if !equalF32(s.attnBase.Data, s.attnLoRA.Data) {
		t.Errorf("B = 0: adapted attention differs from the base")
	}
	s = newLoRA(t, Values{"trained": 1, "r": 4, "alpha": 8})
	if s.attnDiff < 0.01 {
		t.Errorf("trained adapters change the attention by only %v", s.attnDiff)
	}
	for i := 0; i < loraTokens; i++ {
		var sum float64
		for j := 0; j < loraTokens; j++ {
			sum += float64(s.attnLoRA.Data[i*loraTokens+j])
		}
		if math.Abs(sum-1) > 1e-5 {
			t.Errorf("attention row %d sums to %v", i, sum)
		}
	}
	if kvMap(s.Readout())["attention max change"] != f3(s.attnDiff) {
		t.Errorf("readout disagrees")
	}
}
