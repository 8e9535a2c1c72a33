package attention

import (
	"math"

	"dlprep/core"
)

// MHSAStages are the intermediate tensors of multi-head self-attention in
// the order problem 003 computes them, for a scene that shows each stage
// (and a test that ties what it shows to MHSA).
type MHSAStages struct {
	X       *core.Tensor // input [B,N,D]
	Q, K, V *core.Tensor // projections [B,N,D]
	// Qh, Kh, Vh are the heads split out: view(B,N,h,d).transpose(1,2),
	// [B,h,N,d].
	Qh, Kh, Vh *core.Tensor
	// Scores are Qh·Khᵀ/√d before any mask [B,h,N,N]; Masked has −∞ where
	// the causal mask removes a key (equal to Scores without it).
	Scores, Masked *core.Tensor
	Weights        *core.Tensor // softmax of Masked over keys [B,h,N,N]
	Heads          *core.Tensor // Weights·Vh [B,h,N,d]
	Merged         *core.Tensor // heads merged back: transpose(1,2).reshape(B,N,D)
	Y              *core.Tensor // output projection of Merged [B,N,D]
	Scale          float64      // 1/√d
}

// MHSATrace computes MHSA stage by stage with core's own pieces (Linear,
// Reshape, Permute, the softmax of SDPA) and keeps every intermediate. Its
// weights and output equal MHSA's (to float32 rounding: the sums run in a
// different order); it is for showing the process, not for speed.
func MHSATrace(x *core.Tensor, w MHSAWeights, numHeads int, causal bool) (*MHSAStages, error) {
	const op = "mhsa"
	if err := core.CheckShape(op, "x", x, "[B,N,D]", -1, -1, -1); err != nil {
		return nil, err
	}
	b, n, d := x.Shape[0], x.Shape[1], x.Shape[2]
	hd, err := checkHeads(op, "D", d, numHeads)
	if err != nil {
		return nil, err
	}
	if err := w.check(op, d); err != nil {
		return nil, err
	}
	// Every stage is kept: the projections and their split copies, three
	// score matrices, the heads, the merged heads and y.
	if err := core.CheckBudget(op, core.Float32s("q, k, v and their heads", 6, b, n, d), core.Float32s("scores, masked, weights", 3, b, numHeads, n, n),
		core.Float32s("heads", b, numHeads, n, hd), core.Float32s("merged and y", 2, b, n, d)); err != nil {
		return nil, err
	}
	st := &MHSAStages{X: x, Scale: 1 / math.Sqrt(float64(hd))}
	proj := func(l Linear) (*core.Tensor, error) { return core.Linear(op, x, l.W, l.B) }
	split := func(t *core.Tensor) (*core.Tensor, error) {
		r, err := t.Reshape(b, n, numHeads, hd)
		if err != nil {
			return nil, err
		}
		return r.Permute(0, 2, 1, 3)
	}
	for _, p := range []struct {
		l         Linear
		full, hds **core.Tensor
	}{{w.Q, &st.Q, &st.Qh}, {w.K, &st.K, &st.Kh}, {w.V, &st.V, &st.Vh}} {
		if *p.full, err = proj(p.l); err != nil {
			return nil, err
		}
		if *p.hds, err = split(*p.full); err != nil {
			return nil, err
		}
	}
	st.Scores = core.New(b, numHeads, n, n)
	st.Masked = core.New(b, numHeads, n, n)
	st.Weights = core.New(b, numHeads, n, n)
	st.Heads = core.New(b, numHeads, n, hd)
	scale := float32(st.Scale)
	for bh := 0; bh < b*numHeads; bh++ {
		qh := st.Qh.Data[bh*n*hd : (bh+1)*n*hd]
		kh := st.Kh.Data[bh*n*hd : (bh+1)*n*hd]
		vh := st.Vh.Data[bh*n*hd : (bh+1)*n*hd]
		sc := st.Scores.Data[bh*n*n : (bh+1)*n*n]
		core.Gemm(false, true, n, n, hd, scale, qh, max(hd, 1), kh, max(hd, 1), 0, sc, max(n, 1))
		ms := st.Masked.Data[bh*n*n : (bh+1)*n*n]
		copy(ms, sc)
		wt := st.Weights.Data[bh*n*n : (bh+1)*n*n]
		for i := 0; i < n; i++ {
			row := ms[i*n : (i+1)*n]
			if causal {
				for j := i + 1; j < n; j++ {
					row[j] = float32(math.Inf(-1))
				}
			}
			copy(wt[i*n:(i+1)*n], row)
			softmaxRow(wt[i*n : (i+1)*n])
		}
		core.Gemm(false, false, n, hd, n, 1, wt, max(n, 1), vh, max(hd, 1), 0, st.Heads.Data[bh*n*hd:(bh+1)*n*hd], max(hd, 1))
	}
	perm, err := st.Heads.Permute(0, 2, 1, 3)
	if err != nil {
		return nil, err
	}
	if st.Merged, err = perm.Reshape(b, n, d); err != nil {
		return nil, err
	}
	if st.Y, err = core.Linear(op, st.Merged, w.Out.W, w.Out.B); err != nil {
		return nil, err
	}
	return st, nil
}
