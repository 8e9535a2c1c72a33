package main

import (
	"fmt"
	"math"
)

// layernorm normalises each row of x [B,D] by its mean and biased variance,
// refusing the inputs the contract calls errors.
func layernorm(x Tensor, weight Tensor, bias Tensor, eps float64) (y Tensor, err error) {
	if len(x.Shape) < 1 {
		return Tensor{}, fmt.Errorf("x must be [..., D], got shape %v", x.Shape)
	}
	d := x.Shape[len(x.Shape)-1]
	if len(weight.Shape) != 1 || weight.Shape[0] != d || len(bias.Shape) != 1 || bias.Shape[0] != d {
		return Tensor{}, fmt.Errorf("weight %v and bias %v must be [%d]", weight.Shape, bias.Shape, d)
	}
	if math.IsNaN(eps) || eps < 0 {
		return Tensor{}, fmt.Errorf("eps must be >= 0, got %v", eps)
	}
	y = NewTensor(x.Shape...)
	for r := 0; d > 0 && r < len(x.Data)/d; r++ {
		row := x.Data[r*d : (r+1)*d]
		var mean, ss float64
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return Tensor{}, fmt.Errorf("x holds a non-finite value %v", v)
			}
			mean += v
		}
		mean /= float64(d)
		for _, v := range row {
			ss += (v - mean) * (v - mean)
		}
		inv := 1 / math.Sqrt(ss/float64(d)+eps)
		if math.IsInf(inv, 0) {
			return Tensor{}, fmt.Errorf("row %d has zero variance and eps = 0", r)
		}
		for i, v := range row {
			y.Data[r*d+i] = (v-mean)*inv*weight.Data[i] + bias.Data[i]
		}
	}
	return y, nil
}
