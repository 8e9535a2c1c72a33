package scenes

import (
	"image/color"
	"math"

	"dlprep/core/geometry"
	"dlprep/viz"
)

// Helpers shared by the depth and warp scenes: turning core's colour and
// depth tensors into bitmaps, and splatting a point cloud seen from a
// virtual orbiting camera into a reusable bitmap with a z-buffer.

// orbitView is a virtual camera circling a target, and the splat buffers.
type orbitView struct {
	target   geometry.Vec3
	radius   float64
	elev     float64
	az       float64 // radians
	pose     geometry.Mat4
	k        geometry.Mat3
	bm       viz.Bitmap
	zbuf     []float32
	w, h     int
	drawnFor [2]float64 // (az, cloud version) last splatted
	version  float64
	xyz      []float32  // kept points
	cols     [][4]uint8 // their display colours
}

// orbitW, orbitH are the splat bitmap's size.
const (
	orbitW = 360
	orbitH = 270
)

// setAzimuth places the orbit camera; it reports an error only for a
// degenerate look-at.
func (o *orbitView) setAzimuth(az float64) error {
	o.az = az
	eye := geometry.Vec3{
		o.target[0] + o.radius*math.Sin(az),
		o.target[1] + o.elev,
		o.target[2] - o.radius*math.Cos(az),
	}
	pose, err := geometry.LookAt(eye, o.target, geometry.Vec3{0, 1, 0})
	if err != nil {
		return err
	}
	o.pose = pose
	o.w, o.h = orbitW, orbitH
	f := 0.75 * orbitW
	o.k = geometry.Intrinsics(f, f, orbitW/2, orbitH/2, 0)
	return nil
}

// project maps a world point to orbit-bitmap pixels and its depth.
func (o *orbitView) project(p geometry.Vec3) (x, y, z float64, ok bool) {
	q := o.pose.Apply(p)
	if q[2] <= 0.05 {
		return 0, 0, 0, false
	}
	r := o.k.MulVec(q)
	return r[0] / r[2], r[1] / r[2], q[2], true
}

// setCloud hands the view a point cloud (xyz [N*3]) and its colours (rgb,
// [3,N] linear planes); points where keep(i) is false are left out. The
// colours are converted once here, not on every splat.
func (o *orbitView) setCloud(xyz, rgb []float32, keep func(i int) bool) {
	n := len(xyz) / 3
	o.xyz = o.xyz[:0]
	o.cols = o.cols[:0]
	for i := range n {
		if !keep(i) {
			continue
		}
		o.xyz = append(o.xyz, xyz[3*i], xyz[3*i+1], xyz[3*i+2])
		o.cols = append(o.cols, [4]uint8{linearToByte(rgb[i]), linearToByte(rgb[n+i]), linearToByte(rgb[2*n+i]), 255})
	}
	o.version++
}

// splat draws the cloud into the bitmap, nearest point winning, 2x2 pixels
// per point. It redraws only when the azimuth or the cloud changed.
func (o *orbitView) splat() {
	if o.drawnFor == [2]float64{o.az, o.version} && o.bm.Img != nil {
		return
	}
	o.drawnFor = [2]float64{o.az, o.version}
	newBitmap(&o.bm, orbitW, orbitH)
	clearBitmap(&o.bm, color.RGBA{32, 34, 40, 255})
	if len(o.zbuf) != orbitW*orbitH {
		o.zbuf = make([]float32, orbitW*orbitH)
	}
	o.zbuf[0] = math.MaxFloat32
	for n := 1; n < len(o.zbuf); n *= 2 {
		copy(o.zbuf[n:], o.zbuf[:n])
	}
	// Fold pose and K into one 3x4 map, as the core folds its unprojection.
	m := o.k.Mul(o.pose.Rotation())
	t := o.k.MulVec(o.pose.Translation())
	pix := o.bm.Img.Pix
	zb := o.zbuf
	for i, col := range o.cols {
		x, y, z := float64(o.xyz[3*i]), float64(o.xyz[3*i+1]), float64(o.xyz[3*i+2])
		// K's last row is (0, 0, 1), so qz is the camera-space depth.
		qz := m[6]*x + m[7]*y + m[8]*z + t[2]
		if qz <= 0.05 {
			continue
		}
		iz := 1 / qz
		u := int((m[0]*x + m[1]*y + m[2]*z + t[0]) * iz)
		v := int((m[3]*x + m[4]*y + m[5]*z + t[1]) * iz)
		if u < 0 || v < 0 || u >= orbitW-1 || v >= orbitH-1 {
			continue
		}
		fz := float32(qz)
		for _, j := range [4]int{v*orbitW + u, v*orbitW + u + 1, (v+1)*orbitW + u, (v+1)*orbitW + u + 1} {
			if fz < zb[j] {
				zb[j] = fz
				copy(pix[4*j:4*j+4], col[:])
			}
		}
	}
	o.bm.Touch()
}

// toCanvas maps orbit-bitmap pixels into the rectangle the bitmap is drawn
// in.
func (o *orbitView) toCanvas(r viz.Rect, x, y float64) (float64, float64) {
	return r.X + x/orbitW*r.W, r.Y + y/orbitH*r.H
}

// line3 draws the world segment a-b in the orbit view drawn at r (clipped
// crudely: skipped when an end is behind the orbit camera).
func (o *orbitView) line3(c viz.Canvas, r viz.Rect, a, b geometry.Vec3, width float64, col color.RGBA) {
	x1, y1, _, ok1 := o.project(a)
	x2, y2, _, ok2 := o.project(b)
	if !ok1 || !ok2 {
		return
	}
	cx1, cy1 := o.toCanvas(r, x1, y1)
	cx2, cy2 := o.toCanvas(r, x2, y2)
	c.Line(cx1, cy1, cx2, cy2, width, col)
}

// frustum draws a camera's centre and the rays through its image corners
// up to depth d.
func (o *orbitView) frustum(c viz.Canvas, r viz.Rect, cam *geometry.Camera, w, h int, d float64, col color.RGBA) {
	corners := [4][2]float64{{0, 0}, {float64(w - 1), 0}, {float64(w - 1), float64(h - 1)}, {0, float64(h - 1)}}
	var pts [4]geometry.Vec3
	origin := cam.CamToWorld().Translation()
	for i, cr := range corners {
		pts[i] = cam.Unproject(cr[0], cr[1], d).World
		o.line3(c, r, origin, pts[i], 1, col)
	}
	for i := range pts {
		o.line3(c, r, pts[i], pts[(i+1)%4], 1, col)
	}
}
