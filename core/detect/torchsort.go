package detect

import "math/bits"

// torchSortDesc sorts vals into decreasing order, permuting idx alongside,
// by the exact algorithm torch 1.13's CPU Tensor.sort(descending=True) runs:
// libstdc++'s std::sort (introsort: median-of-three quicksort above 16
// elements, heapsort when the depth budget 2·⌊log2 n⌋ runs out, then
// insertion sort) over (value, index) pairs compared by value only. It is
// not stable, and reproducing it is the only way to return equal scores in
// the same order as torchvision's per-class batched_nms. NaN never reaches
// it (inputs are checked).
func torchSortDesc(vals []float32, idx []int) {
	n := len(vals)
	if n < 2 {
		return
	}
	p := pairs{v: vals, i: idx}
	p.introsort(0, n, 2*(bits.Len(uint(n))-1))
	p.finalInsertion(0, n)
}

const introThreshold = 16

type pairs struct {
	v []float32
	i []int
}

// less is KeyValueCompDesc: a sorts before b when its value is greater.
func (p pairs) less(a, b int) bool { return p.v[a] > p.v[b] }

func (p pairs) swap(a, b int) {
	p.v[a], p.v[b] = p.v[b], p.v[a]
	p.i[a], p.i[b] = p.i[b], p.i[a]
}

func (p pairs) introsort(first, last, depth int) {
	for last-first > introThreshold {
		if depth == 0 {
			p.heapsort(first, last)
			return
		}
		depth--
		cut := p.partitionPivot(first, last)
		p.introsort(cut, last, depth)
		last = cut
	}
}

func (p pairs) partitionPivot(first, last int) int {
	mid := first + (last-first)/2
	p.medianToFirst(first, first+1, mid, last-1)
	return p.unguardedPartition(first+1, last, first)
}

func (p pairs) medianToFirst(result, a, b, c int) {
	switch {
	case p.less(a, b):
		switch {
		case p.less(b, c):
			p.swap(result, b)
		case p.less(a, c):
			p.swap(result, c)
		default:
			p.swap(result, a)
		}
	case p.less(a, c):
		p.swap(result, a)
	case p.less(b, c):
		p.swap(result, c)
	default:
		p.swap(result, b)
	}
}

func (p pairs) unguardedPartition(first, last, pivot int) int {
	for {
		for p.less(first, pivot) {
			first++
		}
		last--
		for p.less(pivot, last) {
			last--
		}
		if first >= last {
			return first
		}
		p.swap(first, last)
		first++
	}
}

func (p pairs) finalInsertion(first, last int) {
	if last-first > introThreshold {
		p.insertion(first, first+introThreshold)
		for i := first + introThreshold; i < last; i++ {
			p.linearInsert(i)
		}
		return
	}
	p.insertion(first, last)
}

func (p pairs) insertion(first, last int) {
	for i := first + 1; i < last; i++ {
		if p.less(i, first) {
			v, x := p.v[i], p.i[i]
			copy(p.v[first+1:i+1], p.v[first:i])
			copy(p.i[first+1:i+1], p.i[first:i])
			p.v[first], p.i[first] = v, x
		} else {
			p.linearInsert(i)
		}
	}
}

// linearInsert moves element last left while it sorts before its neighbour;
// unguarded, as a smaller-or-equal element is known to sit further left.
func (p pairs) linearInsert(last int) {
	v, x := p.v[last], p.i[last]
	next := last - 1
	for v > p.v[next] {
		p.v[last], p.i[last] = p.v[next], p.i[next]
		last = next
		next--
	}
	p.v[last], p.i[last] = v, x
}

// heapsort is std::__partial_sort(first, last, last): make_heap then
// sort_heap, with libstdc++'s hole-based adjust/push.
func (p pairs) heapsort(first, last int) {
	n := last - first
	if n >= 2 {
		for parent := (n - 2) / 2; ; parent-- {
			v, x := p.v[first+parent], p.i[first+parent]
			p.adjustHeap(first, parent, n, v, x)
			if parent == 0 {
				break
			}
		}
	}
	for last-first > 1 {
		last--
		v, x := p.v[last], p.i[last]
		p.v[last], p.i[last] = p.v[first], p.i[first]
		p.adjustHeap(first, 0, last-first, v, x)
	}
}

func (p pairs) adjustHeap(first, hole, n int, v float32, x int) {
	top := hole
	child := hole
	for child < (n-1)/2 {
		child = 2 * (child + 1)
		if p.v[first+child] > p.v[first+child-1] {
			child--
		}
		p.v[first+hole], p.i[first+hole] = p.v[first+child], p.i[first+child]
		hole = child
	}
	if n&1 == 0 && child == (n-2)/2 {
		child = 2 * (child + 1)
		p.v[first+hole], p.i[first+hole] = p.v[first+child-1], p.i[first+child-1]
		hole = child - 1
	}
	// push_heap: comp(parent, value) is parent.v > v for the descending order.
	parent := (hole - 1) / 2
	for hole > top && p.v[first+parent] > v {
		p.v[first+hole], p.i[first+hole] = p.v[first+parent], p.i[first+parent]
		hole = parent
		parent = (hole - 1) / 2
	}
	p.v[first+hole], p.i[first+hole] = v, x
}
