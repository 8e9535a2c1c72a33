package detect

import (
	"encoding/binary"
	"math"
	"testing"
)

// FuzzNMS decodes boxes, scores and a threshold from raw bytes and checks
// that NMS, batched NMS, the trace and box IoU never panic, return an error
// exactly when the input is invalid, and on valid input keep a set with the
// NMS properties and IoU values that are finite and in [0, 1].
func FuzzNMS(f *testing.F) {
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 65, 0, 0, 32, 65, 0, 0, 0, 63, 2}, uint8(128))
	f.Add(make([]byte, 20*21), uint8(0))
	f.Add([]byte{0, 0, 192, 127, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0, 128, 63, 0, 0, 0, 63, 1}, uint8(200))
	f.Fuzz(func(t *testing.T, data []byte, thrByte uint8) {
		const rec = 21 // 4 coordinates and a score as float32, 1 class byte
		n := min(len(data)/rec, 64)
		boxes := make([]Box, n)
		scores := make([]float32, n)
		idxs := make([]int, n)
		valid := true
		for i := 0; i < n; i++ {
			d := data[i*rec:]
			for k := 0; k < 4; k++ {
				boxes[i][k] = math.Float32frombits(binary.LittleEndian.Uint32(d[4*k:]))
			}
			scores[i] = math.Float32frombits(binary.LittleEndian.Uint32(d[16:]))
			idxs[i] = int(d[20]) % 3
			b := boxes[i]
			for _, c := range b {
				if math.IsNaN(float64(c)) || math.IsInf(float64(c), 0) {
					valid = false
				}
			}
			if b[2] < b[0] || b[3] < b[1] || math.IsNaN(float64(scores[i])) {
				valid = false
			}
		}
		thr := float64(thrByte) / 255
		keep, err := NMS(boxes, scores, thr)
		if (err == nil) != valid {
			t.Fatalf("NMS on %v %v: error %v, input valid %v", boxes, scores, err, valid)
		}
		_, berr := BatchedNMS(boxes, scores, idxs, thr)
		if (berr == nil) != valid {
			t.Fatalf("BatchedNMS on %v %v: error %v, input valid %v", boxes, scores, berr, valid)
		}
		if !valid {
			return
		}
		for _, a := range boxes {
			for _, b := range boxes {
				// Areas beyond float32 range overflow to Inf; IoU is then
				// undefined, which only happens for absurd coordinates.
				if math.IsInf(float64(a.Area()+b.Area()), 0) {
					return
				}
				if iou := IoU(a, b); !(iou >= 0 && iou <= 1) {
					t.Fatalf("IoU(%v, %v) = %v, want in [0, 1]", a, b, iou)
				}
			}
		}
		checkNMSProperties(t, boxes, scores, thr, keep)
	})
}
