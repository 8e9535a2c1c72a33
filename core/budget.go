package core

import (
	"fmt"
	"math"
	"strings"
	"sync/atomic"
)

// DefaultBudget is the most memory, in bytes, that one op call may allocate
// for its outputs and working memory together (OPS.md: "a fixed budget, the
// same for all ops, at most 1 GiB"). 256 MiB leaves room, under 1 GB of
// peak memory, for the decoded inputs of a conformance case (which the
// runner holds to the same budget) next to the op's own allocations.
const DefaultBudget = 256 << 20

// MaxBudget is the ceiling SetBudget accepts.
const MaxBudget = 1 << 30

var budget atomic.Int64

func init() { budget.Store(DefaultBudget) }

// Budget returns the current per-call memory budget in bytes.
func Budget() int64 { return budget.Load() }

// SetBudget sets the per-call memory budget and returns the previous one.
// It exists for tests (which check refusals with a few MiB instead of
// allocating gigabytes) and for embedders that want a smaller cap; values
// outside [1, MaxBudget] are clamped into it.
func SetBudget(bytes int64) (previous int64) {
	bytes = max(1, min(bytes, MaxBudget))
	return budget.Swap(bytes)
}

// maxBlockDims is how many dimensions a Block records; the im2col matrix of
// a 3-D convolution has eight.
const maxBlockDims = 8

// Block describes one allocation an op is about to make: a name for the
// message, the element size in bytes and the dimensions. Its fields are
// plain values, so building blocks and checking them allocates nothing.
type Block struct {
	name string
	elem int
	dims [maxBlockDims]int
	n    int
	// extra holds the product of any dimensions beyond maxBlockDims
	// (saturated), so no dimension is ever dropped from the size.
	extra int64
}

// Float32s is a block of float32 values of the given dims.
func Float32s(name string, dims ...int) Block { return Items(name, 4, dims...) }

// Float64s is a block of float64 (or int, on 64-bit machines) values.
func Float64s(name string, dims ...int) Block { return Items(name, 8, dims...) }

// Items is a block of dims elements of elemBytes bytes each (a detect.Box
// is 16, a geometry.Mat3 72).
func Items(name string, elemBytes int, dims ...int) Block {
	b := Block{name: name, elem: elemBytes, extra: 1}
	for i, d := range dims {
		if i < maxBlockDims {
			b.dims[i] = d
			b.n++
			continue
		}
		b.extra = mulSat(b.extra, int64(d))
	}
	return b
}

// Bytes is the block's size: the element size times the product of all its
// dimensions, zeros included. It saturates at math.MaxInt64, and a negative
// dimension counts as that too, so a bad size can only ever be refused.
func (b Block) Bytes() int64 {
	n := mulSat(int64(b.elem), b.extra)
	for _, d := range b.dims[:b.n] {
		n = mulSat(n, int64(d))
	}
	return n
}

// mulSat is a·b for non-negative a, b, or math.MaxInt64 when the product
// overflows or either factor is negative.
func mulSat(a, b int64) int64 {
	if a < 0 || b < 0 {
		return math.MaxInt64
	}
	if a == 0 || b == 0 {
		return 0
	}
	if a > math.MaxInt64/b {
		return math.MaxInt64
	}
	return a * b
}

// addSat is a+b for non-negative a, b, saturating at math.MaxInt64.
func addSat(a, b int64) int64 {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// CheckedProduct multiplies dims as int, reporting false when a dimension
// is negative or the product overflows an int32 count of elements (the
// largest a tensor may hold). Zeros do not stop the check: [2^31-1, 0, 2^31-1]
// is refused although it holds no element, because an op would still form
// products of its other dims.
func CheckedProduct(dims ...int) (int, bool) {
	n, nonzero := 1, 1
	for _, d := range dims {
		if d < 0 {
			return 0, false
		}
		if d == 0 {
			n = 0
			continue
		}
		if nonzero > math.MaxInt32/d {
			return 0, false
		}
		nonzero *= d
		n *= d
	}
	return n, true
}

// CheckBudget refuses, with an error naming op, every block and its size,
// a set of allocations whose total passes the budget. Ops call it after
// validating shapes and before allocating anything.
func CheckBudget(op string, blocks ...Block) error {
	var total int64
	for i := range blocks {
		total = addSat(total, blocks[i].Bytes())
	}
	lim := Budget()
	if total <= lim {
		return nil
	}
	return budgetError(op, total, lim, blocks)
}

// budgetError builds the message of a refused CheckBudget. It copies what it
// formats, so that CheckBudget's arguments never escape and the success
// path stays allocation-free.
func budgetError(op string, total, lim int64, blocks []Block) error {
	var parts []string
	for i := range blocks {
		b := blocks[i]
		if b.Bytes() == 0 && len(blocks) > 1 {
			continue
		}
		dims := make([]string, b.n)
		for j, d := range b.dims[:b.n] {
			dims[j] = fmt.Sprint(d)
		}
		if b.extra != 1 {
			dims = append(dims, fmt.Sprint(b.extra))
		}
		parts = append(parts, strings.Clone(b.name)+" ["+strings.Join(dims, ",")+"]")
	}
	verb := "needs"
	if len(parts) > 1 {
		verb = "need"
	}
	name := strings.Clone(op)
	need, have := FormatBytes(total), FormatBytes(lim)
	if need == have {
		// Just over: rounded, both would read the same.
		need, have = fmt.Sprintf("%d bytes", total), fmt.Sprintf("%d-byte", lim)
	}
	return &BudgetError{Op: name, Bytes: total, Budget: lim,
		msg: fmt.Sprintf("%s: %s %s %s, over the %s budget", name, strings.Join(parts, " + "), verb, need, have)}
}

// BudgetError is a call refused by CheckBudget.
type BudgetError struct {
	Op     string
	Bytes  int64 // what the call would allocate (math.MaxInt64: beyond counting)
	Budget int64
	msg    string
}

func (e *BudgetError) Error() string { return e.msg }

// FormatBytes writes a byte count with a binary unit: "512 MiB", "1.0 GiB".
func FormatBytes(n int64) string {
	if n == math.MaxInt64 {
		return "more than 8 EiB"
	}
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"}
	v, u := float64(n), 0
	for v >= 1024 && u < len(units)-1 {
		v /= 1024
		u++
	}
	switch {
	case u == 0:
		return fmt.Sprintf("%d B", n)
	case v < 10:
		return fmt.Sprintf("%.1f %s", v, units[u])
	}
	return fmt.Sprintf("%.0f %s", v, units[u])
}
