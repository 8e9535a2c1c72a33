package loss

import (
	"fmt"
	"math"

	"dlprep/core"
)

// InfoNCEMask is the value written on the diagonal of the similarity matrix
// so a sample is never its own candidate. A large finite number, not −Inf:
// problem 021's pitfall is that −Inf can turn into NaN (−Inf − −Inf).
const InfoNCEMask = -1e9

// InfoNCE is problem 021 (the SimCLR NT-Xent loss): the 2N rows of
// z = [z_i; z_j] are L2-normalised (F.normalize, norm clamped at 1e-12),
// S = z zᵀ / τ with the diagonal set to InfoNCEMask, and the loss is the mean
// cross-entropy of each row of S against its positive, i + N for i < N and
// i − N otherwise. z_i and z_j are [N,D].
func InfoNCE(zi, zj *core.Tensor, temperature float64) (float64, error) {
	var ws InfoNCEWorkspace
	return ws.InfoNCE(zi, zj, temperature)
}

// InfoNCEWorkspace keeps the normalised embeddings and the similarity matrix
// between calls; the zero value is ready to use.
type InfoNCEWorkspace struct {
	z, sim []float32
	m      int
}

// Logits returns the last call's masked similarity matrix S (2N×2N, row
// major, diagonal InfoNCEMask) and 2N: the matrix problem 021 draws. It
// aliases the workspace.
func (ws *InfoNCEWorkspace) Logits() ([]float32, int) { return ws.sim, ws.m }

// InfoNCE is the package-level InfoNCE on reused buffers.
func (ws *InfoNCEWorkspace) InfoNCE(zi, zj *core.Tensor, temperature float64) (float64, error) {
	const op = "info_nce"
	if err := core.CheckShape(op, "z_i", zi, "[N,D]", -1, -1); err != nil {
		return 0, err
	}
	if err := core.CheckShape(op, "z_j", zj, "[N,D]", zi.Shape[0], zi.Shape[1]); err != nil {
		return 0, err
	}
	if err := core.CheckData(op, []string{"z_i", "z_j"}, zi, zj); err != nil {
		return 0, err
	}
	if !(temperature > 0) || math.IsInf(temperature, 0) {
		return 0, fmt.Errorf("%s: temperature must be a positive number, got %v", op, temperature)
	}
	n, d := zi.Shape[0], zi.Shape[1]
	if n == 0 {
		return 0, fmt.Errorf("%s: needs at least one pair, got N=0", op)
	}
	if d == 0 {
		return 0, fmt.Errorf("%s: the embedding width D must be positive, got z_i %v", op, zi.Shape)
	}
	if err := core.CheckBudget(op, core.Float32s("normalised z", 2, n, d), core.Float32s("similarities", 2*n, 2*n)); err != nil {
		return 0, err
	}
	if err := core.CheckFinite(op, "z_i", zi); err != nil {
		return 0, err
	}
	if err := core.CheckFinite(op, "z_j", zj); err != nil {
		return 0, err
	}
	m := 2 * n
	ws.z, ws.sim, ws.m = grow(ws.z, m*d), grow(ws.sim, m*m), m
	z, sim := ws.z, ws.sim
	copy(z, zi.Data)
	copy(z[n*d:], zj.Data)
	for r := 0; r < m; r++ {
		row := z[r*d : (r+1)*d]
		var s float64
		for _, v := range row {
			s += float64(v) * float64(v)
		}
		inv := float32(1 / math.Max(math.Sqrt(s), 1e-12))
		for i := range row {
			row[i] *= inv
		}
	}
	core.Gemm(false, true, m, m, d, float32(1/temperature), z, max(d, 1), z, max(d, 1), 0, sim, m)
	var total float64
	for r := 0; r < m; r++ {
		row := sim[r*m : (r+1)*m]
		row[r] = InfoNCEMask
		pos := (r + n) % m
		total += LogSumExpRow(row) - float64(row[pos])
	}
	return total / float64(m), nil
}

// grow reslices buf to n elements, reallocating only when it is short.
func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}
