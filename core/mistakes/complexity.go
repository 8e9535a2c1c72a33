package mistakes

import "dlprep/core/complexity"

// CrossoverWrittenRule is problem 026's mistake: the conv/attention
// crossover read off the written rule "attention costs more once N > K²C",
// which drops the projections' 8N·C² term, so CrossoverN = K²C + 1. The
// other counts are complexity.CNNViTFlops's.
func CrossoverWrittenRule(n, ch, k, t, kt int64) (complexity.CNNViTCost, error) {
	c, err := complexity.CNNViTFlops(n, ch, k, t, kt)
	if err != nil {
		return c, err
	}
	c.CrossoverN = k*k*ch + 1
	return c, nil
}

// LoRAFlopsNoSeqLen is problem 023's mistake: the adapter's FLOPs are counted
// as 2N·r(d_in+d_out), dropping the sequence length L that the base term
// keeps, so FlopsLoRA = 2NL·d_in·d_out + 2N·r(d_in+d_out). The other counts
// are complexity.LoRACosts's.
func LoRAFlopsNoSeqLen(dIn, dOut, r, n, l int64) (complexity.LoRACost, error) {
	c, err := complexity.LoRACosts(dIn, dOut, r, n, l)
	if err != nil {
		return c, err
	}
	c.FlopsLoRA = c.FlopsFull + 2*n*r*(dIn+dOut)
	return c, nil
}
