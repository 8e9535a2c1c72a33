package attention

import (
	"dlprep/core"
)

// MHSAWeights are the four projections of multi-head self-attention, named
// like problem 003's module (q_proj, k_proj, v_proj, out_proj): each
// weight [D,D], bias [D] or nil.
type MHSAWeights struct {
	Q, K, V, Out Linear
}

// projections names the four projections in the order they are checked.
func (w MHSAWeights) projections() [4]namedLinear {
	return [4]namedLinear{{"q_proj", w.Q}, {"k_proj", w.K}, {"v_proj", w.V}, {"out_proj", w.Out}}
}

type namedLinear struct {
	name string
	l    Linear
}

// check validates all four projections against the model width d.
func (w MHSAWeights) check(op string, d int) error {
	for _, p := range w.projections() {
		if err := p.l.check(op, p.name, d, d); err != nil {
			return err
		}
	}
	return nil
}

// checkShapes is check without the values: MHSA checks the projections'
// results instead (see selfAttention's finiteLater).
func (w MHSAWeights) checkShapes(op string, d int) error {
	for _, p := range w.projections() {
		if err := p.l.checkShape(op, p.name, d, d); err != nil {
			return err
		}
	}
	return nil
}

// firstNonFinite is the error of the first of projections [from, to)
// whose weight or bias holds NaN or ±Inf, or nil.
func (w MHSAWeights) firstNonFinite(op string, from, to int) error {
	ps := w.projections()
	for _, p := range ps[from:to] {
		if err := p.l.checkFinite(op, p.name); err != nil {
			return err
		}
	}
	return nil
}

// MHSA is multi-head self-attention in eval mode (problems 003 and 004):
// project x [B,N,D] to q, k, v, split D as [numHeads, D/numHeads], attend
// per head (causal keeps key j <= query i), merge the heads and apply the
// output projection. It returns y [B,N,D] and the weights attn
// [B,numHeads,N,N].
//
// Its multiply-adds are exactly OPS.md's mhsa_flops/2 with n = B·N:
// 3·n·D² for the projections, B·N²·D for the scores, the same for the
// weighted sum and n·D² for the output projection. MHSA is
// (*Workspace).MHSA with its scratch borrowed from a pool and its results
// freshly allocated: the caller owns them.
func MHSA(x *core.Tensor, w MHSAWeights, numHeads int, causal bool) (y, attn *core.Tensor, err error) {
	ws := scratch.Get().(*Workspace)
	defer scratch.Put(ws)
	ws.mhsa.y.data, ws.mhsa.attn.data = nil, nil // the results are the caller's
	y, attn, err = ws.MHSA(x, w, numHeads, causal)
	ws.mhsa.y.data, ws.mhsa.attn.data = nil, nil
	if err != nil {
		return nil, nil, err
	}
	return detach(y), detach(attn), nil
}

// MHSA is the package-level MHSA reusing the workspace's projections,
// scores and results: y and attn belong to ws until its next call.
func (ws *Workspace) MHSA(x *core.Tensor, w MHSAWeights, numHeads int, causal bool) (y, attn *core.Tensor, err error) {
	const op = "mhsa"
	if err := core.CheckShape(op, "x", x, "[B,N,D]", -1, -1, -1); err != nil {
		return nil, nil, err
	}
	if err := core.CheckFinite(op, "x", x); err != nil {
		return nil, nil, err
	}
	b, n, d := x.Shape[0], x.Shape[1], x.Shape[2]
	if _, err := checkHeads(op, "D", d, numHeads); err != nil {
		return nil, nil, err
	}
	if err := w.checkShapes(op, d); err != nil {
		return nil, nil, err
	}
	bl := selfAttentionBlocks(b, n, d, numHeads, 0)
	if err := core.CheckBudget(op, bl[:]...); err != nil {
		return nil, nil, err
	}
	return selfAttention(op, x.Data, b, n, d, w, numHeads, causal, nil, &ws.mhsa, true)
}

