package conformance

import (
	"bytes"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"dlprep/core"
)

const okCase = `{"name":"ok","op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]}}}`

// TestMalformedCases: JSON that is valid but not a valid case fails that
// case alone, with one "malformed case:" prefix, and the next case runs.
func TestMalformedCases(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"duplicate case key", `{"op":"test_scale","op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expect_error":true}`, `duplicate key "op"`},
		{"duplicate input", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]},"x":{"shape":[1],"data":[2]}},"expected":{"y":{"shape":[1],"data":[1]}}}`, `"inputs": duplicate key "x"`},
		{"duplicate param", `{"op":"test_scale","params":{"scale":1,"scale":2},"inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]}}}`, `"params": duplicate key "scale"`},
		{"duplicate tensor field", `{"op":"test_scale","inputs":{"x":{"shape":[1],"shape":[2],"data":[1]}},"expect_error":true}`, `duplicate key "shape"`},
		{"duplicate expected", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]},"y":{"shape":[1],"data":[5]}}}`, `duplicate key "y"`},
		{"infinite atol", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[9]}},"atol":Infinity}`, "atol must be a finite non-negative number, got +Inf"},
		{"NaN rtol", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[9]}},"rtol":NaN}`, "rtol must be a finite"},
		{"huge atol", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[9]}},"atol":1e999}`, "atol must be a finite"},
		{"negative atol", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[9]}},"atol":-1}`, "atol must be a finite non-negative"},
		{"quoted atol", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[9]}},"atol":"1"}`, "atol must be a number"},
		{"no op", `{"name":"n","inputs":{},"expect_error":true}`, `case has no "op"`},
		{"not an object", `7`, "a case must be an object, found a number"},
		{"bad expected tensor", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":["one"]}}}`, `expected "y": data[0]: a string is not a number`},
	}
	for _, tc := range tests {
		cases, err := ParseFile([]byte("[" + tc.json + "," + okCase + "]"))
		if err != nil {
			t.Errorf("%s: ParseFile: %v", tc.name, err)
			continue
		}
		if len(cases) != 2 {
			t.Errorf("%s: %d cases, want 2", tc.name, len(cases))
			continue
		}
		r := RunCase("f.json", cases[0])
		if r.Pass || !strings.Contains(r.Message, tc.want) {
			t.Errorf("%s: got %q (pass %v), want a failure containing %q", tc.name, r.String(), r.Pass, tc.want)
		}
		if strings.Count(r.Message, "malformed case:") > 1 {
			t.Errorf("%s: prefix repeated: %q", tc.name, r.Message)
		}
		if r2 := RunCase("f.json", cases[1]); !r2.Pass {
			t.Errorf("%s: the case after it failed: %s", tc.name, r2)
		}
	}
}

// TestSyntaxErrorEndsFile: cases before malformed JSON still run; the file
// then fails once, naming the byte.
func TestSyntaxErrorEndsFile(t *testing.T) {
	for _, tail := range []string{`,{"op":`, `,{"op":"x",}`, `,[NaN, Nope]`, `] extra`, `,{"name":"a` + "\x01" + `"}]`} {
		cr := NewCaseReader(strings.NewReader("[" + okCase + tail))
		c, err := cr.Next()
		if err != nil || c.Name != "ok" {
			t.Errorf("%q: first case %+v, %v", tail, c, err)
			continue
		}
		_, err = cr.Next()
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), "malformed JSON at byte") {
			t.Errorf("%q: error %v, want a *SyntaxError", tail, err)
		}
		if _, err := cr.Next(); err != io.EOF {
			t.Errorf("%q: after the syntax error Next gave %v, want io.EOF", tail, err)
		}
	}
}

