package conformance

import (
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Result is the outcome of one case.
type Result struct {
	File, Case string
	Pass       bool
	// Output names the failing output ("" when the failure is an error).
	Output string
	// MaxAbsErr is the largest |got - want| of the failing output.
	MaxAbsErr float64
	Message   string
}

// String is the result's report line: file, case, output, max abs error
// and the reason.
func (r Result) String() string {
	if r.Output != "" {
		return fmt.Sprintf("%s: %s: %s: max abs error %.3g: %s", r.File, r.Case, r.Output, r.MaxAbsErr, r.Message)
	}
	return fmt.Sprintf("%s: %s: %s", r.File, r.Case, r.Message)
}

// Evaluate runs a case's op and returns its outputs or its error.
func Evaluate(c Case) (Outputs, error) {
	if c.ParseErr != nil {
		return nil, c.ParseErr
	}
	op, ok := Lookup(c.Op)
	if !ok {
		return nil, fmt.Errorf("unknown op %q", c.Op)
	}
	if c.DecodeErr != nil {
		return nil, fmt.Errorf("%s: %v", c.Op, c.DecodeErr)
	}
	return Call(op, c.Inputs, c.Params)
}

// RunCase checks one case.
func RunCase(file string, c Case) Result {
	r := Result{File: file, Case: c.Name}
	if c.ParseErr != nil {
		r.Message = "malformed case: " + c.ParseErr.Error()
		return r
	}
	if _, ok := Lookup(c.Op); !ok {
		r.Message = fmt.Sprintf("unknown op %q", c.Op)
		return r
	}
	out, err := Evaluate(c)
	if _, panicked := err.(*PanicError); panicked {
		r.Message = err.Error()
		return r
	}
	if c.ExpectError {
		switch {
		case err == nil:
			r.Message = "expected an error, the op returned a result"
		case c.ErrorContains != "" && !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(c.ErrorContains)):
			r.Message = fmt.Sprintf("error %q does not contain %q", err.Error(), c.ErrorContains)
		default:
			r.Pass = true
		}
		return r
	}
	if err != nil {
		r.Message = "error: " + err.Error()
		return r
	}
	names := make([]string, 0, len(c.Expected))
	for n := range c.Expected {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		want := c.Expected[n]
		got, ok := out[n]
		if !ok {
			r.Output, r.Message = n, "the op does not compute this output"
			return r
		}
		if msg, maxErr := compare(got, want, c.Atol, c.Rtol); msg != "" {
			r.Output, r.MaxAbsErr, r.Message = n, maxErr, msg
			return r
		}
	}
	r.Pass = true
	return r
}

// compare returns "" when got matches want, else a reason, plus the max abs
// error over all elements.
func compare(got, want Value, atol, rtol float64) (string, float64) {
	if !sameShape(got.Shape, want.Shape) {
		return fmt.Sprintf("shape %v, want %v", got.Shape, want.Shape), math.NaN()
	}
	maxErr := 0.0
	bad := -1
	for i, w := range want.Data {
		g := got.Data[i]
		if math.IsNaN(w) || math.IsNaN(g) {
			if !(math.IsNaN(w) && math.IsNaN(g)) && bad < 0 {
				bad = i
			}
			continue
		}
		if math.IsInf(w, 0) || math.IsInf(g, 0) {
			if w != g && bad < 0 {
				bad = i
			}
			continue
		}
		d := math.Abs(g - w)
		maxErr = math.Max(maxErr, d)
		ok := d <= atol+rtol*math.Abs(w)
		if got.Int {
			ok = g == w
		}
		if !ok && bad < 0 {
			bad = i
		}
	}
	if bad >= 0 {
		return fmt.Sprintf("first mismatch at flat index %d: got %v, want %v", bad, got.Data[bad], want.Data[bad]), maxErr
	}
	return "", maxErr
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// CheckFile runs every case of one file. A file that cannot be read or
// parsed counts as one failed case.
func CheckFile(path string) []Result {
	data, err := os.ReadFile(path)
	if err != nil {
		return []Result{{File: path, Case: "(file)", Message: err.Error()}}
	}
	cases, err := ParseFile(data)
	if err != nil {
		return []Result{{File: path, Case: "(file)", Message: err.Error()}}
	}
	if len(cases) == 0 {
		return []Result{{File: path, Case: "(file)", Message: "file holds no cases"}}
	}
	res := make([]Result, len(cases))
	for i, c := range cases {
		res[i] = RunCase(path, c)
	}
	return res
}

// CollectFiles expands paths: files as given, folders recursively to their
// *.json files, sorted.
func CollectFiles(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".json") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, nil
}

// ParseFileAt reads and parses a case file.
func ParseFileAt(path string) ([]Case, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseFile(data)
}
