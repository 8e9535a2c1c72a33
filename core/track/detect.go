package track

import (
	"fmt"
	"math"

	"dlprep/core"
	"dlprep/core/geometry"
)

// EmbedDim is the length of an appearance embedding: the mean colour of
// the top of a blob (the head) and of the rest (the body).
const EmbedDim = 6

// Embedding is a unit appearance vector; the cosine of two is their dot.
type Embedding [EmbedDim]float64

// Cos is the cosine similarity of two unit embeddings.
func (e Embedding) Cos(o Embedding) float64 {
	s := 0.0
	for i := range e {
		s += e[i] * o[i]
	}
	return s
}

// embedGrey is subtracted from the mean colours before normalising, so
// that two embeddings differ in sign where one is brighter than mid-grey
// and the other darker: cosines spread over [-1, 1] rather than bunch near
// 1, as all-positive colour vectors would.
const embedGrey = 0.35

// headShare is the top share of a blob's rows taken as its head.
const headShare = 0.3

// minBlob is the fewest pixels a blob needs to count as a detection.
const minBlob = 6

// Detection is one player found in one camera.
type Detection struct {
	Cam    int
	Player int // which player the blob is (from the ids; for scoring only)
	// Box is the blob's pixel bounds (u0, v0, u1, v1), inclusive.
	Box              [4]int
	Pixels           int
	U, V, Depth      float64 // centroid and mean depth
	Point            geometry.Vec3
	Emb              Embedding
	headRGB, bodyRGB [3]float64
}

// Detect finds the players in one camera's frame: objects [H·W] are the
// renderer's ids, colour [3,H,W] and depth [H,W] its images; players[p]
// lists the object ids of player p. Each player seen in at least minBlob
// pixels gives a detection whose point is the blob's centroid pixel
// unprojected at its mean depth (a point on the surface the camera sees,
// not the player's centre), in image order (left to right), not by
// identity: which is which is the tracker's job.
func Detect(objects []int, color, depth *core.Tensor, cam *geometry.Camera, camIdx int, players [][]int) ([]Detection, error) {
	const op = "track.Detect"
	if err := core.CheckShape(op, "depth", depth, "[H,W]", -1, -1); err != nil {
		return nil, err
	}
	h, w := depth.Shape[0], depth.Shape[1]
	if err := core.CheckShape(op, "color", color, "[3,H,W]", 3, h, w); err != nil {
		return nil, err
	}
	if len(objects) != h*w {
		return nil, fmt.Errorf("%s: %d object ids for %dx%d pixels", op, len(objects), w, h)
	}
	owner := map[int]int{}
	for p, ids := range players {
		for _, id := range ids {
			owner[id] = p
		}
	}
	n := len(players)
	type acc struct {
		n              int
		su, sv, sd     float64
		u0, v0, u1, v1 int
	}
	blobs := make([]acc, n)
	for p := range blobs {
		blobs[p] = acc{u0: w, v0: h, u1: -1, v1: -1}
	}
	for i, id := range objects {
		p, ok := owner[id]
		if !ok {
			continue
		}
		b := &blobs[p]
		u, v := i%w, i/w
		b.n++
		b.su, b.sv, b.sd = b.su+float64(u), b.sv+float64(v), b.sd+float64(depth.Data[i])
		b.u0, b.v0, b.u1, b.v1 = min(b.u0, u), min(b.v0, v), max(b.u1, u), max(b.v1, v)
	}
	plane := h * w
	var out []Detection
	for p, b := range blobs {
		if b.n < minBlob {
			continue
		}
		m := float64(b.n)
		d := Detection{Cam: camIdx, Player: p, Box: [4]int{b.u0, b.v0, b.u1, b.v1}, Pixels: b.n, U: b.su / m, V: b.sv / m, Depth: b.sd / m}
		d.Point = cam.Unproject(d.U, d.V, d.Depth).World
		// The appearance: mean colours of the top rows and of the rest.
		split := b.v0 + int(math.Ceil(headShare*float64(b.v1-b.v0+1)))
		var nh, nb float64
		for v := b.v0; v <= b.v1; v++ {
			for u := b.u0; u <= b.u1; u++ {
				i := v*w + u
				if q, ok := owner[objects[i]]; !ok || q != p {
					continue
				}
				for c := 0; c < 3; c++ {
					x := float64(color.Data[c*plane+i])
					if v < split {
						d.headRGB[c] += x
					} else {
						d.bodyRGB[c] += x
					}
				}
				if v < split {
					nh++
				} else {
					nb++
				}
			}
		}
		for c := 0; c < 3; c++ {
			d.headRGB[c] /= math.Max(nh, 1)
			d.bodyRGB[c] /= math.Max(nb, 1)
		}
		d.Emb = embed(d.headRGB, d.bodyRGB)
		out = append(out, d)
	}
	// Image order: left to right.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].U < out[j-1].U; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out, nil
}

