package mistakes

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"dlprep/core/problems"
)

// issueTable is the list of ids issue 13 requires.
var issueTable = []string{"mask-after-softmax", "mask-diagonal", "no-scale", "nms-no-sort", "iou-unclamped",
	"freq-over-d", "alpha-bar-for-alpha", "alpha-bar-swapped", "transmittance-unshifted", "running-var-biased",
	"unbiased-variance", "extrinsic-not-inverted", "no-divide-by-z", "meshgrid-uv-swap", "rows-not-columns",
	"naive-logsumexp", "lora-no-scaling", "diagonal-not-masked"}

func TestCatalogueEntries(t *testing.T) {
	id := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, m := range All() {
		if !id.MatchString(m.ID) || seen[m.ID] {
			t.Errorf("id %q is malformed or repeated", m.ID)
		}
		seen[m.ID] = true
		if len(m.Ops) == 0 || m.Summary == "" || m.Func == "" {
			t.Errorf("%s: ops, summary and func must all be set: %+v", m.ID, m)
		}
		if strings.Contains(m.Summary, ". ") || strings.HasSuffix(m.Summary, ".") {
			t.Errorf("%s: the summary is one sentence without a final full stop (the judge prints it inline): %q", m.ID, m.Summary)
		}
		if got, want := m.Link(), "?problem="+m.Problem+"&pitfall="+m.ID; got != want {
			t.Errorf("%s: link %q, want %q", m.ID, got, want)
		}
		if got, ok := Lookup(m.ID); !ok || got.ID != m.ID {
			t.Errorf("Lookup(%q) failed", m.ID)
		}
		for _, op := range m.Ops {
			if !slices.ContainsFunc(ForOp(op), func(x Mistake) bool { return x.ID == m.ID }) {
				t.Errorf("ForOp(%q) misses %s", op, m.ID)
			}
		}
	}
	for _, want := range issueTable {
		if !seen[want] {
			t.Errorf("the issue's id %q is not catalogued", want)
		}
	}
	if _, ok := Lookup("no-such-mistake"); ok {
		t.Error("Lookup of an unknown id must fail")
	}
}

// The problem catalogue lists exactly the mistakes each problem's view
// shows, in the same order, and each mistake's ops belong to a problem.
func TestCatalogueAgreesWithProblems(t *testing.T) {
	for _, p := range problems.All() {
		var ids []string
		for _, m := range ForProblem(p.Number) {
			ids = append(ids, m.ID)
		}
		if !slices.Equal(ids, p.Mistakes) {
			t.Errorf("problem %s lists mistakes %v, the catalogue has %v", p.Number, p.Mistakes, ids)
		}
	}
	for _, m := range All() {
		if _, ok := problems.Lookup(m.Problem); !ok || len(m.Problem) != 3 {
			t.Errorf("%s: problem %q does not exist", m.ID, m.Problem)
		}
		for _, op := range m.Ops {
			if len(problems.ForOp(op)) == 0 {
				t.Errorf("%s: op %q belongs to no problem", m.ID, op)
			}
		}
	}
}

// Each Func entry names functions this package declares.
func TestCatalogueFuncsExist(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("reads the package's source files")
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				declared[fd.Name.Name] = true
			}
		}
	}
	for _, m := range All() {
		for _, name := range strings.Split(m.Func, ", ") {
			if !declared[name] {
				t.Errorf("%s: Func names %q, which the package does not declare", m.ID, name)
			}
		}
	}
}
