package scenes

import (
	"math"
	"testing"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/lora"
	"dlprep/core/mistakes"
	"dlprep/viz/scene"
)

// transpose2 returns the [cols, rows] transpose of a [rows, cols] matrix.
func transpose2(t *testing.T, x *core.Tensor) *core.Tensor {
	t.Helper()
	p, err := x.Permute(1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// What the LoRA attention view shows is what the production ops compute:
// every level of the training sweep is attention.LoRAMHSA with B scaled
// (level 0, B = 0, is the frozen layer exactly), ΔW is lora.Linear's Merge
// of the same factors over a zero base and has rank r, x·A is core.MatMul's,
// k has no adapter, and the pitfall is mistakes.LoRAMHSANoScaling.
func TestLoRAAttnViewStagesAreCore(t *testing.T) {
	for _, v := range []scene.Values{
		nil,
		{"pitfall": 1},
		{"heads": 1, "head": 1, "tokens": 8},
		{"r": 1, "alpha": 4, "pitfall": 1},
		{"r": 4, "alpha": 2, "pitfall": 1},
	} {
		s := newView(t, newLoRAAttnView, v)
		n, d, r, h := s.n, loraD, s.r, s.heads
		for k := range loraLevels {
			wk := s.w
			frac := float64(k) / (loraLevels - 1)
			wk.QB, wk.VB = scaled(s.w.QB, frac), scaled(s.w.VB, frac)
			y, attn, err := attention.LoRAMHSA(s.x, wk, h, s.alpha)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n * n {
				if got, want := s.hmap[k].vals[i], attn.Data[s.head*n*n+i]; !closeTo(got, want, 1e-5) {
					t.Fatalf("%v: level %d weight %d shown %v, LoRAMHSA %v", v, k, i, got, want)
				}
				if k == 0 && s.hmap[0].vals[i] != s.hbase.vals[i] {
					t.Fatalf("%v: B = 0 and the frozen map differ at %d", v, i)
				}
			}
			if k == loraLevels-1 {
				for i := range y.Data {
					if !closeTo(s.hy.vals[i], y.Data[i], 1e-4) {
						t.Fatalf("%v: y[%d] shown %v, LoRAMHSA %v", v, i, s.hy.vals[i], y.Data[i])
					}
				}
			}
		}
		// ΔW of q, in x·W form, is the transpose of lora.Linear's merged
		// update with A' = QAᵀ [r, D] and B' = QBᵀ [D, r].
		zero, err := lora.New(core.New(d, d), nil, transpose2(t, s.w.QA), transpose2(t, s.w.QB), s.alpha)
		if err != nil {
			t.Fatal(err)
		}
		merged := transpose2(t, zero.Merge())
		for i := range d * d {
			if !closeTo(s.hdw.vals[i], merged.Data[i], 1e-5) {
				t.Fatalf("%v: ΔW[%d] shown %v, lora Merge %v", v, i, s.hdw.vals[i], merged.Data[i])
			}
		}
		if rk := matRank(s.hdw.vals, d, d); rk != r {
			t.Errorf("%v: ΔW has rank %d, want r = %d", v, rk, r)
		}
		x2, err := s.x.Reshape(n, d)
		if err != nil {
			t.Fatal(err)
		}
		xa, err := core.MatMul(x2, s.w.QA)
		if err != nil {
			t.Fatal(err)
		}
		for i := range xa.Data {
			if s.hxa.vals[i] != xa.Data[i] {
				t.Fatalf("%v: x·A[%d] shown %v, MatMul %v", v, i, s.hxa.vals[i], xa.Data[i])
			}
		}
		k, err := core.Linear("test", s.x, s.w.K, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range k.Data {
			if s.hk.vals[i] != k.Data[i] {
				t.Fatalf("%v: k[%d] shown %v, the frozen x·W_kᵀ %v", v, i, s.hk.vals[i], k.Data[i])
			}
		}
		if !s.pitfall {
			continue
		}
		_, bad, err := mistakes.LoRAMHSANoScaling(s.x, s.w, h)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n * n {
			if got, want := s.hbad.vals[i], bad.Data[s.head*n*n+i]; got != want {
				t.Fatalf("%v: pitfall weight %d shown %v, mistakes %v", v, i, got, want)
			}
		}
		// The pitfall moves the map less when α/r > 1, more when α/r < 1.
		right, wrong := s.chgMaxOf(s.levels[loraLevels-1].Weights), s.chgMaxOf(s.bad)
		if sc := s.alpha / float64(r); sc > 1 && wrong >= right || sc < 1 && wrong <= right {
			t.Errorf("%v: α/r = %v, the pitfall moves the map by %v against %v", v, sc, wrong, right)
		}
	}
}

// The pitfall shows on arrival: at the defaults the trained adapters move
// a weight by at least 0.1, the unscaled ones by under half as much.
func TestLoRAAttnPitfallShows(t *testing.T) {
	s := newView(t, newLoRAAttnView, scene.Values{"pitfall": 1})
	right, wrong := s.chgMaxOf(s.levels[loraLevels-1].Weights), s.chgMaxOf(s.bad)
	if right < 0.1 || wrong > right/2 {
		t.Errorf("trained adapters move a weight by %v, the pitfall by %v", right, wrong)
	}
	if math.Abs(s.st.Scale-4) > 1e-12 {
		t.Errorf("defaults: α/r = %v, want 4", s.st.Scale)
	}
}

// Hovering answers with the number under the pointer and where it comes
// from.
func TestLoRAAttnInspection(t *testing.T) {
	s := newView(t, newLoRAAttnView, scene.Values{"pitfall": 1})
	n := s.n
	step := 2 + 3 // the fourth training level
	in, ok := s.Inspect(&scene.Frame{Step: step}, scene.Target{Group: lgMap, Index: n + 2})
	if !ok || in.Value != fmtNum(float64(s.mapOf(s.levels[3].Weights)[n+2])) || in.Index != shapeOf(0, s.head, 1, 2) {
		t.Fatalf("level-3 weight inspection %+v", in)
	}
	in, ok = s.Inspect(&scene.Frame{}, scene.Target{Group: lgBad, Index: 0})
	if !ok || in.Source != "mistakes.LoRAMHSANoScaling" {
		t.Fatalf("pitfall inspection %+v", in)
	}
}

func TestLoRAAttnGoldens(t *testing.T) {
	checkGolden(t, "lora_attention_pitfall", "017", map[string]string{"pitfall": "lora-no-scaling"}, 9, 1280, 800)
	checkGolden(t, "lora_attention_training_phone", "017", nil, 7, 390, 844)
}
