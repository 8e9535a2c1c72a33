package detect

import (
	"fmt"
	"math"

	"dlprep/core"
)

// Box is an axis-aligned box (x1, y1, x2, y2).
type Box [4]float32

// Area is (x2-x1)(y2-y1) in float32, as torchvision computes it.
func (b Box) Area() float32 { return float32(b[2]-b[0]) * float32(b[3]-b[1]) }

// IoU is the intersection over union of a and b in float32, with
// torchvision's operation order (intersection clamped at 0 per axis, union =
// area_a + area_b - inter). Two boxes with an empty union have IoU 0.
func IoU(a, b Box) float32 {
	inter := intersection(a, b)
	union := float32(a.Area()+b.Area()) - inter
	if union == 0 {
		return 0
	}
	return inter / union
}

// intersection is the clamped overlap area.
func intersection(a, b Box) float32 {
	w := float32(min(a[2], b[2]) - max(a[0], b[0]))
	h := float32(min(a[3], b[3]) - max(a[1], b[1]))
	if w < 0 {
		w = 0
	}
	if h < 0 {
		h = 0
	}
	return float32(w * h)
}

// CheckBoxes refuses non-finite coordinates and inverted boxes (x2 < x1 or
// y2 < y1), naming op and the first offending box.
func CheckBoxes(op, name string, boxes []Box) error {
	for i, b := range boxes {
		for _, c := range b {
			if math.IsNaN(float64(c)) || math.IsInf(float64(c), 0) {
				return fmt.Errorf("%s: %s[%d] = %v has a non-finite coordinate", op, name, i, b)
			}
		}
		if b[2] < b[0] {
			return fmt.Errorf("%s: %s[%d] = %v is inverted (x2 < x1)", op, name, i, b)
		}
		if b[3] < b[1] {
			return fmt.Errorf("%s: %s[%d] = %v is inverted (y2 < y1)", op, name, i, b)
		}
	}
	return nil
}

// BoxesFromTensor views an [N,4] tensor as N boxes (copied), checking shape,
// finiteness and orientation.
func BoxesFromTensor(op, name string, t *core.Tensor) ([]Box, error) {
	if err := core.CheckShape(op, name, t, "[N,4]", -1, 4); err != nil {
		return nil, err
	}
	if err := core.CheckBudget(op, core.Items(name, 16, t.Shape[0])); err != nil {
		return nil, err
	}
	boxes := make([]Box, t.Shape[0])
	for i := range boxes {
		copy(boxes[i][:], t.Data[4*i:4*i+4])
	}
	if err := CheckBoxes(op, name, boxes); err != nil {
		return nil, err
	}
	return boxes, nil
}

// BoxIoU returns the [N,M] matrix of IoU between boxes1 and boxes2, like
// torchvision.ops.box_iou except that an empty union gives 0, not NaN.
func BoxIoU(boxes1, boxes2 []Box) (*core.Tensor, error) {
	if err := CheckBoxes("box_iou", "boxes1", boxes1); err != nil {
		return nil, err
	}
	if err := CheckBoxes("box_iou", "boxes2", boxes2); err != nil {
		return nil, err
	}
	if err := core.CheckBudget("box_iou", core.Float32s("iou", len(boxes1), len(boxes2))); err != nil {
		return nil, err
	}
	out := core.New(len(boxes1), len(boxes2))
	BoxIoUInto(out.Data, boxes1, boxes2)
	return out, nil
}

// iouTileLen is how many boxes2 one tile holds; the assembly assumes rows of
// exactly this many float32s (1024 bytes).
const iouTileLen = 256

// iouTile is boxes2 in columns: x1, y1, x2, y2 and area, each of
// iouTileLen float32s, so eight boxes load as one vector per coordinate.
type iouTile [5][iouTileLen]float32

// BoxIoUInto writes the row-major IoU matrix into dst (len N*M) without
// checking the boxes; callers validate once and reuse dst.
//
// It walks boxes2 in tiles laid out by coordinate (on the stack, so nothing
// is allocated) with their areas computed once per tile, eight pairs at a
// time where the CPU has vectors, and clamps with branch-free min and max:
// most pairs of a large matrix do not overlap, so a branch on the sign of
// the overlap would be mispredicted about half the time. The arithmetic is
// IoU's, operation for operation.
func BoxIoUInto(dst []float32, boxes1, boxes2 []Box) {
	var t iouTile
	m := len(boxes2)
	for j0 := 0; j0 < m; j0 += iouTileLen {
		bs := boxes2[j0:min(j0+iouTileLen, m)]
		n := len(bs)
		for j, b := range bs {
			t[0][j], t[1][j], t[2][j], t[3][j], t[4][j] = b[0], b[1], b[2], b[3], b.Area()
		}
		bx0, by0, bx1, by1, ar := t[0][:n], t[1][:n], t[2][:n], t[3][:n], t[4][:n]
		for i, a := range boxes1 {
			row := dst[i*m+j0 : i*m+j0+n]
			areaA := a.Area()
			k := iouRow8(row, &t, n, a, areaA)
			for j := k; j < n; j++ {
				w := max(min(a[2], bx1[j])-max(a[0], bx0[j]), 0)
				h := max(min(a[3], by1[j])-max(a[1], by0[j]), 0)
				inter := w * h
				row[j] = safeDiv(inter, float32(areaA+ar[j])-inter)
			}
		}
	}
}

// safeDiv is inter/union, with 0 for an empty union (0/0).
func safeDiv(inter, union float32) float32 {
	if union == 0 {
		return 0
	}
	return inter / union
}
