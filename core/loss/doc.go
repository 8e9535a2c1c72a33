// Package loss holds the classification and contrastive losses: a stable
// log-sum-exp (problem 022), cross-entropy with label smoothing (022),
// multi-class focal loss (024) and InfoNCE (021).
//
// Every loss works from log-probabilities x − logsumexp(x), where
// logsumexp = max + log Σ exp(x − max): no exp of a large logit is ever
// formed, so logits of ±1e4 or ±1e30 neither overflow nor lose the answer.
// The row maximum, the terms exp(x − max) ≤ 1 and their sum run in float32
// through core/fastmath (vectorised, each term within an ulp); the log and
// everything after it are float64. Probabilities are exponentiated only
// after the log.
//
// The package imports only the standard library, dlprep/core and
// dlprep/core/fastmath; it must
// never import ebiten or viz/ (it builds for GOOS=js GOARCH=wasm). InfoNCE's
// similarity matrix goes through core.Gemm.
//
// Tests: go test ./core/loss/ (formula tests, extreme logits,
// BenchmarkOp_cross_entropy, BenchmarkOp_logsumexp).
package loss
