package scenes

import (
	"fmt"
	"image/color"
	"math/rand/v2"
	"strconv"

	"dlprep/core"
	"dlprep/core/conv"
	"dlprep/viz"
)

// Problems 018 (manual conv2d by im2col), 006 (depthwise separable
// parameter ratio) and 001 (causal 3-D padding for even kernels). The
// unfolded matrix is core/conv's Unfold, the output core/conv's Conv2D, the
// separable counts conv.SeparableParams and the causal output size what
// conv.CausalDownsample3D returns; the scene only lays them out.

// im2colColsPerSecond is how fast the kernel slides while playing.
const im2colColsPerSecond = 3

// im2colMaxCh is the most input channels the scene draws.
const im2colMaxCh = 3

// im2colScene shows one channel of an input image, the kernel sliding over
// its padded grid, the unfolded matrix filling column by column, the
// product of the flattened kernel with the current column and the output.
type im2colScene struct {
	kv                        []KV // cached readout, nil when stale
	h, w, k, stride, pad, dil int
	ch                        int // input channels of the image
	pitOrder                  bool
	cin, cout                 int
	pitfall                   bool

	x, weight *core.Tensor
	unfold    *core.Tensor // [1, C·k², L] from conv.Unfold
	out       *core.Tensor // [1, 1, Ho, Wo] from conv.Conv2D
	ho, wo    int

	col   int     // current output position l
	clock float64 // seconds toward the next step while playing

	padded               [im2colMaxCh][]float32 // (H+2p) x (W+2p) per channel, zeros around, for display
	inBmp, kBmp          [im2colMaxCh]viz.Bitmap
	unBmp, oBmp          viz.Bitmap
	kRowBmp, wrongRowBmp viz.Bitmap
	colBmp               viz.Bitmap
	inLabels, kLabels    [im2colMaxCh][]string
	rowLabels            []string
	wrongRow             []float32 // the weight flattened channels-last (pitfall)
	wrongOut             []float32 // wrongRow × unfold, by core.Gemm
	wrongText            string
	oLabels, colLabels   []string
	colVals              []float32

	sepStd, sepSep   int
	causalShape      []int // T, Ho, Wo of conv.CausalDownsample3D
	symHo, symWo     int   // symmetric k//2 padding, stride 2
	symErr           error
	err              error
	inR, unR, outR   viz.Rect
	colText, sumText string
	capInput         string
	capKernel        string
	capOutput        string
	capUnfold        string
	notes            []noteLine
}

func (s *im2colScene) Info() Info {
	return Info{
		ID: "im2col", Title: "Convolution as im2col + one matrix product", Family: "convolution",
		Problems: []string{"018", "006", "001"},
		Statement: "Compute conv2d without a convolution routine: unfold every k×k window of the padded input into a " +
			"column (im2col), multiply the flattened kernel by that matrix in one product, reshape to the output grid.",
		Formula: "cols = unfold(x), a (C·k·k) × L matrix, L = Ho·Wo;  out = W[C_out, C·k·k] · cols + b;  " +
			"Ho = floor((H + 2p − d(k−1) − 1)/s) + 1.  Depthwise separable: (C·k² + O·C)/(O·C·k²) = 1/O + 1/k².",
		LookFor: "Each output cell is the dot product of the kernel row with one column of the unfolded matrix; the column's " +
			"order (channel, kernel row, kernel column) is the flattening order of the weight [O, C, k, k]; flattened " +
			"channels-last (pitfall) the same numbers meet the wrong taps. Stride skips columns, " +
			"dilation spreads the taps, padding adds zero rows at the edges. With an even kernel the causal 3-D " +
			"downsampler pads (k−1)//2 before and k//2 after; the symmetric k//2 pitfall gives one extra output row.",
	}
}

