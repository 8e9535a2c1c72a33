// Package track is the working core of problem 029, the digital twin of a
// live match: per camera, players are found as blobs (a detector's
// output; here the renderer's object ids stand in for it) and described by
// an appearance embedding (the colours of head and body, a stand-in for a
// contrastively trained re-identification network); each blob is lifted
// to the world with its depth and the calibrated camera; blobs of all
// cameras are fused into one position per player; and tracks keep their
// identity from frame to frame by matching on a cost that mixes distance
// and appearance, with or without a constant-velocity motion model. The
// result records every assignment and every identity swap, where and when
// it happened.
//
// It imports only the standard library, dlprep/core and core/geometry;
// never ebiten or viz.
//
// Tests: go test ./core/track/
package track
