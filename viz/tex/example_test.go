package tex_test

import (
	"fmt"

	"dlprep/viz"
	"dlprep/viz/raster"
	"dlprep/viz/tex"
)

func Example() {
	c := raster.New(320, 80, 1)
	c.Clear(viz.Paper)
	e, err := tex.Parse(`x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(x_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}\,\hat\epsilon\right)`)
	if err != nil {
		fmt.Println(err)
	}
	l := e.Layout(c, 16)
	l.Draw(c, 10, 10+l.Ascent, viz.Ink)
	fmt.Printf("%.0f px wide, %.0f px tall\n", l.Width, l.Height())

	_, err = tex.Parse(`\hat{x} \foo`)
	fmt.Println(err)
	// Output:
	// 166 px wide, 39 px tall
	// tex: unknown command \foo at byte 8 of "\\hat{x} \\foo"
}

func ExampleParagraph() {
	c := raster.New(200, 120, 1)
	var caption tex.Paragraph
	src := `The pitfall uses $\bar\alpha_t$ where $\alpha_t$ belongs; ` + tex.EscapeText("it costs $0.")
	h := caption.Draw(c, viz.Rect{X: 4, Y: 4, W: 190, H: 110}, src, 14, viz.Ink)
	fmt.Printf("%d lines, %.1f px\n", len(caption.Lines(c, src, 14, 190)), h)
	// Output:
	// 2 lines, 37.8 px
}
