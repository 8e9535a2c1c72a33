package practice

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"dlprep/conformance/contract"
	"dlprep/core/problems"
)

// Lang is a starter's language.
type Lang string

// The starter languages: Python with NumPy arrays, Python with PyTorch
// tensors, and Go (standard library only).
const (
	NumPy Lang = "numpy"
	Torch Lang = "torch"
	Go    Lang = "go"
)

// ParseLang reads --lang.
func ParseLang(s string) (Lang, error) {
	switch l := Lang(strings.ToLower(s)); l {
	case NumPy, Torch, Go:
		return l, nil
	}
	return "", fmt.Errorf("unknown language %q (numpy, torch or go)", s)
}

// Starter is a set of files for one problem's op in one language: the
// solution file, where the learner fills in one function, and the glue
// that speaks the judge's protocol, which they never touch.
type Starter struct {
	Problem problems.Problem
	Op      contract.Op
	Lang    Lang
	// Solution and Glue are the file names; Files maps every file name to
	// its content.
	Solution string
	Glue     []string
	Files    map[string]string
}

// Function is the name of the function the learner writes.
func (s Starter) Function() string { return ident(s.Op.Name) }

// Command is how to judge the starter written in dir.
func (s Starter) Command(dir string) string {
	switch s.Lang {
	case Go:
		return fmt.Sprintf("dlprep judge %s -- go -C %s run .", s.Op.Name, shellQuote(dir))
	}
	return fmt.Sprintf("dlprep judge %s -- python3 %s", s.Op.Name, shellQuote(filepath.Join(dir, "run.py")))
}

// NewStarter builds the starter of op (one of the problem's ops) in lang.
func NewStarter(p problems.Problem, op string, lang Lang) (Starter, error) {
	if !slices.Contains(p.Ops, op) {
		return Starter{}, fmt.Errorf("problem %s is checked by %s, not by %q", p.Number, strings.Join(p.Ops, ", "), op)
	}
	con, ok := contract.Lookup(op)
	if !ok {
		return Starter{}, fmt.Errorf("op %s has no contract", op)
	}
	s := Starter{Problem: p, Op: con, Lang: lang}
	switch lang {
	case NumPy, Torch:
		s.Solution, s.Glue = "solution.py", []string{"run.py"}
		s.Files = map[string]string{"solution.py": pythonSolution(s), "run.py": pythonGlue(s)}
	case Go:
		sol, glue, err := goFiles(s)
		if err != nil {
			return Starter{}, err
		}
		s.Solution, s.Glue = "solution.go", []string{"main.go", "go.mod"}
		s.Files = map[string]string{"solution.go": sol, "main.go": glue, "go.mod": "module dlprepsolution\n\ngo 1.21\n"}
	default:
		return Starter{}, fmt.Errorf("unknown language %q", lang)
	}
	return s, nil
}

// Write creates dir and writes the starter's files. An existing solution
// file is the learner's work and is kept (kept reports it); the glue is
// always rewritten.
func (s Starter) Write(dir string) (kept bool, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return false, err
	}
	for name, content := range s.Files {
		path := filepath.Join(dir, name)
		if name == s.Solution {
			if _, err := os.Stat(path); err == nil {
				kept = true
				continue
			} else if !errors.Is(err, fs.ErrNotExist) {
				return false, err
			}
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return false, err
		}
	}
	return kept, nil
}

// arg is one parameter of the learner's function: an input tensor or a
// param, in the order the function takes them.
type arg struct {
	name  string // the contract's name
	ident string // the function parameter's name
	input *contract.Tensor
	param *contract.Param
}

// optional reports whether the argument may be absent with no default
// (None in Python, nil in Go).
func (a arg) optional() bool {
	if a.input != nil {
		return a.input.Optional
	}
	return a.param.Optional
}

// hasDefault reports whether the argument has a default (or may be None),
// which Python needs after the others.
func (a arg) hasDefault() bool {
	return a.optional() || (a.param != nil && a.param.Default != "")
}

