package practice

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"dlprep/conformance"
)

// Case is one conformance case as the judge uses it: the request line sent
// to the solution (the case's params and inputs exactly as the file writes
// them) and the decoded case, for comparing and diagnosing.
type Case struct {
	conformance.Case
	// ID is the case's name, made unique within the run.
	ID string
	// File is the path of the case file inside the case set.
	File string
	// Request is the wire line, without its newline.
	Request []byte
	// inputElems counts the input numbers, to bound the answer's length.
	inputElems int
}

// CaseSet holds the case files of an fs.FS (golden files at the root,
// cross-check files in subfolders), indexed by op on first use.
type CaseSet struct {
	fsys fs.FS
	once sync.Once
	err  error
	byOp map[string][]rawCase

	mu     sync.Mutex
	parsed map[string][]Case // by op, bad-input cases included
}

type rawCase struct {
	file string
	obj  []byte
}

// NewCaseSet reads cases from fsys: every *.json file, the root's first,
// then each subfolder's, in name order.
func NewCaseSet(fsys fs.FS) *CaseSet { return &CaseSet{fsys: fsys} }

func (s *CaseSet) index() error {
	s.once.Do(func() {
		var files []string
		s.err = fs.WalkDir(s.fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(path.Ext(p), ".json") {
				files = append(files, p)
			}
			return nil
		})
		if s.err != nil {
			return
		}
		sort.SliceStable(files, func(i, j int) bool {
			di, dj := strings.Count(files[i], "/"), strings.Count(files[j], "/")
			if di != dj {
				return di < dj
			}
			return files[i] < files[j]
		})
		if len(files) == 0 {
			s.err = fmt.Errorf("no case files (*.json) in the case set")
			return
		}
		s.byOp = map[string][]rawCase{}
		for _, f := range files {
			data, err := fs.ReadFile(s.fsys, f)
			if err != nil {
				s.err = err
				return
			}
			objs, err := splitTopLevel(data)
			if err != nil {
				s.err = fmt.Errorf("%s: %v", f, err)
				return
			}
			for _, o := range objs {
				fields, err := objectFields(o)
				if err != nil {
					s.err = fmt.Errorf("%s: %v", f, err)
					return
				}
				var op string
				if err := json.Unmarshal(fields["op"], &op); err != nil || op == "" {
					continue // a malformed case: the conformance tests report it
				}
				s.byOp[op] = append(s.byOp[op], rawCase{file: f, obj: o})
			}
		}
	})
	return s.err
}