func (s *im2colScene) Params() []Param {
	return []Param{
		{Name: "h", Label: "Input height H", Kind: Int, Min: 3, Max: 10, Step: 1, Default: 6},
		{Name: "w", Label: "Input width W", Kind: Int, Min: 3, Max: 12, Step: 1, Default: 7},
		{Name: "channels", Label: "Input channels C", Kind: Int, Min: 1, Max: im2colMaxCh, Step: 1, Default: 2},
		{Name: "k", Label: "Kernel size k", Kind: Int, Min: 1, Max: 5, Step: 1, Default: 3},
		{Name: "stride", Label: "Stride s", Kind: Int, Min: 1, Max: 3, Step: 1, Default: 1},
		{Name: "padding", Label: "Padding p", Kind: Int, Min: 0, Max: 3, Step: 1, Default: 1},
		{Name: "dilation", Label: "Dilation d", Kind: Int, Min: 1, Max: 3, Step: 1, Default: 1},
		{Name: "cin", Label: "Separable: C_in", Kind: Int, Min: 1, Max: 1024, Step: 1, Default: 32,
			Help: "channels for the depthwise separable parameter count"},
		{Name: "cout", Label: "Separable: C_out", Kind: Int, Min: 1, Max: 1024, Step: 1, Default: 64},
		{Name: "pitfall_sym_pad", Label: "Pitfall: symmetric k//2 padding", Kind: Bool, Default: 0,
			Help: "show the output size of the causal downsampler with symmetric k//2 spatial padding"},
		{Name: "pitfall_channels_last", Label: "Pitfall: weight flattened as [k, k, C]", Kind: Bool, Default: 0,
			Help: "flatten the kernel channels-last, which does not match unfold's (channel, row, column) order"},
	}
}

// im2colPresets are built once: the shell asks for them every frame.
var im2colPresets = []Preset{
	{Name: "Stride 2", Values: Values{"h": 7, "w": 8, "k": 3, "stride": 2, "padding": 1, "dilation": 1}},
	{Name: "Dilated", Values: Values{"h": 8, "w": 9, "k": 3, "stride": 1, "padding": 2, "dilation": 2}},
	{Name: "Even kernel (pitfall)", Values: Values{"h": 6, "w": 8, "k": 4, "stride": 2, "padding": 2, "dilation": 1, "pitfall_sym_pad": 1}},
	{Name: "Weight order (pitfall)", Values: Values{"channels": 3, "k": 2, "padding": 0, "pitfall_channels_last": 1}},
}

func (s *im2colScene) Presets() []Preset { return im2colPresets }

// Reset rebuilds the tensors and asks core for the unfold and the
// convolution; the inputs keep their values while only the geometry moves
// because they are drawn from a generator seeded by their size.
func (s *im2colScene) Reset(v Values) error {
	s.kv = nil
	s.h, s.w, s.k = int(v["h"]), int(v["w"]), int(v["k"])
	s.stride, s.pad, s.dil = int(v["stride"]), int(v["padding"]), int(v["dilation"])
	s.cin, s.cout, s.pitfall = int(v["cin"]), int(v["cout"]), v["pitfall_sym_pad"] != 0
	s.ch, s.pitOrder = int(v["channels"]), v["pitfall_channels_last"] != 0
	s.col, s.clock = 0, 0
	s.err = s.compute()
	return s.err
}

