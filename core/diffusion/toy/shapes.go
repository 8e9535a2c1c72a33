package toy

import (
	"fmt"
	"math"
)

// The 2-D data sets of diffusion tutorials (two moons, a spiral), built as
// chains of small Gaussians so that ε* stays exact: with components closer
// than a few standard deviations the mixture reads as a continuous shape,
// and a particle's distance to the nearest component mean is its distance
// to the shape.

// Moons is the two-moons data set: k isotropic Gaussians of standard
// deviation std along each of two interleaved half circles, the upper moon
// class 0 and the lower class 1, centred and scaled to about [−2, 2] × [−1, 1]
// (unit-scale data, as a diffusion model expects).
func Moons(k int, std float64) (*Mixture, error) {
	if k < 2 || k > 256 {
		return nil, fmt.Errorf("toy: moons need 2..256 components per moon, got %d", k)
	}
	if !(std > 0) || std > 1 {
		return nil, fmt.Errorf("toy: moons std must be in (0, 1], got %v", std)
	}
	const scale = 1.3
	comps := make([]Component, 0, 2*k)
	for class := range 2 {
		for i := range k {
			th := math.Pi * float64(i) / float64(k-1)
			x, y := math.Cos(th), math.Sin(th)
			if class == 1 {
				x, y = 1-x, 0.5-y
			}
			comps = append(comps, Component{Weight: 1, Class: class,
				Mean: []float64{(x - 0.5) * scale, (y - 0.25) * scale}, Var: []float64{std * std, std * std}})
		}
	}
	return NewMixture(2, comps)
}

// Spiral is a one-armed spiral (the "Swiss roll" seen from above): k
// isotropic Gaussians of standard deviation std spaced evenly along the arc
// r = 0.22 θ for θ from π/2 to 3π, one class.
func Spiral(k int, std float64) (*Mixture, error) {
	if k < 2 || k > 512 {
		return nil, fmt.Errorf("toy: spiral needs 2..512 components, got %d", k)
	}
	if !(std > 0) || std > 1 {
		return nil, fmt.Errorf("toy: spiral std must be in (0, 1], got %v", std)
	}
	const b, th0, th1 = 0.22, math.Pi / 2, 3 * math.Pi
	// Arc length of r = bθ from 0 to θ, to space the components evenly
	// along the curve rather than in angle.
	arc := func(th float64) float64 {
		s := math.Sqrt(1 + th*th)
		return b / 2 * (th*s + math.Log(th+s))
	}
	l0, l1 := arc(th0), arc(th1)
	comps := make([]Component, k)
	th := th0
	for i := range comps {
		target := l0 + (l1-l0)*float64(i)/float64(k-1)
		// Newton on arc(θ) = target; d arc/dθ = b √(1+θ²).
		for range 20 {
			th -= (arc(th) - target) / (b * math.Sqrt(1+th*th))
		}
		r := b * th
		comps[i] = Component{Weight: 1, Mean: []float64{r * math.Cos(th), r * math.Sin(th)}, Var: []float64{std * std, std * std}}
	}
	return NewMixture(2, comps)
}

// NearestMean returns, for each point of xs ([n*Dim]), the index of the
// component whose mean is nearest (Euclidean) and the distance to it: how
// far a sample lies from the shape the data draws.
func (m *Mixture) NearestMean(xs []float32, idx []int, dist []float64) error {
	D := m.Dim
	if len(xs)%D != 0 {
		return fmt.Errorf("toy: %d values are not whole %d-d points", len(xs), D)
	}
	n := len(xs) / D
	if len(idx) < n || len(dist) < n {
		return fmt.Errorf("toy: room for %d and %d results, need %d", len(idx), len(dist), n)
	}
	for i := range n {
		best, bd := 0, math.Inf(1)
		for k, c := range m.Comps {
			d := 0.0
			for j := range D {
				v := float64(xs[i*D+j]) - c.Mean[j]
				d += v * v
			}
			if d < bd {
				best, bd = k, d
			}
		}
		idx[i], dist[i] = best, math.Sqrt(bd)
	}
	return nil
}

// CloudStats summarise a cloud of samples against the data: how far the
// samples lie from the shape and how widely they spread.
type CloudStats struct {
	// MeanDist is the mean distance to the nearest component mean.
	MeanDist float64
	// Trace is the trace of the samples' covariance (the data's is
	// DataTrace).
	Trace float64
	// ClassShare is the fraction of samples nearest a component of each
	// class.
	ClassShare []float64
	// Coverage is the share of the data's weight in components that are
	// the nearest of at least a quarter of the samples they should get
	// (n·weight): 1 when the samples spread over the whole shape, low when
	// they pile onto part of it.
	Coverage float64
}

// Stats measures the samples xs ([n*Dim]) against m.
func (m *Mixture) Stats(xs []float32) (CloudStats, error) {
	D := m.Dim
	n := len(xs) / D
	if n == 0 || len(xs)%D != 0 {
		return CloudStats{}, fmt.Errorf("toy: %d values are not a cloud of %d-d points", len(xs), D)
	}
	idx, dist := make([]int, n), make([]float64, n)
	if err := m.NearestMean(xs, idx, dist); err != nil {
		return CloudStats{}, err
	}
	st := CloudStats{ClassShare: make([]float64, m.NumClasses)}
	mean := make([]float64, D)
	hits := make([]int, len(m.Comps))
	for i := range n {
		hits[idx[i]]++
		st.MeanDist += dist[i] / float64(n)
		st.ClassShare[m.Comps[idx[i]].Class] += 1 / float64(n)
		for j := range D {
			mean[j] += float64(xs[i*D+j]) / float64(n)
		}
	}
	for i := range n {
		for j := range D {
			v := float64(xs[i*D+j]) - mean[j]
			st.Trace += v * v / float64(max(1, n-1))
		}
	}
	for k, c := range m.Comps {
		if float64(hits[k]) >= float64(n)*c.Weight/4 {
			st.Coverage += c.Weight
		}
	}
	return st, nil
}

// DataTrace is the trace of the data's covariance (class NullClass: the
// whole mixture), the spread a perfect sampler's cloud has.
func (m *Mixture) DataTrace(class int) (float64, error) {
	_, cov, err := m.Moments(class)
	if err != nil {
		return 0, err
	}
	tr := 0.0
	for j := range m.Dim {
		tr += cov[j*m.Dim+j]
	}
	return tr, nil
}
