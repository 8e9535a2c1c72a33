// Package synth3d is a tiny ray-cast 3-D world for the geometry scenes: a
// floor, a back wall, boxes and spheres with Lambert shading, seen by a
// pinhole camera (K and a world-to-camera pose, see package geometry) and
// rendered into a colour image [3,H,W] and a depth map [H,W] holding the
// camera-space z of every pixel. Because the depth is exact, unprojection,
// warping and occlusion can be checked against re-rendering.
//
// Shading is view-independent (no specular, no shadows) and textures are
// smooth, so a surface point has the same colour in every view and bilinear
// resampling of a rendered frame is accurate away from silhouettes.
//
// Rendering reuses the Renderer's buffers; at 128x96 it takes well under a
// millisecond per frame natively (BenchmarkRender), cheap enough for WASM.
//
// It imports only the standard library and dlprep/core packages; never
// ebiten or viz.
//
// Tests: go test ./core/synth3d/ ; go test -bench=Render ./core/synth3d/
package synth3d
