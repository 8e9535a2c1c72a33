package tex

// DefaultMinScriptSize is the smallest size, in logical pixels, that
// scripts, fraction parts and limits shrink to: the product requires text
// of at least 12 CSS px on desktop (pass 11 in Options on phones).
const DefaultMinScriptSize = 12

// DefaultScriptScale is how much smaller a script is than its base before
// the minimum applies (TeX's is 0.7; a larger one keeps scripts legible on
// screens).
const DefaultScriptScale = 0.78

// Options tune layout. The zero value means the defaults.
type Options struct {
	// MinScriptSize is the floor for script, fraction and limit sizes in
	// logical pixels; 0 means DefaultMinScriptSize. A script is never
	// larger than its base, so material whose base size is already below
	// the floor keeps the base size.
	MinScriptSize float64
	// ScriptScale is the ratio of a script's size to its base's; 0 means
	// DefaultScriptScale.
	ScriptScale float64
	// Display lays the formula out in display style: fraction parts at full
	// size, limits above and below \sum, \prod, \max, larger operators.
	Display bool
}

func (o Options) resolved() Options {
	if !(o.MinScriptSize > 0) {
		o.MinScriptSize = DefaultMinScriptSize
	}
	if !(o.ScriptScale > 0 && o.ScriptScale <= 1) {
		o.ScriptScale = DefaultScriptScale
	}
	return o
}