func (s *im2colScene) compute() error {
	if s.h < 1 || s.w < 1 || s.h > 64 || s.w > 64 || s.k < 1 || s.k > 9 || s.cin < 1 || s.cout < 1 || s.cin > 4096 || s.cout > 4096 ||
		s.ch < 1 || s.ch > im2colMaxCh {
		return fmt.Errorf("im2col scene: sizes H=%d W=%d C=%d k=%d C_in=%d C_out=%d out of range", s.h, s.w, s.ch, s.k, s.cin, s.cout)
	}
	rng := rand.New(rand.NewPCG(uint64(s.h*100+s.w), 18))
	s.x = core.New(1, s.ch, s.h, s.w)
	for i := range s.x.Data {
		s.x.Data[i] = float32(rng.IntN(10))
	}
	krng := rand.New(rand.NewPCG(uint64(s.k), 6))
	s.weight = core.New(1, s.ch, s.k, s.k)
	for i := range s.weight.Data {
		s.weight.Data[i] = float32(krng.IntN(4) - 1)
	}
	g := conv.Geometry{Kernel: [2]int{s.k, s.k}, Stride: [2]int{s.stride, s.stride},
		Padding: [2]int{s.pad, s.pad}, Dilation: [2]int{s.dil, s.dil}}
	s.sepStd, s.sepSep = conv.SeparableParams(s.cin, s.cout, s.k)
	s.causal()
	s.fillInput()
	var err error
	s.unfold, err = conv.Unfold(s.x, g)
	if err != nil {
		s.unfold, s.out = nil, nil
		return err
	}
	o := conv.DefaultOptions()
	o.Stride, o.Padding, o.Dilation = g.Stride, g.Padding, g.Dilation
	s.out, err = conv.Conv2D(s.x, s.weight, nil, o)
	if err != nil {
		return err
	}
	s.ho, s.wo = s.out.Shape[2], s.out.Shape[3]
	kk := s.k * s.k
	for c := 0; c < s.ch; c++ {
		wc := s.weight.Data[c*kk : (c+1)*kk]
		s.kBmp[c].SetHeatmap(wc, s.k, s.k, viz.BlueWhiteRed, -2, 2)
		s.kLabels[c] = numLabels(s.kLabels[c], wc, 0)
	}
	s.kRowBmp.SetHeatmap(s.weight.Data, 1, s.ch*kk, viz.BlueWhiteRed, -2, 2)
	s.rowLabels = numLabels(s.rowLabels, s.weight.Data, 0)
	// The pitfall: the same weights flattened channels-last, [k, k, C], then
	// multiplied with the unfolded matrix by core.Gemm like the right row.
	s.wrongRow = s.wrongRow[:0]
	for i := 0; i < kk; i++ {
		for c := 0; c < s.ch; c++ {
			s.wrongRow = append(s.wrongRow, s.weight.Data[c*kk+i])
		}
	}
	s.wrongRowBmp.SetHeatmap(s.wrongRow, 1, s.ch*kk, viz.BlueWhiteRed, -2, 2)
	rows, n := s.unfold.Shape[1], s.unfold.Shape[2]
	if cap(s.wrongOut) < n {
		s.wrongOut = make([]float32, n)
	}
	s.wrongOut = s.wrongOut[:n]
	core.Gemm(false, false, 1, n, rows, 1, s.wrongRow, rows, s.unfold.Data, n, 0, s.wrongOut, n)
	s.oLabels = numLabels(s.oLabels, s.out.Data, 0)
	s.capInput = "input " + itoa(s.ch) + "×" + itoa(s.h) + "×" + itoa(s.w) + ", padding " + itoa(s.pad) + " (grey)"
	s.capKernel = "kernel W [1, " + itoa(s.ch) + ", " + itoa(s.k) + ", " + itoa(s.k) + "], flattened (c, i, j)"
	s.capOutput = "output " + itoa(s.ho) + "×" + itoa(s.wo) + " (conv2d from core)"
	s.notes = s.noteLines(s.notes[:0])
	s.setColumn(0)
	return nil
}

// causal asks core for problem 001's output size on a small video with this
// kernel (kT = 2, k×k spatial), and the symmetric-padding pitfall's size.
func (s *im2colScene) causal() {
	x := core.New(1, 1, 3, s.h, s.w)
	w := core.New(1, 1, 2, s.k, s.k)
	var ws conv.Workspace
	s.causalShape = nil
	if y, err := ws.CausalDownsample3D(x, w, nil); err == nil {
		s.causalShape = append(s.causalShape, y.Shape[2], y.Shape[3], y.Shape[4])
	}
	sym := conv.Geometry{Kernel: [2]int{s.k, s.k}, Stride: [2]int{2, 2}, Padding: [2]int{s.k / 2, s.k / 2}, Dilation: [2]int{1, 1}}
	s.symHo, s.symWo, s.symErr = sym.OutSize("conv3d (symmetric k//2 padding)", s.h, s.w)
}

// fillInput lays each input channel into its padded grid for display:
// padding cells are zeros drawn in a darker panel colour.
func (s *im2colScene) fillInput() {
	ph, pw := s.h+2*s.pad, s.w+2*s.pad
	for c := 0; c < s.ch; c++ {
		if cap(s.padded[c]) < ph*pw {
			s.padded[c] = make([]float32, ph*pw)
		}
		pad := s.padded[c][:ph*pw]
		s.padded[c] = pad
		s.inLabels[c] = s.inLabels[c][:0]
		img := s.x.Data[c*s.h*s.w : (c+1)*s.h*s.w]
		for i := 0; i < ph; i++ {
			for j := 0; j < pw; j++ {
				y, x := i-s.pad, j-s.pad
				v := float32(0)
				if y >= 0 && y < s.h && x >= 0 && x < s.w {
					v = img[y*s.w+x]
				}
				pad[i*pw+j] = v
				s.inLabels[c] = append(s.inLabels[c], strconv.Itoa(int(v)))
			}
		}
		b := &s.inBmp[c]
		b.SetHeatmap(pad, ph, pw, lightBlues, 0, 12)
		for i := 0; i < ph; i++ {
			for j := 0; j < pw; j++ {
				if i < s.pad || i >= s.pad+s.h || j < s.pad || j >= s.pad+s.w {
					b.Img.SetRGBA(j, i, viz.PanelDark)
				}
			}
		}
		b.Touch()
	}
}

