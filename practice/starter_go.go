package practice

import (
	"fmt"
	"go/format"
	"strings"

	"dlprep/conformance/contract"
)

// goFiles returns solution.go (the function to fill in) and main.go (the
// glue: a Tensor type, the JSON protocol loop and the typed call), both
// gofmt-formatted. They build with the standard library alone, from the
// folder they are written to (it has its own go.mod).
func goFiles(s Starter) (solution, glue string, err error) {
	var sol strings.Builder
	how := []string{
		"Fill in " + s.Function() + " below; main.go (generated, do not edit) feeds it every case",
		"and writes its answers. Check it from this folder with",
		"    go build -o solution . && dlprep judge " + s.Op.Name + " -- ./solution",
		"(add --errors to also check that bad inputs are refused with an error).",
	}
	for _, l := range strings.Split(strings.TrimRight(header(s, how, "// "), "\n"), "\n") {
		sol.WriteString(l + "\n")
	}
	sol.WriteString("\npackage main\n\nimport \"errors\"\n\n")
	var params []string
	for _, a := range args(s.Op) {
		params = append(params, a.ident+" "+goType(a))
	}
	outs := s.Op.RequiredOutputs()
	taken := map[string]bool{}
	for _, a := range args(s.Op) {
		taken[a.ident] = true
	}
	// results are named after the outputs, "_out" added where an input has
	// the same name (batchnorm2d's running_mean).
	var results []string
	for _, t := range outs {
		r := ident(t.Name)
		if taken[r] {
			r += "_out"
		}
		results = append(results, r)
	}
	fmt.Fprintf(&sol, "// %s computes the %s op.\n//\n", s.Function(), s.Op.Name)
	for _, a := range args(s.Op) {
		if a.input != nil {
			d := fmt.Sprintf("//   - %s %s", a.ident, a.input.Shape)
			if a.input.Kind != contract.Float {
				d += " (" + string(a.input.Kind) + " values)"
			}
			if a.input.Optional {
				d += ", nil when absent"
			}
			if a.input.Note != "" {
				d += ": " + a.input.Note
			}
			sol.WriteString(d + "\n")
			continue
		}
		d := "//   - " + a.ident + ": " + string(a.param.Type)
		if a.param.Default != "" {
			d += ", default " + a.param.Default
		}
		if a.param.Optional {
			d += ", nil when absent"
		}
		if len(a.param.Choices) > 0 {
			d += ", one of " + strings.Join(quotedList(a.param.Choices), ", ")
		}
		if a.param.Note != "" {
			d += " (" + a.param.Note + ")"
		}
		sol.WriteString(d + "\n")
	}
	sol.WriteString("//\n// It returns")
	for i, t := range outs {
		if i > 0 {
			sol.WriteString(",")
		}
		fmt.Fprintf(&sol, " %s %s", results[i], t.Shape)
		if t.Kind != contract.Float {
			sol.WriteString(" (whole numbers, compared exactly)")
		}
	}
	sol.WriteString(", or an error to refuse a bad input.\n")
	fmt.Fprintf(&sol, "func %s(%s) (%s Tensor, err error) {\n", s.Function(), strings.Join(params, ", "), strings.Join(results, ", "))
	zero := strings.TrimSuffix(strings.Repeat("Tensor{}, ", len(outs)), ", ")
	fmt.Fprintf(&sol, "\treturn %s, errors.New(%q)\n}\n", zero, s.Function()+" is not written yet")

	var call strings.Builder
	var inNames, paramNames []string
	for _, t := range s.Op.Inputs {
		inNames = append(inNames, fmt.Sprintf("%q", t.Name))
	}
	for _, p := range s.Op.Params {
		paramNames = append(paramNames, fmt.Sprintf("%q", p.Name))
	}
	fmt.Fprintf(&call, "// call decodes a %s request, calls %s and names its results.\n", s.Op.Name, s.Function())
	call.WriteString("func call(dec *decoder) (map[string]Tensor, error) {\n")
	fmt.Fprintf(&call, "\tdec.names([]string{%s}, []string{%s})\n", strings.Join(inNames, ", "), strings.Join(paramNames, ", "))
	var callArgs []string
	for _, a := range args(s.Op) {
		fmt.Fprintf(&call, "\t%s := %s\n", a.ident, goDecode(a))
		callArgs = append(callArgs, a.ident)
	}
	call.WriteString("\tif dec.err != nil {\n\t\treturn nil, dec.err\n\t}\n")
	fmt.Fprintf(&call, "\t%s, err := %s(%s)\n", strings.Join(results, ", "), s.Function(), strings.Join(callArgs, ", "))
	call.WriteString("\tif err != nil {\n\t\treturn nil, err\n\t}\n")
	var named []string
	for i, t := range outs {
		named = append(named, fmt.Sprintf("%q: %s", t.Name, results[i]))
	}
	fmt.Fprintf(&call, "\treturn map[string]Tensor{%s}, nil\n}\n", strings.Join(named, ", "))
	var kinds []string
	for _, t := range outs {
		if t.Kind != contract.Float {
			kinds = append(kinds, fmt.Sprintf("%q: true", t.Name))
		}
	}
	fmt.Fprintf(&call, "\n// integerOutputs are written as whole numbers.\nvar integerOutputs = map[string]bool{%s}\n", strings.Join(kinds, ", "))

	g := strings.Replace(goGlueTemplate, "{{OP}}", s.Op.Name, -1)
	g = strings.Replace(g, "{{CALL}}", call.String(), 1)
	fsol, err := format.Source([]byte(sol.String()))
	if err != nil {
		return "", "", fmt.Errorf("solution.go for %s: %v\n%s", s.Op.Name, err, sol.String())
	}
	fglue, err := format.Source([]byte(g))
	if err != nil {
		return "", "", fmt.Errorf("main.go for %s: %v\n%s", s.Op.Name, err, g)
	}
	return string(fsol), string(fglue), nil
}

