package synth3d_test

import (
	"fmt"

	"dlprep/core/geometry"
	"dlprep/core/synth3d"
)

// ExampleRenderer renders the demo world at 128x96 and reads back the
// centre pixel's depth and what it sees (object 4: planes, then boxes,
// then spheres, so the green sphere); unprojecting that pixel with its
// depth gives the world point the ray hit.
func ExampleRenderer() {
	const w, h = 128, 96
	cam, err := geometry.NewCamera("example", synth3d.DemoIntrinsics(w, h), synth3d.DemoPose(0))
	if err != nil {
		panic(err)
	}
	r, _ := synth3d.NewRenderer(w, h)
	world := synth3d.DemoWorld()
	r.Render(world, cam) // reuses r.Color [3,H,W], r.Depth [H,W], r.Object
	i := 48*w + 64
	ray := cam.Unproject(64, 48, float64(r.Depth.Data[i]))
	fmt.Printf("object %d at depth %.3f, world point (%.2f, %.2f, %.2f)\n",
		r.Object[i], r.Depth.Data[i], ray.World[0], ray.World[1], ray.World[2])
	// Output:
	// object 4 at depth 5.081, world point (-0.02, 0.82, 2.22)
}
