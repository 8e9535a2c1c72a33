package mistakes

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/attention"
)

// AttendFunc has attention.SDPA's signature: q [B,H,S,dk], k [B,H,S2,dk],
// v [B,H,S2,dv], an optional 0/1 mask [S,S2] and the causal flag, giving
// out [B,H,S,dv] and the weights [B,H,S,S2]. MHSAWith runs multi-head
// self-attention around any of them.
type AttendFunc func(q, k, v, mask *core.Tensor, causal bool) (out, attn *core.Tensor, err error)

// NoScale is problem 003's mistake: softmax(q kᵀ) v without the 1/√dk. It
// runs attention.SDPA on q·√dk, which SDPA's own 1/√dk cancels.
func NoScale(q, k, v, mask *core.Tensor, causal bool) (out, attn *core.Tensor, err error) {
	if _, _, err := attention.SDPA(q, k, v, mask, causal); err != nil {
		return nil, nil, err
	}
	s := float32(math.Sqrt(float64(q.Shape[3])))
	qs := q.Clone()
	for i := range qs.Data {
		qs.Data[i] *= s
	}
	return attention.SDPA(qs, k, v, mask, causal)
}

// MaskAfterSoftmax is problem 004's first mistake: the softmax runs over
// every key, and the mask (the causal triangle and the mask input alike)
// zeroes the weights afterwards, so the rows no longer sum to 1 and the
// kept keys share less than all the probability. Without any mask it is
// SDPA.
func MaskAfterSoftmax(q, k, v, mask *core.Tensor, causal bool) (out, attn *core.Tensor, err error) {
	if _, _, err := attention.SDPA(q, k, v, mask, causal); err != nil {
		return nil, nil, err
	}
	_, attn, err = attention.SDPA(q, k, v, nil, false)
	if err != nil {
		return nil, nil, err
	}
	b, h, s, s2, dv := q.Shape[0], q.Shape[1], q.Shape[2], k.Shape[2], v.Shape[3]
	for bh := 0; bh < b*h; bh++ {
		for i := 0; i < s; i++ {
			row := attn.Data[(bh*s+i)*s2 : (bh*s+i+1)*s2]
			for j := range row {
				if (causal && j > i) || (mask != nil && mask.Data[i*s2+j] == 0) {
					row[j] = 0
				}
			}
		}
	}
	out = core.New(b, h, s, dv)
	weightValues(out, attn, v)
	return out, attn, nil
}

// MaskDiagonal is problem 004's second mistake: with causal set, the mask
// is the strict lower triangle (key j < query i), so a token cannot attend
// to itself. The first query then has no key at all: PyTorch's
// masked_fill(-inf) gives NaN there, and so does this function (for every
// query left without a key). Without causal there is no triangle to get
// wrong and it is SDPA.
func MaskDiagonal(q, k, v, mask *core.Tensor, causal bool) (out, attn *core.Tensor, err error) {
	if _, _, err := attention.SDPA(q, k, v, mask, causal); err != nil {
		return nil, nil, err
	}
	if !causal {
		return attention.SDPA(q, k, v, mask, false)
	}
	s, s2 := q.Shape[2], k.Shape[2]
	strict := core.New(s, s2)
	empty := make([]bool, s)
	for i := 0; i < s; i++ {
		empty[i] = true
		for j := 0; j < min(i, s2); j++ {
			if mask == nil || mask.Data[i*s2+j] != 0 {
				strict.Data[i*s2+j] = 1
				empty[i] = false
			}
		}
	}
	out, attn, err = attention.SDPA(q, k, v, strict, false)
	if err != nil {
		return nil, nil, err
	}
	nan := float32(math.NaN())
	b, h, dv := q.Shape[0], q.Shape[1], v.Shape[3]
	for bh := 0; bh < b*h; bh++ {
		for i, e := range empty {
			if !e {
				continue
			}
			fill(attn.Data[(bh*s+i)*s2:(bh*s+i+1)*s2], nan)
			fill(out.Data[(bh*s+i)*dv:(bh*s+i+1)*dv], nan)
		}
	}
	return out, attn, nil
}

// weightValues writes out = attn v for every (batch, head) slice.
func weightValues(out, attn, v *core.Tensor) {
	b, h, s, s2, dv := attn.Shape[0], attn.Shape[1], attn.Shape[2], attn.Shape[3], v.Shape[3]
	for bh := 0; bh < b*h; bh++ {
		core.Gemm(false, false, s, dv, s2, 1, attn.Data[bh*s*s2:], max(s2, 1), v.Data[bh*s2*dv:], max(dv, 1),
			0, out.Data[bh*s*dv:], max(dv, 1))
	}
}