// goType is the Go type of a function parameter.
func goType(a arg) string {
	if a.input != nil {
		if a.input.Optional {
			return "*Tensor"
		}
		return "Tensor"
	}
	t := map[contract.ParamType]string{
		contract.IntParam: "int", contract.FloatParam: "float64", contract.BoolParam: "bool", contract.StringParam: "string",
		contract.PairParam: "[2]int", contract.IntsParam: "[]int", contract.PaddingParam: "Padding",
	}[a.param.Type]
	if a.param.Optional {
		return "*" + t
	}
	return t
}

// goDecode is the glue's expression reading one argument.
func goDecode(a arg) string {
	if a.input != nil {
		if a.input.Optional {
			return fmt.Sprintf("dec.optTensor(%q, %q)", a.name, a.input.Kind)
		}
		return fmt.Sprintf("dec.tensor(%q, %q)", a.name, a.input.Kind)
	}
	p := a.param
	def := "nil"
	if p.Default != "" {
		switch p.Type {
		case contract.PairParam:
			def = fmt.Sprintf("&[2]int{%s, %s}", p.Default, p.Default)
		case contract.PaddingParam:
			def = fmt.Sprintf("&Padding{H: %s, W: %s}", p.Default, p.Default)
		default:
			def = fmt.Sprintf("ptr(%s)", goLiteral(p.Default, p.Type))
		}
	}
	switch p.Type {
	case contract.IntParam:
		if p.Optional {
			return fmt.Sprintf("dec.optInt(%q)", a.name)
		}
		return fmt.Sprintf("dec.intParam(%q, %s)", a.name, def)
	case contract.FloatParam:
		if p.Optional {
			return fmt.Sprintf("dec.optFloat(%q)", a.name)
		}
		return fmt.Sprintf("dec.floatParam(%q, %s)", a.name, def)
	case contract.BoolParam:
		return fmt.Sprintf("dec.boolParam(%q, %s)", a.name, def)
	case contract.StringParam:
		return fmt.Sprintf("dec.stringParam(%q, %s, %s)", a.name, def, strings.Join(quotedList(p.Choices), ", "))
	case contract.PairParam:
		return fmt.Sprintf("dec.pairParam(%q, %s)", a.name, def)
	case contract.IntsParam:
		return fmt.Sprintf("dec.intsParam(%q)", a.name)
	case contract.PaddingParam:
		return fmt.Sprintf("dec.paddingParam(%q, %s)", a.name, def)
	}
	panic("practice: no Go decoder for param type " + string(p.Type))
}

// goLiteral writes a contract default as a typed Go constant expression.
func goLiteral(def string, t contract.ParamType) string {
	switch t {
	case contract.FloatParam:
		return "float64(" + def + ")"
	case contract.IntParam:
		return "int(" + def + ")"
	}
	return def
}

