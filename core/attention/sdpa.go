package attention

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/fastmath"
)

// SDPA is scaled dot-product attention, softmax(q kᵀ/√dk) v, over every
// (batch, head) pair: q [B,H,S,dk], k [B,H,S2,dk], v [B,H,S2,dv]. mask is
// nil or [S,S2] of 0/1 and keeps the keys where it is 1; causal keeps key j
// only for queries i >= j (top-left aligned, torch.ones(S,S2).tril()); with
// both, a key must pass both. A query whose keys are all masked gets zero
// weights and a zero output row, where PyTorch would give NaN.
//
// It returns out [B,H,S,dv] and the weights attn [B,H,S,S2]. Scores that
// overflow float32 (possible with huge but finite inputs) are an error
// rather than a silent NaN. SDPA is (*Workspace).SDPA on a fresh workspace:
// the caller owns the results.
func SDPA(q, k, v, mask *core.Tensor, causal bool) (out, attn *core.Tensor, err error) {
	var ws Workspace
	if out, attn, err = ws.SDPA(q, k, v, mask, causal); err != nil {
		return nil, nil, err
	}
	return detach(out), detach(attn), nil
}

// SDPA is the package-level SDPA writing into the workspace's buffers: out
// and attn belong to ws until its next call.
func (ws *Workspace) SDPA(q, k, v, mask *core.Tensor, causal bool) (out, attn *core.Tensor, err error) {
	const op = "sdpa"
	if err := core.CheckShape(op, "query", q, "[B,H,S,dk]", -1, -1, -1, -1); err != nil {
		return nil, nil, err
	}
	b, h, s, dk := q.Shape[0], q.Shape[1], q.Shape[2], q.Shape[3]
	if err := core.CheckShape(op, "key", k, "[B,H,S2,dk]", b, h, -1, dk); err != nil {
		return nil, nil, err
	}
	s2 := k.Shape[2]
	if err := core.CheckShape(op, "value", v, "[B,H,S2,dv]", b, h, s2, -1); err != nil {
		return nil, nil, err
	}
	dv := v.Shape[3]
	if dk == 0 {
		return nil, nil, fmt.Errorf("%s: dk must be positive (the scale is 1/sqrt(dk)), got query shape %v", op, q.Shape)
	}
	if dv == 0 {
		return nil, nil, fmt.Errorf("%s: the value width dv must be positive, got value shape %v", op, v.Shape)
	}
	if mask != nil {
		if err := checkMask(op, mask, s, s2); err != nil {
			return nil, nil, err
		}
	}
	for _, t := range []struct {
		name string
		t    *core.Tensor
	}{{"query", q}, {"key", k}, {"value", v}} {
		if err := core.CheckFinite(op, t.name, t.t); err != nil {
			return nil, nil, err
		}
	}
	if err := core.CheckBudget(op, core.Float32s("output", b, h, s, dv), core.Float32s("attention", b, h, s, s2)); err != nil {
		return nil, nil, err
	}
	var m []float32
	if mask != nil {
		m = mask.Data
	}
	out = ws.sdpa.out.reshape(b, h, s, dv)
	attn = ws.sdpa.attn.reshape(b, h, s, s2)
	if s == 0 {
		return out, attn, nil // no query: both results are empty, however many heads
	}
	if s2 == 0 {
		clear(out.Data) // no key: every query row is all-masked, a zero output
		return out, attn, nil
	}
	j := &ws.job
	errs := j.errs
	*j = headsJob{op: op, hd: heads{s: s, s2: s2, dk: dk, dv: dv, scale: scaleFor(dk), mask: m, causal: causal},
		q: q.Data, k: k.Data, v: v.Data, w: attn.Data, out: out.Data, ldq: dk, ldk: dk, ldv: dv, ldo: dv,
		qH: s * dk, kH: s2 * dk, vH: s2 * dv, oH: s * dv, nb: 1, nh: b * h, errs: errs}
	err = j.run()
	j.release()
	if err != nil {
		return nil, nil, err
	}
	return out, attn, nil
}

