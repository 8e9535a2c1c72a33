package shell

import (
	"dlprep/viz"
	"dlprep/viz/scene"
)

// readoutCache lays out the scene's readout: a key and its value on one
// line when they fit, else the key on a line and the value wrapped below.
// It re-wraps only when the content or width changes, and remembers the
// tallest layout since the view was reset so the presets below it do not
// jump as the steps change.
type readoutCache struct {
	kvs    []scene.KV
	width  float64
	lines  []readoutLine
	height float64 // tallest since reset
	now    float64 // this content's height
}

type readoutLine struct {
	key, value string
	y          float64 // offset of the baseline from the readout's top
}

const readoutHeadH = 22.0

// set lays out kvs for width w; it reports whether the height grew.
func (rc *readoutCache) set(m viz.Measurer, kvs []scene.KV, w float64) bool {
	if w == rc.width && sameKVs(kvs, rc.kvs) {
		return false
	}
	rc.kvs = append(rc.kvs[:0], kvs...)
	rc.width = w
	rc.lines = rc.lines[:0]
	lh := viz.LineHeight(bodySize)
	y := readoutHeadH
	if len(kvs) == 0 {
		y = 0
	}
	for _, kv := range kvs {
		kw, vw := m.TextWidth(kv.Key, bodySize), m.TextWidth(kv.Value, bodySize)
		if kw+12+vw <= w {
			rc.lines = append(rc.lines, readoutLine{key: kv.Key, value: kv.Value, y: y + bodySize})
			y += lh
			continue
		}
		for _, k := range viz.WrapText(m, kv.Key, bodySize, w) {
			rc.lines = append(rc.lines, readoutLine{key: k, y: y + bodySize})
			y += lh
		}
		for _, v := range viz.WrapText(m, kv.Value, bodySize, w-12) {
			rc.lines = append(rc.lines, readoutLine{value: v, y: y + bodySize})
			y += lh
		}
	}
	rc.now = y
	if y > rc.height {
		rc.height = y
		return true
	}
	return false
}

func (rc *readoutCache) forget() { rc.kvs, rc.height, rc.width = rc.kvs[:0], 0, 0 }

func sameKVs(a, b []scene.KV) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
