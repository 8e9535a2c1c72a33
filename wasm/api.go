//go:build js && wasm

package main

import (
	"syscall/js"

	"dlprep/scenes"
	"dlprep/viz/shell"
)

// installAPI defines window.dlviz (see doc.go). The functions run on the
// JS event loop between frames; the app is single-threaded under WASM, so
// they see it between Updates, never in the middle of one.
func installAPI(app *shell.App) {
	api := map[string]any{
		"scenes": js.FuncOf(func(js.Value, []js.Value) any {
			var out []any
			for _, in := range app.Scenes() {
				out = append(out, map[string]any{"id": in.ID, "title": in.Title, "family": in.Family,
					"problems": jsStrings(in.Problems), "params": paramSpecs(in.ID)})
			}
			return out
		}),
		"show": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) == 0 || args[0].Type() != js.TypeString {
				return "dlviz.show(id, params): id must be a string"
			}
			params := map[string]string{}
			if len(args) > 1 && args[1].Type() == js.TypeObject {
				keys := js.Global().Get("Object").Call("keys", args[1])
				for i := 0; i < keys.Length(); i++ {
					k := keys.Index(i).String()
					params[k] = js.Global().Call("String", args[1].Get(k)).String()
				}
			}
			if err := app.Show(args[0].String(), params); err != nil {
				return err.Error()
			}
			return nil
		}),
		"state": js.FuncOf(func(js.Value, []js.Value) any {
			s := app.State()
			params := map[string]any{}
			for k, v := range s.Params {
				params[k] = v
			}
			return map[string]any{"scene": s.Scene, "params": params, "step": s.Step, "playing": s.Playing}
		}),
		"stats": js.FuncOf(func(js.Value, []js.Value) any {
			s := app.Stats()
			out := map[string]any{"firstFrameMs": s.FirstFrameMs, "frames": s.Frames,
				"workMsP50": s.WorkMsP50, "workMsP95": s.WorkMsP95}
			if plotWorker != nil {
				for k, v := range plotWorker.stats() {
					out[k] = v
				}
			}
			return out
		}),
		"mirror": js.FuncOf(func(js.Value, []js.Value) any {
			m := app.Mirror()
			return map[string]any{"title": m.Title, "problems": jsStrings(m.Problems), "statement": m.Statement,
				"formula": m.Formula, "lookFor": m.LookFor, "params": pairs(m.Params), "progress": m.Progress,
				"readout": pairs(m.Readout), "error": m.Error}
		}),
		"query": js.FuncOf(func(js.Value, []js.Value) any { return app.Query() }),
		// target(name) is where a control is drawn, {x, y, w, h} in CSS
		// pixels, or null when it is not on screen (see shell.App.Target for
		// the names): automation presses real controls without copying the
		// layout.
		"target": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) == 0 || args[0].Type() != js.TypeString {
				return nil
			}
			r, ok := app.Target(args[0].String())
			if !ok {
				return nil
			}
			return map[string]any{"x": r.X, "y": r.Y, "w": r.W, "h": r.H}
		}),
	}
	js.Global().Set("dlviz", js.ValueOf(api))
}

// jsStrings converts for js.ValueOf, which takes []any but not []string.
func jsStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// pairs converts a readout to [{key, value}] (an array, to keep its order).
func pairs(kvs []scenes.KV) []any {
	out := make([]any, len(kvs))
	for i, kv := range kvs {
		out[i] = map[string]any{"key": kv.Key, "value": kv.Value}
	}
	return out
}

var kindNames = map[scenes.ParamKind]string{scenes.Float: "float", scenes.Int: "int", scenes.Bool: "bool", scenes.Choice: "choice"}

// paramSpecs describes a scene's parameters, so a script (or a test) can
// build valid and invalid links without knowing the scene.
func paramSpecs(id string) []any {
	sc, err := scenes.New(id)
	if err != nil {
		return nil
	}
	var out []any
	for _, p := range sc.Params() {
		out = append(out, map[string]any{"name": p.Name, "label": p.Label, "kind": kindNames[p.Kind],
			"min": p.Min, "max": p.Max, "step": p.Step, "default": p.Default, "choices": jsStrings(p.Choices)})
	}
	return out
}