func TestLexerStrings(t *testing.T) {
	tests := []struct{ in, want string }{
		{`"plain"`, "plain"},
		{`"a\"b\\c\/d\n\t"`, "a\"b\\c/d\n\t"},
		{`"\u00e9\u20ac"`, "é€"},
		{`"\ud83d\ude00"`, "😀"},
		{`"\ud83d"`, "\ufffd"},
		{`"\ud83dx"`, "\ufffdx"},
		{`"\ude00\u0041"`, "\ufffdA"},
		{"\"bad \xff byte\"", "bad \ufffd byte"},
	}
	for _, tc := range tests {
		l := newLexer(strings.NewReader(tc.in))
		k, err := l.next()
		if err != nil || k != tokString || string(l.tok) != tc.want {
			t.Errorf("%s: got %v %q %v, want %q", tc.in, k, l.tok, err, tc.want)
		}
	}
	for _, bad := range []string{`"unterminated`, "\"raw\nnewline\"", `"\x"`, `"\u12"`, `01`, `1.`, `-`, `1e`, `+1`, `.5`, `tru`, `NaNa`} {
		l := newLexer(strings.NewReader(bad))
		k, err := l.next()
		if err == nil {
			// "NaNa" lexes as NaN then an error on "a".
			if k, err = l.next(); err == nil {
				t.Errorf("%q: no error (token %v)", bad, k)
			}
		}
	}
}

// TestExpectedIntegersExact: counts past 2^53 compare and print exactly.
func TestExpectedIntegersExact(t *testing.T) {
	Register(Op{Name: "test_big", Run: func(Inputs, Params) (Outputs, error) {
		return Outputs{"n": IntScalar(1<<61 + 1)}, nil
	}})
	for _, tc := range []struct {
		want string
		pass bool
	}{{"2305843009213693953", true}, {"2305843009213693952", false}, {"2305843009213693953.0", false}} {
		cases, err := ParseFile([]byte(`{"op":"test_big","expected":{"n":{"shape":[],"data":` + tc.want + `}}}`))
		if err != nil {
			t.Fatal(err)
		}
		if r := RunCase("f", cases[0]); r.Pass != tc.pass {
			t.Errorf("expected %s: pass %v, want %v (%s)", tc.want, r.Pass, tc.pass, r)
		}
	}
	var buf bytes.Buffer
	jw := NewJSONWriter(&buf)
	jw.Outputs(Outputs{"n": IntScalar(1 << 61), "k": IntVector([]int{3, 1})})
	jw.Flush()
	if want := `{"k": {"shape": [2], "data": [3, 1]}, "n": {"shape": [], "data": [2305843009213693952]}}`; buf.String() != want {
		t.Errorf("got %s, want %s", buf.String(), want)
	}
}

func TestJSONWriterEscapes(t *testing.T) {
	var buf bytes.Buffer
	jw := NewJSONWriter(&buf)
	jw.String("a\x01b\x1b[2J\"<>\xff")
	jw.Raw(" ")
	jw.Outputs(Outputs{"y": FromTensor(&core.Tensor{Shape: []int{3}, Data: []float32{float32(math.NaN()), float32(math.Inf(-1)), 0.1}})})
	jw.Flush()
	want := `"a\u0001b\u001b[2J\"<>\ufffd" {"y": {"shape": [3], "data": ["NaN", "-Infinity", 0.1]}}`
	if buf.String() != want {
		t.Errorf("got  %s\nwant %s", buf.String(), want)
	}
}