// setColumn moves the kernel to output position l: the unfolded matrix is
// shown up to column l, the output up to cell l.
func (s *im2colScene) setColumn(l int) {
	s.kv = nil
	if s.unfold == nil {
		return
	}
	rows, n := s.unfold.Shape[1], s.unfold.Shape[2]
	s.col = l
	s.unBmp.SetHeatmap(s.unfold.Data, rows, n, lightBlues, 0, 12)
	for r := 0; r < rows; r++ {
		for c := l + 1; c < n; c++ {
			s.unBmp.Img.SetRGBA(c, r, viz.Panel)
		}
	}
	s.oBmp.SetHeatmap(s.out.Data, s.ho, s.wo, viz.BlueWhiteRed, -absMax(s.out.Data), absMax(s.out.Data))
	for c := l + 1; c < n; c++ {
		s.oBmp.Img.SetRGBA(c%s.wo, c/s.wo, viz.Panel)
	}
	s.colVals = s.colVals[:0]
	for r := 0; r < rows; r++ {
		s.colVals = append(s.colVals, s.unfold.Data[r*n+l])
	}
	s.colBmp.SetHeatmap(s.colVals, 1, rows, lightBlues, 0, 12)
	s.colLabels = numLabels(s.colLabels, s.colVals, 0)
	s.colText = "column l=" + itoa(l) + " = window at output (" + itoa(l/s.wo) + ", " + itoa(l%s.wo) + ")"
	s.capUnfold = "unfolded matrix " + itoa(rows) + "×" + itoa(n) + " (rows: channel, kernel row, kernel column; columns: output positions) — " + s.colText
	s.sumText = "W · column = " + strconv.FormatFloat(float64(s.out.Data[l]), 'f', 0, 32) + " = out[" + itoa(l/s.wo) + ", " + itoa(l%s.wo) + "]"
	s.wrongText = "[k, k, C] row · column = " + strconv.FormatFloat(float64(s.wrongOut[l]), 'f', 0, 32)
	if s.wrongOut[l] != s.out.Data[l] {
		s.wrongText += " ≠ out"
	} else if s.ch == 1 {
		s.wrongText += " (same order when C = 1)"
	}
}

// Step slides the kernel to the next output position, wrapping around.
func (s *im2colScene) Step() {
	if s.out == nil {
		return
	}
	s.setColumn((s.col + 1) % (s.ho * s.wo))
}

// Progress is the current output position of L.
func (s *im2colScene) Progress() (int, int) {
	if s.out == nil {
		return 0, 0
	}
	return s.col + 1, s.ho * s.wo
}

func (s *im2colScene) Update(in Input, dt float64) {
	if s.out == nil {
		return
	}
	s.clock += dt
	if s.clock >= 1.0/im2colColsPerSecond {
		s.clock = 0
		s.Step()
	}
	// A click on an output cell or an unfolded column jumps there.
	if in.Clicked {
		if s.outR.Contains(in.MouseX, in.MouseY) {
			i := int((in.MouseY - s.outR.Y) / s.outR.H * float64(s.ho))
			j := int((in.MouseX - s.outR.X) / s.outR.W * float64(s.wo))
			s.setColumn(clampInt(i, 0, s.ho-1)*s.wo + clampInt(j, 0, s.wo-1))
			s.clock = 0
		} else if s.unR.Contains(in.MouseX, in.MouseY) {
			n := s.ho * s.wo
			s.setColumn(clampInt(int((in.MouseX-s.unR.X)/s.unR.W*float64(n)), 0, n-1))
			s.clock = 0
		}
	}
}