func fill(xs []float32, v float32) {
	for i := range xs {
		xs[i] = v
	}
}

// MHSAWith is multi-head self-attention (attention.MHSA, problems 003 and
// 004) with its per-head attention replaced by attend: project x [B,N,D]
// with w, split D into numHeads heads, attend, merge, project out. With
// attend = attention.SDPA it is MHSA; with NoScale, MaskAfterSoftmax or
// MaskDiagonal it is that mistake inside a full layer. It returns y
// [B,N,D] and the weights [B,numHeads,N,N].
func MHSAWith(x *core.Tensor, w attention.MHSAWeights, numHeads int, causal bool, attend AttendFunc) (y, attn *core.Tensor, err error) {
	const op = "mhsa"
	if _, _, err := attention.MHSA(x, w, numHeads, causal); err != nil {
		return nil, nil, err
	}
	b, n, d := x.Shape[0], x.Shape[1], x.Shape[2]
	dk := d / numHeads
	split := func(l attention.Linear) (*core.Tensor, error) {
		p, err := core.Linear(op, x, l.W, l.B)
		if err != nil {
			return nil, err
		}
		if p, err = p.Reshape(b, n, numHeads, dk); err != nil {
			return nil, err
		}
		return p.Permute(0, 2, 1, 3)
	}
	var qkv [3]*core.Tensor
	for i, l := range []attention.Linear{w.Q, w.K, w.V} {
		if qkv[i], err = split(l); err != nil {
			return nil, nil, err
		}
	}
	out, attn, err := attend(qkv[0], qkv[1], qkv[2], nil, causal)
	if err != nil {
		return nil, nil, err
	}
	merged, err := out.Permute(0, 2, 1, 3)
	if err != nil {
		return nil, nil, err
	}
	if merged, err = merged.Reshape(b, n, d); err != nil {
		return nil, nil, err
	}
	y, err = core.Linear(op, merged, w.Out.W, w.Out.B)
	return y, attn, err
}

// UnpartitionOrder is problem 000's mistake: the attention inside each tube
// is right, but the tubes are put back by reshaping [B, T/wT, H/wH, W/wW,
// wT, wH, wW, C] straight to [B, T, H, W, C] instead of interleaving the
// grid and window axes. Each token's output lands where
// attention.Window.MisplacedToken says; only a window of one token or of the
// whole video hides it.
func UnpartitionOrder(x *core.Tensor, w attention.WindowWeights, numHeads int, win attention.Window) (*core.Tensor, error) {
	y, err := attention.WindowAttention(x, w, numHeads, win)
	if err != nil {
		return nil, err
	}
	b, c, tt, hh, ww := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]
	thw := tt * hh * ww
	out := core.New(y.Shape...)
	for t := 0; t < tt; t++ {
		for h := 0; h < hh; h++ {
			for wi := 0; wi < ww; wi++ {
				t2, h2, w2 := win.MisplacedToken(tt, hh, ww, t, h, wi)
				from, to := (t*hh+h)*ww+wi, (t2*hh+h2)*ww+w2
				for bc := 0; bc < b*c; bc++ {
					out.Data[bc*thw+to] = y.Data[bc*thw+from]
				}
			}
		}
	}
	return out, nil
}

// RegroupNoPermute is problem 027's mistake: the spatial attention's output
// (B·T, H·W, C) is reshaped straight to (B·H·W, T, C) for the temporal
// attention, and the result straight back, without the permutes that make
// each temporal sequence one pixel across frames. Each "temporal" sequence
// then holds T neighbouring pixels of one frame. x is [B,T,C,H,W], like
// attention.FactorizedAttention's, and so is the result.
func RegroupNoPermute(x *core.Tensor, w attention.FactorizedWeights, numHeads int) (*core.Tensor, error) {
	return factorized(x, w, numHeads, false)
}

// factorized runs factorized attention with core's MHSA for both stages,
// regrouping with the right permutes (permute) or with plain reshapes.
func factorized(x *core.Tensor, w attention.FactorizedWeights, numHeads int, permute bool) (*core.Tensor, error) {
	st, err := factorizedStages(x, w, numHeads, permute)
	if err != nil {
		return nil, err
	}
	return st.Y, nil
}

// reshapePermute views x as shape, permutes it and reshapes the result to
// out, the view/permute/reshape chain of PyTorch code.
func reshapePermute(x *core.Tensor, shape, perm []int, out ...int) (*core.Tensor, error) {
	v, err := x.Reshape(shape...)
	if err != nil {
		return nil, fmt.Errorf("reshape %v to %v: %v", x.Shape, shape, err)
	}
	if v, err = v.Permute(perm...); err != nil {
		return nil, err
	}
	return v.Reshape(out...)
}
