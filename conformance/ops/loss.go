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
		Run:    logSumExpRun(loss.LogSumExp),
	})
	conformance.Register(conformance.Op{
		Name:   "cross_entropy",
		Inputs: []string{"logits", "targets"},
		Params: []string{"label_smoothing"},
		Run:    crossEntropyRun(loss.CrossEntropy),
	})
	conformance.Register(conformance.Op{
		Name:     "focal_loss",
		Inputs:   []string{"logits", "targets"},
		Optional: []string{"alpha"},
		Params:   []string{"gamma", "alpha"},
		Run:      focalRun(loss.FocalLoss),
	})
	conformance.Register(conformance.Op{
		Name:   "info_nce",
		Inputs: []string{"z_i", "z_j"},
		Params: []string{"temperature"},
		Run:    infoNCERun(loss.InfoNCE),
	})
}

// logSumExpRun adapts a logsumexp computation: x in, y out.
func logSumExpRun(f func(x *core.Tensor) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		y, err := f(in["x"])
		return tensorOut("y", y, err)
	}
}

// crossEntropyRun adapts a cross_entropy computation: logits, targets and
// label_smoothing in; the loss out.
func crossEntropyRun(f func(logits *core.Tensor, targets []int, eps float64) (float64, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		eps, err := p.FloatOr("label_smoothing", 0)
		if err != nil {
			return nil, err
		}
		tg, err := lossTargets("cross_entropy", in["targets"])
		if err != nil {
			return nil, err
		}
		l, err := f(in["logits"], tg, eps)
		return scalarOut("loss", l, err)
	}
}

// focalRun adapts a focal_loss computation: logits, targets, γ and α in;
// the loss out.
func focalRun(f func(logits *core.Tensor, targets []int, fl loss.Focal) (float64, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		fl, tg, err := focalInputs(in, p)
		if err != nil {
			return nil, err
		}
		l, err := f(in["logits"], tg, fl)
		return scalarOut("loss", l, err)
	}
}

// infoNCERun adapts an info_nce computation: z_i, z_j and temperature in;
// the loss out.
func infoNCERun(f func(zi, zj *core.Tensor, tau float64) (float64, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		tau, err := p.FloatOr("temperature", 0.07)
		if err != nil {
			return nil, err
		}
		l, err := f(in["z_i"], in["z_j"], tau)
		return scalarOut("loss", l, err)
	}
}
