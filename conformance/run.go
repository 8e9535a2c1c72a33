package conformance

import (
	"fmt"
	"io"
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
// and the reason. Every part is made safe for a terminal (see SafeText):
// a case name cannot move the cursor, clear the screen or forge a line.
func (r Result) String() string {
	file, name := SafeText(r.File, maxShown), SafeText(r.Case, maxShown)
	msg := SafeText(r.Message, 4*maxShown)
	if r.Output != "" {
		return fmt.Sprintf("%s: %s: %s: max abs error %.3g: %s", file, name, SafeText(r.Output, maxShown), r.MaxAbsErr, msg)
	}
	return fmt.Sprintf("%s: %s: %s", file, name, msg)
}

// maxShown is how many characters of a name a report line shows.
const maxShown = 200

// Evaluate runs a case's op and returns its outputs or its error.
func Evaluate(c Case) (Outputs, error) {
	if c.ParseErr != nil {
		return nil, fmt.Errorf("malformed case: %w", c.ParseErr)
	}
	op, ok := Lookup(c.Op)
	if !ok {
		return nil, fmt.Errorf("unknown op %q", c.Op)
	}
	if c.DecodeErr != nil {
		return nil, fmt.Errorf("%s: %w", c.Op, c.DecodeErr)
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
// error over all elements. Integer outputs compare exactly, as int64 when
// the expected data was written as integer literals.
func compare(got, want Value, atol, rtol float64) (string, float64) {
	if !sameShape(got.Shape, want.Shape) || got.Len() != want.Len() {
		return fmt.Sprintf("shape %v, want %v", got.Shape, want.Shape), math.NaN()
	}
	maxErr := 0.0
	bad := -1
	exactInts := got.Int && got.I64 != nil
	for i := range want.Len() {
		g, w := got.At(i), want.At(i)
		if exactInts {
			if !sameInt(got.I64[i], want, i) && bad < 0 {
				bad = i
			}
			maxErr = math.Max(maxErr, math.Abs(g-w))
			continue
		}
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
		return fmt.Sprintf("first mismatch at flat index %d: got %s, want %s", bad, elemString(got, bad), elemString(want, bad)), maxErr
	}
	return "", maxErr
}

// sameInt reports whether want's element i is exactly the integer g: as
// int64 when it was written as an integer literal, else only when the
// float64 is integral and converts to g (2^61 + 1 written as a float rounds
// to 2^61 and must not match).
func sameInt(g int64, want Value, i int) bool {
	if want.I64 != nil {
		return want.I64[i] == g
	}
	w := want.At(i)
	return w == math.Trunc(w) && math.Abs(w) < 1<<63 && int64(w) == g
}

// elemString prints element i exactly as stored.
func elemString(v Value, i int) string {
	if v.I64 != nil {
		return fmt.Sprint(v.I64[i])
	}
	return fmt.Sprint(v.At(i))
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

// CheckFile runs every case of one file (see CheckStream) and returns the
// results.
func CheckFile(path string) []Result {
	var res []Result
	CheckStream(path, func(r Result) { res = append(res, r) })
	return res
}

// CheckStream runs the cases of one file in order, reporting each result as
// soon as it is known; only one case is in memory at a time. A file that
// cannot be opened, holds no case, or stops being valid JSON gives a failed
// "(file)" result, after those of the cases before the fault.
func CheckStream(path string, report func(Result)) {
	fail := func(err error) { report(Result{File: path, Case: "(file)", Message: err.Error()}) }
	f, err := OpenCaseFile(path)
	if err != nil {
		fail(err)
		return
	}
	defer f.Close()
	cr := NewCaseReader(f)
	n := 0
	for {
		c, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
			return
		}
		n++
		report(RunCase(path, c))
	}
	if n == 0 {
		fail(fmt.Errorf("file holds no cases"))
	}
}

// CollectFiles expands paths: files as given, folders recursively to their
// *.json files, sorted. A path that does not exist or cannot be listed does
// not stop the others: it comes back in bad, as a failed result to report.
func CollectFiles(paths []string) (files []string, bad []Result) {
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			bad = append(bad, Result{File: p, Case: "(path)", Message: err.Error()})
			continue
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		var found []string
		filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				bad = append(bad, Result{File: path, Case: "(path)", Message: err.Error()})
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			// Every *.json entry is listed, whatever its type: a FIFO or
			// a link to a device is then reported by OpenCaseFile rather
			// than skipped in silence.
			if !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".json") {
				found = append(found, path)
			}
			return nil
		})
		sort.Strings(found)
		files = append(files, found...)
	}
	return files, bad
}

// ParseFileAt reads and parses a case file (see OpenCaseFile).
func ParseFileAt(path string) ([]Case, error) {
	f, err := OpenCaseFile(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readCases(f)
}
