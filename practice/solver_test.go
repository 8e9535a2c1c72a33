package practice

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"dlprep/conformance"
	_ "dlprep/conformance/ops" // registers every op and its mistakes' variants
)

// The test binary doubles as a Go solution speaking the judge's protocol:
// with DLPREP_TEST_SOLVER set, TestMain runs solve instead of the tests, so
// every judge test drives a real subprocess through real pipes.
const solverEnv = "DLPREP_TEST_SOLVER"

func TestMain(m *testing.M) {
	if mode := os.Getenv(solverEnv); mode != "" {
		os.Exit(solve(mode))
	}
	os.Exit(m.Run())
}

// solverCommand is the argv of the test binary as a solution in mode.
func solverCommand(t *testing.T, mode string) []string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return []string{"env", solverEnv + "=" + mode, exe}
}

// solve answers requests on stdin. mode is "right", "mistake:<id>" (the
// catalogued mistake where its variant applies, the right answer
// elsewhere), or a misbehaviour with a count: "crash:N", "garbage:N",
// "wrong-id:N", "hang:N", "exit:N" (answer N cases, then do it),
// "truncated", "huge", "nan", "overflow", "refuse", "deaf" (never reads),
// "orphan" (leaves a child holding stdout, then hangs).
func solve(mode string) int {
	kind, arg, _ := strings.Cut(mode, ":")
	n, _ := strconv.Atoi(arg)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	switch kind {
	case "deaf":
		time.Sleep(time.Hour)
	case "orphan":
		c := exec.Command("sleep", "3600")
		c.Stdout = os.Stdout
		if err := c.Start(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		time.Sleep(time.Hour)
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	for k := 0; ; k++ {
		line, err := in.ReadBytes('\n')
		if len(line) == 0 && err != nil {
			return 0
		}
		if k == n {
			switch kind {
			case "crash":
				fmt.Fprintln(os.Stderr, "Traceback (most recent call last):\nZeroDivisionError: the solver crashed on purpose")
				out.Flush()
				return 3
			case "garbage":
				fmt.Fprintln(out, "debug: q has shape (2, 3)")
				continue
			case "hang":
				out.Flush()
				time.Sleep(time.Hour)
			case "exit":
				return 0
			}
		}
		req, err := parseRequest(line)
		if err != nil {
			fmt.Fprintln(os.Stderr, "solver:", err)
			return 2
		}
		id, _ := json.Marshal(req.Name)
		switch {
		case kind == "wrong-id" && k == n:
			id, _ = json.Marshal(req.Name + "-oops")
		case kind == "truncated":
			fmt.Fprintf(out, `{"id": %s, "outputs": {"y": {"shape": [2], "da`, id)
			return 0
		case kind == "huge":
			// 6 MiB of zeros: past the cap of any layernorm case.
			const n = 3 << 20
			fmt.Fprintf(out, `{"id": %s, "outputs": {"y": {"shape": [%d], "data": [`, id, n+1)
			out.Write(bytes.Repeat([]byte("0,"), n))
			out.WriteString("0]}}}\n")
			out.Flush()
			continue
		case kind == "refuse":
			fmt.Fprintf(out, `{"id": %s, "error": "not implemented"}`+"\n", id)
			out.Flush()
			continue
		}
		res, err := conformance.Evaluate(req)
		if m, isMistake := strings.CutPrefix(mode, "mistake:"); isMistake && err == nil {
			for _, v := range conformance.Variants(req.Op) {
				if v.Mistake == m {
					if alt, verr := conformance.CallVariant(v, req.Inputs, req.Params); verr == nil {
						res = alt
					}
				}
			}
		}
		if err != nil {
			msg, _ := json.Marshal(err.Error())
			fmt.Fprintf(out, `{"id": %s, "error": %s}`+"\n", id, msg)
			out.Flush()
			continue
		}
		for name, v := range res {
			v.Data, v.F32, v.I64 = v.Float64s(), nil, nil // to edit them below
			switch kind {
			case "nan", "overflow":
				if !v.Int {
					for i := range v.Data {
						v.Data[i] = map[string]float64{"nan": nanValue(), "overflow": 1e39}[kind]
					}
				}
			}
			res[name] = v
		}
		var b bytes.Buffer
		if kind == "nan" || kind == "overflow" {
			appendFloat64JSON(&b, res)
		} else {
			conformance.AppendJSON(&b, res)
		}
		fmt.Fprintf(out, `{"id": %s, "outputs": %s}`+"\n", id, b.Bytes())
		out.Flush()
	}
}

// appendFloat64JSON writes outputs with float64 digits and bare NaN, as a
// Python solution's json.dumps would.
func appendFloat64JSON(b *bytes.Buffer, res conformance.Outputs) {
	b.WriteString("{")
	first := true
	for name, v := range res {
		if !first {
			b.WriteString(", ")
		}
		first = false
		fmt.Fprintf(b, `%q: {"shape": %s, "data": [`, name, strings.ReplaceAll(fmt.Sprint(v.Shape), " ", ", "))
		for i, x := range v.Data {
			if i > 0 {
				b.WriteString(", ")
			}
			if x != x {
				b.WriteString("NaN")
			} else {
				b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
			}
		}
		b.WriteString("]}")
	}
	b.WriteString("}")
}

func nanValue() float64 { var z float64; return z / z }

// parseRequest reads a request line as a conformance case (inputs and
// params decoded as the runner decodes them).
func parseRequest(line []byte) (conformance.Case, error) {
	fields, err := objectFields(bytes.TrimSpace(line))
	if err != nil {
		return conformance.Case{}, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, `{"name": %s, "op": %s, "params": %s, "inputs": %s, "expect_error": true}`,
		fields["id"], fields["op"], fields["params"], fields["inputs"])
	cs, err := conformance.ParseFile(b.Bytes())
	if err != nil || len(cs) != 1 {
		return conformance.Case{}, fmt.Errorf("request %.60q: %v", line, err)
	}
	c := cs[0]
	if c.DecodeErr != nil {
		c.ParseErr = c.DecodeErr // Evaluate then answers with the error
	}
	return c, nil
}
