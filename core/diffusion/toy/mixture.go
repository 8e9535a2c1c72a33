package toy

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// NullClass selects the whole mixture: the unconditional model, and the
// "null condition" of classifier-free guidance.
const NullClass = -1

// Component is one Gaussian of a mixture with a diagonal covariance.
type Component struct {
	Weight float64   // > 0; weights are normalised by NewMixture
	Mean   []float64 // [Dim]
	Var    []float64 // [Dim] diagonal of Σ_k, each > 0 (isotropic: all equal)
	Class  int       // label in [0, NumClasses)
}

// Mixture is a Gaussian-mixture data distribution with class labels. Its
// methods reuse internal scratch buffers, so one Mixture must not be used
// from two goroutines at once.
type Mixture struct {
	Dim        int
	NumClasses int
	Comps      []Component

	logW []float64 // log of the normalised weights

	// Cache of the noised components at one ᾱ.
	cachedAbar float64
	mean       []float64 // [K*Dim] √ᾱ μ_k
	ivar       []float64 // [K*Dim] 1/(ᾱ σ²_kj + 1 − ᾱ)
	logNorm    []float64 // [K] −½ Σ_j log(2π v_kj)
	logp       []float64 // [K] scratch: log w_k + log N_k(x)
	resp       []float64 // [K] scratch: unnormalised responsibilities
}

// NewMixture validates the components, normalises their weights and returns
// the mixture. The Mean and Var slices are copied.
func NewMixture(dim int, comps []Component) (*Mixture, error) {
	if dim < 1 || dim > 4096 {
		return nil, fmt.Errorf("toy: dim must be in [1, 4096], got %d", dim)
	}
	if len(comps) == 0 {
		return nil, fmt.Errorf("toy: a mixture needs at least one component")
	}
	m := &Mixture{Dim: dim, cachedAbar: math.NaN()}
	total := 0.0
	for k, c := range comps {
		if !(c.Weight > 0) || math.IsInf(c.Weight, 0) {
			return nil, fmt.Errorf("toy: component %d weight must be positive and finite, got %v", k, c.Weight)
		}
		if len(c.Mean) != dim || len(c.Var) != dim {
			return nil, fmt.Errorf("toy: component %d has mean of %d and var of %d values, want %d", k, len(c.Mean), len(c.Var), dim)
		}
		for j := range dim {
			if !(c.Var[j] > 0) || math.IsInf(c.Var[j], 0) || math.IsNaN(c.Mean[j]) || math.IsInf(c.Mean[j], 0) {
				return nil, fmt.Errorf("toy: component %d dim %d: mean %v, var %v (var must be positive, both finite)", k, j, c.Mean[j], c.Var[j])
			}
		}
		if c.Class < 0 {
			return nil, fmt.Errorf("toy: component %d class must be >= 0, got %d", k, c.Class)
		}
		total += c.Weight
		m.NumClasses = max(m.NumClasses, c.Class+1)
		m.Comps = append(m.Comps, Component{Weight: c.Weight, Mean: append([]float64(nil), c.Mean...),
			Var: append([]float64(nil), c.Var...), Class: c.Class})
	}
	K := len(comps)
	m.logW = make([]float64, K)
	for k := range m.Comps {
		m.Comps[k].Weight /= total
		m.logW[k] = math.Log(m.Comps[k].Weight)
	}
	m.mean = make([]float64, K*dim)
	m.ivar = make([]float64, K*dim)
	m.logNorm = make([]float64, K)
	m.logp = make([]float64, K)
	m.resp = make([]float64, K)
	return m, nil
}

// checkClass refuses a class that is neither NullClass nor a label in use.
func (m *Mixture) checkClass(class int) error {
	if class == NullClass {
		return nil
	}
	if class < 0 || class >= m.NumClasses {
		return fmt.Errorf("toy: class %d out of range [0, %d) (or NullClass)", class, m.NumClasses)
	}
	for _, c := range m.Comps {
		if c.Class == class {
			return nil
		}
	}
	return fmt.Errorf("toy: no component has class %d", class)
}

