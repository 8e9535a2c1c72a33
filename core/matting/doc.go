// Package matting is the working core of problem 030, the neural green
// screen, with classical stand-ins for each network so every stage can be
// measured: a colour-difference keyer estimates the alpha matte from
// colour alone; despilling unmixes the backdrop from the edge pixels and
// limits green to the other channels; lighting is estimated from a grey
// probe ball by least squares; the actor is relit by dividing out the
// studio's shading and multiplying in the set's (given normals, which a
// network would predict); a shadow is synthesised by standing the matte
// up as a billboard at the actor's feet and casting the set's light
// through it; and the three layers (actor, shadow, set) are blended front
// to back by geometry.AlphaComposite, problem 005's op.
//
// Images are [3,H,W] linear colour and [H,W] mattes in [0, 1], as synth3d
// renders them. The world's ground is the plane y = 0 with y up.
//
// It imports only the standard library, dlprep/core and core/geometry;
// never ebiten or viz.
//
// Tests: go test ./core/matting/
package matting
