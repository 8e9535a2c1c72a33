// Package scenes holds the visualizer's scenes: plain Go models of the
// interview problems that read what they show from core and draw it on a
// viz.Canvas. Scenes never import ebiten, so `go test ./scenes/...` checks
// what each shows against what core computes, with no display.
package scenes
