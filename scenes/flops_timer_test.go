package scenes

import "dlprep/core/complexity/measure"

// The views of 019 and 026 time the core with a wall clock; their tests
// draw them with a clock made of FLOP counts (1 ns per 10 FLOPs plus a
// microsecond a call), so layouts and golden images do not depend on the
// machine's load. TestFlopsWallClockSanity runs the real clock.
func init() { flopsTimer = measure.CountingTimer(1e-10, 1e-6) }