// checkMask requires a [S,S2] tensor of zeros and ones.
func checkMask(op string, mask *core.Tensor, s, s2 int) error {
	if err := core.CheckShape(op, "mask", mask, "[S,S2]", s, s2); err != nil {
		return err
	}
	for i, x := range mask.Data {
		if x != 0 && x != 1 {
			return fmt.Errorf("%s: mask must hold 0 or 1 (boolean, 1 keeps), got %v at [%d,%d]", op, x, i/s2, i%s2)
		}
	}
	return nil
}

// scaleFor is 1/√dk, the scale OPS.md fixes (dk is the head dimension).
func scaleFor(dk int) float32 { return float32(1 / math.Sqrt(float64(dk))) }

// heads describes the attention of one (batch, head) slice; its attend is
// the kernel every op of the package ends in.
type heads struct {
	s, s2, dk, dv int
	scale         float32
	mask          []float32 // [s, s2] of 0/1, or nil
	causal        bool
}

// attend computes w = softmax(scale·q kᵀ, masked) into w [s, s2] (row
// stride s2) and out = w v. q, k, v and out are row-major blocks with the
// given leading dimensions, so a head can be a column block of a wider
// [tokens, channels] matrix without being copied out.
func (hd *heads) attend(op string, q []float32, ldq int, k []float32, ldk int, v []float32, ldv int, w, out []float32, ldo int) error {
	s, s2 := hd.s, hd.s2
	ldw := max(s2, 1)
	core.Gemm(false, true, s, s2, hd.dk, hd.scale, q, ldq, k, ldk, 0, w, ldw)
	if err := hd.softmax(op, w[:s*s2]); err != nil {
		return err
	}
	core.Gemm(false, false, s, hd.dv, s2, 1, w, ldw, v, max(ldv, 1), 0, out, max(ldo, 1))
	return nil
}

// softmax normalises each row of w over its kept keys; masked keys get
// exactly 0, and a row with no kept key is all zeros. Masking happens before
// the exponential (problem 004's pitfall: masking after softmax leaves the
// rows unnormalised).
func (hd *heads) softmax(op string, w []float32) error {
	s2 := hd.s2
	for i := 0; i < hd.s; i++ {
		row := w[i*s2 : (i+1)*s2]
		lim := s2
		if hd.causal {
			lim = min(i+1, s2)
		}
		var ok bool
		if hd.mask == nil {
			ok = softmaxRow(row[:lim])
		} else {
			ok = softmaxMaskedRow(row[:lim], hd.mask[i*s2:i*s2+lim])
		}
		if !ok {
			return fmt.Errorf("%s: attention scores of query %d are not finite: the inputs overflow float32", op, i)
		}
		clear(row[lim:])
	}
	return nil
}

// softmaxRow normalises row in place. It reports false when a score is
// NaN or infinite, which shows up as a sum that is not a positive finite
// number, so the common case pays no per-element check.
func softmaxRow(row []float32) bool {
	if len(row) == 0 {
		return true
	}
	return expNormalize(row, fastmath.Max32(row))
}

// softmaxMaskedRow is softmaxRow over the keys where keep is 1; the others
// become 0, and a row with no kept key is all zeros.
func softmaxMaskedRow(row, keep []float32) bool {
	mx := float32(math.Inf(-1))
	kept := false
	for j, x := range row {
		if keep[j] != 0 {
			kept = true
			if x > mx || x != x {
				mx = x
			}
		}
	}
	if !kept {
		clear(row)
		return true
	}
	for j := range row {
		if keep[j] == 0 {
			row[j] = float32(math.Inf(-1)) // exp gives exactly 0
		}
	}
	return expNormalize(row, mx)
}

// expNormalize replaces row by exp(row - mx) / Σ exp(row - mx), with mx the
// row's maximum; the exponentials and their sum come from one vectorised
// pass (fastmath.ExpSubMaxSum). It reports false if the sum is not finite
// and >= 1, which is how a NaN or infinite score shows (an infinite maximum
// gives Inf − Inf = NaN).
func expNormalize(row []float32, mx float32) bool {
	sum := fastmath.ExpSubMaxSum(row, row, mx)
	if !(sum >= 1 && sum <= math.MaxFloat32) {
		return false
	}
	fastmath.Scale32(row, 1/sum)
	return true
}