// TestCaseDataBudget: a case's tensors are held to the memory budget
// before anything is allocated, whether the shape comes first or not.
func TestCaseDataBudget(t *testing.T) {
	defer core.SetBudget(core.SetBudget(1 << 10)) // 256 float32s
	tests := []struct {
		name, json, want string
		decode           bool // DecodeErr (an input) rather than ParseErr
	}{
		{"huge shape, empty data", `{"op":"test_scale","inputs":{"x":{"shape":[2147483647,1],"data":[]}},"expect_error":true}`, "over the 1.0 KiB budget", true},
		{"zero does not hide the rest", `{"op":"test_scale","inputs":{"x":{"shape":[2147483647,0,4],"data":[]}},"expect_error":true}`, "too large", true},
		{"data before shape", `{"op":"test_scale","inputs":{"x":{"data":[` + strings.Repeat("1,", 300) + `1],"shape":[301]}},"expect_error":true}`, "over the 1.0 KiB budget", true},
		{"inputs and expected share it", `{"op":"test_scale","inputs":{"x":{"shape":[200],"data":[` + strings.Repeat("1,", 199) + `1]}},"expected":{"y":{"shape":[200],"data":[` + strings.Repeat("1,", 199) + `1]}}}`, "over the 1.0 KiB budget", false},
	}
	for _, tc := range tests {
		cases, err := ParseFile([]byte(tc.json))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := cases[0].ParseErr
		if tc.decode {
			got = cases[0].DecodeErr
		}
		if got == nil || !strings.Contains(got.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, got, tc.want)
		}
	}
}

// TestSpecialFiles: a FIFO, a link to /dev/zero, a directory named *.json
// and a missing path each fail with a message, at once, and the files
// around them still run.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.json", okCase)
	write("z.json", "["+okCase+"]")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.json")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("empty.json", "[]")

	done := make(chan []Result)
	go func() {
		files, bad := CollectFiles([]string{filepath.Join(dir, "missing.json"), dir})
		res := bad
		for _, f := range files {
			res = append(res, CheckFile(f)...)
		}
		done <- res
	}()
	var res []Result
	select {
	case res = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the runner hung on a special file")
	}
	want := map[string]string{
		"missing.json": "no such file",
		"fifo.json":    "is a named pipe (FIFO), not a case file",
		"zero.json":    "is a device, not a case file",
		"empty.json":   "file holds no cases",
		"a.json":       "",
		"z.json":       "",
	}
	seen := map[string]bool{}
	for _, r := range res {
		base := filepath.Base(r.File)
		seen[base] = true
		w, ok := want[base]
		if !ok {
			continue
		}
		if w == "" && !r.Pass || w != "" && (r.Pass || !strings.Contains(r.Message, w)) {
			t.Errorf("%s: %s (pass %v), want %q", base, r, r.Pass, w)
		}
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("no result for %s", name)
		}
	}
}

func TestSafeText(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"plain name", 0, "plain name"},
		{"a\x1b[31mred", 0, `a\x1b[31mred`},
		{"x\n999 passed, 0 failed", 0, `x\x0a999 passed, 0 failed`},
		{"tab\there\r", 0, `tab\x09here\x0d`},
		{"\u202egnp.exe", 0, `\u202egnp.exe`},
		{"c1\u009bm", 0, `c1\u009bm`},
		{"bad\xffutf8", 0, `bad\xffutf8`},
		{"héllo wörld", 5, "héllo…"},
		{"ok\ufffd", 0, "ok\ufffd"},
	}
	for _, tc := range tests {
		if got := SafeText(tc.in, tc.max); got != tc.want {
			t.Errorf("SafeText(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
	}
	r := Result{File: "f\x07.json", Case: "n\x1b]0;title\x07", Message: "m\n"}
	if s := r.String(); strings.ContainsAny(s, "\x07\x1b\n") {
		t.Errorf("Result.String() = %q keeps control characters", s)
	}
}

// TestShapeClaimsDoNotAllocate: a few bytes claiming a large shape (within
// the budget) get an error, not a buffer of the claimed size.
func TestShapeClaimsDoNotAllocate(t *testing.T) {
	src := []byte(`{"op":"test_scale","inputs":{"x":{"shape":[50000000],"data":[1,2,3]}},"expect_error":true}`)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cases, err := ParseFile(src)
	runtime.ReadMemStats(&after)
	if err != nil || cases[0].DecodeErr == nil || !strings.Contains(cases[0].DecodeErr.Error(), "data length 3 does not match") {
		t.Fatalf("got %+v, %v", cases, err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("parsing %d bytes allocated %d bytes", len(src), grew)
	}
}
