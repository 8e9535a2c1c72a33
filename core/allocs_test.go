package core_test

import (
	"testing"

	"dlprep/core"
	"dlprep/core/detect"
	"dlprep/core/diffusion"
	"dlprep/core/embed"
	"dlprep/core/geometry"
	"dlprep/core/lora"
)

// TestHotPathsDoNotAllocate calls each family's buffer-reusing form twice
// with the same shapes and requires the second and later calls to allocate
// nothing (the browser's garbage collector is slow; scenes call these per
// frame). Packages with their own such tests (attention, conv, norm, loss,
// gemm) are not repeated here.
func TestHotPathsDoNotAllocate(t *testing.T) {
	if testing.Short() {
		t.Skip("allocation counts")
	}
	fill := func(t *core.Tensor, s float32) *core.Tensor {
		for i := range t.Data {
			t.Data[i] = s * float32((i*7)%11-5) / 5
		}
		return t
	}
	// LoRA forward into a caller's buffer.
	w, a, b := fill(core.New(16, 24), 0.1), fill(core.New(4, 24), 0.2), fill(core.New(16, 4), 0.3)
	l, err := lora.New(w, fill(core.New(16), 1), a, b, 8)
	if err != nil {
		t.Fatal(err)
	}
	x := fill(core.New(5, 24), 1)
	y := make([]float32, 5*16)
	// Patch embedding in its workspace.
	var pe embed.PatchEmbedWorkspace
	img := fill(core.New(1, 3, 16, 16), 1)
	pw := embed.PatchEmbedWeights{Proj: fill(core.New(8, 3, 4, 4), 0.1), ProjBias: fill(core.New(8), 1),
		ClsToken: fill(core.New(1, 1, 8), 1), PosEmbed: fill(core.New(1, 17, 8), 1)}
	// A DDIM step into reused buffers.
	xt, eps := fill(core.New(64), 1), fill(core.New(64), 0.5)
	xp, x0 := make([]float32, 64), make([]float32, 64)
	coef, err := diffusion.DDIMParams{AlphaBarT: 0.3, AlphaBarPrev: 0.4}.Coefficients()
	if err != nil {
		t.Fatal(err)
	}
	// Warping and bilinear sampling.
	const h, wd = 6, 9
	src, depth := fill(core.New(3*h*wd), 1).Data, make([]float32, h*wd)
	for i := range depth {
		depth[i] = 2
	}
	k := geometry.Mat3{5, 0, 4, 0, 5, 2.5, 0, 0, 1}
	kInv, err := k.Inverse("test", "K")
	if err != nil {
		t.Fatal(err)
	}
	t12 := geometry.Identity4()
	t12[3] = 0.1
	warped, mask := make([]float32, 3*h*wd), make([]float32, h*wd)
	var wp geometry.Warper
	sm := geometry.Sampler{H: h, W: wd, AlignCorners: true}
	px := make([]float32, 3)
	// Box IoU and NMS.
	boxes := make([]detect.Box, 40)
	scores := make([]float32, 40)
	classes := make([]int, 40)
	for i := range boxes {
		f := float32(i)
		boxes[i] = detect.Box{f * 3, f * 2, f*3 + 10, f*2 + 12}
		scores[i] = float32((i*13)%40) / 40
		classes[i] = i % 3
	}
	iou := make([]float32, 40*40)
	var sup detect.Suppressor

	cases := []struct {
		name string
		run  func() error
	}{
		{"lora ForwardInto", func() error { return l.ForwardInto(y, x) }},
		{"PatchEmbedWorkspace", func() error { _, err := pe.PatchEmbed(img, pw); return err }},
		{"DDIMStepInto", func() error { diffusion.DDIMStepInto(xp, x0, xt.Data, eps.Data, nil, coef); return nil }},
		{"Warper.WarpInto", func() error { wp.WarpInto(warped, mask, src, depth, 3, h, wd, k, kInv, t12); return nil }},
		{"Sampler.Sample", func() error { sm.Sample(px, 1, src, 3, 0.3, -0.2); return nil }},
		{"BoxIoUInto", func() error { detect.BoxIoUInto(iou, boxes, boxes); return nil }},
		{"Suppressor.NMS", func() error { _, err := sup.NMS(boxes, scores, 0.3); return err }},
		{"Suppressor.BatchedNMS", func() error { _, err := sup.BatchedNMS(boxes, scores, classes, 0.3); return err }},
	}
	for _, c := range cases {
		if err := c.run(); err != nil { // warm-up: buffers grow here
			t.Fatalf("%s: %v", c.name, err)
		}
		if n := testing.AllocsPerRun(20, func() { _ = c.run() }); n != 0 {
			t.Errorf("%s allocates %.1f times per repeated call, want 0", c.name, n)
		}
	}
}