// headWeight is how much more the head's colour counts than the body's:
// teammates share a kit, so the head is what tells them apart.
const headWeight = 2

// embed is the unit embedding of a head and a body colour.
func embed(head, body [3]float64) Embedding {
	var e Embedding
	for c := 0; c < 3; c++ {
		e[c], e[3+c] = headWeight*(head[c]-embedGrey), body[c]-embedGrey
	}
	return e.unit()
}

func (e Embedding) unit() Embedding {
	n := math.Sqrt(e.Cos(e))
	if n == 0 {
		return e
	}
	for i := range e {
		e[i] /= n
	}
	return e
}

// Fused is one player in the world, from the detections of several
// cameras.
type Fused struct {
	Pos     geometry.Vec3 // mean of the detections' points
	Emb     Embedding     // normalised mean of their embeddings, by pixels
	Cams    uint32        // bit k: camera k saw the player
	Members []int         // indices of the detections fused
	Player  int           // the player most of them are (for scoring only)
}

// Views is how many cameras saw the player.
func (f Fused) Views() int {
	n := 0
	for c := f.Cams; c != 0; c &= c - 1 {
		n++
	}
	return n
}

// Fuse groups the detections of one frame, from every camera, into
// players: each detection joins the nearest group within radius (metres,
// on the ground) that has none from its camera yet (a camera sees a
// player once), or starts one. A group's position is the mean of its
// points: the front surfaces seen from all sides average towards the
// player's centre.
func Fuse(dets []Detection, radius float64) ([]Fused, error) {
	if !(radius > 0) {
		return nil, fmt.Errorf("track.Fuse: radius = %v must be positive", radius)
	}
	var out []Fused
	var sum []geometry.Vec3
	for i, d := range dets {
		if d.Cam < 0 || d.Cam >= 32 {
			return nil, fmt.Errorf("track.Fuse: detection %d has camera %d; cameras are 0..31", i, d.Cam)
		}
		best, bestD := -1, radius
		for g := range out {
			if out[g].Cams&(1<<d.Cam) != 0 {
				continue
			}
			c := sum[g].Scale(1 / float64(len(out[g].Members)))
			if dist := math.Hypot(c[0]-d.Point[0], c[2]-d.Point[2]); dist < bestD {
				best, bestD = g, dist
			}
		}
		if best < 0 {
			out = append(out, Fused{})
			sum = append(sum, geometry.Vec3{})
			best = len(out) - 1
		}
		g := &out[best]
		g.Cams |= 1 << d.Cam
		g.Members = append(g.Members, i)
		sum[best] = sum[best].Add(d.Point)
	}
	for g := range out {
		f := &out[g]
		f.Pos = sum[g].Scale(1 / float64(len(f.Members)))
		votes := map[int]int{}
		var e Embedding
		for _, i := range f.Members {
			votes[dets[i].Player]++
			// A bigger blob's colours are the surer: weigh by pixels.
			for k := range e {
				e[k] += float64(dets[i].Pixels) * dets[i].Emb[k]
			}
		}
		f.Emb = e.unit()
		best := -1
		for p, v := range votes {
			if best < 0 || v > votes[best] || (v == votes[best] && p < best) {
				best = p
			}
		}
		f.Player = best
	}
	return out, nil
}
