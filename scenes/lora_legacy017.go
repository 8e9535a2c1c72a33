package scenes

import (
	"strconv"

	"dlprep/viz/scene"
)

// legacyLoRA017 is the first-contract LoRA scene's view of problem 017
// alone: its problem 013 is told by lora_train.go, and 017 is being moved
// into a view of its own.
func legacyLoRA017() []scene.Factory {
	var out []scene.Factory
	for _, v := range legacyViews(func() Scene { return &loraScene{} }) {
		if v().Info().Problem == "017" {
			out = append(out, v)
		}
	}
	return out
}

// itoa64 formats an int64; the first-contract lora.go still uses it (it
// lived in the complexity scene this branch replaced).
func itoa64(v int64) string { return strconv.FormatInt(v, 10) }
