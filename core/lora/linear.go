package lora

import (
	"fmt"
	"math"
	"math/rand/v2"

	"dlprep/core"
)

// MaxRank caps r so an absurd size is an error, not a huge allocation.
const MaxRank = 1 << 14

// Linear is a LoRA-adapted nn.Linear. W and Bias are the frozen base layer
// (Bias may be nil), A [r,in] and B [out,r] the trainable factors (named
// lora_A.weight and lora_B.weight in PyTorch state dicts), Alpha the scale
// numerator: the update is (Alpha/r)·B·A.
type Linear struct {
	W, Bias, A, B *core.Tensor
	Alpha         float64

	h []float32 // reused [rows, r] buffer of A x
}

// New validates the shapes (A's r must equal B's, in and out must agree
// with W) and returns the layer. The tensors are used, not copied.
func New(w, bias, a, b *core.Tensor, alpha float64) (*Linear, error) {
	const op = "lora_linear"
	for _, t := range []struct {
		name string
		t    *core.Tensor
	}{{"base.weight", w}, {"base.bias", bias}, {"lora_A.weight", a}, {"lora_B.weight", b}} {
		if t.t != nil {
			if err := core.CheckData(op, []string{t.name}, t.t); err != nil {
				return nil, err
			}
		}
	}
	if err := core.CheckShape(op, "base.weight", w, "[out,in]", -1, -1); err != nil {
		return nil, err
	}
	out, in := w.Shape[0], w.Shape[1]
	if out == 0 || in == 0 {
		return nil, fmt.Errorf("%s: base.weight must have at least one input and one output feature, got %v", op, w.Shape)
	}
	if bias != nil {
		if err := core.CheckShape(op, "base.bias", bias, "[out]", out); err != nil {
			return nil, err
		}
	}
	if err := core.CheckShape(op, "lora_A.weight", a, "[r,in]", -1, -1); err != nil {
		return nil, err
	}
	r := a.Shape[0]
	if a.Shape[1] != in {
		return nil, fmt.Errorf("%s: lora_A.weight is %v, its in=%d must match base.weight's in=%d", op, a.Shape, a.Shape[1], in)
	}
	if err := core.CheckShape(op, "lora_B.weight", b, "[out,r]", -1, -1); err != nil {
		return nil, err
	}
	if b.Shape[1] != r {
		return nil, fmt.Errorf("%s: rank mismatch: lora_A.weight %v has r=%d, lora_B.weight %v has r=%d", op, a.Shape, r, b.Shape, b.Shape[1])
	}
	if b.Shape[0] != out {
		return nil, fmt.Errorf("%s: lora_B.weight is %v, its out=%d must match base.weight's out=%d", op, b.Shape, b.Shape[0], out)
	}
	if r < 1 || r > MaxRank {
		return nil, fmt.Errorf("%s: rank r must be in [1, %d], got %d", op, MaxRank, r)
	}
	if math.IsNaN(alpha) || math.IsInf(alpha, 0) {
		return nil, fmt.Errorf("%s: alpha must be finite, got %v", op, alpha)
	}
	// Merge forms a copy of W: refuse a layer whose merge could not fit.
	if err := core.CheckBudget(op, core.Float32s("merged_weight", out, in)); err != nil {
		return nil, err
	}
	for _, t := range []struct {
		name string
		t    *core.Tensor
	}{{"base.weight", w}, {"base.bias", bias}, {"lora_A.weight", a}, {"lora_B.weight", b}} {
		if t.t != nil {
			if err := core.CheckFinite(op, t.name, t.t); err != nil {
				return nil, err
			}
		}
	}
	return &Linear{W: w, Bias: bias, A: a, B: b, Alpha: alpha}, nil
}

// Init wraps a frozen base layer with fresh factors of rank r the way LoRA
// training starts: A uniform in ±1/√in (PyTorch's default Linear init), B
// zero, so the adapted layer initially equals the base one exactly.
func Init(w, bias *core.Tensor, r int, alpha float64, rng *rand.Rand) (*Linear, error) {
	if err := core.CheckShape("lora_linear", "base.weight", w, "[out,in]", -1, -1); err != nil {
		return nil, err
	}
	if r < 1 || r > MaxRank {
		return nil, fmt.Errorf("lora_linear: rank r must be in [1, %d], got %d", MaxRank, r)
	}
	out, in := w.Shape[0], w.Shape[1]
	a := core.New(r, in)
	bound := 1 / math.Sqrt(float64(max(in, 1)))
	for i := range a.Data {
		a.Data[i] = float32((2*rng.Float64() - 1) * bound)
	}
	return New(w, bias, a, core.New(out, r), alpha)
}

