package main

import "math"

// sdpa is softmax(q kᵀ/√dk, masked) v for every (batch, head).
func sdpa(query Tensor, key Tensor, value Tensor, mask *Tensor, causal bool) (output, attention Tensor, err error) {
	b, h, s, dk := query.Shape[0], query.Shape[1], query.Shape[2], query.Shape[3]
	s2, dv := key.Shape[2], value.Shape[3]
	output, attention = NewTensor(b, h, s, dv), NewTensor(b, h, s, s2)
	scale := 1 / math.Sqrt(float64(dk))
	for bh := 0; bh < b*h; bh++ {
		q := query.Data[bh*s*dk:]
		k := key.Data[bh*s2*dk:]
		v := value.Data[bh*s2*dv:]
		for i := 0; i < s; i++ {
			w := attention.Data[(bh*s+i)*s2 : (bh*s+i+1)*s2]
			m := math.Inf(-1)
			for j := range w {
				keep := (!causal || j <= i) && (mask == nil || mask.Data[i*s2+j] != 0)
				if !keep {
					w[j] = math.Inf(-1)
					continue
				}
				var dot float64
				for c := 0; c < dk; c++ {
					dot += q[i*dk+c] * k[j*dk+c]
				}
				w[j] = dot * scale
				m = math.Max(m, w[j])
			}
			if math.IsInf(m, -1) { // no key left: zero weights, zero output
				clear(w)
				continue
			}
			var sum float64
			for j := range w {
				w[j] = math.Exp(w[j] - m)
				sum += w[j]
			}
			out := output.Data[(bh*s+i)*dv : (bh*s+i+1)*dv]
			for j := range w {
				w[j] /= sum
				for c := range out {
					out[c] += w[j] * v[j*dv+c]
				}
			}
		}
	}
	return output, attention, nil
}
