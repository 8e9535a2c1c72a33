//go:build js && wasm

package main

import (
	"regexp"
	"syscall/js"

	"dlprep/viz/lint"
	"dlprep/viz/scene"
	"dlprep/viz/shell"
)

// problemID tells a problem number ("004") from a scene id in show().
var problemID = regexp.MustCompile(`^[0-9]{3}$`)

// installAPI defines window.dlviz (see doc.go). The functions run on the
// JS event loop between frames; the app is single-threaded under WASM, so
// they see it between Updates, never in the middle of one.
func installAPI(app *shell.App) {
	api := map[string]any{
		"scenes": js.FuncOf(func(js.Value, []js.Value) any {
			var out []any
			for i, in := range app.Views() {
				var presets []any
				for _, pr := range app.ViewPresets(i) {
					ps := map[string]any{}
					for k, v := range pr.Params {
						ps[k] = v
					}
					presets = append(presets, map[string]any{"name": pr.Name, "params": ps})
				}
				out = append(out, map[string]any{"id": in.ID, "problem": in.Problem, "title": in.Title,
					"family": in.Family, "params": paramSpecs(app.ViewParams(i)), "presets": presets})
			}
			return out
		}),
		// show(problemOrScene, params): "004" opens problem 004, "nms" the
		// scene's first view; params may hold "step".
		"show": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) == 0 || args[0].Type() != js.TypeString {
				return "dlviz.show(id, params): id must be a problem number or a scene id"
			}
			params := map[string]string{}
			if len(args) > 1 && args[1].Type() == js.TypeObject {
				keys := js.Global().Get("Object").Call("keys", args[1])
				for i := 0; i < keys.Length(); i++ {
					k := keys.Index(i).String()
					params[k] = js.Global().Call("String", args[1].Get(k)).String()
				}
			}
			problem, id := "", args[0].String()
			if problemID.MatchString(id) {
				problem, id = id, ""
			}
			if err := app.Show(problem, id, params); err != nil {
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
			q := app.Quiz()
			return map[string]any{"scene": s.Scene, "problem": s.Problem, "params": params, "step": s.Step,
				"steps": s.Steps, "time": s.Time, "duration": s.Duration, "playing": s.Playing, "loop": s.Loop,
				"speed": s.Speed, "quiz": map[string]any{"active": q.Active, "seed": q.Seed, "answered": q.Answered,
					"correct": q.Correct, "right": q.Score.Right, "total": q.Score.Total}}
		}),
		// seek(k) pauses at step k; play(on) plays or pauses.
		"seek": js.FuncOf(func(_ js.Value, args []js.Value) any {
			if len(args) > 0 && args[0].Type() == js.TypeNumber {
				app.SeekStep(args[0].Int())
			}
			return nil
		}),
		"play": js.FuncOf(func(_ js.Value, args []js.Value) any {
			app.SetPlaying(len(args) == 0 || args[0].Truthy())
			return nil
		}),
		// lint() checks the current view's layout (see viz/lint).
		"lint": js.FuncOf(func(js.Value, []js.Value) any { return lintReport(app.Lint()) }),
		// resetStats forgets the frame times so far (measure a view's
		// steady state apart from its switch).
		"resetStats": js.FuncOf(func(js.Value, []js.Value) any { app.ResetStats(); return nil }),
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
			return map[string]any{"title": m.Title, "problem": m.Problem, "statement": m.Statement,
				"formula": m.Formula, "lookFor": m.LookFor, "params": pairs(m.Params), "progress": m.Progress,
				"caption": m.Caption, "shapes": m.Shapes, "readout": pairs(m.Readout), "focus": m.Focus,
				"error": m.Error}
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
func pairs(kvs []scene.KV) []any {
	out := make([]any, len(kvs))
	for i, kv := range kvs {
		out[i] = map[string]any{"key": kv.Key, "value": kv.Value}
	}
	return out
}

var kindNames = map[scene.ParamKind]string{scene.Float: "float", scene.Int: "int", scene.Bool: "bool", scene.Choice: "choice"}

// lintReport converts for js.ValueOf.
func lintReport(r lint.Report) any {
	return map[string]any{"overlaps": r.Overlaps, "clipped": r.Clipped, "tooSmall": r.TooSmall,
		"details": jsStrings(r.Details)}
}

// paramSpecs describes a view's parameters, so a script (or a test) can
// build valid and invalid links without knowing the scene.
func paramSpecs(ps []scene.Param) []any {
	var out []any
	for _, p := range ps {
		out = append(out, map[string]any{"name": p.Name, "label": p.Label, "kind": kindNames[p.Kind],
			"min": p.Min, "max": p.Max, "step": p.Step, "default": p.Default, "choices": jsStrings(p.Choices)})
	}
	return out
}
