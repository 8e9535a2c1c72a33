package main

import "math"

// logsumexp is max + log Σ exp(x - max) for every row of x [N,C].
func logsumexp(x Tensor) (y Tensor, err error) {
	n, c := x.Shape[0], x.Shape[1]
	y = NewTensor(n)
	for i := 0; i < n; i++ {
		row := x.Data[i*c : (i+1)*c]
		m := math.Inf(-1)
		for _, v := range row {
			m = math.Max(m, v)
		}
		if math.IsInf(m, 0) {
			y.Data[i] = m
			continue
		}
		var s float64
		for _, v := range row {
			s += math.Exp(v - m)
		}
		y.Data[i] = m + math.Log(s)
	}
	return y, nil
}
