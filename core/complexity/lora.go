package complexity

import "fmt"

// LoRACost is problem 023: parameters and FLOPs of one d_in→d_out layer over
// N sequences of L tokens, fully fine-tuned versus LoRA of rank r.
type LoRACost struct {
	ParamsFull int64 // d_in·d_out trainable weights
	ParamsLoRA int64 // r(d_in+d_out): A [r,d_in] and B [d_out,r]
	FlopsFull  int64 // XWᵀ: 2NL·d_in·d_out
	// FlopsLoRA is XWᵀ + (XAᵀ)Bᵀ: 2NL·d_in·d_out + 2NL·r(d_in+d_out).
	FlopsLoRA int64
	// FlopsMergeFirst forms BA (2·d_out·r·d_in) and then applies W+BA
	// (2NL·d_in·d_out): cheaper than FlopsLoRA only when NL exceeds
	// d_in·d_out/(d_in+d_out), i.e. at inference over many tokens.
	FlopsMergeFirst int64
}

// LoRACosts returns the counts; every size must be >= 0.
func LoRACosts(dIn, dOut, r, n, l int64) (LoRACost, error) {
	const op = "lora_costs"
	if err := nonNegative(op, []string{"d_in", "d_out", "r", "N", "L"}, dIn, dOut, r, n, l); err != nil {
		return LoRACost{}, err
	}
	var c counter
	base := c.mul(2, n, l, dIn, dOut)
	adapter := c.mul(2, n, l, r, c.add(dIn, dOut))
	res := LoRACost{
		ParamsFull:      c.mul(dIn, dOut),
		ParamsLoRA:      c.mul(r, c.add(dIn, dOut)),
		FlopsFull:       base,
		FlopsLoRA:       c.add(base, adapter),
		FlopsMergeFirst: c.add(c.mul(2, dOut, r, dIn), base),
	}
	if c.err != nil {
		return LoRACost{}, fmt.Errorf("%s: d_in=%d d_out=%d r=%d N=%d L=%d: %w", op, dIn, dOut, r, n, l, c.err)
	}
	return res, nil
}