func checkAlphaBar(abar float64) error {
	if !(abar > 0 && abar <= 1) {
		return fmt.Errorf("toy: alpha_bar must be in (0, 1], got %v", abar)
	}
	return nil
}

// noise fills the cache with the components of p_t at ᾱ.
func (m *Mixture) noise(abar float64) {
	if abar == m.cachedAbar {
		return
	}
	D := m.Dim
	sa := math.Sqrt(abar)
	for k, c := range m.Comps {
		ln := 0.0
		for j := range D {
			v := abar*c.Var[j] + (1 - abar)
			m.mean[k*D+j] = sa * c.Mean[j]
			m.ivar[k*D+j] = 1 / v
			ln += math.Log(2 * math.Pi * v)
		}
		m.logNorm[k] = -0.5 * ln
	}
	m.cachedAbar = abar
}

// componentLogs fills m.logp[k] = log w_k + log N_k(x) at the cached ᾱ.
func (m *Mixture) componentLogs(x []float64) {
	D := m.Dim
	for k := range m.Comps {
		mu, iv := m.mean[k*D:(k+1)*D], m.ivar[k*D:(k+1)*D]
		q := 0.0
		for j, xj := range x {
			d := xj - mu[j]
			q += d * d * iv[j]
		}
		m.logp[k] = m.logW[k] + m.logNorm[k] - 0.5*q
	}
}

// logSumExp over the components of class (all when NullClass), and their max.
func (m *Mixture) logSumExp(class int) (lse, mx float64) {
	mx = math.Inf(-1)
	for k, c := range m.Comps {
		if (class == NullClass || c.Class == class) && m.logp[k] > mx {
			mx = m.logp[k]
		}
	}
	s := 0.0
	for k, c := range m.Comps {
		if class == NullClass || c.Class == class {
			s += math.Exp(m.logp[k] - mx)
		}
	}
	return mx + math.Log(s), mx
}

// classLogWeight is log Σ_{k in class} w_k, the renormalisation of p(x|c).
func (m *Mixture) classLogWeight(class int) float64 {
	if class == NullClass {
		return 0
	}
	s := 0.0
	for _, c := range m.Comps {
		if c.Class == class {
			s += c.Weight
		}
	}
	return math.Log(s)
}

// LogDensity is log p_t(x | class) at ᾱ (class NullClass: the whole
// mixture). ᾱ = 1 is the data distribution itself.
func (m *Mixture) LogDensity(x []float64, alphaBar float64, class int) (float64, error) {
	if err := m.checkArgs(x, alphaBar, class); err != nil {
		return 0, err
	}
	m.noise(alphaBar)
	m.componentLogs(x)
	lse, _ := m.logSumExp(class)
	return lse - m.classLogWeight(class), nil
}

func (m *Mixture) checkArgs(xs []float64, abar float64, class int) error {
	if len(xs)%m.Dim != 0 {
		return fmt.Errorf("toy: %d values are not whole %d-d points", len(xs), m.Dim)
	}
	if err := checkAlphaBar(abar); err != nil {
		return err
	}
	return m.checkClass(class)
}

// accumulate adds scale·Σ_k r_k (x − m_k)/v_k over the components of class
// into dst, with r_k the responsibilities within that class. One exp per
// component: the weights exp(logp_k − max) are kept and normalised by their
// sum.
func (m *Mixture) accumulate(dst, x []float64, class int, scale float64) {
	D := m.Dim
	mx := math.Inf(-1)
	for k, c := range m.Comps {
		if (class == NullClass || c.Class == class) && m.logp[k] > mx {
			mx = m.logp[k]
		}
	}
	sum := 0.0
	for k, c := range m.Comps {
		e := 0.0
		if class == NullClass || c.Class == class {
			e = math.Exp(m.logp[k] - mx)
		}
		m.resp[k] = e
		sum += e
	}
	scale /= sum
	for k, e := range m.resp {
		if e == 0 {
			continue
		}
		r := e * scale
		mu, iv := m.mean[k*D:(k+1)*D], m.ivar[k*D:(k+1)*D]
		for j, xj := range x {
			dst[j] += r * (xj - mu[j]) * iv[j]
		}
	}
}

