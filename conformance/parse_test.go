package conformance

import (
	"math"
	"strings"
	"testing"

	"dlprep/core"
)

func init() {
	// A tiny op for the runner's own tests: y = x * scale, plus an integer
	// count output, and an error for negative scale.
	Register(Op{
		Name:     "test_scale",
		Inputs:   []string{"x"},
		Optional: []string{"bias"},
		Params:   []string{"scale"},
		Run: func(in Inputs, p Params) (Outputs, error) {
			s, err := p.FloatOr("scale", 1)
			if err != nil {
				return nil, err
			}
			if s < 0 {
				return nil, errNegative
			}
			x := in["x"].Clone()
			for i := range x.Data {
				x.Data[i] *= float32(s)
			}
			return Outputs{"y": FromTensor(x), "n": IntScalar(int64(len(x.Data)))}, nil
		},
	})
	Register(Op{Name: "test_panic", Inputs: []string{"x"}, Run: func(Inputs, Params) (Outputs, error) {
		var t *core.Tensor
		return Outputs{"y": FromTensor(t)}, nil // nil dereference on purpose
	}})
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errNegative = constErr("test_scale: scale must be >= 0")

func TestRunCase(t *testing.T) {
	tests := []struct {
		name, json string
		pass       bool
		msg        string // substring of the failure message
	}{
		{"exact", `{"op":"test_scale","params":{"scale":2},"inputs":{"x":{"shape":[2],"data":[1,2]}},"expected":{"y":{"shape":[2],"data":[2,4]}}}`, true, ""},
		{"within tolerance", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1.00005]}}}`, true, ""},
		{"outside tolerance", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1.001]}}}`, false, "mismatch"},
		{"custom atol", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1.001]}},"atol":0.01}`, true, ""},
		{"shape mismatch", `{"op":"test_scale","inputs":{"x":{"shape":[2],"data":[1,2]}},"expected":{"y":{"shape":[1,2],"data":[1,2]}}}`, false, "shape"},
		{"int exact", `{"op":"test_scale","inputs":{"x":{"shape":[2],"data":[1,2]}},"expected":{"n":{"shape":[],"data":[2]}}}`, true, ""},
		{"int off by tolerance", `{"op":"test_scale","inputs":{"x":{"shape":[2],"data":[1,2]}},"expected":{"n":{"shape":[],"data":[2.00001]}}}`, false, "mismatch"},
		{"scalar bare datum", `{"op":"test_scale","inputs":{"x":{"shape":[],"data":3}},"expected":{"y":{"shape":[],"data":[3]}}}`, true, ""},
		{"missing output", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"z":{"shape":[1],"data":[1]}}}`, false, "does not compute"},
		{"unknown op", `{"op":"nope","inputs":{},"expected":{"y":{"shape":[],"data":[1]}}}`, false, "unknown op"},
		{"unknown op expecting error", `{"op":"nope","inputs":{},"expect_error":true}`, false, "unknown op"},
		{"expect error ok", `{"op":"test_scale","params":{"scale":-1},"inputs":{"x":{"shape":[1],"data":[1]}},"expect_error":true}`, true, ""},
		{"expect error contains", `{"op":"test_scale","params":{"scale":-1},"inputs":{"x":{"shape":[1],"data":[1]}},"expect_error":true,"error_contains":"scale"}`, true, ""},
		{"expect error wrong text", `{"op":"test_scale","params":{"scale":-1},"inputs":{"x":{"shape":[1],"data":[1]}},"expect_error":true,"error_contains":"banana"}`, false, "does not contain"},
		{"expect error got result", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expect_error":true}`, false, "returned a result"},
		{"bad data length is an error", `{"op":"test_scale","inputs":{"x":{"shape":[3],"data":[1]}},"expect_error":true}`, true, ""},
		{"bad data length fails", `{"op":"test_scale","inputs":{"x":{"shape":[3],"data":[1]}},"expected":{"y":{"shape":[3],"data":[1,1,1]}}}`, false, "data length"},
		{"missing input", `{"op":"test_scale","inputs":{},"expected":{"y":{"shape":[1],"data":[1]}}}`, false, "missing input"},
		{"unknown input", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]},"maks":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]}}}`, false, "unknown input"},
		{"unknown param", `{"op":"test_scale","params":{"sclae":2},"inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]}}}`, false, "unknown param"},
		{"NaN param", `{"op":"test_scale","params":{"scale":NaN},"inputs":{"x":{"shape":[1],"data":[1]}},"expect_error":true}`, true, ""},
		{"string param where number", `{"op":"test_scale","params":{"scale":"2"},"inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[2]}}}`, false, "must be a number"},
		{"NaN literals in data", `{"op":"test_scale","inputs":{"x":{"shape":[2],"data":[NaN,-Infinity]}},"expected":{"y":{"shape":[2],"data":["NaN",-Infinity]}}}`, true, ""},
		{"NaN where number expected", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[NaN]}},"expected":{"y":{"shape":[1],"data":[1]}}}`, false, "mismatch"},
		{"panic is a failure", `{"op":"test_panic","inputs":{"x":{"shape":[1],"data":[1]}},"expect_error":true}`, false, "panic"},
		{"no expected", `{"op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}}}`, false, "neither"},
		{"negative shape", `{"op":"test_scale","inputs":{"x":{"shape":[-1],"data":[]}},"expect_error":true}`, true, ""},
		{"string with NaN inside stays a string", `{"name":"NaN Infinity","op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]}}}`, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cases, err := ParseFile([]byte(tc.json))
			if err != nil {
				if tc.pass {
					t.Fatalf("ParseFile: %v", err)
				}
				return
			}
			if len(cases) != 1 {
				t.Fatalf("got %d cases, want 1", len(cases))
			}
			r := RunCase("f.json", cases[0])
			if r.Pass != tc.pass {
				t.Fatalf("pass = %v, want %v (%s)", r.Pass, tc.pass, r)
			}
			if !tc.pass && !strings.Contains(r.String(), tc.msg) {
				t.Errorf("failure %q does not mention %q", r.String(), tc.msg)
			}
		})
	}
}

