package diffusion

import (
	"fmt"
	"math"

	"dlprep/core"
)

// LinearWeights is the weight [out,in] and bias [out] (nil: none) of an nn.Linear.
type LinearWeights struct {
	W, B *core.Tensor
}

func (l LinearWeights) check(op, name string, out, in int) error {
	if err := checkData(op, name+".weight", l.W); err != nil {
		return err
	}
	if l.B != nil {
		if err := checkData(op, name+".bias", l.B); err != nil {
			return err
		}
	}
	if err := core.CheckShape(op, name+".weight", l.W, "[out,in]", out, in); err != nil {
		return err
	}
	if err := core.CheckFinite(op, name+".weight", l.W); err != nil {
		return err
	}
	if l.B == nil {
		return nil
	}
	if err := core.CheckShape(op, name+".bias", l.B, "[out]", l.W.Shape[0]); err != nil {
		return err
	}
	return core.CheckFinite(op, name+".bias", l.B)
}

// FlowCondWeights are the parameters of the time-conditioned layer of
// problem 033, named like its module: time_mlp = Linear(D,D), SiLU,
// Linear(D,D); ada_norm = Linear(D, 2D); out_layer = Linear(D, O).
type FlowCondWeights struct {
	TimeMLP0, TimeMLP2, AdaNorm, OutLayer LinearWeights
}

// FlowTimeFrequencies returns the D/2 frequencies f_i = exp(−ln(10000)·i/(D/2))
// of the flow layer's time embedding (D/2 in the denominator, unlike the
// concat layout of timestep_embedding), rounded to float32 as PyTorch holds
// them.
func FlowTimeFrequencies(d int) ([]float32, error) {
	if d < 2 || d%2 != 0 || d > 1<<16 {
		return nil, fmt.Errorf("flow_cond_layer: D must be an even number in [2, 65536], got %d", d)
	}
	half := d / 2
	f := make([]float32, half)
	for i := range f {
		f[i] = float32(math.Exp(-math.Log(10000) * float64(i) / float64(half)))
	}
	return f, nil
}

// FlowCondLayer is problem 033: for x [B,D] and times t [B],
// e = [sin(t f), cos(t f)], h = time_mlp(e), [γ, β] = ada_norm(h) split in
// halves, y = out_layer(x ⊙ (1+γ) + β). No normalisation is applied to x:
// the "AdaLN" here is only the scale and shift.
func FlowCondLayer(x *core.Tensor, t []float32, w FlowCondWeights) (*core.Tensor, error) {
	st, err := FlowCondTrace(x, t, w)
	if err != nil {
		return nil, err
	}
	return st.Y, nil
}

// FlowCondStages are the intermediate results of FlowCondLayer, for a scene
// that shows each stage: the time embedding [B,D], time_mlp's output [B,D],
// ada_norm's [γ, β] [B,2D], the modulated input x(1+γ)+β [B,D] and the
// output [B,O].
type FlowCondStages struct {
	Emb, Hidden, GammaBeta, Mod, Y *core.Tensor
}

// FlowCondTrace is FlowCondLayer keeping every stage.
func FlowCondTrace(x *core.Tensor, t []float32, w FlowCondWeights) (*FlowCondStages, error) {
	const op = "flow_cond_layer"
	if err := checkData(op, "x", x); err != nil {
		return nil, err
	}
	if err := core.CheckShape(op, "x", x, "[B,D]", -1, -1); err != nil {
		return nil, err
	}
	if err := checkFinite(op, "x", x); err != nil {
		return nil, err
	}
	b, d := x.Shape[0], x.Shape[1]
	if len(t) != b {
		return nil, fmt.Errorf("%s: t has %d values, x has B=%d rows", op, len(t), b)
	}
	freqs, err := FlowTimeFrequencies(d)
	if err != nil {
		return nil, err
	}
	for _, c := range []struct {
		name    string
		l       LinearWeights
		out, in int
	}{{"time_mlp.0", w.TimeMLP0, d, d}, {"time_mlp.2", w.TimeMLP2, d, d}, {"ada_norm", w.AdaNorm, 2 * d, d}, {"out_layer", w.OutLayer, -1, d}} {
		if err := c.l.check(op, c.name, c.out, c.in); err != nil {
			return nil, err
		}
	}
	o := w.OutLayer.W.Shape[0]
	// The five stages are all kept: emb, the MLP's two layers, [γ, β],
	// the modulated input and y.
	if err := core.CheckBudget(op, core.Float32s("time embedding and MLP", 3, b, d), core.Float32s("gamma_beta", b, 2*d),
		core.Float32s("modulated x", b, d), core.Float32s("y", b, o)); err != nil {
		return nil, err
	}
	half := d / 2
	emb := core.New(b, d)
	for r, tv := range t {
		if math.IsNaN(float64(tv)) || math.IsInf(float64(tv), 0) {
			return nil, fmt.Errorf("%s: t[%d] is not finite (%v)", op, r, tv)
		}
		row := emb.Data[r*d : (r+1)*d]
		for i, f := range freqs {
			// float32 product as in PyTorch, sin/cos in float64 rounded once.
			s, c := math.Sincos(float64(tv * f))
			row[i], row[half+i] = float32(s), float32(c)
		}
	}
	h, err := core.Linear(op, emb, w.TimeMLP0.W, w.TimeMLP0.B)
	if err != nil {
		return nil, err
	}
	for i, v := range h.Data {
		h.Data[i] = float32(float64(v) / (1 + math.Exp(-float64(v))))
	}
	hid, err := core.Linear(op, h, w.TimeMLP2.W, w.TimeMLP2.B)
	if err != nil {
		return nil, err
	}
	gb, err := core.Linear(op, hid, w.AdaNorm.W, w.AdaNorm.B)
	if err != nil {
		return nil, err
	}
	mod := core.New(b, d)
	for r := range b {
		g, be := gb.Data[r*2*d:r*2*d+d], gb.Data[r*2*d+d:(r+1)*2*d]
		for j := range d {
			mod.Data[r*d+j] = x.Data[r*d+j]*(1+g[j]) + be[j]
		}
	}
	y, err := core.Linear(op, mod, w.OutLayer.W, w.OutLayer.B)
	if err != nil {
		return nil, err
	}
	return &FlowCondStages{Emb: emb, Hidden: hid, GammaBeta: gb, Mod: mod, Y: y}, nil
}
