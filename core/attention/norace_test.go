//go:build !race

package attention

// raceEnabled is false: allocation counts are meaningful.
const raceEnabled = false
