package mistakes

import (
	"math"

	"dlprep/core"
	"dlprep/core/loss"
)

// NaiveLogSumExp is problem 022's mistake for x [N,C]: each row's
// log Σ exp x in float32 without subtracting the maximum
// (loss.NaiveLogSumExpRow), so a logit above ≈ 88.7 overflows to +Inf and a
// row entirely below ≈ −103 underflows to −Inf. It returns y [N] like
// loss.LogSumExp.
func NaiveLogSumExp(x *core.Tensor) (*core.Tensor, error) {
	if err := core.CheckShape("logsumexp", "x", x, "[N,C]", -1, -1); err != nil {
		return nil, err
	}
	if err := core.CheckData("logsumexp", []string{"x"}, x); err != nil {
		return nil, err
	}
	n, c := x.Shape[0], x.Shape[1]
	y := core.New(n)
	for i := range n {
		y.Data[i] = loss.NaiveLogSumExpRow(x.Data[i*c : (i+1)*c])
	}
	return y, nil
}

// CrossEntropyNaive is loss.CrossEntropy built on NaiveLogSumExp: the mean
// over rows of lse − (1−ε)·x_t − ε·mean(x), with the naive lse, so large
// logits give an infinite loss.
func CrossEntropyNaive(logits *core.Tensor, targets []int, labelSmoothing float64) (float64, error) {
	if _, err := loss.CrossEntropy(logits, targets, labelSmoothing); err != nil {
		return 0, err
	}
	lse, err := NaiveLogSumExp(logits)
	if err != nil {
		return 0, err
	}
	n, c := logits.Shape[0], logits.Shape[1]
	var total float64
	for i := range n {
		row := logits.Data[i*c : (i+1)*c]
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		total += float64(lse.Data[i]) - (1-labelSmoothing)*float64(row[targets[i]]) - labelSmoothing*sum/float64(c)
	}
	return total / float64(n), nil
}

// InfoNCEDiagonalKept is problem 021's first mistake: the 2N×2N similarity
// matrix keeps each sample's similarity to itself (1/τ, the largest entry of
// its row) instead of masking it, so the positive never wins the softmax.
func InfoNCEDiagonalKept(zi, zj *core.Tensor, temperature float64) (float64, error) {
	return infoNCE(zi, zj, temperature, true, false)
}

// InfoNCEUnnormalized is problem 021's second mistake: the embeddings are
// not L2-normalised, so the similarities are raw dot products over τ and
// their size, not their direction, decides the loss.
func InfoNCEUnnormalized(zi, zj *core.Tensor, temperature float64) (float64, error) {
	return infoNCE(zi, zj, temperature, false, true)
}

// infoNCE is loss.InfoNCE with normalisation and diagonal masking each
// switchable, the loss taken by loss.CrossEntropy over the rows of S.
func infoNCE(zi, zj *core.Tensor, temperature float64, normalize, mask bool) (float64, error) {
	sim, err := infoNCESim(zi, zj, temperature, normalize, mask)
	if err != nil {
		return 0, err
	}
	m, n := sim.Shape[0], zi.Shape[0]
	pos := make([]int, m)
	for r := range pos {
		pos[r] = (r + n) % m
	}
	return loss.CrossEntropy(sim, pos, 0)
}

// FocalFromProbabilities is problem 024's mistake: p = softmax(logits) is
// computed first (max-shifted, in float32, as F.softmax does) and then
// logged. Where the target's probability underflows to 0 (a margin beyond
// ≈ 104) log p_t is −Inf and the loss is +Inf; elsewhere it agrees with
// loss.FocalLoss to rounding.
func FocalFromProbabilities(logits *core.Tensor, targets []int, f loss.Focal) (float64, error) {
	if _, err := loss.FocalLoss(logits, targets, f); err != nil {
		return 0, err
	}
	n, c := logits.Shape[0], logits.Shape[1]
	var total float64
	for i := range n {
		row := logits.Data[i*c : (i+1)*c]
		mx := row[0]
		for _, v := range row {
			mx = max(mx, v)
		}
		var sum float32
		for _, v := range row {
			sum += float32(math.Exp(float64(v - mx)))
		}
		p := float32(math.Exp(float64(row[targets[i]]-mx))) / sum
		logp := float64(float32(math.Log(float64(p))))
		alpha := f.Alpha
		if f.ClassAlpha != nil {
			alpha = float64(f.ClassAlpha.Data[targets[i]])
		}
		total += -alpha * math.Pow(float64(1-p), f.Gamma) * logp
	}
	return total / float64(n), nil
}