// args lists the function's parameters: required inputs, required params,
// optional inputs, then params with a default or optional, each group in
// the contract's order.
func args(o contract.Op) []arg {
	var all []arg
	used := map[string]bool{}
	add := func(a arg) {
		a.ident = ident(a.name)
		if used[a.ident] || reserved[a.ident] {
			a.ident += "_param"
		}
		used[a.ident] = true
		all = append(all, a)
	}
	for i := range o.Inputs {
		add(arg{name: o.Inputs[i].Name, input: &o.Inputs[i]})
	}
	for i := range o.Params {
		add(arg{name: o.Params[i].Name, param: &o.Params[i]})
	}
	rank := func(a arg) int {
		switch {
		case a.input != nil && !a.hasDefault():
			return 0
		case a.param != nil && !a.hasDefault():
			return 1
		case a.input != nil:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(all, func(a, b arg) int { return rank(a) - rank(b) })
	return all
}

// ident turns a contract name (q_proj.weight, T_world_to_cam) into an
// identifier valid in Python and Go.
func ident(name string) string {
	return strings.NewReplacer(".", "_", "-", "_").Replace(name)
}

// reserved are Python and Go keywords and the glue's own names.
var reserved = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true, "default": true, "defer": true,
	"else": true, "fallthrough": true, "for": true, "func": true, "go": true, "goto": true, "if": true,
	"import": true, "interface": true, "map": true, "package": true, "range": true, "return": true,
	"select": true, "struct": true, "switch": true, "type": true, "var": true, "and": true, "as": true,
	"assert": true, "class": true, "def": true, "del": true, "elif": true, "except": true, "finally": true,
	"from": true, "global": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true,
	"or": true, "pass": true, "raise": true, "try": true, "while": true, "with": true, "yield": true,
	"None": true, "True": true, "False": true, "err": true, "np": true, "torch": true,
	"math": true, "errors": true, "Tensor": true, "dec": true, "call": true, "main": true, "respond": true,
	"F": true, "json": true, "sys": true, "os": true, "solution": true,
}

// specJSON is the op's description the Python glue reads.
func specJSON(s Starter) string {
	type input struct {
		Name     string `json:"name"`
		Kind     string `json:"kind"`
		Optional bool   `json:"optional"`
	}
	type param struct {
		Name     string   `json:"name"`
		Type     string   `json:"type"`
		Default  any      `json:"default"`
		Optional bool     `json:"optional"`
		Choices  []string `json:"choices"`
	}
	type entry struct {
		Input *input `json:"input,omitempty"`
		Param *param `json:"param,omitempty"`
	}
	type output struct {
		Name string `json:"name"`
		Kind string `json:"kind"`
	}
	spec := struct {
		Function string   `json:"function"`
		Args     []entry  `json:"args"`
		Outputs  []output `json:"outputs"`
	}{Function: s.Function()}
	for _, a := range args(s.Op) {
		if a.input != nil {
			spec.Args = append(spec.Args, entry{Input: &input{a.name, string(a.input.Kind), a.input.Optional}})
			continue
		}
		p := &param{Name: a.name, Type: paramTypeName(a.param.Type), Optional: a.param.Optional, Choices: a.param.Choices}
		if a.param.Default != "" {
			var v any
			if err := json.Unmarshal([]byte(a.param.Default), &v); err != nil {
				panic(fmt.Sprintf("contract of %s: default %q of %s is not JSON", s.Op.Name, a.param.Default, a.name))
			}
			p.Default = v
		}
		spec.Args = append(spec.Args, entry{Param: p})
	}
	for _, t := range s.Op.RequiredOutputs() {
		spec.Outputs = append(spec.Outputs, output{t.Name, string(t.Kind)})
	}
	b, _ := json.MarshalIndent(spec, "", "  ")
	return string(b)
}

// paramTypeName is the short name the glues switch on.
func paramTypeName(t contract.ParamType) string {
	switch t {
	case contract.PairParam:
		return "pair"
	case contract.IntsParam:
		return "ints"
	case contract.PaddingParam:
		return "padding"
	}
	return string(t)
}

// header is the text at the top of a solution file: the problem, how to
// run the judge, the contract and the idioms, each line after prefix.
func header(s Starter, how []string, prefix string) string {
	var b strings.Builder
	line := func(l string) { b.WriteString(strings.TrimRight(prefix+l, " ") + "\n") }
	p := s.Problem
	line(fmt.Sprintf("Problem %s, %s (%s, %s): the %s op.", p.Number, p.Title, p.Family, p.Difficulty, s.Op.Name))
	line("")
	for _, l := range strings.Split(strings.TrimRight(wrapText(p.Statement, 76), "\n"), "\n") {
		line(l)
	}
	line("")
	for _, l := range how {
		line(l)
	}
	line("")
	line("The op's contract (docs/ops.md):")
	for _, l := range strings.Split(strings.TrimRight(s.Op.Text(), "\n"), "\n") {
		line("  " + l)
	}
	line("")
	line("Idioms worth knowing:")
	for _, id := range p.Idioms {
		for i, l := range strings.Split(strings.TrimRight(wrapText(id, 72), "\n"), "\n") {
			if i == 0 {
				line("  - " + l)
			} else {
				line("    " + l)
			}
		}
	}
	return b.String()
}

// wrapText breaks text into lines of at most width characters.
func wrapText(text string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		l := len([]rune(w))
		if n > 0 && n+1+l > width {
			b.WriteString("\n")
			n = 0
		}
		if n > 0 {
			b.WriteString(" ")
			n++
		}
		b.WriteString(w)
		n += l
	}
	b.WriteString("\n")
	return b.String()
}

// shellQuote quotes a path for a shell command line when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
