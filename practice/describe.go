package practice

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"dlprep/conformance/contract"
	"dlprep/core/mistakes"
	"dlprep/core/problems"
)

// List writes the problems as a table: number, title, difficulty and ops.
func List(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tproblem\tdifficulty\tops")
	for _, p := range problems.All() {
		ops := strings.Join(p.Ops, ", ")
		if ops == "" {
			ops = "(design: no op)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", p.Number, p.Title, p.Difficulty, ops)
	}
	tw.Flush()
	fmt.Fprintln(w, "\ndlprep practice NNN [--lang numpy|torch|go] [--dir D] writes a starter for problem NNN;")
	fmt.Fprintln(w, "dlprep practice NNN --mistakes lists the mistakes its judge recognises.")
}

// Describe writes the problem in our words, the contract of op, the
// idioms and the ids of its catalogued mistakes.
func Describe(w io.Writer, p problems.Problem, op string) {
	fmt.Fprintf(w, "Problem %s: %s  (%s, %s)\n\n", p.Number, p.Title, p.Family, p.Difficulty)
	fmt.Fprint(w, wrapText(p.Statement, 78))
	if op != "" {
		if con, ok := contract.Lookup(op); ok {
			fmt.Fprintln(w)
			fmt.Fprint(w, con.Text())
		}
		var others []string
		for _, o := range p.Ops {
			if o != op {
				others = append(others, o)
			}
		}
		if len(others) > 0 {
			fmt.Fprintf(w, "  (also checked by: %s; --op NAME writes a starter for one of them)\n", strings.Join(others, ", "))
		}
	}
	fmt.Fprintln(w, "\nIdioms worth knowing:")
	for _, id := range p.Idioms {
		lines := strings.Split(strings.TrimRight(wrapText(id, 74), "\n"), "\n")
		for i, l := range lines {
			if i == 0 {
				fmt.Fprintf(w, "  - %s\n", l)
			} else {
				fmt.Fprintf(w, "    %s\n", l)
			}
		}
	}
	if len(p.Mistakes) > 0 {
		fmt.Fprintf(w, "\nThe judge recognises these mistakes: %s (dlprep practice %s --mistakes explains them).\n",
			strings.Join(p.Mistakes, ", "), p.Number)
	}
}

// Mistakes writes the problem's catalogued mistakes with their
// explanations and the view that shows each.
func Mistakes(w io.Writer, p problems.Problem) {
	ms := mistakes.ForProblem(p.Number)
	if len(ms) == 0 {
		fmt.Fprintf(w, "Problem %s (%s) has no catalogued mistakes.\n", p.Number, p.Title)
		return
	}
	fmt.Fprintf(w, "Problem %s, %s: the mistakes the judge recognises\n\n", p.Number, p.Title)
	for _, m := range ms {
		fmt.Fprintf(w, "%s  (on %s)\n", m.ID, strings.Join(m.Ops, ", "))
		fmt.Fprint(w, indent(wrapText(m.Summary+".", 74), "  "))
		fmt.Fprintf(w, "  see %s in the visualizer\n\n", m.Link())
	}
}

func indent(text, prefix string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}
