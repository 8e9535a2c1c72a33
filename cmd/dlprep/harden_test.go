package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tensorJSON writes {"shape": shape, "data": [fill, fill, ...]}.
func tensorJSON(fill string, shape ...int) string {
	n := 1
	for _, d := range shape {
		n *= d
	}
	data := strings.TrimSuffix(strings.Repeat(fill+",", n), ",")
	b, _ := json.Marshal(shape)
	return fmt.Sprintf(`{"shape": %s, "data": [%s]}`, b, data)
}

// attnWeights are zero-width nn.Linear weights for the channel-0 repros.
func linear0(names ...string) string {
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf(`"%s.weight": %s, "%s.bias": %s`, n, tensorJSON("0", 0, 0), n, tensorJSON("0", 0)))
	}
	return strings.Join(parts, ", ")
}

// TestIssueReprosFailCleanly runs every input of issue 14 that crashed the
// runner, ran out of memory or panicked, in one file followed by a good
// case: each must fail with a message naming the problem (the sizes, for
// the budget), the good case must still pass and the summary must be
// printed. None of them may allocate what it asks for: they would take
// gigabytes, so an unchecked one would crash the test binary.
func TestIssueReprosFailCleanly(t *testing.T) {
	repros := []struct{ name, body, want string }{
		{"logsumexp 2^31-1 x 0", `"op": "logsumexp", "inputs": {"x": {"shape": [2147483647, 0], "data": []}}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"logsumexp: x has no classes"},
		{"alpha_composite 2^31-1 rays", `"op": "alpha_composite", "inputs": {"colors": {"shape": [2147483647, 0, 3], "data": []}, "opacities": {"shape": [2147483647, 0, 1], "data": []}}, "expected": {"color": {"shape": [1], "data": [0]}}`,
			`input "colors": shape [2147483647 0 3] is too large`},
		{"alpha_composite 2^30 empty rays", `"op": "alpha_composite", "inputs": {"colors": {"shape": [1073741824, 0, 1], "data": []}, "opacities": {"shape": [1073741824, 0, 1], "data": []}}, "expected": {"color": {"shape": [1], "data": [0]}}`,
			"colors must have shape [B,N,3]"},
		{"alpha_composite 2^29 empty rays", `"op": "alpha_composite", "inputs": {"colors": {"shape": [536870912, 0, 3], "data": []}, "opacities": {"shape": [536870912, 0, 1], "data": []}}, "expected": {"color": {"shape": [1], "data": [0]}}`,
			"alpha_composite: color [536870912,3] needs 6.0 GiB, over the 256 MiB budget"},
		{"lora_linear zero-width x", `"op": "lora_linear", "params": {"alpha": 1}, "inputs": {"x": {"shape": [2147483647, 0], "data": []}, "base.weight": {"shape": [4, 0], "data": []}, "base.bias": ` + tensorJSON("0", 4) + `, "lora_A.weight": {"shape": [1, 0], "data": []}, "lora_B.weight": ` + tensorJSON("0", 4, 1) + `}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"at least one input and one output feature"},
		{"sdpa 16384", `"op": "sdpa", "inputs": {"query": ` + tensorJSON("1", 1, 1, 16384, 1) + `, "key": ` + tensorJSON("1", 1, 1, 16384, 1) + `, "value": ` + tensorJSON("1", 1, 1, 16384, 1) + `}, "expected": {"output": {"shape": [1], "data": [0]}}`,
			"sdpa: output [1,1,16384,1] + attention [1,1,16384,16384] need 1.0 GiB, over the 256 MiB budget"},
		{"box_iou 16384 x 16384", `"op": "box_iou", "inputs": {"boxes1": ` + tensorJSON("1", 16384, 4) + `, "boxes2": ` + tensorJSON("1", 16384, 4) + `}, "expected": {"iou": {"shape": [1], "data": [0]}}`,
			"box_iou: iou [16384,16384] needs 1.0 GiB"},
		{"timestep_embedding 4096 x 65536", `"op": "timestep_embedding", "params": {"embedding_dim": 65536}, "inputs": {"timesteps": ` + tensorJSON("1", 4096) + `}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"timestep_embedding: y [4096,65536] needs 1.0 GiB"},
		{"lora_linear 16384 x 16384", `"op": "lora_linear", "params": {"alpha": 1}, "inputs": {"x": ` + tensorJSON("1", 16384, 1) + `, "base.weight": ` + tensorJSON("1", 16384, 1) + `, "base.bias": ` + tensorJSON("0", 16384) + `, "lora_A.weight": ` + tensorJSON("1", 1, 1) + `, "lora_B.weight": ` + tensorJSON("1", 16384, 1) + `}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"lora_linear: y [16384,16384] + x·Aᵀ [16384,1] need 1.0 GiB"},
		{"mhsa C=0", `"op": "mhsa", "params": {"num_heads": 1}, "inputs": {"x": {"shape": [1, 4, 0], "data": []}, ` + linear0("q_proj", "k_proj", "v_proj", "out_proj") + `}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"mhsa: the channels D must be positive, got D=0"},
		{"window_attention C=0", `"op": "window_attention", "params": {"num_heads": 1, "window_size": [1, 1, 1]}, "inputs": {"x": {"shape": [1, 0, 1, 1, 1], "data": []}, "qkv.weight": {"shape": [0, 0], "data": []}, "qkv.bias": {"shape": [0], "data": []}, "proj.weight": {"shape": [0, 0], "data": []}, "proj.bias": {"shape": [0], "data": []}}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"window_attention: the channels C must be positive"},
		{"factorized_attention C=0", `"op": "factorized_attention", "params": {"num_heads": 1}, "inputs": {"x": {"shape": [1, 1, 0, 1, 1], "data": []}, "spatial.in_proj_weight": {"shape": [0, 0], "data": []}, "spatial.in_proj_bias": {"shape": [0], "data": []}, "spatial.out_proj.weight": {"shape": [0, 0], "data": []}, "spatial.out_proj.bias": {"shape": [0], "data": []}, "temporal.in_proj_weight": {"shape": [0, 0], "data": []}, "temporal.in_proj_bias": {"shape": [0], "data": []}, "temporal.out_proj.weight": {"shape": [0, 0], "data": []}, "temporal.out_proj.bias": {"shape": [0], "data": []}}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"factorized_attention: the channels C must be positive"},
		{"camera_cross_attention C=0", `"op": "camera_cross_attention", "params": {"num_heads": 1}, "inputs": {"x": {"shape": [1, 1, 0, 1, 1], "data": []}, "cam": ` + tensorJSON("1", 1, 1, 2) + `, "to_q.weight": {"shape": [0, 0], "data": []}, "to_k.weight": {"shape": [0, 2], "data": []}, "to_v.weight": {"shape": [0, 2], "data": []}, "proj.weight": {"shape": [0, 0], "data": []}, "proj.bias": {"shape": [0], "data": []}}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"camera_cross_attention: the channels C must be positive"},
		{"lora_mhsa C=0", `"op": "lora_mhsa", "params": {"num_heads": 1, "alpha": 1}, "inputs": {"x": {"shape": [1, 2, 0], "data": []}, "q_proj.weight": {"shape": [0, 0], "data": []}, "k_proj.weight": {"shape": [0, 0], "data": []}, "v_proj.weight": {"shape": [0, 0], "data": []}, "lora_q_A": {"shape": [0, 1], "data": []}, "lora_q_B": {"shape": [1, 0], "data": []}, "lora_v_A": {"shape": [0, 1], "data": []}, "lora_v_B": {"shape": [1, 0], "data": []}}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"lora_mhsa: the channels D must be positive"},
		{"grid_sample [1,3,0,3]", `"op": "grid_sample", "inputs": {"input": {"shape": [1, 3, 0, 3], "data": []}, "grid": ` + tensorJSON("0", 1, 2, 2, 2) + `}, "expected": {"y": {"shape": [1], "data": [0]}}`,
			"grid_sample: input must have at least one channel, row and column, got shape [1 3 0 3]"},
		{"infinite atol", `"op": "logsumexp", "inputs": {"x": ` + tensorJSON("1", 1, 2) + `}, "expected": {"y": {"shape": [1], "data": [12345]}}, "atol": Infinity`,
			"malformed case: atol must be a finite non-negative number"},
		{"duplicate key", `"op": "logsumexp", "inputs": {"x": ` + tensorJSON("1", 1, 2) + `, "x": ` + tensorJSON("2", 1, 2) + `}, "expected": {"y": {"shape": [1], "data": [1.6931472]}}`,
			`malformed case: "inputs": duplicate key "x"`},
	}
	var cases []string
	for _, r := range repros {
		cases = append(cases, fmt.Sprintf(`{"name": %q, %s}`, r.name, r.body))
	}
	cases = append(cases, `{"name": "good", "op": "logsumexp", "inputs": {"x": {"shape": [1, 2], "data": [0, 0]}}, "expected": {"y": {"shape": [1], "data": [0.6931472]}}}`)
	dir := t.TempDir()
	file := filepath.Join(dir, "repros.json")
	if err := os.WriteFile(file, []byte("[\n"+strings.Join(cases, ",\n")+"\n]"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI("check", file)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if want := fmt.Sprintf("1 passed, %d failed", len(repros)); lines[len(lines)-1] != want || code != 1 {
		t.Errorf("exit %d, last line %q; want 1 and %q", code, lines[len(lines)-1], want)
	}
	for _, r := range repros {
		found := false
		for _, l := range lines {
			if strings.Contains(l, ": "+r.name+": ") {
				found = true
				if !strings.Contains(l, r.want) {
					t.Errorf("%s: %q\nwant it to contain %q", r.name, l, r.want)
				}
				if strings.Contains(l, "panic") {
					t.Errorf("%s panicked: %s", r.name, l)
				}
			}
		}
		if !found {
			t.Errorf("%s: no report line", r.name)
		}
	}
}

// TestCheckGoesOnAfterBadPaths: a missing path, a FIFO and a link to
// /dev/zero each give one failure; the other files run, the summary comes,
// and nothing hangs.
func TestCheckGoesOnAfterBadPaths(t *testing.T) {
	dir := t.TempDir()
	good := `{"op": "timestep_embedding", "params": {"embedding_dim": 2}, "inputs": {"timesteps": {"shape": [1], "data": [0]}}, "expected": {"y": {"shape": [1, 2], "data": [0, 1]}}}`
	os.WriteFile(filepath.Join(dir, "a.json"), []byte(good), 0o644)
	os.WriteFile(filepath.Join(dir, "c.json"), []byte(good), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "b_fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "b_zero.json")); err != nil {
		t.Fatal(err)
	}
	type result struct {
		code int
		out  string
	}
	done := make(chan result, 1)
	go func() {
		code, out, _ := runCLI("check", filepath.Join(dir, "a.json"), filepath.Join(dir, "nope.json"), dir)
		done <- result{code, out}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("check hung on a special file")
	}
	for _, want := range []string{"nope.json: (path): stat", "b_fifo.json: (file): ", "is a named pipe (FIFO)", "b_zero.json: (file): ", "is a device"} {
		if !strings.Contains(r.out, want) {
			t.Errorf("output lacks %q:\n%s", want, r.out)
		}
	}
	if !strings.HasSuffix(r.out, "3 passed, 3 failed\n") || r.code != 1 {
		t.Errorf("exit %d, output:\n%s\nwant the summary 3 passed, 3 failed", r.code, r.out)
	}
}

// TestCheckEscapesNames: a case name cannot put escape sequences on the
// terminal or forge the summary line.
func TestCheckEscapesNames(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "x.json")
	os.WriteFile(f, []byte(`{"name": "\u001b[2J\u001b[1;1H\n999 passed, 0 failed", "op": "nope", "expect_error": true}`), 0o644)
	_, out, _ := runCLI("check", f)
	if strings.ContainsAny(out, "\x1b") || strings.Contains(out, "\n999 passed") {
		t.Errorf("raw name reached the terminal: %q", out)
	}
	if !strings.Contains(out, `\x1b[2J`) || !strings.HasSuffix(out, "0 passed, 1 failed\n") {
		t.Errorf("output %q: want the escaped name and the real summary", out)
	}
}

// TestEvalStreamsValidJSON: names with control characters, integers past
// 2^53 and non-finite values all come out as valid JSON that reads back.
func TestEvalStreamsValidJSON(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "x.json")
	os.WriteFile(f, []byte(`[{"name": "a\u0001b\u001b", "op": "cnn_vit_flops", "params": {"N": 1, "C": 1, "K": 1073741824, "Kt": 1}, "expected": {"conv2d": {"shape": [], "data": [1]}}},
		{"name": "nan", "op": "logsumexp", "inputs": {"x": {"shape": [1, 2], "data": [-Infinity, -Infinity]}}, "expected": {"y": {"shape": [1], "data": [0]}}}]`), 0o644)
	code, out, errOut := runCLI("eval", f)
	if code != 0 {
		t.Errorf("exit %d: %s", code, errOut)
	}
	var got []struct {
		Name    string
		Outputs map[string]struct {
			Data []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("eval output is not JSON: %v\n%s", err, out)
	}
	if len(got) != 2 || got[0].Name != "a\x01b\x1b" {
		t.Fatalf("got %+v", got)
	}
	if c := string(got[0].Outputs["conv2d"].Data[0]); c != "2305843009213693952" {
		t.Errorf("conv2d = %s, want 2^61 = 2305843009213693952 exactly", c)
	}
	if y := string(got[1].Outputs["y"].Data[0]); y != `"-Infinity"` {
		t.Errorf("y = %s, want \"-Infinity\"", y)
	}
}

// TestEvalEmptyFileFails: eval of [] fails as check does.
func TestEvalEmptyFileFails(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "x.json")
	os.WriteFile(f, []byte(` [ ] `), 0o644)
	code, out, errOut := runCLI("eval", f)
	if code != 1 || strings.TrimSpace(out) != "[]" || !strings.Contains(errOut, "file holds no cases") {
		t.Errorf("eval []: exit %d, stdout %q, stderr %q; want 1, [] and a message", code, out, errOut)
	}
	if code, out, _ := runCLI("check", f); code != 1 || !strings.Contains(out, "file holds no cases") {
		t.Errorf("check []: exit %d, %q", code, out)
	}
	if code, _, errOut := runCLI("eval", filepath.Join(dir, "missing.json")); code != 1 || !strings.Contains(errOut, "no such file") || strings.Count(errOut, "dlprep eval:") != 1 {
		t.Errorf("eval of a missing file: exit %d, stderr %q", code, errOut)
	}
}

// TestEvalKeepsCasesAfterASyntaxError: the cases before malformed JSON are
// printed, the array is closed, and the exit code says it failed.
func TestEvalKeepsCasesAfterASyntaxError(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "x.json")
	os.WriteFile(f, []byte(`[{"name": "ok", "op": "logsumexp", "inputs": {"x": {"shape": [1, 1], "data": [0]}}, "expected": {"y": {"shape": [1], "data": [0]}}}, {"name": `), 0o644)
	code, out, errOut := runCLI("eval", f)
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Errorf("stdout %q is not a one-case array: %v", out, err)
	}
	if code != 1 || !strings.Contains(errOut, "malformed JSON at byte") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
