// Package geometry holds the camera and rotation ops of problems 005, 014,
// 015, 016, 032 and 034: depth to world, per-pixel and vectorised warping
// with bilinear grid sampling, front-to-back alpha compositing, loop closure
// of rotations and the 6-D rotation representation.
//
// Conventions (OPS.md): pixel (u, v) is column u, row v; K is the 3x3
// intrinsic matrix (skew allowed); poses are 4x4 matrices mapping
// homogeneous points, T_world_to_cam taking world points to camera space
// where depth is the camera-space z. Cameras look down +z with x right and
// y down, the convention in which K maps to pixels.
//
// Small 3x3 and 4x4 algebra (inverses, single points) is done in float64 and
// rounded once; image-sized data stays float32. Singular matrices are
// errors, never NaN.
//
// It imports only the standard library, dlprep/core and golang.org/x/sys/cpu
// (to choose the AVX2 loops); never ebiten or viz.
//
// Tests: go test ./core/geometry/ ; go test -fuzz=FuzzGeometry ./core/geometry/
package geometry