const goGlueTemplate = `// Command solution answers dlprep judge's cases for the {{OP}} op with the
// function in solution.go. This file is the I/O glue, generated by dlprep
// practice: do not edit it. It reads one case per line on stdin and writes
// one answer per line on stdout (docs/practice.md), and needs only the
// standard library.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
)

// Tensor is an n-dimensional array: Data holds Shape's elements in
// row-major (C) order. A scalar has an empty Shape and one element.
type Tensor struct {
	Shape []int
	Data  []float64
}

// NewTensor returns a zero tensor of the shape.
func NewTensor(shape ...int) Tensor {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return Tensor{Shape: append([]int{}, shape...), Data: make([]float64, n)}
}

// Scalar returns a 0-d tensor holding v.
func Scalar(v float64) Tensor { return Tensor{Shape: []int{}, Data: []float64{v}} }

// Numel is the number of elements.
func (t Tensor) Numel() int { return len(t.Data) }

// Strides are the row-major element strides of each axis.
func (t Tensor) Strides() []int {
	st := make([]int, len(t.Shape))
	s := 1
	for i := len(t.Shape) - 1; i >= 0; i-- {
		st[i] = s
		s *= t.Shape[i]
	}
	return st
}

// offset is the flat position of a multi-index.
func (t Tensor) offset(idx []int) int {
	if len(idx) != len(t.Shape) {
		panic(fmt.Sprintf("index %v for a tensor of shape %v", idx, t.Shape))
	}
	o := 0
	for i, st := range t.Strides() {
		if idx[i] < 0 || idx[i] >= t.Shape[i] {
			panic(fmt.Sprintf("index %v out of range for shape %v", idx, t.Shape))
		}
		o += idx[i] * st
	}
	return o
}

// At returns the element at a multi-index.
func (t Tensor) At(idx ...int) float64 { return t.Data[t.offset(idx)] }

// Set stores v at a multi-index.
func (t Tensor) Set(v float64, idx ...int) { t.Data[t.offset(idx)] = v }

// Padding is conv2d's padding: H and W zeros on each side, or F.conv2d's
// padding="same" (the output keeps the input's size).
type Padding struct {
	H, W int
	Same bool
}

func ptr[T any](v T) *T { return &v }

{{CALL}}
func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			out.Write(respond(line))
			out.WriteByte('\n')
			out.Flush()
		}
		if err != nil {
			return
		}
	}
}

// respond answers one request line; a panic in the solution is reported as
// an error answer, like a returned error.
func respond(line []byte) (reply []byte) {
	var req struct {
		ID     json.RawMessage            ` + "`json:\"id\"`" + `
		Params map[string]json.RawMessage ` + "`json:\"params\"`" + `
		Inputs map[string]json.RawMessage ` + "`json:\"inputs\"`" + `
	}
	if err := json.Unmarshal(quoteNonFinite(line), &req); err != nil {
		return errorReply([]byte("null"), "unreadable request: "+err.Error())
	}
	defer func() {
		if r := recover(); r != nil {
			reply = errorReply(req.ID, fmt.Sprintf("panic: %v", r))
		}
	}()
	outs, err := call(&decoder{in: req.Inputs, p: req.Params})
	if err != nil {
		return errorReply(req.ID, err.Error())
	}
	var b bytes.Buffer
	b.WriteString(` + "`" + `{"id": ` + "`" + `)
	b.Write(req.ID)
	b.WriteString(` + "`" + `, "outputs": {` + "`" + `)
	first := true
	for name, t := range outs {
		if !first {
			b.WriteString(", ")
		}
		first = false
		fmt.Fprintf(&b, "%q: ", name)
		if err := writeTensor(&b, t, integerOutputs[name]); err != nil {
			return errorReply(req.ID, "output "+name+": "+err.Error())
		}
	}
	b.WriteString("}}")
	return b.Bytes()
}

func errorReply(id []byte, msg string) []byte {
	m, _ := json.Marshal(msg)
	return []byte(` + "`" + `{"id": ` + "`" + ` + string(id) + ` + "`" + `, "error": ` + "`" + ` + string(m) + "}")
}

func writeTensor(b *bytes.Buffer, t Tensor, integer bool) error {
	n := 1
	for _, d := range t.Shape {
		n *= d
	}
	if n != len(t.Data) {
		return fmt.Errorf("shape %v holds %d elements, Data has %d", t.Shape, n, len(t.Data))
	}
	b.WriteString(` + "`" + `{"shape": [` + "`" + `)
	for i, d := range t.Shape {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(d))
	}
	b.WriteString(` + "`" + `], "data": [` + "`" + `)
	for i, v := range t.Data {
		if i > 0 {
			b.WriteString(", ")
		}
		switch {
		case math.IsNaN(v):
			b.WriteString("NaN")
		case math.IsInf(v, 1):
			b.WriteString("Infinity")
		case math.IsInf(v, -1):
			b.WriteString("-Infinity")
		case integer && v == math.Trunc(v):
			b.WriteString(strconv.FormatFloat(v, 'f', -1, 64))
		default:
			b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
		}
	}
	b.WriteString("]}")
	return nil
}

// decoder reads a request's inputs and params into Go values, keeping the
// first error.
type decoder struct {
	in, p map[string]json.RawMessage
	err   error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
}

// names refuses inputs and params the op does not have.
func (d *decoder) names(inputs, params []string) {
	for _, set := range []struct {
		what  string
		given map[string]json.RawMessage
		known []string
	}{{"input", d.in, inputs}, {"param", d.p, params}} {
		for name := range set.given {
			ok := false
			for _, k := range set.known {
				ok = ok || k == name
			}
			if !ok {
				d.fail("unknown %s %q", set.what, name)
			}
		}
	}
}

func (d *decoder) tensor(name, kind string) Tensor {
	raw, ok := d.in[name]
	if !ok {
		d.fail("missing input %q", name)
		return Tensor{}
	}
	t, err := decodeTensor(raw, kind)
	if err != nil {
		d.fail("input %s: %v", name, err)
	}
	return t
}

func (d *decoder) optTensor(name, kind string) *Tensor {
	if _, ok := d.in[name]; !ok {
		return nil
	}
	t := d.tensor(name, kind)
	return &t
}

// decodeTensor reads {"shape": [...], "data": [...]}; kind "int" requires
// whole numbers, "bool" turns them into 0 and 1.
func decodeTensor(raw json.RawMessage, kind string) (Tensor, error) {
	var v struct {
		Shape []float64       ` + "`json:\"shape\"`" + `
		Data  json.RawMessage ` + "`json:\"data\"`" + `
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.Shape == nil || v.Data == nil {
		return Tensor{}, errors.New(` + "`" + `a tensor must be {"shape": [...], "data": [...]}` + "`" + `)
	}
	var t Tensor
	n := 1
	for _, d := range v.Shape {
		if d < 0 || d != math.Trunc(d) || d > 1<<31 {
			return Tensor{}, fmt.Errorf("bad shape %v", v.Shape)
		}
		t.Shape = append(t.Shape, int(d))
		n *= int(d)
		if n > 1<<31 {
			return Tensor{}, fmt.Errorf("shape %v is too large", v.Shape)
		}
	}
	var items []json.RawMessage
	if d := bytes.TrimSpace(v.Data); len(d) > 0 && d[0] != '[' {
		items = []json.RawMessage{d}
	} else if err := json.Unmarshal(v.Data, &items); err != nil {
		return Tensor{}, errors.New("data must be a flat list of numbers")
	}
	if len(items) != n {
		return Tensor{}, fmt.Errorf("%d numbers do not fill shape %v", len(items), t.Shape)
	}
	t.Data = make([]float64, n)
	for i, it := range items {
		x, err := number(it)
		if err != nil {
			return Tensor{}, fmt.Errorf("data[%d]: %v", i, err)
		}
		if kind == "int" && x != math.Trunc(x) {
			return Tensor{}, fmt.Errorf("data[%d] = %v is not a whole number", i, x)
		}
		if kind == "bool" && x != 0 {
			x = 1
		}
		t.Data[i] = x
	}
	return t, nil
}

// number reads a JSON number, true/false, or a quoted NaN/Infinity.
func number(raw json.RawMessage) (float64, error) {
	s := string(bytes.TrimSpace(raw))
	switch s {
	case "true":
		return 1, nil
	case "false":
		return 0, nil
	case ` + "`\"NaN\"`" + `:
		return math.NaN(), nil
	case ` + "`\"Infinity\"`" + `:
		return math.Inf(1), nil
	case ` + "`\"-Infinity\"`" + `:
		return math.Inf(-1), nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return x, nil
		}
		return 0, fmt.Errorf("%.20s is not a number", s)
	}
	return x, nil
}

func (d *decoder) param(name string) (float64, bool) {
	raw, ok := d.p[name]
	if !ok {
		return 0, false
	}
	if t := string(bytes.TrimSpace(raw)); t == "true" || t == "false" {
		d.fail("param %s must be a number, got %s", name, t)
		return 0, true
	}
	x, err := number(raw)
	if err != nil {
		d.fail("param %s must be a number, got %.30s", name, raw)
	}
	return x, true
}

func (d *decoder) intParam(name string, def *int) int {
	x, ok := d.param(name)
	if !ok {
		if def == nil {
			d.fail("missing param %q", name)
			return 0
		}
		return *def
	}
	if x != math.Trunc(x) || math.Abs(x) > 1<<40 {
		d.fail("param %s must be an integer, got %v", name, x)
	}
	return int(x)
}

func (d *decoder) optInt(name string) *int {
	if _, ok := d.p[name]; !ok {
		return nil
	}
	return ptr(d.intParam(name, nil))
}

func (d *decoder) floatParam(name string, def *float64) float64 {
	x, ok := d.param(name)
	if !ok {
		if def == nil {
			d.fail("missing param %q", name)
			return 0
		}
		return *def
	}
	return x
}

func (d *decoder) optFloat(name string) *float64 {
	if _, ok := d.p[name]; !ok {
		return nil
	}
	return ptr(d.floatParam(name, nil))
}

func (d *decoder) boolParam(name string, def *bool) bool {
	raw, ok := d.p[name]
	if !ok {
		if def == nil {
			d.fail("missing param %q", name)
			return false
		}
		return *def
	}
	switch string(bytes.TrimSpace(raw)) {
	case "true", "1", "1.0":
		return true
	case "false", "0", "0.0":
		return false
	}
	d.fail("param %s must be a boolean, got %.30s", name, raw)
	return false
}

func (d *decoder) stringParam(name string, def *string, choices ...string) string {
	raw, ok := d.p[name]
	if !ok {
		if def == nil {
			d.fail("missing param %q", name)
			return ""
		}
		return *def
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		d.fail("param %s must be a string, got %.30s", name, raw)
		return ""
	}
	for _, c := range choices {
		if s == c {
			return s
		}
	}
	d.fail("param %s must be one of %q, got %q", name, choices, s)
	return ""
}

// ints reads an integer or a list of integers.
func (d *decoder) ints(name string, raw json.RawMessage) []int {
	var items []json.RawMessage
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(raw, &items); err != nil {
			d.fail("param %s must be a list of integers, got %.30s", name, raw)
			return nil
		}
	} else {
		items = []json.RawMessage{raw}
	}
	out := make([]int, len(items))
	for i, it := range items {
		x, err := number(it)
		if err != nil || x != math.Trunc(x) || math.Abs(x) > 1<<40 {
			d.fail("param %s must hold integers, got %.30s", name, raw)
			return nil
		}
		out[i] = int(x)
	}
	return out
}

func (d *decoder) intsParam(name string) []int {
	raw, ok := d.p[name]
	if !ok {
		d.fail("missing param %q", name)
		return nil
	}
	return d.ints(name, raw)
}

func (d *decoder) pairParam(name string, def *[2]int) [2]int {
	raw, ok := d.p[name]
	if !ok {
		if def == nil {
			d.fail("missing param %q", name)
			return [2]int{}
		}
		return *def
	}
	xs := d.ints(name, raw)
	switch len(xs) {
	case 1:
		return [2]int{xs[0], xs[0]}
	case 2:
		return [2]int{xs[0], xs[1]}
	}
	if d.err == nil {
		d.fail("param %s must be an integer or [h, w], got %.30s", name, raw)
	}
	return [2]int{}
}

func (d *decoder) paddingParam(name string, def *Padding) Padding {
	raw, ok := d.p[name]
	if !ok {
		return *def
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		switch s {
		case "valid":
			return Padding{}
		case "same":
			return Padding{Same: true}
		}
		d.fail(` + "`" + `param %s must be an integer, [h, w], "valid" or "same", got %q` + "`" + `, name, s)
		return Padding{}
	}
	hw := d.pairParam(name, nil)
	return Padding{H: hw[0], W: hw[1]}
}

// quoteNonFinite quotes the bare NaN, Infinity and -Infinity tokens that
// Python's json module writes, so encoding/json reads them as strings.
func quoteNonFinite(data []byte) []byte {
	if !bytes.Contains(data, []byte("NaN")) && !bytes.Contains(data, []byte("Infinity")) {
		return data
	}
	var out bytes.Buffer
	inStr, esc := false, false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inStr {
			out.WriteByte(c)
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
			out.WriteByte(c)
		case bytes.HasPrefix(data[i:], []byte("NaN")):
			out.WriteString(` + "`\"NaN\"`" + `)
			i += 2
		case bytes.HasPrefix(data[i:], []byte("-Infinity")):
			out.WriteString(` + "`\"-Infinity\"`" + `)
			i += 8
		case bytes.HasPrefix(data[i:], []byte("Infinity")):
			out.WriteString(` + "`\"Infinity\"`" + `)
			i += 7
		default:
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}
`
