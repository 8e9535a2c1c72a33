package diffusion

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Guide is classifier-free guidance on one value:
// ε̂ = ε_uncond + w (ε_cond − ε_uncond). w = 0 is the unconditional
// prediction, w = 1 the conditional one, w > 1 extrapolates past it.
func Guide(epsUncond, epsCond, w float64) float64 {
	return epsUncond + w*(epsCond-epsUncond)
}

// CFG applies classifier-free guidance elementwise (problem 008) to two
// predictions of the same shape, returning a new tensor.
func CFG(epsUncond, epsCond *core.Tensor, w float64) (*core.Tensor, error) {
	if epsUncond == nil || epsCond == nil {
		return nil, fmt.Errorf("cfg: eps_uncond and eps_cond are both required")
	}
	if err := checkData("cfg", "eps_uncond", epsUncond); err != nil {
		return nil, err
	}
	if err := checkData("cfg", "eps_cond", epsCond); err != nil {
		return nil, err
	}
	if err := core.CheckFinite("cfg", "eps_uncond", epsUncond); err != nil {
		return nil, err
	}
	if err := core.CheckFinite("cfg", "eps_cond", epsCond); err != nil {
		return nil, err
	}
	if !core.SameShape(epsUncond.Shape, epsCond.Shape) {
		return nil, fmt.Errorf("cfg: eps_uncond %v and eps_cond %v must have the same shape", epsUncond.Shape, epsCond.Shape)
	}
	if math.IsNaN(w) || math.IsInf(w, 0) {
		return nil, fmt.Errorf("cfg: guidance_scale must be finite, got %v", w)
	}
	if err := core.CheckBudget("cfg", core.Float32s("eps", epsUncond.Shape...)); err != nil {
		return nil, err
	}
	out := core.New(epsUncond.Shape...)
	if err := CFGInto(out.Data, epsUncond.Data, epsCond.Data, w); err != nil {
		return nil, err
	}
	return out, nil
}

// CFGInto writes the guided prediction into dst (which may alias either
// input); all three slices must have the same length.
func CFGInto(dst, epsUncond, epsCond []float32, w float64) error {
	if len(dst) != len(epsUncond) || len(dst) != len(epsCond) {
		return fmt.Errorf("cfg: lengths differ (dst %d, eps_uncond %d, eps_cond %d)", len(dst), len(epsUncond), len(epsCond))
	}
	wf := float32(w)
	for i, u := range epsUncond {
		dst[i] = u + wf*(epsCond[i]-u)
	}
	return nil
}
