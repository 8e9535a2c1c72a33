package detect

import (
	"math/rand/v2"
	"testing"
)

// TestBoxIoUIntoMatchesIoU checks the tiled, vectorised matrix against the
// scalar IoU bit for bit, on sizes that end mid-vector and mid-tile, with
// empty boxes (empty unions) and exact duplicates mixed in.
func TestBoxIoUIntoMatchesIoU(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	for _, sz := range [][2]int{{1, 1}, {3, 7}, {5, 8}, {9, 31}, {4, 256}, {6, 257}, {7, 519}} {
		b1, _ := randomBoxes(r, sz[0], 50, 20)
		b2, _ := randomBoxes(r, sz[1], 50, 20)
		b2[0] = b1[0]
		b1[len(b1)-1] = Box{3, 3, 3, 3}
		b2[len(b2)-1] = Box{3, 3, 3, 3}
		dst := make([]float32, len(b1)*len(b2))
		BoxIoUInto(dst, b1, b2)
		for i, a := range b1 {
			for j, b := range b2 {
				if got, want := dst[i*len(b2)+j], IoU(a, b); got != want {
					t.Errorf("%dx%d: BoxIoUInto[%d,%d] for %v, %v = %v, want IoU = %v", sz[0], sz[1], i, j, a, b, got, want)
				}
			}
		}
	}
}
