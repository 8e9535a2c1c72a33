// Package render re-renders a captured view from new cameras, the working
// core of the system-design problems 028 (virtual cinematographer) and 031
// (dynamic re-cinematographer): lift a frame to coloured 3-D points with its
// depth (geometry.UnprojectDepth), splat them into another camera with a
// z-buffer (one pixel per point, or a small 3-D Gaussian per point), find
// the pixels no point lands on and say why (a crack between splats, or a
// disocclusion: a surface no source frame saw), fill them naively from the
// background side, and build the per-pixel ray (Plücker) coordinates a
// generative model would be conditioned on. For a dynamic video it finds
// the moving pixels from depth alone and pools the static points of every
// frame with the moving ones of the frozen instant (bullet time).
//
// Images are [3,H,W] colour and [H,W] depth tensors as synth3d renders
// them: depth is the camera-space z, 0 where a ray hit nothing.
//
// It imports only the standard library, dlprep/core and core/geometry;
// never ebiten or viz.
//
// Tests: go test ./core/render/
package render
