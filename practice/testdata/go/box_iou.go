package main

import "math"

// box_iou is the [N,M] matrix of intersection over union.
func box_iou(boxes1 Tensor, boxes2 Tensor) (iou Tensor, err error) {
	n, m := boxes1.Shape[0], boxes2.Shape[0]
	iou = NewTensor(n, m)
	area := func(b []float64) float64 { return (b[2] - b[0]) * (b[3] - b[1]) }
	for i := 0; i < n; i++ {
		a := boxes1.Data[4*i : 4*i+4]
		for j := 0; j < m; j++ {
			b := boxes2.Data[4*j : 4*j+4]
			w := math.Max(0, math.Min(a[2], b[2])-math.Max(a[0], b[0]))
			h := math.Max(0, math.Min(a[3], b[3])-math.Max(a[1], b[1]))
			inter := w * h
			if union := area(a) + area(b) - inter; union > 0 {
				iou.Data[i*m+j] = inter / union
			}
		}
	}
	return iou, nil
}
