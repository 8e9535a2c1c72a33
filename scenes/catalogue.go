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
		func() scene.Scene { return newCompositeView() },
		func() scene.Scene { return newNMSView() },
		func() scene.Scene { return newDepthView() },
		func() scene.Scene { return newWarpView("015") },
		func() scene.Scene { return newWarpView("016") },
		func() scene.Scene { return newLoopView() },
		func() scene.Scene { return newSixdView() },
		func() scene.Scene { return newCFGView() },
		func() scene.Scene { return newRevView("010") },
		func() scene.Scene { return newRevView("011") },
		func() scene.Scene { return newInversionView() },
	}
	for _, f := range []func() Scene{
		func() Scene { return &WindowAttentionScene{} },
		func() Scene { return &FactorizedAttentionScene{} },
		func() Scene { return &CameraAttentionScene{} },
		func() Scene { return &patchEmbedScene{} },
		func() Scene { return &im2colScene{} },
		func() Scene { return &normScene{} },
		func() Scene { return &timestepScene{} },
		func() Scene { return &flowCondScene{} },
		func() Scene { return &posencScene{} },
		func() Scene { return &lossScene{} },
		func() Scene { return &loraScene{} },
		func() Scene { return &complexityScene{} },
		func() Scene { return &designScene{} },
		func() Scene { return &twinScene{} },
		func() Scene { return &greenScreenScene{} },
	} {
		views = append(views, legacyViews(f)...)
	}
	return scene.Catalogue{Families: Families, Views: views, Default: Default}
}
