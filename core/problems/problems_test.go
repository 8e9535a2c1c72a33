package problems

import (
	"fmt"
	"testing"
)

func TestCatalogueIsComplete(t *testing.T) {
	all := All()
	if len(all) != 37 {
		t.Fatalf("got %d problems, want 37", len(all))
	}
	families := map[string]bool{"attention": true, "convolution": true, "diffusion": true, "geometry": true,
		"detection": true, "losses": true, "lora": true, "complexity": true, "system design": true}
	for i, p := range all {
		if want := fmt.Sprintf("%03d", i); p.Number != want {
			t.Errorf("problem %d has number %q, want %q", i, p.Number, want)
		}
		if p.Title == "" || p.Statement == "" || len(p.Idioms) == 0 {
			t.Errorf("problem %s: title, statement and idioms must all be set: %+v", p.Number, p)
		}
		if !families[p.Family] {
			t.Errorf("problem %s: unknown family %q", p.Number, p.Family)
		}
		switch p.Difficulty {
		case Easy, Medium, Hard:
		default:
			t.Errorf("problem %s: difficulty %q", p.Number, p.Difficulty)
		}
		design := p.Family == "system design"
		if design != (len(p.Ops) == 0) {
			t.Errorf("problem %s (%s): ops %v; only design problems have none", p.Number, p.Family, p.Ops)
		}
		seen := map[string]bool{}
		for _, id := range p.Mistakes {
			if seen[id] {
				t.Errorf("problem %s lists mistake %q twice", p.Number, id)
			}
			seen[id] = true
		}
	}
}

func TestLookup(t *testing.T) {
	for _, tc := range []struct {
		in    string
		want  string
		found bool
	}{
		{"007", "2D non-maximum suppression", true},
		{"7", "2D non-maximum suppression", true},
		{" 36", "Manual LayerNorm", true},
		{"037", "", false},
		{"-1", "", false},
		{"nms", "", false},
		{"", "", false},
	} {
		p, ok := Lookup(tc.in)
		if ok != tc.found || p.Title != tc.want {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tc.in, p.Title, ok, tc.want, tc.found)
		}
		if Title(tc.in) != tc.want {
			t.Errorf("Title(%q) = %q, want %q", tc.in, Title(tc.in), tc.want)
		}
	}
}

func TestForOpAndMainOp(t *testing.T) {
	var got []string
	for _, p := range ForOp("sdpa") {
		got = append(got, p.Number)
	}
	if fmt.Sprint(got) != "[003 004]" {
		t.Errorf("ForOp(sdpa) = %v, want [003 004]", got)
	}
	if p, _ := Lookup("022"); p.MainOp() != "cross_entropy" {
		t.Errorf("022's main op = %q, want cross_entropy", p.MainOp())
	}
	if p, _ := Lookup("028"); p.MainOp() != "" {
		t.Errorf("a design problem has no main op, got %q", p.MainOp())
	}
	if len(ForOp("no_such_op")) != 0 {
		t.Error("ForOp of an unknown op must be empty")
	}
}