func (s *im2colScene) Draw(c viz.Canvas) {
	w, h := c.Size()
	area := viz.Rect{W: w, H: h}.Inset(12)
	if s.err != nil || s.out == nil {
		err := s.err
		if err == nil {
			err = fmt.Errorf("im2col scene: not reset")
		}
		drawError(c, area, err)
		return
	}
	top, rest := area.CutTop(area.H * 0.5)
	mid, bottom := rest.CutTop(rest.H * 0.5)
	// The input gets the most room: it holds C padded grids side by side.
	in, rest := top.CutLeft(top.W * 0.42)
	kern, out := rest.CutLeft(rest.W * 0.55)
	s.drawInput(c, viz.Rect{X: in.X, Y: in.Y, W: in.W - 18, H: in.H})
	s.drawKernel(c, viz.Rect{X: kern.X, Y: kern.Y, W: kern.W - 18, H: kern.H})
	s.drawOutput(c, out)
	s.drawUnfold(c, mid)
	s.drawNotes(c, bottom)
}

func (s *im2colScene) drawInput(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, s.capInput)
	ph, pw := s.h+2*s.pad, s.w+2*s.pad
	oy, ox := s.col/s.wo, s.col%s.wo
	cols := r.Columns(s.ch, 8)
	for ch := 0; ch < s.ch; ch++ {
		g := gridRect(cols[ch], ph, pw, 34)
		if ch == 0 {
			s.inR = g
		}
		cellGrid(c, g, &s.inBmp[ch], ph, pw, s.inLabels[ch])
		for i := 0; i < s.k; i++ {
			for j := 0; j < s.k; j++ {
				cr := cellRect(g, ph, pw, oy*s.stride+i*s.dil, ox*s.stride+j*s.dil)
				c.StrokeRect(cr.X+1, cr.Y+1, cr.W-2, cr.H-2, 2, viz.Bad)
			}
		}
	}
}

func (s *im2colScene) drawKernel(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, s.capKernel)
	cols := viz.Rect{X: r.X, Y: r.Y, W: r.W, H: r.H * 0.45}.Columns(s.ch, 8)
	bottom := r.Y
	for ch := 0; ch < s.ch; ch++ {
		g := gridRect(cols[ch], s.k, s.k, 30)
		cellGrid(c, g, &s.kBmp[ch], s.k, s.k, s.kLabels[ch])
		bottom = max(bottom, g.Y+g.H)
	}
	y := bottom + 12
	n := s.ch * s.k * s.k
	row := gridRect(viz.Rect{X: r.X, Y: y, W: r.W, H: 22}, 1, n, 22)
	cellGrid(c, row, &s.kRowBmp, 1, n, s.rowLabels) // the same values, flattened
	y += row.H + 4
	cr := gridRect(viz.Rect{X: r.X, Y: y, W: r.W, H: 22}, 1, n, 22)
	cellGrid(c, cr, &s.colBmp, 1, n, s.colLabels)
	y = cr.Y + cr.H + 14
	c.Text(r.X, y, s.sumText, labelSize, viz.Ink, viz.AlignLeft)
	if s.pitOrder {
		wr := gridRect(viz.Rect{X: r.X, Y: y + 6, W: r.W, H: 22}, 1, n, 22)
		cellGrid(c, wr, &s.wrongRowBmp, 1, n, nil)
		c.StrokeRect(wr.X-1, wr.Y-1, wr.W+2, wr.H+2, 1.5, viz.Bad)
		c.Text(r.X, wr.Y+wr.H+14, s.wrongText, labelSize, viz.Bad, viz.AlignLeft)
	}
}

func (s *im2colScene) drawOutput(c viz.Canvas, r viz.Rect) {
	r = caption(c, r, s.capOutput)
	g := gridRect(r, s.ho, s.wo, 34)
	s.outR = g
	cellGrid(c, g, &s.oBmp, s.ho, s.wo, s.oLabels[:s.col+1])
	cr := cellRect(g, s.ho, s.wo, s.col/s.wo, s.col%s.wo)
	c.StrokeRect(cr.X+1, cr.Y+1, cr.W-2, cr.H-2, 2, viz.Bad)
}

func (s *im2colScene) drawUnfold(c viz.Canvas, r viz.Rect) {
	rows, n := s.unfold.Shape[1], s.unfold.Shape[2]
	r = caption(c, r, s.capUnfold)
	g := viz.Rect{X: r.X, Y: r.Y, W: r.W, H: min(r.H-6, float64(rows)*18)}
	s.unR = g
	cellGrid(c, g, &s.unBmp, rows, n, nil)
	for ch := 1; ch < s.ch; ch++ {
		y := g.Y + g.H*float64(ch*s.k*s.k)/float64(rows)
		c.Line(g.X, y, g.X+g.W, y, 1.5, viz.Ink)
	}
	cr := cellRect(g, rows, n, 0, s.col)
	c.StrokeRect(cr.X, g.Y-1, cr.W, g.H+2, 2, viz.Bad)
}