func TestParseFileArrayAndBrokenCase(t *testing.T) {
	src := `[{"name":"a","op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]}}},
	         {"name":"b"},
	         {"name":"c","op":"test_scale","inputs":{"x":{"shape":[1],"data":[1]}},"expected":{"y":{"shape":[1],"data":[1]}}}]`
	cases, err := ParseFile([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var got []bool
	for _, c := range cases {
		got = append(got, RunCase("f", c).Pass)
	}
	want := []bool{true, false, true}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("passes %v, want %v", got, want)
	}
}

func TestParseRejectsMalformedFile(t *testing.T) {
	for _, src := range []string{``, `{`, `[1,2]`, `"x"`, `{"op":1}`, `[{"op":"x"},`} {
		cases, err := ParseFile([]byte(src))
		if err == nil {
			for _, c := range cases {
				if RunCase("f", c).Pass {
					t.Errorf("%q: a malformed file produced a passing case", src)
				}
			}
		}
	}
}

func TestParams(t *testing.T) {
	p := Params{"k": 3.0, "pair": []any{2.0, 3.0}, "f": 2.5, "b": true, "s": "x"}
	if v, err := p.Pair("k", 1); err != nil || v != [2]int{3, 3} {
		t.Errorf("Pair(k) = %v, %v", v, err)
	}
	if v, err := p.Pair("pair", 1); err != nil || v != [2]int{2, 3} {
		t.Errorf("Pair(pair) = %v, %v", v, err)
	}
	if v, err := p.Pair("absent", 1); err != nil || v != [2]int{1, 1} {
		t.Errorf("Pair(absent) = %v, %v", v, err)
	}
	if _, err := p.Int("f"); err == nil {
		t.Error("Int(2.5) gave no error")
	}
	if _, err := p.OneOf("s", "y", "y", "z"); err == nil {
		t.Error("OneOf accepted an unknown value")
	}
	if v, err := p.BoolOr("b", false); err != nil || !v {
		t.Errorf("BoolOr = %v, %v", v, err)
	}
	if _, err := p.Float("missing"); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("Float(missing) error = %v", err)
	}
	if v := parseFloat([]byte(`1e400`)); !math.IsInf(v, 1) {
		t.Errorf("1e400 = %v, want +Inf", v)
	}
}

// FuzzParse feeds arbitrary bytes through the parser and the runner: no
// input may panic or hang.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"op":"test_scale","params":{"scale":2},"inputs":{"x":{"shape":[2],"data":[1,2]}},"expected":{"y":{"shape":[2],"data":[2,4]}}}`))
	f.Add([]byte(`[{"op":"test_scale","inputs":{"x":{"shape":[],"data":NaN}},"expect_error":true}]`))
	f.Add([]byte(`{"op":"test_scale","inputs":{"x":{"shape":[1e9,1e9],"data":[]}},"expect_error":true,"atol":-1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := ParseFile(data)
		if err != nil {
			return
		}
		for _, c := range cases {
			r := RunCase("fuzz", c)
			if strings.Contains(r.Message, "panic") && c.Op == "test_scale" {
				t.Fatalf("test_scale panicked: %s", r)
			}
		}
	})
}
