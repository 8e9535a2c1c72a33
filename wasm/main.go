//go:build js && wasm

package main

import (
	"encoding/json"
	"syscall/js"

	"dlprep/scenes"
	"dlprep/viz/ebitenview"
	"dlprep/viz/plot"
	"dlprep/viz/shell"
)

func main() {
	global := js.Global()
	loc := global.Get("location")
	boot := global.Get("dlprepBoot")
	mark := func(name string) {
		if boot.Truthy() {
			boot.Call("mark", name)
		}
	}
	mark("goMain") // after the runtime and every package's init

	app := shell.New(shell.Options{Catalogue: scenes.All(), OnText: toggleMirror,
		Scores: loadScores(), OnScore: saveScore})
	// The URL wins over the default view; a link with only parameters
	// applies them to the default view.
	if l := shell.ParseQuery(loc.Get("search").String()); l.Problem != "" || l.Scene != "" || len(l.Params) > 0 {
		if l.Problem == "" && l.Scene == "" {
			l.Problem, l.Scene = app.State().Problem, app.State().Scene
		}
		_ = app.ShowLink(l) // a wrong link leaves a banner, and a working view
	}

	mark("appReady")
	p := newPage(app)
	// Plots draw at once with the light renderer; gonum/plot's pictures
	// come from a worker started after the first frame (plotremote.go).
	plotWorker = newPlotRemote(func() bool {
		if boot.Truthy() {
			return !boot.Get("firstFrameAt").IsNull() && !boot.Get("firstFrameAt").IsUndefined()
		}
		return app.Stats().Frames > 0
	})
	plot.SetRemote(plotWorker)
	installAPI(app)
	app.OnChange(func(shell.State) { p.sync() })
	p.sync()
	go p.watch()

	if boot.Truthy() {
		boot.Call("started")
	}
	if err := ebitenview.Run(app, "dlprep"); err != nil {
		p.fatal("The visualizer stopped: " + err.Error())
	}
}

// toggleMirror shows or hides the page's text mirror (the Text button).
func toggleMirror() {
	if boot := js.Global().Get("dlprepBoot"); boot.Truthy() && boot.Get("toggleMirror").Truthy() {
		boot.Call("toggleMirror")
	}
}

// scoresKey is where the quiz scores live in the browser's local storage.
const scoresKey = "dlprep-quiz-scores"

// loadScores reads the learner's quiz scores from local storage (none if
// storage is off or the entry is not ours).
func loadScores() map[string]shell.Score {
	out := map[string]shell.Score{}
	ls := js.Global().Get("localStorage")
	if !ls.Truthy() {
		return out
	}
	v := ls.Call("getItem", scoresKey)
	if v.Type() != js.TypeString {
		return out
	}
	var raw map[string][2]int
	if json.Unmarshal([]byte(v.String()), &raw) != nil {
		return out
	}
	for k, s := range raw {
		if s[0] >= 0 && s[1] >= s[0] {
			out[k] = shell.Score{Right: s[0], Total: s[1]}
		}
	}
	return out
}

// saveScore writes one problem's score back.
func saveScore(problem string, s shell.Score) {
	all := loadScores()
	all[problem] = s
	raw := map[string][2]int{}
	for k, v := range all {
		raw[k] = [2]int{v.Right, v.Total}
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return
	}
	if ls := js.Global().Get("localStorage"); ls.Truthy() {
		ls.Call("setItem", scoresKey, string(b))
	}
}
