package attention

import (
	"dlprep/core"
)

// WindowStages are the intermediate tensors of window attention (problem
// 000) in the order a solution computes them with view, permute and
// reshape, for a scene that shows each stage and a test that ties what it
// shows to WindowAttention.
type WindowStages struct {
	X *core.Tensor // input [B,C,T,H,W]
	// Grid is the number of tubes along T, H and W: (T/wT, H/wH, W/wW).
	Grid [3]int
	// Tubes is x partitioned: view(B,C,nT,wT,nH,wH,nW,wW), permute(0,2,4,
	// 6,3,5,7,1), reshape(B·nT·nH·nW, N, C). Row b·nT·nH·nW + (t·nH + h)·nW
	// + w is the tube Tube{b, t, h, w}; its N tokens are in TubeOf order.
	Tubes *core.Tensor
	// QKV is the fused projection of every token [B·nTubes, N, 3C].
	QKV *core.Tensor
	// Weights are the attention weights inside each tube
	// [B·nTubes, heads, N, N].
	Weights *core.Tensor
	// Out is each tube's output after the output projection
	// [B·nTubes, N, C].
	Out *core.Tensor
	// Y is Out un-partitioned: view(B,nT,nH,nW,wT,wH,wW,C), permute(0,7,1,
	// 4,2,5,3,6), reshape(B,C,T,H,W), the shape of x.
	Y *core.Tensor
}

// NumTubes is the number of tubes of one video.
func (st *WindowStages) NumTubes() int { return st.Grid[0] * st.Grid[1] * st.Grid[2] }

// WindowTrace computes window attention stage by stage with core's pieces
// (Reshape, Permute, Linear and SDPA) and keeps every intermediate. Its
// weights equal WindowAttentionWeights' and its output WindowAttention's
// (to float32 rounding); it is for showing the process, not for speed.
func WindowTrace(x *core.Tensor, w WindowWeights, numHeads int, win Window) (*WindowStages, error) {
	const op = "window_attention"
	// The production op's checks give the same messages for bad input.
	var wa windowAttention
	if err := wa.init(x, w, numHeads, win, &windowBufs{}); err != nil {
		return nil, err
	}
	b, c := wa.b, wa.c
	nt, nh, nw := wa.nt, wa.nh, wa.nw
	n, tubes := win.Size(), b*nt*nh*nw
	hd := c / numHeads
	st := &WindowStages{X: x, Grid: [3]int{nt, nh, nw}}
	v, err := x.Reshape(b, c, nt, win.T, nh, win.H, nw, win.W)
	if err != nil {
		return nil, err
	}
	if v, err = v.Permute(0, 2, 4, 6, 3, 5, 7, 1); err != nil {
		return nil, err
	}
	if st.Tubes, err = v.Reshape(tubes, n, c); err != nil {
		return nil, err
	}
	if st.QKV, err = core.Linear(op, st.Tubes, w.QKV.W, w.QKV.B); err != nil {
		return nil, err
	}
	// [tubes, N, 3C] → [tubes, N, 3, heads, d] → [3, tubes, heads, N, d]:
	// q, k and v each as SDPA's [B,H,S,d].
	qkv, err := st.QKV.Reshape(tubes, n, 3, numHeads, hd)
	if err != nil {
		return nil, err
	}
	if qkv, err = qkv.Permute(2, 0, 3, 1, 4); err != nil {
		return nil, err
	}
	part := func(i int) *core.Tensor {
		sz := tubes * numHeads * n * hd
		return &core.Tensor{Shape: []int{tubes, numHeads, n, hd}, Data: qkv.Data[i*sz : (i+1)*sz]}
	}
	ctx, attn, err := SDPA(part(0), part(1), part(2), nil, false)
	if err != nil {
		return nil, err
	}
	st.Weights = attn
	if ctx, err = ctx.Permute(0, 2, 1, 3); err != nil {
		return nil, err
	}
	if ctx, err = ctx.Reshape(tubes, n, c); err != nil {
		return nil, err
	}
	if st.Out, err = core.Linear(op, ctx, w.Proj.W, w.Proj.B); err != nil {
		return nil, err
	}
	back, err := st.Out.Reshape(b, nt, nh, nw, win.T, win.H, win.W, c)
	if err != nil {
		return nil, err
	}
	if back, err = back.Permute(0, 7, 1, 4, 2, 5, 3, 6); err != nil {
		return nil, err
	}
	if st.Y, err = back.Reshape(x.Shape...); err != nil {
		return nil, err
	}
	return st, nil
}
