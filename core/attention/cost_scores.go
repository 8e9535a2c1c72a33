package attention

// FactorizedScores counts the attention weights one head computes for one
// [T, H, W] video: (T·H·W)² for full attention over every token, against
// T·(H·W)² spatial and H·W·T² temporal for FactorizedAttention. This is
// the quadratic part problem 027 is about, O((THW)²) against
// O((HW)²T + T²HW); FactorizedCost adds the projections.
func FactorizedScores(t, h, w int) (full, spatial, temporal int64) {
	n, tt := int64(h)*int64(w), int64(t)
	return (n * tt) * (n * tt), tt * n * n, n * tt * tt
}