// selfAttentionBlocks are the allocations of one selfAttention over b
// sequences of n tokens of width d: the q, k, v projections, the merged
// heads, the result, the weights and, with a LoRA rank r > 0, x·A.
func selfAttentionBlocks(b, n, d, numHeads, r int) [5]core.Block {
	return [5]core.Block{
		core.Float32s("q, k, v", 3, b, n, d),
		core.Float32s("merged heads", b, n, d),
		core.Float32s("y", b, n, d),
		core.Float32s("attention", b, numHeads, n, n),
		core.Float32s("x·A", b, n, r),
	}
}

// selfAttnBufs are the buffers of one selfAttention: the q, k, v
// projections, the merged heads, the LoRA intermediate x·A and the results.
type selfAttnBufs struct {
	qkv, ctx, tmp []float32
	y, attn       tensorBuf
	job           headsJob
}

// selfAttention is MHSA without the checks: the shared body of mhsa,
// factorized_attention and lora_mhsa. When lora is non-nil it adds the LoRA
// terms to q and v right after their base projections and Out may be empty
// (no output projection). Results and scratch live in buf.
//
// finiteLater says the projections' values are not checked yet (only their
// shapes): their results are, which is the same check for a finite x and
// at least one row. A NaN or ±Inf in a weight or bias makes its whole
// output column non-finite (NaN·x and Inf·0 are NaN, Inf·x is ±Inf, and a
// non-finite term stays non-finite in a sum), and the results are four
// times smaller than mhsa's [D, D] weights, whose separate pass, a
// memory-bound read of 9.4 MB, was 4.2 % of the benchmark call
// at one thread (CPU profile; the results' check is 0.5 %). A
// non-finite result from finite weights (an overflow) is not an error
// here, as before.
func selfAttention(op string, x []float32, b, n, d int, w MHSAWeights, numHeads int, causal bool, lora *loraTerms, buf *selfAttnBufs, finiteLater bool) (y, attn *core.Tensor, err error) {
	if err := checkWeights(op, b, numHeads, n, n); err != nil {
		return nil, nil, err
	}
	rows := b * n
	if finiteLater && rows == 0 {
		// No result to tell: check the weights themselves.
		if err := w.firstNonFinite(op, 0, 4); err != nil {
			return nil, nil, err
		}
		finiteLater = false
	}
	hdim := d / numHeads
	buf.qkv = grow(buf.qkv, 3*rows*d)
	q, k, v := buf.qkv[:rows*d], buf.qkv[rows*d:2*rows*d], buf.qkv[2*rows*d:]
	w.Q.apply(q, x, rows)
	w.K.apply(k, x, rows)
	w.V.apply(v, x, rows)
	if finiteLater && !core.AllFinite(buf.qkv[:3*rows*d]) {
		if err := w.firstNonFinite(op, 0, 3); err != nil {
			return nil, nil, err
		}
	}
	if lora != nil {
		buf.tmp = grow(buf.tmp, rows*lora.r)
		lora.add(q, v, x, rows, d, buf.tmp)
	}
	attn = buf.attn.reshape(b, numHeads, n, n)
	y = buf.y.reshape(b, n, d)
	// Without an output projection the merged heads are the result.
	ctx := y.Data
	if w.Out.W != nil {
		buf.ctx = grow(buf.ctx, rows*d)
		ctx = buf.ctx
	}
	if n > 0 {
		j := &buf.job
		errs := j.errs
		*j = headsJob{op: op, hd: heads{s: n, s2: n, dk: hdim, dv: hdim, scale: scaleFor(hdim), causal: causal},
			q: q, k: k, v: v, w: attn.Data, out: ctx, ldq: d, ldk: d, ldv: d, ldo: d,
			qB: n * d, qH: hdim, kB: n * d, kH: hdim, vB: n * d, vH: hdim, oB: n * d, oH: hdim,
			nb: b, nh: numHeads, errs: errs}
		err := j.run()
		j.release()
		if err != nil {
			return nil, nil, err
		}
	}
	if w.Out.W != nil {
		w.Out.apply(y.Data, ctx, rows)
		if finiteLater && !core.AllFinite(y.Data) {
			if err := w.firstNonFinite(op, 3, 4); err != nil {
				return nil, nil, err
			}
		}
	}
	return y, attn, nil
}
