// Package embed holds the position and time embeddings: sinusoidal timestep
// embeddings (problem 009, both layouts), 3-D positional encodings (035) and
// patch embedding (002).
package embed
