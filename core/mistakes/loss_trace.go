package mistakes

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/loss"
)

// NaiveLSEStages are problem 022's mistake stage by stage, for a view that
// shows it beside the stable version: e^x in float32 (+Inf beyond x ≈ 88.7),
// their float32 sum and its log. LSE equals loss.NaiveLogSumExpRow(X).
type NaiveLSEStages struct {
	X   []float32
	Exp []float32
	Sum float32
	LSE float32
}

// NaiveLogSumExpTrace keeps the naive log-sum-exp's intermediates.
func NaiveLogSumExpTrace(row []float32) (*NaiveLSEStages, error) {
	if len(row) == 0 {
		return nil, fmt.Errorf("logsumexp: empty row")
	}
	st := &NaiveLSEStages{X: append([]float32(nil), row...), Exp: make([]float32, len(row))}
	for i, v := range row {
		st.Exp[i] = float32(math.Exp(float64(v)))
		st.Sum += st.Exp[i]
	}
	st.LSE = float32(math.Log(float64(st.Sum)))
	return st, nil
}

// InfoNCEDiagonalKeptMatrix is the similarity matrix the diagonal-not-masked
// mistake takes the cross-entropy of: S = ẑẑᵀ/τ over the normalised views,
// its diagonal (each sample against itself, 1/τ) left in [2N,2N].
// loss.CrossEntropy of its rows against the positives is
// InfoNCEDiagonalKept.
func InfoNCEDiagonalKeptMatrix(zi, zj *core.Tensor, temperature float64) (*core.Tensor, error) {
	return infoNCESim(zi, zj, temperature, true, false)
}

// InfoNCEUnnormalizedMatrix is the no-normalize mistake's matrix: raw dot
// products over τ, diagonal masked [2N,2N]; its cross-entropy against the
// positives is InfoNCEUnnormalized.
func InfoNCEUnnormalizedMatrix(zi, zj *core.Tensor, temperature float64) (*core.Tensor, error) {
	return infoNCESim(zi, zj, temperature, false, true)
}

// infoNCESim is loss.InfoNCE's similarity matrix with normalisation and
// diagonal masking each switchable.
func infoNCESim(zi, zj *core.Tensor, temperature float64, normalize, mask bool) (*core.Tensor, error) {
	if _, err := loss.InfoNCE(zi, zj, temperature); err != nil {
		return nil, err
	}
	n, d := zi.Shape[0], zi.Shape[1]
	m := 2 * n
	z := make([]float32, m*d)
	copy(z, zi.Data)
	copy(z[n*d:], zj.Data)
	if normalize {
		for r := 0; r < m; r++ {
			row := z[r*d : (r+1)*d]
			var s float64
			for _, v := range row {
				s += float64(v) * float64(v)
			}
			inv := float32(1 / math.Max(math.Sqrt(s), 1e-12)) // F.normalize's eps
			for i := range row {
				row[i] *= inv
			}
		}
	}
	sim := core.New(m, m)
	core.Gemm(false, true, m, m, d, float32(1/temperature), z, max(d, 1), z, max(d, 1), 0, sim.Data, m)
	if mask {
		for r := range m {
			sim.Data[r*m+r] = loss.InfoNCEMask
		}
	}
	return sim, nil
}
