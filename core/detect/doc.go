// Package detect holds the object-detection ops of problem 007: box IoU,
// non-maximum suppression and class-aware (batched) NMS, bit-compatible with
// torchvision 0.14 on CPU, plus NMSTrace, which records every step of the
// greedy loop for the visualizer's animated NMS scene.
//
// Boxes are (x1, y1, x2, y2) with x2 >= x1 and y2 >= y1. Arithmetic is float32
// in torchvision's order of operations, so IoU values that sit exactly on a
// threshold are decided the same way as in torchvision.
//
// It imports only the standard library, dlprep/core and golang.org/x/sys/cpu
// (to choose the AVX2 loops); never ebiten or viz.
//
// Tests: go test ./core/detect/ (unit, property and fuzz seeds);
// go test -fuzz=FuzzNMS ./core/detect/ ; go test -bench=. ./core/detect/
package detect
