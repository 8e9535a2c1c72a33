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
		func() scene.Scene { return newWindowView() },
		func() scene.Scene { return newFactorizedView() },
		func() scene.Scene { return newCameraView() },
		func() scene.Scene { return newPatchEmbedView() },
		func() scene.Scene { return newLoRAAttnView() },
		func() scene.Scene { return newIm2colView() },
		func() scene.Scene { return newSeparableView() },
		func() scene.Scene { return newCausalView() },
		func() scene.Scene { return newBatchNormView() },
		func() scene.Scene { return newLayerNormView() },
		func() scene.Scene { return newTimestepView() },
		func() scene.Scene { return newFlowCondView() },
		func() scene.Scene { return newPosEncView() },
		func() scene.Scene { return newLSEView() },
		func() scene.Scene { return newFocalView() },
		func() scene.Scene { return newNCEView() },
		func() scene.Scene { return newLoRAView() },
		func() scene.Scene { return newCostView() },
		func() scene.Scene { return newFlopsView("019") },
		func() scene.Scene { return newFlopsView("026") },
		func() scene.Scene { return newCineView("028") },
		func() scene.Scene { return newTwinView() },
		func() scene.Scene { return newGreenScreenView() },
		func() scene.Scene { return newCineView("031") },
	}
	return scene.Catalogue{Families: Families, Views: views, Default: Default}
}
