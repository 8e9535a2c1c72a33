package attention

import (
	"fmt"

	"dlprep/core"
)

// LoRAWeights are problem 017's self-attention with LoRA: frozen base
// projections Q, K, V [D,D] (nn.Linear layout, no bias) and the adapters of
// q and v, QA, VA [D,r] and QB, VB [r,D], so that q = x Qᵀ + (alpha/r) x QA QB.
type LoRAWeights struct {
	Q, K, V        *core.Tensor
	QA, QB, VA, VB *core.Tensor
}

// loraTerms are the checked adapters of one call.
type loraTerms struct {
	qa, qb, va, vb []float32
	r              int
	scale          float32
}

// add puts (alpha/r)·x A B onto q and onto v. x A is formed first ([rows,r],
// cheap), never the [D,D] product A B (problem 013's pitfall).
// tmp is scratch of rows·r values.
func (l *loraTerms) add(q, v, x []float32, rows, d int, tmp []float32) {
	if l.r == 0 || rows == 0 {
		return
	}
	for _, t := range []struct{ a, b, dst []float32 }{{l.qa, l.qb, q}, {l.va, l.vb, v}} {
		core.Gemm(false, false, rows, l.r, d, 1, x, d, t.a, l.r, 0, tmp, l.r)
		core.Gemm(false, false, rows, d, l.r, l.scale, tmp, l.r, t.b, d, 1, t.dst, d)
	}
}

// LoRAMHSA is problem 017's attention: q and v get + (alpha/r) x A B on top
// of their frozen projections, k is the base projection only; heads are
// split, attended (no mask), and merged back with no output projection. r is
// read from the A matrices and both adapters must share it. It returns
// y [B,S,D] and the weights attn [B,numHeads,S,S].
func LoRAMHSA(x *core.Tensor, w LoRAWeights, numHeads int, alpha float64) (y, attn *core.Tensor, err error) {
	const op = "lora_mhsa"
	if err := core.CheckShape(op, "x", x, "[B,S,D]", -1, -1, -1); err != nil {
		return nil, nil, err
	}
	b, s, d := x.Shape[0], x.Shape[1], x.Shape[2]
	if _, err := checkHeads(op, "D", d, numHeads); err != nil {
		return nil, nil, err
	}
	base := MHSAWeights{Q: Linear{W: w.Q}, K: Linear{W: w.K}, V: Linear{W: w.V}}
	for _, p := range []struct {
		name string
		l    Linear
	}{{"q_proj", base.Q}, {"k_proj", base.K}, {"v_proj", base.V}} {
		if err := p.l.check(op, p.name, d, d); err != nil {
			return nil, nil, err
		}
	}
	if err := core.CheckShape(op, "lora_q_A", w.QA, "[D,r]", d, -1); err != nil {
		return nil, nil, err
	}
	r := w.QA.Shape[1]
	if err := core.CheckShape(op, "lora_v_A", w.VA, "[D,r]", d, -1); err != nil {
		return nil, nil, err
	}
	if w.VA.Shape[1] != r {
		return nil, nil, fmt.Errorf("%s: the adapters must share r: lora_q_A is %v (r=%d), lora_v_A is %v (r=%d)", op, w.QA.Shape, r, w.VA.Shape, w.VA.Shape[1])
	}
	if r == 0 {
		return nil, nil, fmt.Errorf("%s: LoRA rank r must be positive (the scale is alpha/r), got lora_q_A %v", op, w.QA.Shape)
	}
	for _, t := range []struct {
		name string
		t    *core.Tensor
	}{{"lora_q_B", w.QB}, {"lora_v_B", w.VB}} {
		if err := core.CheckShape(op, t.name, t.t, "[r,D]", r, d); err != nil {
			return nil, nil, err
		}
	}
	for _, t := range []struct {
		name string
		t    *core.Tensor
	}{{"x", x}, {"lora_q_A", w.QA}, {"lora_q_B", w.QB}, {"lora_v_A", w.VA}, {"lora_v_B", w.VB}} {
		if err := core.CheckFinite(op, t.name, t.t); err != nil {
			return nil, nil, err
		}
	}
	if alpha != alpha || alpha > 1e30 || alpha < -1e30 {
		return nil, nil, fmt.Errorf("%s: alpha must be finite, got %v", op, alpha)
	}
	bl := selfAttentionBlocks(b, s, d, numHeads, r)
	if err := core.CheckBudget(op, bl[:]...); err != nil {
		return nil, nil, err
	}
	terms := &loraTerms{qa: w.QA.Data, qb: w.QB.Data, va: w.VA.Data, vb: w.VB.Data, r: r, scale: float32(alpha / float64(r))}
	var buf selfAttnBufs
	if y, attn, err = selfAttention(op, x.Data, b, s, d, base, numHeads, false, terms, &buf, false); err != nil {
		return nil, nil, err
	}
	return detach(y), detach(attn), nil
}