// Eps writes the exact noise prediction ε*(x, ᾱ) = −√(1−ᾱ) ∇ log p_t(x | class)
// for every point of xs (len(xs)/Dim points, row-major) into dst.
func (m *Mixture) Eps(dst, xs []float64, alphaBar float64, class int) error {
	return m.GuidedEps(dst, xs, alphaBar, class, 1)
}

// GuidedEps writes classifier-free guided predictions
// ε_null + w (ε_class − ε_null) into dst. Both predictions come from one
// pass over the components (the densities are shared; only the
// responsibilities differ), the analogue of one batched network call rather
// than two. class NullClass gives the unconditional ε* whatever w.
func (m *Mixture) GuidedEps(dst, xs []float64, alphaBar float64, class int, w float64) error {
	if err := m.checkArgs(xs, alphaBar, class); err != nil {
		return err
	}
	if len(dst) != len(xs) {
		return fmt.Errorf("toy: dst has %d values, xs has %d", len(dst), len(xs))
	}
	if math.IsNaN(w) || math.IsInf(w, 0) {
		return fmt.Errorf("toy: guidance scale must be finite, got %v", w)
	}
	m.noise(alphaBar)
	D := m.Dim
	s := math.Sqrt(1 - alphaBar)
	for i := 0; i < len(xs); i += D {
		x, out := xs[i:i+D], dst[i:i+D]
		clear(out)
		m.componentLogs(x)
		if class == NullClass || w == 1 {
			m.accumulate(out, x, class, s)
			continue
		}
		// ε̂ = (1−w) ε_null + w ε_class, by linearity of the sums.
		m.accumulate(out, x, NullClass, s*(1-w))
		m.accumulate(out, x, class, s*w)
	}
	return nil
}

// Sample draws n = len(dst)/Dim points from the data distribution of class
// (NullClass: the whole mixture) and writes each point's component class into
// labels (which may be nil).
func (m *Mixture) Sample(rng *rand.Rand, dst []float64, labels []int, class int) error {
	if err := m.checkArgs(dst, 1, class); err != nil {
		return err
	}
	D := m.Dim
	n := len(dst) / D
	if labels != nil && len(labels) < n {
		return fmt.Errorf("toy: labels has room for %d points, need %d", len(labels), n)
	}
	total := math.Exp(m.classLogWeight(class))
	for i := range n {
		u := rng.Float64() * total
		pick := -1
		for k, c := range m.Comps {
			if class != NullClass && c.Class != class {
				continue
			}
			pick = k
			if u < c.Weight {
				break
			}
			u -= c.Weight
		}
		c := m.Comps[pick]
		for j := range D {
			dst[i*D+j] = c.Mean[j] + math.Sqrt(c.Var[j])*rng.NormFloat64()
		}
		if labels != nil {
			labels[i] = c.Class
		}
	}
	return nil
}

// Moments returns the mean [Dim] and covariance [Dim*Dim] of the data
// distribution of class: Σ w_k μ_k and Σ w_k (Σ_k + μ_k μ_kᵀ) − μ μᵀ.
func (m *Mixture) Moments(class int) (mean, cov []float64, err error) {
	if err := m.checkClass(class); err != nil {
		return nil, nil, err
	}
	D := m.Dim
	mean, cov = make([]float64, D), make([]float64, D*D)
	total := math.Exp(m.classLogWeight(class))
	for _, c := range m.Comps {
		if class != NullClass && c.Class != class {
			continue
		}
		w := c.Weight / total
		for i := range D {
			mean[i] += w * c.Mean[i]
			cov[i*D+i] += w * c.Var[i]
			for j := range D {
				cov[i*D+j] += w * c.Mean[i] * c.Mean[j]
			}
		}
	}
	for i := range D {
		for j := range D {
			cov[i*D+j] -= mean[i] * mean[j]
		}
	}
	return mean, cov, nil
}