// Rank is r.
func (l *Linear) Rank() int { return l.A.Shape[0] }

// Scale is α/r, the factor on B·A.
func (l *Linear) Scale() float64 { return l.Alpha / float64(l.Rank()) }

// Forward returns y [...,out] = x Wᵀ + bias + (α/r)·(x Aᵀ) Bᵀ for x [...,in],
// never forming B·A: the adapter costs rows·r·(in+out) multiply-adds on top
// of the base layer's rows·in·out.
func (l *Linear) Forward(x *core.Tensor) (*core.Tensor, error) {
	rows, err := l.checkX(x)
	if err != nil {
		return nil, err
	}
	if err := core.CheckBudget("lora_linear", core.Float32s("y", rows, l.W.Shape[0]), core.Float32s("x·Aᵀ", rows, l.Rank())); err != nil {
		return nil, err
	}
	shape := append(append([]int(nil), x.Shape[:x.Dims()-1]...), l.W.Shape[0])
	y := core.New(shape...)
	l.forward(y.Data, x)
	return y, nil
}

// ForwardInto is Forward writing into y, which must hold rows·out values
// (rows = the product of x's leading dims): no allocation once the scratch
// buffer has grown, for per-frame use.
func (l *Linear) ForwardInto(y []float32, x *core.Tensor) error {
	rows, err := l.checkX(x)
	if err != nil {
		return err
	}
	if want := rows * l.W.Shape[0]; len(y) != want {
		return fmt.Errorf("lora_linear: y has %d values, want %d for x %v", len(y), want, x.Shape)
	}
	if err := core.CheckBudget("lora_linear", core.Float32s("x·Aᵀ", rows, l.Rank())); err != nil {
		return err
	}
	l.forward(y, x)
	return nil
}

// checkX validates x and returns its row count, the product of its leading
// dims.
func (l *Linear) checkX(x *core.Tensor) (rows int, err error) {
	const op = "lora_linear"
	if x == nil {
		return 0, fmt.Errorf("%s: missing x", op)
	}
	in := l.W.Shape[1]
	if in == 0 {
		return 0, fmt.Errorf("%s: base.weight %v has no input feature (build the layer with New)", op, l.W.Shape)
	}
	if x.Dims() < 1 || x.Shape[x.Dims()-1] != in {
		return 0, fmt.Errorf("%s: x must be [...,in] with in=%d (base.weight %v), got %v", op, in, l.W.Shape, x.Shape)
	}
	if err := core.CheckData(op, []string{"x"}, x); err != nil {
		return 0, err
	}
	return len(x.Data) / in, core.CheckFinite(op, "x", x)
}

func (l *Linear) forward(y []float32, x *core.Tensor) {
	out, in, r := l.W.Shape[0], l.W.Shape[1], l.Rank()
	rows := 1
	for _, d := range x.Shape[:x.Dims()-1] {
		rows *= d
	}
	beta := float32(0)
	if l.Bias != nil {
		for i := range rows {
			copy(y[i*out:(i+1)*out], l.Bias.Data)
		}
		beta = 1
	}
	core.Gemm(false, true, rows, out, in, 1, x.Data, max(in, 1), l.W.Data, max(in, 1), beta, y, max(out, 1))
	if cap(l.h) < rows*r {
		l.h = make([]float32, rows*r)
	}
	h := l.h[:rows*r]
	core.Gemm(false, true, rows, r, in, 1, x.Data, max(in, 1), l.A.Data, max(in, 1), 0, h, r)
	core.Gemm(false, true, rows, out, r, float32(l.Scale()), h, r, l.B.Data, r, 1, y, max(out, 1))
}

// Merge returns W + (α/r)·B·A [out,in], the single weight to deploy after
// training (one out·r·in product; W and the factors are untouched).
func (l *Linear) Merge() *core.Tensor {
	out, in, r := l.W.Shape[0], l.W.Shape[1], l.Rank()
	m := l.W.Clone()
	core.Gemm(false, false, out, in, r, float32(l.Scale()), l.B.Data, r, l.A.Data, max(in, 1), 1, m.Data, max(in, 1))
	return m
}
