package attention

import (
	"fmt"
	"math"

	"dlprep/core"
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
// rather than a silent NaN.
func SDPA(q, k, v, mask *core.Tensor, causal bool) (out, attn *core.Tensor, err error) {
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
	var m []float32
	if mask != nil {
		m = mask.Data
	}
	out = core.New(b, h, s, dv)
	attn = core.New(b, h, s, s2)
	hd := heads{s: s, s2: s2, dk: dk, dv: dv, scale: scaleFor(dk), mask: m, causal: causal}
	for bh := 0; bh < b*h; bh++ {
		err := hd.attend(op,
			q.Data[bh*s*dk:], dk,
			k.Data[bh*s2*dk:], dk,
			v.Data[bh*s2*dv:], dv,
			attn.Data[bh*s*s2:], out.Data[bh*s*dv:], dv)
		if err != nil {
			return nil, nil, err
		}
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
		var keep []float32
		if hd.mask != nil {
			keep = hd.mask[i*s2 : (i+1)*s2]
		}
		mx := float32(math.Inf(-1))
		kept := 0
		for j := 0; j < lim; j++ {
			if keep != nil && keep[j] == 0 {
				continue
			}
			x := row[j]
			if x != x || x > math.MaxFloat32 || x < -math.MaxFloat32 {
				return fmt.Errorf("%s: attention score [%d,%d] is %v: the inputs overflow float32", op, i, j, x)
			}
			if x > mx {
				mx = x
			}
			kept++
		}
		if kept == 0 {
			clear(row)
			continue
		}
		var sum float64
		for j := 0; j < lim; j++ {
			if keep != nil && keep[j] == 0 {
				row[j] = 0
				continue
			}
			e := float32(math.Exp(float64(row[j] - mx)))
			row[j] = e
			sum += float64(e)
		}
		clear(row[lim:])
		inv := float32(1 / sum)
		for j := 0; j < lim; j++ {
			row[j] *= inv
		}
	}
	return nil
}
