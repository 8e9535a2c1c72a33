package scenes

// Drawing helpers shared by the family scenes (im2col, losses, complexity,
// lora, norm, compositing, rotations, posenc3d): labelled cell grids and
// cached plots. Labels are formatted in Reset, never per frame.

import (
	"image/color"
	"strconv"

	"dlprep/viz"
	"dlprep/viz/plot"
)

// lightBlues is a light sequential map for cells that carry dark labels.
var lightBlues = viz.NewColorMap("light-blues",
	color.RGBA{247, 251, 255, 255}, color.RGBA{198, 219, 239, 255}, color.RGBA{107, 174, 214, 255}, color.RGBA{49, 130, 189, 255})

// cellGrid draws a heatmap bitmap of rows x cols cells into r with thin cell
// borders (when the cells are big enough to need them) and, when labels is
// not nil and the cells are wide enough, the label of each cell centred in it
// (only the first len(labels) cells in row-major order get one).
func cellGrid(c viz.Canvas, r viz.Rect, b *viz.Bitmap, rows, cols int, labels []string) {
	if rows <= 0 || cols <= 0 || r.W <= 0 || r.H <= 0 {
		return
	}
	c.Image(b, r.X, r.Y, r.W, r.H, false)
	cw, ch := r.W/float64(cols), r.H/float64(rows)
	if cw >= 6 && ch >= 6 {
		for i := 1; i < cols; i++ {
			x := r.X + float64(i)*cw
			c.Line(x, r.Y, x, r.Y+r.H, 1, viz.Fade(viz.White, 0.6))
		}
		for i := 1; i < rows; i++ {
			y := r.Y + float64(i)*ch
			c.Line(r.X, y, r.X+r.W, y, 1, viz.Fade(viz.White, 0.6))
		}
	}
	c.StrokeRect(r.X-0.5, r.Y-0.5, r.W+1, r.H+1, 1, viz.Grid)
	if labels == nil || cw < 16 || ch < 12 {
		return
	}
	size := min(ch*0.5, 12.0)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			if i*cols+j >= len(labels) {
				return
			}
			c.Text(r.X+(float64(j)+0.5)*cw, r.Y+(float64(i)+0.5)*ch+size*0.36, labels[i*cols+j], size, viz.Ink, viz.AlignCenter)
		}
	}
}

// cellRect is the rectangle of cell (i, j) of a rows x cols grid drawn in r.
func cellRect(r viz.Rect, rows, cols, i, j int) viz.Rect {
	cw, ch := r.W/float64(cols), r.H/float64(rows)
	return viz.Rect{X: r.X + float64(j)*cw, Y: r.Y + float64(i)*ch, W: cw, H: ch}
}

// gridRect is the largest rectangle in r holding rows x cols square cells,
// at most maxCell wide, anchored at r's top-left.
func gridRect(r viz.Rect, rows, cols int, maxCell float64) viz.Rect {
	if rows <= 0 || cols <= 0 {
		return viz.Rect{X: r.X, Y: r.Y}
	}
	cell := min(r.W/float64(cols), r.H/float64(rows), maxCell)
	return viz.Rect{X: r.X, Y: r.Y, W: cell * float64(cols), H: cell * float64(rows)}
}

// numLabels formats values with prec decimals (-1: shortest) into dst,
// reusing it.
func numLabels(dst []string, v []float32, prec int) []string {
	dst = dst[:0]
	for _, x := range v {
		dst = append(dst, strconv.FormatFloat(float64(x), 'f', prec, 32))
	}
	return dst
}

// absMax is the largest |v|, at least tiny so it can scale a colour range.
func absMax(v []float32) float64 {
	m := 1e-12
	for _, x := range v {
		if a := float64(x); a > m {
			m = a
		} else if -a > m {
			m = -a
		}
	}
	return m
}

// drawLines writes lines from y downwards and returns the y after them.
func drawLines(c viz.Canvas, x, y float64, lines []string, size float64, col color.RGBA) float64 {
	for _, ln := range lines {
		c.Text(x, y+size, ln, size, col, viz.AlignLeft)
		y += viz.LineHeight(size)
	}
	return y
}

// drawFigure renders fig (cached by version) into r and returns whether it
// is on screen, so callers can draw live markers over it.
func drawFigure(c viz.Canvas, fig *plot.Figure, version uint64, spec func() plot.Spec, r viz.Rect) bool {
	if r.W < 80 || r.H < 60 {
		return false
	}
	b, err := fig.Render(version, spec, int(r.W), int(r.H), viz.DeviceScale(c))
	if err != nil {
		c.Text(r.X, r.Y+14, err.Error(), 12, viz.Bad, viz.AlignLeft)
		return false
	}
	c.Image(b, r.X, r.Y, float64(int(r.W)), float64(int(r.H)), true)
	return true
}

// figPoint maps a data point of a figure drawn by drawFigure at r to canvas
// coordinates.
func figPoint(fig *plot.Figure, r viz.Rect, x, y float64) (float64, float64) {
	px, py := fig.DataToLogical(x, y)
	return r.X + px, r.Y + py
}
