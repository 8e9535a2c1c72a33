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
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			b1, err := detect.BoxesFromTensor("box_iou", "boxes1", in["boxes1"])
			if err != nil {
				return nil, err
			}
			b2, err := detect.BoxesFromTensor("box_iou", "boxes2", in["boxes2"])
			if err != nil {
				return nil, err
			}
			iou, err := detect.BoxIoU(b1, b2)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"iou": conformance.FromTensor(iou)}, nil
		},
	})
	conformance.Register(conformance.Op{
		Name:   "nms",
		Inputs: []string{"boxes", "scores"},
		Params: []string{"iou_threshold"},
		Run: func(in conformance.Inputs, p conformance.Params) (conformance.Outputs, error) {
			boxes, scores, thr, err := nmsInputs("nms", in, p)
			if err != nil {
				return nil, err
			}
			keep, err := detect.NMS(boxes, scores, thr)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"keep": conformance.IntVector(keep)}, nil
		},
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
			keep, err := detect.BatchedNMS(boxes, scores, idxs, thr)
			if err != nil {
				return nil, err
			}
			return conformance.Outputs{"keep": conformance.IntVector(keep)}, nil
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
