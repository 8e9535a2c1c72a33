package contract

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"dlprep/conformance"
	_ "dlprep/conformance/ops" // registers every op
)

var update = flag.Bool("update", false, "rewrite docs/ops.md")

func names(ts []Tensor, optional bool) []string {
	var out []string
	for _, t := range ts {
		if t.Optional == optional {
			out = append(out, t.Name)
		}
	}
	sort.Strings(out)
	return out
}

func sorted(xs []string) []string {
	out := slices.Clone(xs)
	sort.Strings(out)
	return out
}

// TestContractMatchesRegistry: the contract names exactly the inputs,
// optional inputs and params the registry accepts, for every registered op
// and no other.
func TestContractMatchesRegistry(t *testing.T) {
	registered := conformance.OpNames()
	for _, name := range registered {
		o, ok := Lookup(name)
		if !ok {
			t.Errorf("op %s has no contract", name)
			continue
		}
		reg, _ := conformance.Lookup(name)
		if got, want := names(o.Inputs, false), sorted(reg.Inputs); !slices.Equal(got, want) {
			t.Errorf("%s: contract inputs %v, registry %v", name, got, want)
		}
		if got, want := names(o.Inputs, true), sorted(reg.Optional); !slices.Equal(got, want) {
			t.Errorf("%s: contract optional inputs %v, registry %v", name, got, want)
		}
		var ps []string
		for _, p := range o.Params {
			ps = append(ps, p.Name)
			if p.Default != "" && p.Optional {
				t.Errorf("%s: param %s has a default, so it is not also optional-without-default", name, p.Name)
			}
			if (p.Type == StringParam) != (len(p.Choices) > 0) {
				t.Errorf("%s: param %s: string params, and only they, list their choices", name, p.Name)
			}
		}
		if got, want := sorted(ps), sorted(reg.Params); !slices.Equal(got, want) {
			t.Errorf("%s: contract params %v, registry %v", name, got, want)
		}
		if o.Semantics == "" || !slices.Contains(Sections, o.Section) || len(o.Outputs) == 0 {
			t.Errorf("%s: semantics, a known section and outputs are required: %+v", name, o)
		}
	}
	for _, o := range All() {
		if !slices.Contains(registered, o.Name) {
			t.Errorf("contract for %s, which is not registered", o.Name)
		}
	}
}

// TestContractOutputsMatchCases: every output a case checks is in the
// contract, every contract output is checked by some case, and integer
// outputs are those the op returns as integers.
func TestContractOutputsMatchCases(t *testing.T) {
	files, err := conformance.CollectFiles([]string{filepath.Join("..", "..", "testdata", "conformance")})
	if err != nil {
		t.Fatal(err)
	}
	seen, checked := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		cs, err := conformance.ParseFileAt(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			if c.ExpectError || c.ParseErr != nil {
				continue
			}
			o, ok := Lookup(c.Op)
			if !ok {
				t.Fatalf("%s: no contract for %s", c.Name, c.Op)
			}
			for n := range c.Expected {
				if !slices.ContainsFunc(o.Outputs, func(x Tensor) bool { return x.Name == n }) {
					t.Errorf("%s: case checks output %q, which the contract of %s does not list", c.Name, n, c.Op)
				}
			}
			for n := range c.Expected {
				checked[c.Op+"/"+n] = true
			}
			if seen[c.Op] {
				continue
			}
			seen[c.Op] = true
			got, err := conformance.Evaluate(c)
			if err != nil {
				t.Fatalf("%s: %v", c.Name, err)
			}
			for _, x := range o.Outputs {
				v, ok := got[x.Name]
				if !ok {
					t.Errorf("%s: the op does not compute contract output %q", c.Op, x.Name)
					continue
				}
				if v.Int != (x.Kind != Float) {
					t.Errorf("%s: output %s has kind %s, but the op returns Int=%v", c.Op, x.Name, x.Kind, v.Int)
				}
			}
		}
	}
	for _, o := range All() {
		for _, x := range o.Outputs {
			if !checked[o.Name+"/"+x.Name] {
				t.Errorf("%s: no case checks output %s", o.Name, x.Name)
			}
		}
	}
}

func TestText(t *testing.T) {
	o, _ := Lookup("sdpa")
	txt := o.Text()
	for _, want := range []string{"op sdpa (Attention)", "query [B,H,S,dk]", "mask [S,S2] (bool, optional): 1 keeps the key",
		"causal (bool, default false)", "attention [B,H,S,S2]", "softmax(q kᵀ/√dk, masked)"} {
		if !strings.Contains(txt, want) {
			t.Errorf("sdpa's text lacks %q:\n%s", want, txt)
		}
	}
	o, _ = Lookup("noise_schedule")
	if txt := o.Text(); !strings.Contains(txt, "inputs: none") || !strings.Contains(txt, `one of "linear", "scaled_linear", "cosine"`) {
		t.Errorf("noise_schedule's text:\n%s", txt)
	}
}

// TestOpsMarkdownUpToDate: docs/ops.md is what Markdown generates; run
// go test ./conformance/contract/ -update to rewrite it.
func TestOpsMarkdownUpToDate(t *testing.T) {
	got, err := Markdown(conformance.OpNames())
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "ops.md")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./conformance/contract/ -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/ops.md is out of date: run go test ./conformance/contract/ -update (or go run ./cmd/dlprep ops --markdown > docs/ops.md)")
	}
	if _, err := Markdown([]string{"sdpa", "no_such_op"}); err == nil {
		t.Error("an op without a contract must be an error")
	}
}
