//go:build js && wasm

package main

import (
	"syscall/js"

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

	app := shell.New(shell.Options{})
	// The URL wins over the default scene; a link with only parameters
	// applies them to the default scene.
	if id, params := shell.ParseQuery(loc.Get("search").String()); id != "" || len(params) > 0 {
		if id == "" {
			id = app.State().Scene
		}
		_ = app.Show(id, params) // a wrong link leaves a banner, and a working view
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
