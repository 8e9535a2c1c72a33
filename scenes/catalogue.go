package scenes

import "dlprep/viz/scene"

// Families is the menu's group order.
var Families = []string{"attention", "convolution", "diffusion", "geometry", "detection", "losses", "lora", "complexity", "system design"}

// Default is the problem shown first.
const Default = "009"

// All is the visualizer's catalogue: every view, one per problem (see
// doc.go for adding one).
func All() scene.Catalogue {
	views := []scene.Factory{
		func() scene.Scene { return newMHSAView("003") },
		func() scene.Scene { return newMHSAView("004") },
		func() scene.Scene { return newCineView("028") },
		func() scene.Scene { return newCineView("031") },
		func() scene.Scene { return newGreenScreenView() },
		func() scene.Scene { return newTwinView() },
	}
	for _, f := range []func() Scene{
		func() Scene { return &WindowAttentionScene{} },
		func() Scene { return &FactorizedAttentionScene{} },
		func() Scene { return &CameraAttentionScene{} },
		func() Scene { return &patchEmbedScene{} },
		func() Scene { return &im2colScene{} },
		func() Scene { return &normScene{} },
		func() Scene { return &DiffusionScene{} },
		func() Scene { return &CFGScene{} },
		func() Scene { return &InversionScene{} },
		func() Scene { return &timestepScene{} },
		func() Scene { return &flowCondScene{} },
		func() Scene { return &DepthScene{} },
		func() Scene { return &WarpScene{} },
		func() Scene { return &compositeScene{} },
		func() Scene { return &rotationScene{} },
		func() Scene { return &posencScene{} },
		func() Scene { return &NMSScene{} },
		func() Scene { return &lossScene{} },
		func() Scene { return &loraScene{} },
		func() Scene { return &complexityScene{} },
	} {
		views = append(views, legacyViews(f)...)
	}
	// Tiny images denoised: a companion of 010, 011 and 008, not a problem
	// of its own.
	views = append(views, func() scene.Scene { return &legacy{s: &DiffusionImagesScene{}} })
	return scene.Catalogue{Families: Families, Views: views, Default: Default}
}
