package lora

import (
	"fmt"

	"dlprep/core"
)

// Grads are the gradients of a loss through one LoRA layer: of the
// trainable factors A [r,in] and B [out,r], and of its input x [...,in]
// (what the layers before it need). The frozen W and bias get none.
type Grads struct {
	A, B, X *core.Tensor
}

// Backward returns the gradients of a loss L given x [...,in] and
// dy = dL/dy [...,out] for y = Forward(x). With s = α/r, h = x Aᵀ and
// g = dy B (rows × r):
//
//	dL/dB = s · dyᵀ h        [out,r]
//	dL/dA = s · gᵀ x         [r,in]
//	dL/dx = dy W + s · g A   [...,in]
//
// At the start of training B = 0, so g = 0 and A gets no gradient: only B
// moves on the first step. Backward recomputes h (rows·r·in multiply-adds)
// where autograd would keep it from the forward pass; every product goes
// through core.Gemm.
func (l *Linear) Backward(x, dy *core.Tensor) (*Grads, error) {
	const op = "lora_linear_backward"
	rows, err := l.checkX(x)
	if err != nil {
		return nil, err
	}
	out, in, r := l.W.Shape[0], l.W.Shape[1], l.Rank()
	if dy == nil {
		return nil, fmt.Errorf("%s: missing grad_y", op)
	}
	if err := core.CheckData(op, []string{"grad_y"}, dy); err != nil {
		return nil, err
	}
	lead := x.Shape[:x.Dims()-1]
	if dy.Dims() != x.Dims() || !core.SameShape(dy.Shape[:dy.Dims()-1], lead) || dy.Shape[dy.Dims()-1] != out {
		want := append(append([]int(nil), lead...), out)
		return nil, fmt.Errorf("%s: grad_y must have y's shape %v (x %v, out=%d), got %v", op, want, x.Shape, out, dy.Shape)
	}
	if err := core.CheckFinite(op, "grad_y", dy); err != nil {
		return nil, err
	}
	if err := core.CheckBudget(op, core.Float32s("x·Aᵀ and grad_y·B", 2, rows, r), core.Float32s("grad A", r, in),
		core.Float32s("grad B", out, r), core.Float32s("grad x", x.Shape...)); err != nil {
		return nil, err
	}
	s := float32(l.Scale())
	h := make([]float32, rows*r)
	g := make([]float32, rows*r)
	gr := &Grads{A: core.New(r, in), B: core.New(out, r), X: core.New(x.Shape...)}
	ldIn, ldOut := max(in, 1), max(out, 1)
	core.Gemm(false, true, rows, r, in, 1, x.Data, ldIn, l.A.Data, ldIn, 0, h, r)
	core.Gemm(true, false, out, r, rows, s, dy.Data, ldOut, h, r, 0, gr.B.Data, r)
	core.Gemm(false, false, rows, r, out, 1, dy.Data, ldOut, l.B.Data, r, 0, g, r)
	core.Gemm(true, false, r, in, rows, s, g, r, x.Data, ldIn, 0, gr.A.Data, ldIn)
	core.Gemm(false, false, rows, in, out, 1, dy.Data, ldOut, l.W.Data, ldIn, 0, gr.X.Data, ldIn)
	core.Gemm(false, false, rows, in, r, s, g, r, l.A.Data, ldIn, 1, gr.X.Data, ldIn)
	return gr, nil
}