// Ops lists the ops that have cases, sorted.
func (s *CaseSet) Ops() ([]string, error) {
	if err := s.index(); err != nil {
		return nil, err
	}
	ops := make([]string, 0, len(s.byOp))
	for op := range s.byOp {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	return ops, nil
}

// Cases returns the op's value cases and, with withErrors, its bad-input
// cases too, in file order. Case ids are the case names, with "#2", "#3"...
// appended to a repeated name.
func (s *CaseSet) Cases(op string, withErrors bool) ([]Case, error) {
	all, err := s.parse(op)
	if err != nil {
		return nil, err
	}
	var out []Case
	for _, c := range all {
		if withErrors || !c.ExpectError {
			out = append(out, c)
		}
	}
	return out, nil
}

// parse decodes the op's cases once; the judge only reads them.
func (s *CaseSet) parse(op string) ([]Case, error) {
	if err := s.index(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs, ok := s.parsed[op]; ok {
		return cs, nil
	}
	var out []Case
	seen := map[string]int{}
	for _, rc := range s.byOp[op] {
		parsed, err := conformance.ParseFile(rc.obj)
		if err != nil || len(parsed) != 1 {
			return nil, fmt.Errorf("%s: cannot parse a case of %s: %v", rc.file, op, err)
		}
		c := parsed[0]
		if c.ParseErr != nil {
			continue // malformed: neither checkable nor sendable
		}
		if !c.ExpectError && c.DecodeErr != nil {
			return nil, fmt.Errorf("%s: value case %q has inputs that do not decode: %v", rc.file, c.Name, c.DecodeErr)
		}
		seen[c.Name]++
		id := c.Name
		if n := seen[c.Name]; n > 1 {
			id = fmt.Sprintf("%s#%d", c.Name, n)
		}
		req, err := requestLine(id, op, rc.obj)
		if err != nil {
			return nil, fmt.Errorf("%s: case %q: %v", rc.file, c.Name, err)
		}
		elems := 0
		for _, t := range c.Inputs {
			elems += len(t.Data)
		}
		out = append(out, Case{Case: c, ID: id, File: rc.file, Request: req, inputElems: elems})
	}
	if s.parsed == nil {
		s.parsed = map[string][]Case{}
	}
	s.parsed[op] = out
	return out, nil
}

// requestLine builds {"id", "op", "params", "inputs"} from the case object,
// copying params and inputs as written (NaN and Infinity stay bare, as
// Python's json module reads them) with the whitespace outside strings
// removed so the line holds no newline.
func requestLine(id, op string, obj []byte) ([]byte, error) {
	fields, err := objectFields(obj)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	idJSON, _ := json.Marshal(id)
	opJSON, _ := json.Marshal(op)
	b.WriteString(`{"id": `)
	b.Write(idJSON)
	b.WriteString(`, "op": `)
	b.Write(opJSON)
	for _, f := range []string{"params", "inputs"} {
		b.WriteString(`, "` + f + `": `)
		if raw, ok := fields[f]; ok {
			compact(&b, raw)
		} else {
			b.WriteString("{}")
		}
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

// compact appends raw JSON without the whitespace outside strings.
func compact(b *bytes.Buffer, raw []byte) {
	inStr, esc := false, false
	for _, c := range raw {
		if inStr {
			b.WriteByte(c)
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
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '"':
			inStr = true
		}
		b.WriteByte(c)
	}
}

// splitTopLevel returns the objects of a file holding one JSON object or an
// array of them. It tracks only strings and brackets, so Python's bare NaN
// and Infinity tokens pass through untouched.
func splitTopLevel(data []byte) ([][]byte, error) {
	i := skipSpace(data, 0)
	if i >= len(data) {
		return nil, fmt.Errorf("empty file")
	}
	if data[i] == '{' {
		end, err := valueEnd(data, i)
		if err != nil {
			return nil, err
		}
		return [][]byte{data[i:end]}, nil
	}
	if data[i] != '[' {
		return nil, fmt.Errorf("a case file holds an object or an array, found %q", data[i])
	}
	var out [][]byte
	i = skipSpace(data, i+1)
	for i < len(data) && data[i] != ']' {
		end, err := valueEnd(data, i)
		if err != nil {
			return nil, err
		}
		if data[i] == '{' {
			out = append(out, data[i:end])
		}
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return out, nil
}

// objectFields maps the keys of a JSON object to their raw values.
func objectFields(obj []byte) (map[string][]byte, error) {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return nil, fmt.Errorf("not an object")
	}
	fields := map[string][]byte{}
	i = skipSpace(obj, i+1)
	for i < len(obj) && obj[i] != '}' {
		if obj[i] != '"' {
			return nil, fmt.Errorf("expected a key at byte %d", i)
		}
		kend, err := valueEnd(obj, i)
		if err != nil {
			return nil, err
		}
		var key string
		if err := json.Unmarshal(obj[i:kend], &key); err != nil {
			return nil, err
		}
		i = skipSpace(obj, kend)
		if i >= len(obj) || obj[i] != ':' {
			return nil, fmt.Errorf("expected ':' after key %q", key)
		}
		i = skipSpace(obj, i+1)
		vend, err := valueEnd(obj, i)
		if err != nil {
			return nil, err
		}
		fields[key] = obj[i:vend]
		i = skipSpace(obj, vend)
		if i < len(obj) && obj[i] == ',' {
			i = skipSpace(obj, i+1)
		}
	}
	return fields, nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// valueEnd returns the end of the JSON value (or bare token) starting at i.
func valueEnd(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, fmt.Errorf("unexpected end of input")
	}
	switch b[i] {
	case '"':
		for j := i + 1; j < len(b); j++ {
			switch b[j] {
			case '\\':
				j++
			case '"':
				return j + 1, nil
			}
		}
		return 0, fmt.Errorf("unterminated string at byte %d", i)
	case '{', '[':
		depth, inStr, esc := 0, false, false
		for j := i; j < len(b); j++ {
			c := b[j]
			if inStr {
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
			switch c {
			case '"':
				inStr = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, fmt.Errorf("unbalanced brackets from byte %d", i)
	}
	j := i
	for j < len(b) && !strings.ContainsRune(",}] \t\n\r", rune(b[j])) {
		j++
	}
	if j == i {
		return 0, fmt.Errorf("unexpected %q at byte %d", b[i], i)
	}
	return j, nil
}
