package ops

import (
	"fmt"

	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/loss"
)

// lossTargets reads targets [N] as class indices.
func lossTargets(op string, t *core.Tensor) ([]int, error) {
	if err := oneD(op, "targets", t); err != nil {
		return nil, err
	}
	return conformance.Ints(op, "targets", t)
}

// focalInputs reads focal_loss's γ, α (a param or a per-class input, not
// both) and targets.
func focalInputs(in conformance.Inputs, p conformance.Params) (loss.Focal, []int, error) {
	f := loss.DefaultFocal()
	if in["alpha"] != nil && p.Has("alpha") {
		return f, nil, fmt.Errorf("focal_loss: alpha given both as an input tensor and as a param; give one")
	}
	var err error
	if f.Gamma, err = p.FloatOr("gamma", 2); err != nil {
		return f, nil, err
	}
	if f.Alpha, err = p.FloatOr("alpha", 1); err != nil {
		return f, nil, err
	}
	f.ClassAlpha = in["alpha"]
	tg, err := lossTargets("focal_loss", in["targets"])
	return f, tg, err
}

func init() {
	conformance.Register(conformance.Op{
		Name:   "logsumexp",
		Inputs: []string{"x"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			y, err := loss.LogSumExp(in["x"])
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"y": conformance.FromTensor(y)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "cross_entropy",
		Inputs: []string{"logits", "targets"},
		Params: []string{"label_smoothing"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			eps, err := p.FloatOr("label_smoothing", 0)
			if err != nil {
				return nil, err
			}
			tg, err := lossTargets("cross_entropy", in["targets"])
			if err != nil {
				return nil, err
			}
			l, err := loss.CrossEntropy(in["logits"], tg, eps)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"loss": conformance.FloatScalar(l)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:     "focal_loss",
		Inputs:   []string{"logits", "targets"},
		Optional: []string{"alpha"},
		Params:   []string{"gamma", "alpha"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			f, tg, err := focalInputs(in, p)
			if err != nil {
				return nil, err
			}
			l, err := loss.FocalLoss(in["logits"], tg, f)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"loss": conformance.FloatScalar(l)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "info_nce",
		Inputs: []string{"z_i", "z_j"},
		Params: []string{"temperature"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			tau, err := p.FloatOr("temperature", 0.07)
			if err != nil {
				return nil, err
			}
			l, err := loss.InfoNCE(in["z_i"], in["z_j"], tau)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"loss": conformance.FloatScalar(l)}, nil
		},
	})
}
