package ops

import (
	"fmt"

	"dlprep/conformance"
	"dlprep/core"
	"dlprep/core/detect"
)

func init() {
	conformance.Register(conformance.Op{
		Name:   "box_iou",
		Inputs: []string{"boxes1", "boxes2"},
		Run:    boxIoURun(detect.BoxIoU),
	})
	conformance.Register(conformance.Op{
		Name:   "nms",
		Inputs: []string{"boxes", "scores"},
		Params: []string{"iou_threshold"},
		Run:    nmsRun(detect.NMS),
	})
	conformance.Register(conformance.Op{
		Name:   "batched_nms",
		Inputs: []string{"boxes", "scores", "idxs"},
		Params: []string{"iou_threshold"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			boxes, scores, thr, err := nmsInputs("batched_nms", in, p)
			if err != nil {
				return nil, err
			}
			if err := oneD("batched_nms", "idxs", in["idxs"]); err != nil {
				return nil, err
			}
			idxs, err := conformance.Ints("batched_nms", "idxs", in["idxs"])
			if err != nil {
				return nil, err
			}
			return keepOut(detect.BatchedNMS(boxes, scores, idxs, thr))
		},
	})
}

// nmsInputs decodes boxes [N,4], scores [N] and iou_threshold.
func nmsInputs(op string, in conformance.Inputs, p conformance.Params) ([]detect.Box, []float32, float64, error) {
	thr, err := p.Float("iou_threshold")
	if err != nil {
		return nil, nil, 0, fmt.Errorf("%s: %v", op, err)
	}
	boxes, err := detect.BoxesFromTensor(op, "boxes", in["boxes"])
	if err != nil {
		return nil, nil, 0, err
	}
	if err := core.CheckShape(op, "scores", in["scores"], "[N]", len(boxes)); err != nil {
		return nil, nil, 0, err
	}
	return boxes, in["scores"].Data, thr, nil
}

// boxIoURun adapts a box_iou computation: boxes1 [N,4] and boxes2 [M,4]
// in; iou [N,M] out.
func boxIoURun(f func(b1, b2 []detect.Box) (*core.Tensor, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		b1, err := detect.BoxesFromTensor("box_iou", "boxes1", in["boxes1"])
		if err != nil {
			return nil, err
		}
		b2, err := detect.BoxesFromTensor("box_iou", "boxes2", in["boxes2"])
		if err != nil {
			return nil, err
		}
		iou, err := f(b1, b2)
		return tensorOut("iou", iou, err)
	}
}

// nmsRun adapts an nms computation: boxes, scores and iou_threshold in;
// the kept indices out.
func nmsRun(f func(boxes []detect.Box, scores []float32, thr float64) ([]int, error)) runFunc {
	return func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
		boxes, scores, thr, err := nmsInputs("nms", in, p)
		if err != nil {
			return nil, err
		}
		return keepOut(f(boxes, scores, thr))
	}
}

// keepOut wraps kept indices, or passes their error on.
func keepOut(keep []int, err error) (conformance.Outputs, error) {
	if err != nil {
		return nil, err
	}
	return conformance.Outputs{"keep": conformance.IntVector(keep)}, nil
}
