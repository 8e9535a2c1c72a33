package complexity

import "fmt"

// TrainCost is the cost of one training step of a d_in→d_out linear layer
// over N sequences of L tokens (problem 023): what gets a gradient, what the
// optimiser keeps, and the FLOPs of the forward and backward passes.
type TrainCost struct {
	// Trainable weights get a gradient and optimiser state; Frozen ones
	// are only read (LoRA's W).
	Trainable, Frozen int64
	// Gradients and AdamMoments are the floats the step keeps per layer:
	// one gradient and Adam's two moments (m and v) per trainable weight.
	Gradients, AdamMoments int64
	Forward, Backward      int64 // FLOPs
}

// Step is the FLOPs of one training step: forward plus backward.
func (c TrainCost) Step() int64 { return c.Forward + c.Backward }

// OptimizerFloats is what training keeps beside the weights: gradients
// and Adam's moments (×4 for bytes in float32).
func (c TrainCost) OptimizerFloats() int64 { return c.Gradients + c.AdamMoments }

// FineTuneCosts compares full fine-tuning of the layer with LoRA of rank r.
// Both backward passes give the layer's input its gradient (a layer inside
// a network must pass it on):
//
//	full: forward 2NL·d_in·d_out; backward dW = dYᵀX and dX = dY·W, 4NL·d_in·d_out.
//	LoRA: forward 2NL·d_in·d_out + 2NL·r(d_in+d_out) (lora_costs' flops_lora);
//	      backward dX = dY·W + s·G·A, G = dY·B, dB = s·dYᵀH, dA = s·GᵀX with
//	      H = XAᵀ kept from the forward pass: 2NL·(d_in·d_out + 2r·d_out + 2r·d_in).
//
// LoRA drops only the weight gradient dW: the step costs about two thirds
// of full fine-tuning, while the gradients and optimiser state shrink from
// d_in·d_out to r(d_in+d_out) weights.
func FineTuneCosts(dIn, dOut, r, n, l int64) (full, lora TrainCost, err error) {
	const op = "finetune_costs"
	if err := nonNegative(op, []string{"d_in", "d_out", "r", "N", "L"}, dIn, dOut, r, n, l); err != nil {
		return full, lora, err
	}
	var c counter
	rows := c.mul(n, l)
	w := c.mul(dIn, dOut)
	ab := c.mul(r, c.add(dIn, dOut))
	full = TrainCost{Trainable: w, Gradients: w, AdamMoments: c.mul(2, w),
		Forward: c.mul(2, rows, w), Backward: c.mul(4, rows, w)}
	lora = TrainCost{Trainable: ab, Frozen: w, Gradients: ab, AdamMoments: c.mul(2, ab),
		Forward:  c.add(c.mul(2, rows, w), c.mul(2, rows, ab)),
		Backward: c.mul(2, rows, c.add(w, c.mul(2, ab)))}
	if c.err != nil {
		return TrainCost{}, TrainCost{}, fmt.Errorf("%s: d_in=%d d_out=%d r=%d N=%d L=%d: %w", op, dIn, dOut, r, n, l, c.err)
	}
	return full, lora, nil
}

// MHSACrossover is the smallest n at which the quadratic part of
// self-attention (QKᵀ and AV, 4n²d) costs more than its projections
// (8nd²): 4n²d > 8nd² ⇔ n > 2d.
func MHSACrossover(d int64) (int64, error) {
	if d <= 0 {
		return 0, fmt.Errorf("mhsa_flops: d must be positive, got %d", d)
	}
	var c counter
	n := c.add(c.mul(2, d), 1)
	if c.err != nil {
		return 0, fmt.Errorf("mhsa_flops: d=%d: %w", d, c.err)
	}
	return n, nil
}
