package shell

import (
	"strings"

	"dlprep/viz"
)

// Target returns where the named control is on screen, in logical pixels,
// as last laid out, so browser tests and automation press real controls
// instead of recomputing the layout. Names:
//
//	menu:<scene id>           a menu entry (only while visible)
//	param:<name>              a parameter's widget (slider track row, toggle)
//	choice:<name>:<choice>    one button of a Choice parameter
//	preset:<preset name>      a preset button
//	button:play|step|reset|help|scenes|parameters|defaults|close-banner
//
// ok is false when the control is not on screen (scrolled away, in a
// closed overlay, or no such name).
func (a *App) Target(name string) (r viz.Rect, ok bool) {
	u := &a.ui
	if u.dirty {
		a.layout()
	}
	kind, arg, _ := strings.Cut(name, ":")
	for _, h := range u.hits {
		if a.targetName(h) == kind+":"+arg {
			return h.r, true
		}
	}
	return viz.Rect{}, false
}

// targetName names a hit region as Target does ("" for unnamed ones).
func (a *App) targetName(h hit) string {
	switch h.kind {
	case hitMenuItem:
		if h.i < len(a.infos) {
			return "menu:" + a.infos[h.i].ID
		}
	case hitSlider, hitToggle:
		if h.i < len(a.params) {
			return "param:" + a.params[h.i].Name
		}
	case hitChoice:
		if h.i < len(a.params) && h.j < len(a.params[h.i].Choices) {
			return "choice:" + a.params[h.i].Name + ":" + a.params[h.i].Choices[h.j]
		}
	case hitPreset:
		if h.i < len(a.ui.presetNames) {
			return "preset:" + a.ui.presetNames[h.i]
		}
	case hitPlay:
		return "button:play"
	case hitStep:
		return "button:step"
	case hitReset:
		return "button:reset"
	case hitHelp:
		return "button:help"
	case hitMenuToggle:
		return "button:scenes"
	case hitPanelToggle:
		return "button:parameters"
	case hitDefaults:
		return "button:defaults"
	case hitBannerClose:
		return "button:close-banner"
	}
	return ""
}