// noteLine is one line of the notes panel in its colour.
type noteLine struct {
	text string
	col  color.RGBA
}

// noteLines formats the notes panel: the separable count and the causal
// padding sizes from core, and the pitfall's size when it is on.
func (s *im2colScene) noteLines(out []noteLine) []noteLine {
	ratio := float64(s.sepSep) / float64(s.sepStd)
	out = append(out, noteLine{"C_in=" + itoa(s.cin) + " → C_out=" + itoa(s.cout) + ", k=" + itoa(s.k) + ": standard O·C·k² = " + itoa(s.sepStd) +
		" weights, separable C·k² + O·C = " + itoa(s.sepSep) + ", ratio " + f3(ratio) +
		" = 1/O + 1/k² = " + f3(1/float64(s.cout)+1/float64(s.k*s.k)), viz.Ink})
	if s.causalShape != nil {
		out = append(out, noteLine{"causal downsample, video 3×" + itoa(s.h) + "×" + itoa(s.w) + ", kernel 2×" + itoa(s.k) + "×" + itoa(s.k) +
			": pad time kT−1 on the past side, space (k−1)//2 before, k//2 after → T×Ho×Wo = " +
			itoa(s.causalShape[0]) + "×" + itoa(s.causalShape[1]) + "×" + itoa(s.causalShape[2]) + " = T × ceil(H/2) × ceil(W/2)", viz.Good})
	}
	if s.pitfall {
		switch {
		case s.symErr != nil:
			out = append(out, noteLine{"pitfall, symmetric k//2: " + s.symErr.Error(), viz.Bad})
		case s.causalShape != nil && (s.symHo != s.causalShape[1] || s.symWo != s.causalShape[2]):
			out = append(out, noteLine{"pitfall, symmetric k//2 padding: Ho×Wo = " + itoa(s.symHo) + "×" + itoa(s.symWo) +
				" — off by one for even k", viz.Bad})
		default:
			out = append(out, noteLine{"pitfall, symmetric k//2 padding: Ho×Wo = " + itoa(s.symHo) + "×" + itoa(s.symWo) +
				" — same size here (odd k); try k = 4", viz.InkMuted})
		}
	}
	return out
}

func (s *im2colScene) drawNotes(c viz.Canvas, r viz.Rect) {
	inner := viz.DrawPanel(c, r, "depthwise separable (006) and causal 3-D padding (001)")
	y := inner.Y
	for _, ln := range s.notes {
		c.Text(inner.X, y+labelSize+1, ln.text, labelSize+1, ln.col, viz.AlignLeft)
		y += viz.LineHeight(labelSize + 1)
	}
}

// Readout implements Readouter; it is rebuilt only after the state changed.
func (s *im2colScene) Readout() []KV {
	if s.kv == nil {
		s.kv = s.buildReadout()
	}
	return s.kv
}

func (s *im2colScene) buildReadout() []KV {
	if s.out == nil {
		return nil
	}
	l := s.col
	kv := []KV{
		{"input", itoa(s.h) + "×" + itoa(s.w)},
		{"geometry", "k=" + itoa(s.k) + " s=" + itoa(s.stride) + " p=" + itoa(s.pad) + " d=" + itoa(s.dil)},
		{"unfolded", itoa(s.unfold.Shape[1]) + "×" + itoa(s.unfold.Shape[2])},
		{"output", itoa(s.ho) + "×" + itoa(s.wo)},
		{"column", itoa(l)},
		{"out[l]", strconv.FormatFloat(float64(s.out.Data[l]), 'f', -1, 32)},
		{"channels", itoa(s.ch)},
		{"separable ratio", f3(float64(s.sepSep) / float64(s.sepStd))},
	}
	if s.causalShape != nil {
		kv = append(kv, KV{"causal out", itoa(s.causalShape[0]) + "×" + itoa(s.causalShape[1]) + "×" + itoa(s.causalShape[2])})
	}
	if s.pitOrder {
		kv = append(kv, KV{"channels-last out[l]", strconv.FormatFloat(float64(s.wrongOut[l]), 'f', -1, 32)})
	}
	if s.pitfall && s.symErr == nil {
		kv = append(kv, KV{"symmetric pad out", itoa(s.symHo) + "×" + itoa(s.symWo)})
	}
	return kv
}
