package synth3d

import (
	"dlprep/core"
	"dlprep/core/geometry"
)

func tensor3(m geometry.Mat3) *core.Tensor {
	t := core.New(1, 3, 3)
	for i, v := range m {
		t.Data[i] = float32(v)
	}
	return t
}

func tensor4(m geometry.Mat4) *core.Tensor {
	t := core.New(1, 4, 4)
	for i, v := range m {
		t.Data[i] = float32(v)
	}
	return t
}
