package mistakes

import (
	"fmt"

	"dlprep/core"
	"dlprep/core/attention"
	"dlprep/core/lora"
)

// LoRALinearNoScaling is problem 013's mistake: y = base(x) + B(A x) and
// merged = W + B A without the α/r factor. It is lora.New with α = r.
// w [out,in], bias [out], a [r,in], b [out,r], x [...,in]; it returns y
// [...,out] and the merged weight [out,in].
func LoRALinearNoScaling(w, bias, a, b, x *core.Tensor) (y, merged *core.Tensor, err error) {
	if a == nil || a.Dims() != 2 {
		return nil, nil, fmt.Errorf("lora_linear: lora_A.weight must be [r,in]")
	}
	l, err := lora.New(w, bias, a, b, float64(a.Shape[0]))
	if err != nil {
		return nil, nil, err
	}
	if y, err = l.Forward(x); err != nil {
		return nil, nil, err
	}
	return y, l.Merge(), nil
}

// LoRAMHSANoScaling is the same mistake inside problem 017's attention:
// attention.LoRAMHSA with α = r, so the q and v adapters are added
// unscaled. It returns y [B,S,D] and the weights [B,heads,S,S].
func LoRAMHSANoScaling(x *core.Tensor, w attention.LoRAWeights, numHeads int) (y, attn *core.Tensor, err error) {
	if w.QA == nil || w.QA.Dims() != 2 {
		return nil, nil, fmt.Errorf("lora_mhsa: lora_q_A must be [D,r]")
	}
	return attention.LoRAMHSA(x, w, numHeads, float64(w.QA.Shape[1]))
}
