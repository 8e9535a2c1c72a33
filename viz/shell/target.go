package shell

import (
	"strings"

	"dlprep/viz"
)

// Target returns where the named control is on screen, in logical pixels,
// as last laid out, so browser tests and automation press real controls
// instead of recomputing the layout. Names:
//
//	menu:<problem>|<scene id>  a menu entry (only while visible)
//	param:<name>               a parameter's widget (slider track row, toggle)
//	choice:<name>:<choice>     one button of a Choice parameter
//	preset:<preset name>       a preset button
//	scrubber                   the timeline
//	answer:<pitfall choice>    a quiz answer ("answer:none" is the right version)
//	button:play|back|forward|speed|loop|reset|help|text|quiz|reveal|next|end-quiz|problems|parameters|defaults|close-banner
//
// ok is false when the control is not on screen (scrolled away, in a
// closed overlay, or no such name).
func (a *App) Target(name string) (r viz.Rect, ok bool) {
	u := &a.ui
	if u.dirty {
		a.layout()
	}
	for _, h := range u.hits {
		if a.targetName(h) == name {
			return h.r, true
		}
		if h.kind == hitMenuItem && h.i < len(a.views) && strings.TrimPrefix(name, "menu:") == a.views[h.i].info.ID &&
			strings.HasPrefix(name, "menu:") && a.firstOfScene(h.i) {
			return h.r, true
		}
	}
	return viz.Rect{}, false
}

// firstOfScene reports whether view i is its scene's first in the menu.
func (a *App) firstOfScene(i int) bool {
	for j := 0; j < i; j++ {
		if a.views[j].info.ID == a.views[i].info.ID {
			return false
		}
	}
	return true
}

// targetName names a hit region as Target does ("" for unnamed ones).
func (a *App) targetName(h hit) string {
	switch h.kind {
	case hitMenuItem:
		if h.i < len(a.views) {
			if p := a.views[h.i].info.Problem; p != "" {
				return "menu:" + p
			}
			return "menu:" + a.views[h.i].info.ID
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
		if h.i < len(a.presets) {
			return "preset:" + a.presets[h.i].Name
		}
	case hitScrub:
		return "scrubber"
	case hitQuiz:
		return "button:quiz"
	case hitQuizAnswer:
		if pi, _, ok := a.quizParams(); ok && h.i < len(a.params[pi].Choices) {
			return "answer:" + a.params[pi].Choices[h.i]
		}
	case hitQuizReveal:
		return "button:reveal"
	case hitQuizNext:
		return "button:next"
	case hitQuizEnd:
		return "button:end-quiz"
	case hitPlay:
		return "button:play"
	case hitBack:
		return "button:back"
	case hitFwd:
		return "button:forward"
	case hitSpeed:
		return "button:speed"
	case hitLoop:
		return "button:loop"
	case hitReset:
		return "button:reset"
	case hitHelp:
		return "button:help"
	case hitText:
		return "button:text"
	case hitMenuToggle:
		return "button:problems"
	case hitPanelToggle:
		return "button:parameters"
	case hitDefaults:
		return "button:defaults"
	case hitBannerClose:
		return "button:close-banner"
	}
	return ""
}
