package attention

import (
	"math"

	"dlprep/core"
)

// LoRAStages are the intermediate tensors of LoRA attention (problem 017)
// in the order a solution computes them, with the frozen base's own
// attention beside them, for a scene that shows how the adapters move the
// attention map and a test that ties it to LoRAMHSA.
type LoRAStages struct {
	X *core.Tensor // input [B,S,D]
	// QBase, K and VBase are the frozen projections x·Wᵀ [B,S,D]: k has no
	// adapter, so K is also the adapted layer's key.
	QBase, K, VBase *core.Tensor
	// DeltaQ and DeltaV are the adapters' updates as [D,D] matrices,
	// (α/r)·A·B with A [D,r] and B [r,D]: q = x·Wqᵀ + x·DeltaQ. They have
	// rank at most r. The layer never forms them (it computes (x·A)·B);
	// they are here to be looked at.
	DeltaQ, DeltaV *core.Tensor
	// XAQ and XAV are x·A [B,S,r], the cheap first product of each
	// adapter, and UpdQ and UpdV the updates (α/r)·(x·A)·B [B,S,D].
	XAQ, XAV, UpdQ, UpdV *core.Tensor
	// Q and V are the adapted projections x·Wᵀ + (α/r)·(x·A)·B [B,S,D].
	Q, V *core.Tensor
	// BaseScores and BaseWeights are the frozen layer's attention (no
	// adapters) [B,heads,S,S]; Scores and Weights the adapted layer's.
	BaseScores, BaseWeights *core.Tensor
	Scores, Weights         *core.Tensor
	// BaseY and Y are the heads merged [B,S,D] (the layer has no output
	// projection), without and with the adapters.
	BaseY, Y *core.Tensor
	// Scale is α/r; AttnScale is 1/√d with d = D/heads.
	Scale, AttnScale float64
}

// LoRATrace computes LoRAMHSA stage by stage with core's pieces (Linear,
// MatMul, Gemm, Reshape, Permute and SDPA) and keeps every intermediate.
// Its weights and output equal LoRAMHSA's (to float32 rounding), and its
// base attention LoRAMHSA's with B = 0.
func LoRATrace(x *core.Tensor, w LoRAWeights, numHeads int, alpha float64) (*LoRAStages, error) {
	const op = "lora_mhsa"
	// The production op checks the inputs with its own messages.
	if _, _, err := LoRAMHSA(x, w, numHeads, alpha); err != nil {
		return nil, err
	}
	b, s, d := x.Shape[0], x.Shape[1], x.Shape[2]
	r := w.QA.Shape[1]
	hd := d / numHeads
	st := &LoRAStages{X: x, Scale: alpha / float64(r), AttnScale: 1 / math.Sqrt(float64(hd))}
	var err error
	for _, p := range []struct {
		w   *core.Tensor
		dst **core.Tensor
	}{{w.Q, &st.QBase}, {w.K, &st.K}, {w.V, &st.VBase}} {
		if *p.dst, err = core.Linear(op, x, p.w, nil); err != nil {
			return nil, err
		}
	}
	rows, err := x.Reshape(b*s, d)
	if err != nil {
		return nil, err
	}
	scale := float32(st.Scale)
	adapt := func(base, a, bm *core.Tensor) (xa, upd, adapted, delta *core.Tensor, err error) {
		if xa, err = core.MatMul(rows, a); err != nil { // [B·S, r]: the cheap order
			return nil, nil, nil, nil, err
		}
		upd = core.New(b, s, d)
		core.Gemm(false, false, b*s, d, r, scale, xa.Data, max(r, 1), bm.Data, max(d, 1), 0, upd.Data, max(d, 1))
		adapted = base.Clone()
		for i := range adapted.Data {
			adapted.Data[i] += upd.Data[i]
		}
		if delta, err = core.MatMul(a, bm); err != nil {
			return nil, nil, nil, nil, err
		}
		for i := range delta.Data {
			delta.Data[i] *= scale
		}
		if xa, err = xa.Reshape(b, s, r); err != nil {
			return nil, nil, nil, nil, err
		}
		return xa, upd, adapted, delta, nil
	}
	if st.XAQ, st.UpdQ, st.Q, st.DeltaQ, err = adapt(st.QBase, w.QA, w.QB); err != nil {
		return nil, err
	}
	if st.XAV, st.UpdV, st.V, st.DeltaV, err = adapt(st.VBase, w.VA, w.VB); err != nil {
		return nil, err
	}
	attend := func(q, k, v *core.Tensor) (scores, weights, y *core.Tensor, err error) {
		split := func(t *core.Tensor) (*core.Tensor, error) {
			r, err := t.Reshape(b, s, numHeads, hd)
			if err != nil {
				return nil, err
			}
			return r.Permute(0, 2, 1, 3)
		}
		var qh, kh, vh *core.Tensor
		if qh, err = split(q); err != nil {
			return
		}
		if kh, err = split(k); err != nil {
			return
		}
		if vh, err = split(v); err != nil {
			return
		}
		scores = core.New(b, numHeads, s, s)
		for i := 0; i < b*numHeads; i++ {
			core.Gemm(false, true, s, s, hd, float32(st.AttnScale), qh.Data[i*s*hd:], max(hd, 1), kh.Data[i*s*hd:], max(hd, 1),
				0, scores.Data[i*s*s:], max(s, 1))
		}
		var out *core.Tensor
		if out, weights, err = SDPA(qh, kh, vh, nil, false); err != nil {
			return
		}
		if out, err = out.Permute(0, 2, 1, 3); err != nil {
			return
		}
		y, err = out.Reshape(b, s, d)
		return
	}
	if st.BaseScores, st.BaseWeights, st.BaseY, err = attend(st.QBase, st.K, st.VBase); err != nil {
		return nil, err
	}
	if st.Scores, st.Weights, st.Y, err = attend(st.Q, st.K, st.V); err != nil {
		return nil, err
	}
	return st, nil
}
